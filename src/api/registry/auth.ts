/**
 * authorization.k8s.io and authentication.k8s.io reviews. They are virtual and create-only: the API
 * server answers them from the request's user and the authorizer, and stores nothing.
 */
import { gvkName } from '../schema/dsl.js';
import { defineResource, type AnyResourceDef, type ResourceDef } from './types.js';

function review(group: string, kind: string): ResourceDef {
  return defineResource({
    group, version: 'v1', kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), namespaced: false,
    virtual: true, verbs: ['create'], schema: gvkName(group, 'v1', kind),
  });
}

const AUTHZ = 'authorization.k8s.io';
const AUTHN = 'authentication.k8s.io';

export const selfSubjectAccessReviews = review(AUTHZ, 'SelfSubjectAccessReview');
export const selfSubjectRulesReviews = review(AUTHZ, 'SelfSubjectRulesReview');
export const subjectAccessReviews = review(AUTHZ, 'SubjectAccessReview');
export const selfSubjectReviews = review(AUTHN, 'SelfSubjectReview');
export const tokenReviews = review(AUTHN, 'TokenReview');

export const authResources: AnyResourceDef[] = [
  selfSubjectAccessReviews, selfSubjectRulesReviews, subjectAccessReviews, selfSubjectReviews, tokenReviews,
];
