/** authorization.k8s.io/v1 schemas: the access reviews behind `kubectl auth can-i` (create-only, not stored). */
import { arr, bool, gvkName, mapOf, obj, objectMetaRef, ref, str } from '../dsl.js';
import type { Schema, SchemaSet } from '../types.js';

const G = 'authorization.k8s.io';
const n = (k: string) => gvkName(G, 'v1', k);
const strings = (d: string) => arr(str(), d);

const review = (k: string, description: string, spec: string, status: string): Schema => obj({
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
  metadata: objectMetaRef(),
  spec: ref(n(spec), 'Spec holds information about the request being evaluated.'),
  status: ref(n(status), 'Status is filled in by the server and indicates whether the request is allowed or not'),
}, description, { required: ['spec'], 'x-kubernetes-group-version-kind': [{ group: G, version: 'v1', kind: k }] });

const requirements = (what: string) => obj({
  rawSelector: str(`rawSelector is the serialization of a ${what} selector that would be included in a query parameter.`),
  requirements: arr(obj({
    key: str('key is the selector key that the requirement applies to.'),
    operator: str('operator represents a key\'s relationship to a set of values: In, NotIn, Exists, DoesNotExist (and Gt, Lt for labels).'),
    values: strings('values is an array of string values.'),
  }, undefined, { required: ['key', 'operator'] }), `requirements is the parsed interpretation of a ${what} selector.`),
}, `${what}Selector describes the limitation on access based on ${what}s.`);

const attributes = {
  resourceAttributes: ref(n('ResourceAttributes'), 'ResourceAuthorizationAttributes describes information for a resource access request'),
  nonResourceAttributes: ref(n('NonResourceAttributes'), 'NonResourceAttributes describes information for a non-resource access request'),
};

export const authorizationSchemas: SchemaSet = {
  [n('ResourceAttributes')]: obj({
    namespace: str('Namespace is the namespace of the action being requested. "" (empty) means all namespaces for namespaced resources.'),
    verb: str('Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy. "*" means all.'),
    group: str('Group is the API Group of the Resource. "*" means all.'),
    version: str('Version is the API Version of the Resource. "*" means all.'),
    resource: str('Resource is one of the existing resource types. "*" means all.'),
    subresource: str('Subresource is one of the existing resource types. "" means none.'),
    name: str('Name is the name of the resource being requested for a "get" or deleted for a "delete". "" (empty) means all.'),
    fieldSelector: requirements('field'),
    labelSelector: requirements('label'),
  }, 'ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface'),
  [n('NonResourceAttributes')]: obj({
    path: str('Path is the URL path of the request'), verb: str('Verb is the standard HTTP verb'),
  }, 'NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface'),
  [n('SubjectAccessReviewStatus')]: obj({
    allowed: bool('Allowed is required. True if the action would be allowed, false otherwise.'),
    denied: bool('Denied is optional. True if the action would be denied, otherwise false.'),
    reason: str('Reason is optional. It indicates why a request was allowed or denied.'),
    evaluationError: str('EvaluationError is an indication that some error occurred during the authorization check.'),
  }, 'SubjectAccessReviewStatus', { required: ['allowed'] }),
  [n('SelfSubjectAccessReviewSpec')]: obj(attributes, 'SelfSubjectAccessReviewSpec is a description of the access request. Exactly one of ResourceAttributes and NonResourceAttributes must be set'),
  [n('SelfSubjectAccessReview')]: review('SelfSubjectAccessReview', 'SelfSubjectAccessReview checks whether or the current user can perform an action.', 'SelfSubjectAccessReviewSpec', 'SubjectAccessReviewStatus'),
  [n('SubjectAccessReviewSpec')]: obj({
    ...attributes,
    user: str('User is the user you\'re testing for.'),
    groups: strings('Groups is the groups you\'re testing for.'),
    extra: mapOf(arr(str()), 'Extra corresponds to the user.Info.GetExtra() method from the authenticator.'),
    uid: str('UID information about the requesting user.'),
  }, 'SubjectAccessReviewSpec is a description of the access request. Exactly one of ResourceAuthorizationAttributes and NonResourceAuthorizationAttributes must be set'),
  [n('SubjectAccessReview')]: review('SubjectAccessReview', 'SubjectAccessReview checks whether or not a user or group can perform an action.', 'SubjectAccessReviewSpec', 'SubjectAccessReviewStatus'),
  [n('SelfSubjectRulesReviewSpec')]: obj({ namespace: str('Namespace to evaluate rules for. Required.') }, 'SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.'),
  [n('SubjectRulesReviewStatus')]: obj({
    resourceRules: arr(obj({
      verbs: strings('Verb is a list of kubernetes resource API verbs. "*" means all.'),
      apiGroups: strings('APIGroups is the name of the APIGroup that contains the resources.'),
      resources: strings('Resources is a list of resources this rule applies to. "*" means all in the specified apiGroups.'),
      resourceNames: strings('ResourceNames is an optional white list of names that the rule applies to. "*" means all.'),
    }, undefined, { required: ['verbs'] }), 'ResourceRules is the list of actions the subject is allowed to perform on resources.'),
    nonResourceRules: arr(obj({
      verbs: strings('Verb is a list of kubernetes non-resource API verbs, like: get, post, put, delete, patch, head, options. "*" means all.'),
      nonResourceURLs: strings('NonResourceURLs is a set of partial urls that a user should have access to. *s are allowed, but only as the full, final step in the path.'),
    }, undefined, { required: ['verbs'] }), 'NonResourceRules is the list of actions the subject is allowed to perform on non-resources.'),
    incomplete: bool('Incomplete is true when the rules returned by this call are incomplete.'),
    evaluationError: str('EvaluationError can appear in combination with Rules.'),
  }, 'SubjectRulesReviewStatus contains the result of a rules check.', { required: ['resourceRules', 'nonResourceRules', 'incomplete'] }),
  [n('SelfSubjectRulesReview')]: review('SelfSubjectRulesReview', 'SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.', 'SelfSubjectRulesReviewSpec', 'SubjectRulesReviewStatus'),
};
