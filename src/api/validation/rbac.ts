/**
 * rbac.authorization.k8s.io/v1 validation (upstream `pkg/apis/rbac/validation`): rule shape, role
 * references and subjects. Privilege-escalation checks belong to the authorizer, not here.
 */
import { fieldErr } from '../errors.js';
import type { FieldError, KObject } from '../types/index.js';
import { validateLabelSelector, type LabelSelector } from './selector.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }
export interface Subject { kind?: string; apiGroup?: string; name?: string; namespace?: string }
export interface RoleRef { apiGroup?: string; kind?: string; name?: string }
export interface Role extends KObject { rules?: PolicyRule[]; aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } }
export interface Binding extends KObject { subjects?: Subject[]; roleRef?: RoleRef }

const nonEmpty = (a?: unknown[]) => (a?.length ?? 0) > 0;
const PATH_SEGMENT_BAD = /[/%]/;

function validateRule(r: PolicyRule, p: string, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!nonEmpty(r.verbs)) errs.push(fieldErr.required(`${p}.verbs`, 'verbs must contain at least one value'));
  if (nonEmpty(r.nonResourceURLs)) {
    if (namespaced) errs.push(fieldErr.invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    if (nonEmpty(r.apiGroups) || nonEmpty(r.resources) || nonEmpty(r.resourceNames)) {
      errs.push(fieldErr.invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errs;
  }
  if (!nonEmpty(r.apiGroups)) errs.push(fieldErr.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!nonEmpty(r.resources)) errs.push(fieldErr.required(`${p}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

const validateRules = (rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] =>
  (rules ?? []).flatMap((r, i) => validateRule(r, `rules[${i}]`, namespaced));

export const validateRole = (o: Role): FieldError[] => validateRules(o.rules, true);

export function validateClusterRole(o: Role): FieldError[] {
  const errs = validateRules(o.rules, false);
  const sels = o.aggregationRule?.clusterRoleSelectors;
  if (o.aggregationRule) {
    if (!nonEmpty(sels)) errs.push(fieldErr.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    (sels ?? []).forEach((s, i) => errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`)));
  }
  return errs;
}

function validateSubject(s: Subject, p: string, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!s.name) errs.push(fieldErr.required(`${p}.name`, ''));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.apiGroup) errs.push(fieldErr.notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(fieldErr.required(`${p}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP) errs.push(fieldErr.notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errs.push(fieldErr.notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(o: Binding, old: Binding | undefined, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = o.roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) errs.push(fieldErr.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errs.push(fieldErr.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(fieldErr.required('roleRef.name', ''));
  else if (PATH_SEGMENT_BAD.test(ref.name) || ref.name === '.' || ref.name === '..') {
    errs.push(fieldErr.invalid('roleRef.name', ref.name, 'may not contain \'/\' or \'%\' and may not be \'.\' or \'..\''));
  }
  (o.subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s, `subjects[${i}]`, namespaced)));
  const oldRef = old?.roleRef;
  if (oldRef && (oldRef.apiGroup !== ref.apiGroup || oldRef.kind !== ref.kind || oldRef.name !== ref.name)) {
    errs.push(fieldErr.invalid('roleRef', ref, 'cannot change roleRef'));
  }
  return errs;
}

export const validateRoleBinding = (o: Binding, old?: Binding) => validateBinding(o, old, true);
export const validateClusterRoleBinding = (o: Binding, old?: Binding) => validateBinding(o, old, false);
