/**
 * RBAC authorization (rbac.authorization.k8s.io/v1): `system:masters` may do anything; everyone else
 * is allowed what the ClusterRoleBindings and (for namespaced requests) RoleBindings grant them.
 * Roles are read through the object store on each decision; admin requests never get this far.
 */
import type { Registry } from '../api/registry/registry.js';
import type { KObject } from '../api/types/index.js';
import type { UserInfo } from './authn.js';
import type { ObjectStore } from './rest/objects.js';

export interface ResourceRequest { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string }
export interface NonResourceRequest { verb: string; path: string }
export type AuthzRequest = ResourceRequest | NonResourceRequest;

export interface Decision { allowed: boolean; reason?: string }

export interface Authorizer {
  authorize(user: UserInfo, r: AuthzRequest): Promise<Decision>;
  rulesFor(user: UserInfo, namespace: string): Promise<{ resourceRules: PolicyRule[]; nonResourceRules: PolicyRule[] }>;
}

interface PolicyRule { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }
interface Subject { kind: string; name: string; namespace?: string }
interface Binding extends KObject { subjects?: Subject[]; roleRef: { kind: string; name: string } }

const has = (list: string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));

function subjectMatches(s: Subject, user: UserInfo, bindingNs?: string): boolean {
  if (s.kind === 'User') return s.name === user.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return user.name === `system:serviceaccount:${s.namespace ?? bindingNs}:${s.name}`;
  return false;
}

function ruleAllows(rule: PolicyRule, r: AuthzRequest): boolean {
  if (!has(rule.verbs, r.verb)) return false;
  if ('path' in r) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === r.path || (u.endsWith('*') && r.path.startsWith(u.slice(0, -1))));
  }
  if (!has(rule.apiGroups, r.group)) return false;
  const full = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const resOk = (rule.resources ?? []).some((x) => x === '*' || x === full || (r.subresource && x === `*/${r.subresource}`));
  if (!resOk) return false;
  return !rule.resourceNames?.length || (r.name !== undefined && rule.resourceNames.includes(r.name));
}

export function createRbacAuthorizer(d: { objects: ObjectStore; registry: Registry }): Authorizer {
  const def = (plural: string) => d.registry.lookup('rbac.authorization.k8s.io', 'v1', plural);

  async function rolesOf(user: UserInfo, namespace: string | undefined): Promise<PolicyRule[]> {
    const rules: PolicyRule[] = [];
    const roleRules = async (ref: Binding['roleRef'], ns?: string) => {
      const rd = ref.kind === 'ClusterRole' ? def('clusterroles') : def('roles');
      const role = rd && await d.objects.tryGet(rd, ref.kind === 'ClusterRole' ? undefined : ns, ref.name);
      return ((role?.rules as PolicyRule[] | undefined) ?? []);
    };
    const crb = def('clusterrolebindings');
    if (crb) {
      for (const b of (await d.objects.list(crb, undefined)).items as Binding[]) {
        if (b.subjects?.some((s) => subjectMatches(s, user))) rules.push(...await roleRules(b.roleRef));
      }
    }
    const rb = def('rolebindings');
    if (rb && namespace) {
      for (const b of (await d.objects.list(rb, namespace)).items as Binding[]) {
        if (b.subjects?.some((s) => subjectMatches(s, user, namespace))) rules.push(...await roleRules(b.roleRef, namespace));
      }
    }
    return rules;
  }

  return {
    async authorize(user, r) {
      if (user.groups.includes('system:masters')) return { allowed: true };
      const rules = await rolesOf(user, 'path' in r ? undefined : r.namespace);
      return rules.some((rule) => ruleAllows(rule, r)) ? { allowed: true } : { allowed: false };
    },
    async rulesFor(user, namespace) {
      if (user.groups.includes('system:masters')) {
        return { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] };
      }
      const rules = await rolesOf(user, namespace);
      return { resourceRules: rules.filter((x) => !x.nonResourceURLs), nonResourceRules: rules.filter((x) => x.nonResourceURLs) };
    },
  };
}
