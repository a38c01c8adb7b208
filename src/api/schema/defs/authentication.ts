/**
 * authentication.k8s.io/v1 schemas: SelfSubjectReview (`kubectl auth whoami`), TokenReview, and
 * TokenRequest (the body of `POST serviceaccounts/{name}/token`, `kubectl create token`).
 */
import { arr, bool, gvkName, int64, mapOf, obj, ref, str, time } from '../dsl.js';
import { kindSchema } from './meta.js';
import type { Schema, SchemaSet } from '../types.js';

const G = 'authentication.k8s.io';
const n = (k: string) => gvkName(G, 'v1', k);
const strings = (d: string) => arr(str(), d);

const kind = (k: string, description: string, props: Record<string, Schema>, required?: string[]): Schema =>
  kindSchema(G, 'v1', k, description, props, required ? { required } : {});

export const authenticationSchemas: SchemaSet = {
  [n('UserInfo')]: obj({
    username: str('The name that uniquely identifies this user among all active users.'),
    uid: str('A unique value that identifies this user across time.'),
    groups: strings('The names of groups this user is a part of.'),
    extra: mapOf(arr(str()), 'Any additional information provided by the authenticator.'),
  }, 'UserInfo holds the information about the user needed to implement the user.Info interface.'),
  [n('SelfSubjectReview')]: kind('SelfSubjectReview', 'SelfSubjectReview contains the user information that the kube-apiserver has about the user making this request.', {
    status: obj({ userInfo: ref(n('UserInfo'), 'User attributes of the user making this request.') },
      'Status is filled in by the server with the user attributes.'),
  }),
  [n('TokenReview')]: kind('TokenReview', 'TokenReview attempts to authenticate a token to a known user.', {
    spec: obj({
      token: str('Token is the opaque bearer token.'),
      audiences: strings('Audiences is a list of the identifiers that the resource server presented with the token identifies as.'),
    }, 'Spec holds information about the request being evaluated'),
    status: obj({
      authenticated: bool('Authenticated indicates that the token was associated with a known user.'),
      user: ref(n('UserInfo'), 'User is the UserInfo associated with the provided token.'),
      audiences: strings('Audiences are audience identifiers chosen by the authenticator that are compatible with both the TokenReview and token.'),
      error: str('Error indicates that the token couldn\'t be checked'),
    }, 'Status is filled in by the server and indicates whether the request can be authenticated.'),
  }, ['spec']),
  [n('TokenRequest')]: kind('TokenRequest', 'TokenRequest requests a token for a given service account.', {
    spec: obj({
      audiences: strings('Audiences are the intendend audiences of the token.'),
      expirationSeconds: int64('ExpirationSeconds is the requested duration of validity of the request.'),
      boundObjectRef: obj({
        kind: str('Kind of the referent. Valid kinds are \'Pod\' and \'Secret\'.'), apiVersion: str('API version of the referent.'),
        name: str('Name of the referent.'), uid: str('UID of the referent.'),
      }, 'BoundObjectRef is a reference to an object that the token will be bound to.'),
    }, 'Spec holds information about the request being evaluated', { required: ['audiences'] }),
    status: obj({
      token: str('Token is the opaque bearer token.'),
      expirationTimestamp: time('ExpirationTimestamp is the time of expiration of the returned token.'),
    }, 'Status is filled in by the server and indicates whether the token can be authenticated.', { required: ['token', 'expirationTimestamp'] }),
  }, ['spec']),
};
