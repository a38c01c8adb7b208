/**
 * ResourceQuota admission for creates (upstream `plugin/pkg/admission/resourcequota`), pure: the
 * caller hands in the namespace's quotas and the new (defaulted) object, and gets back either a
 * refusal with upstream's message or the quotas with the object's usage charged to
 * `status.used`. Writing those charged quotas (compare-and-swap on resourceVersion, re-checking on
 * conflict) before storing the object is what keeps two concurrent creates from both slipping
 * under a limit; the ResourceQuota controller later recounts and corrects the sums.
 *
 * As upstream, only `status.hard` counts: a quota the controller has not yet filled in is ignored.
 */
import { forbidden, type StatusError } from '../../api/errors.js';
import type { Container, Pod } from '../../api/registry/core-types.js';
import type { KObject } from '../../api/types/index.js';
import { parseQuantity } from '../../api/validation/quantity.js';
import {
  formatQuantity, objectUsage, prettyPrint, quotaMatches, resourceForKey, type Quota, type QuotaResource,
} from '../../api/quota/usage.js';

export type QuotaDecision = { allowed: true; charged: KObject[] } | { allowed: false; message: string };

/** Keys whose presence on a quota obliges every container to state them (upstream `validationSet`). */
const MUST_SPECIFY = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

const num = (v: string | number | undefined) => (v === undefined ? 0 : parseQuantity(v) ?? 0);
const sameResource = (a: QuotaResource | undefined, b: QuotaResource) => !!a && a.group === b.group && a.plural === b.plural;

/** upstream `podEvaluator.Constraints`: "must specify requests.cpu for: app; limits.memory for: app,sidecar". */
function podConstraints(pod: Pod, restricted: string[]): string | undefined {
  const required = restricted.filter((k) => MUST_SPECIFY.includes(k));
  if (!required.length) return undefined;
  const missing = new Map<string, Set<string>>();
  const check = (c: Container) => {
    // requests default to limits, as the API server's container defaulting does
    const requests = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    const limits = c.resources?.limits ?? {};
    const has = new Set<string>();
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined) has.add(r).add(`requests.${r}`);
      if (limits[r] !== undefined) has.add(`limits.${r}`);
    }
    for (const k of required) if (!has.has(k)) missing.set(k, (missing.get(k) ?? new Set()).add(c.name));
  };
  for (const c of pod.spec?.containers ?? []) check(c);
  for (const c of pod.spec?.initContainers ?? []) check(c);
  if (!missing.size) return undefined;
  return `must specify ${[...missing.keys()].sort().map((k) => `${k} for: ${[...missing.get(k)!].sort().join(',')}`).join('; ')}`;
}

/**
 * Decides whether creating `newObj` (a `resource`) fits every quota of its namespace. The
 * message is upstream's error text; the API server wraps it as
 * `403 Forbidden: <plural> "<name>" is forbidden: <message>` (see `quotaForbidden`).
 */
export function checkQuota(quotas: KObject[], newObj: KObject, resource: QuotaResource, now = Date.now()): QuotaDecision {
  const delta = objectUsage(newObj, resource, now);
  const charged: KObject[] = [];
  const sorted = [...(quotas as Quota[])].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const quota of sorted) {
    if (quota.metadata.namespace !== newObj.metadata.namespace) continue;
    const hard = quota.status?.hard ?? {};
    const restricted = Object.keys(hard).filter((k) => sameResource(resourceForKey(k), resource)).sort();
    if (!restricted.length || !quotaMatches(quota, newObj, resource)) continue;
    const name = quota.metadata.name ?? '';

    if (resource.plural === 'pods' && !resource.group) {
      const err = podConstraints(newObj as Pod, restricted);
      if (err) return { allowed: false, message: `failed quota: ${name}: ${err}` };
    }
    const used = quota.status?.used ?? {};
    const unknown = restricted.filter((k) => used[k] === undefined);
    if (unknown.length) return { allowed: false, message: `status unknown for quota: ${name}, resources: ${unknown.join(',')}` };

    const requested = Object.fromEntries(restricted.filter((k) => delta[k] !== undefined).map((k) => [k, delta[k]!]));
    const exceeded = Object.keys(requested).filter((k) => num(used[k]) + requested[k]! > num(hard[k]) * (1 + 1e-12) + 1e-12);
    if (exceeded.length) {
      const pick = (l: Record<string, string | number>) => Object.fromEntries(exceeded.map((k) => [k, num(l[k])]));
      return {
        allowed: false,
        message: `exceeded quota: ${name}, requested: ${prettyPrint(pick(requested))}, used: ${prettyPrint(pick(used))}, limited: ${prettyPrint(pick(hard))}`,
      };
    }
    if (!Object.values(requested).some((v) => v !== 0)) continue;
    const next = structuredClone(quota);
    next.status = { ...next.status, used: { ...used } };
    for (const [k, v] of Object.entries(requested)) next.status.used![k] = formatQuantity(k, num(used[k]) + v);
    charged.push(next);
  }
  return { allowed: true, charged };
}

/** The 403 upstream's admission returns: `pods "web" is forbidden: exceeded quota: …`. */
export function quotaForbidden(resource: QuotaResource, name: string, message: string): StatusError {
  const gr = resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
  return forbidden(`${gr} "${name}" is forbidden: ${message}`, { group: resource.group, resource: resource.plural }, name);
}
