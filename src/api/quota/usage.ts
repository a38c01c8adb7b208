/**
 * Quota evaluation, pure and shared by the ResourceQuota controller (which sums it over a
 * namespace) and quota admission (which adds one new object): what an object charges against
 * which quota keys (upstream `pkg/quota/v1/evaluator/core`), which scopes it falls in, and how
 * sums print (`resource.Quantity.String()`'s canonical forms).
 */
import type { Container, Pod, ResourceList } from '../registry/core-types.js';
import type { KObject } from '../types/index.js';
import { parseQuantity } from '../validation/quantity.js';

export interface QuotaResource { group: string; plural: string }
export interface Quota extends KObject {
  spec?: { hard?: ResourceList; scopes?: string[] };
  status?: { hard?: ResourceList; used?: ResourceList };
}

/** Legacy names that count objects like `count/<plural>` (upstream's object-count evaluators). */
const LEGACY_COUNTS: Record<string, string> = {
  services: 'services', configmaps: 'configmaps', secrets: 'secrets', persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers', resourcequotas: 'resourcequotas',
};
const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

export const countKey = (r: QuotaResource) => `count/${r.plural}${r.group ? `.${r.group}` : ''}`;

/** The resource a quota key charges: `count/x.g`, legacy counts and compute/storage keys. */
export function resourceForKey(key: string): QuotaResource | undefined {
  if (key.startsWith('count/')) {
    const rest = key.slice(6);
    const dot = rest.indexOf('.');
    return dot < 0 ? { group: '', plural: rest } : { group: rest.slice(dot + 1), plural: rest.slice(0, dot) };
  }
  if (LEGACY_COUNTS[key]) return { group: '', plural: key };
  if (key === 'pods' || COMPUTE.includes(key) || /^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.test(key)) return { group: '', plural: 'pods' };
  if (key.startsWith('services.')) return { group: '', plural: 'services' };
  if (key === 'requests.storage' || key.includes('.storageclass.storage.k8s.io/')) return { group: '', plural: 'persistentvolumeclaims' };
  return undefined;
}

/** upstream `QuotaV1Pod`: terminal pods, and pods past their deletion grace, no longer hold compute. */
function podHoldsCompute(p: Pod, now: number): boolean {
  if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') return false;
  const del = p.metadata.deletionTimestamp;
  const grace = p.metadata.deletionGracePeriodSeconds;
  return !(del && grace !== undefined && now > Date.parse(del) + grace * 1000);
}

/** Requests default to limits, as the API server's container defaulting does. */
const requestsOf = (c: Container): ResourceList => ({ ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) });
const q = (v: string | number | undefined) => (v === undefined ? 0 : parseQuantity(v) ?? 0);

/** A pod's compute usage: max(sum of containers, largest init container) per resource, plus overhead. */
function podCompute(p: Pod): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, pick] of [['requests', requestsOf], ['limits', (c: Container) => c.resources?.limits ?? {}]] as const) {
    for (const r of COMPUTE) {
      const sum = (p.spec.containers ?? []).reduce((s, c) => s + q(pick(c)[r]), 0);
      const init = Math.max(0, ...(p.spec.initContainers ?? []).map((c) => q(pick(c)[r])));
      const overhead = q((p.spec.overhead as ResourceList | undefined)?.[r]);
      const total = Math.max(sum, init) + overhead;
      const named = (p.spec.containers ?? []).concat(p.spec.initContainers ?? []).some((c) => pick(c)[r] !== undefined);
      if (!named) continue;
      out[`${kind}.${r}`] = total;
      if (kind === 'requests') out[r] = total;
    }
  }
  return out;
}

/** What one object charges, by quota key (only keys it charges are present). */
export function objectUsage(obj: KObject, r: QuotaResource, now: number): Record<string, number> {
  const out: Record<string, number> = { [countKey(r)]: 1 };
  if (r.group) return out;
  if (LEGACY_COUNTS[r.plural]) out[r.plural] = 1;
  if (r.plural === 'pods') {
    const pod = obj as Pod;
    if (podHoldsCompute(pod, now)) Object.assign(out, { pods: 1 }, podCompute(pod));
  } else if (r.plural === 'services') {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: unknown[]; allocateLoadBalancerNodePorts?: boolean };
    if (spec.type === 'LoadBalancer') out['services.loadbalancers'] = 1;
    if (spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)) out['services.nodeports'] = spec.ports?.length ?? 0;
  } else if (r.plural === 'persistentvolumeclaims') {
    const spec = (obj.spec ?? {}) as { storageClassName?: string; resources?: { requests?: ResourceList } };
    const storage = q(spec.resources?.requests?.storage);
    out['requests.storage'] = storage;
    if (spec.storageClassName) {
      out[`${spec.storageClassName}.storageclass.storage.k8s.io/persistentvolumeclaims`] = 1;
      out[`${spec.storageClassName}.storageclass.storage.k8s.io/requests.storage`] = storage;
    }
  }
  return out;
}

/** Quota scopes (Terminating, NotTerminating, BestEffort, NotBestEffort) select pods only. */
export function quotaMatches(quota: Quota, obj: KObject, r: QuotaResource): boolean {
  const scopes = quota.spec?.scopes ?? [];
  if (!scopes.length) return true;
  if (r.group || r.plural !== 'pods') return false;
  const pod = obj as Pod;
  const terminating = pod.spec?.activeDeadlineSeconds !== undefined;
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  const bestEffort = all.every((c) => !Object.keys(c.resources?.requests ?? {}).some((k) => k === 'cpu' || k === 'memory')
    && !Object.keys(c.resources?.limits ?? {}).some((k) => k === 'cpu' || k === 'memory'));
  return scopes.every((s) => ({ Terminating: terminating, NotTerminating: !terminating, BestEffort: bestEffort, NotBestEffort: !bestEffort }[s] ?? false));
}

const BINARY: Array<[string, number]> = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
const DECIMAL: Array<[string, number]> = [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]];
const isInt = (n: number) => Math.abs(n - Math.round(n)) < 1e-9;

/**
 * Canonical text of a summed quantity: bytes of memory/storage in the largest exact binary suffix
 * (`128Mi`), other integers in the largest exact decimal suffix, fractions in `m`/`u`/`n` (`1500m`).
 */
export function formatQuantity(key: string, n: number): string {
  if (n === 0) return '0';
  if (isInt(n)) {
    const v = Math.round(n);
    const table = /memory|storage/.test(key) ? [...BINARY, ...DECIMAL] : DECIMAL;
    for (const [suffix, f] of table) if (v % f === 0) return `${v / f}${suffix}`;
    return String(v);
  }
  for (const [suffix, f] of [['m', 1e3], ['u', 1e6], ['n', 1e9]] as const) if (isInt(n * f)) return `${Math.round(n * f)}${suffix}`;
  return `${Math.ceil(n * 1e9)}n`;
}

/** upstream `prettyPrint`: `k=v` pairs sorted by key, comma separated. */
export const prettyPrint = (l: Record<string, number>): string =>
  Object.keys(l).sort().map((k) => `${k}=${formatQuantity(k, l[k]!)}`).join(',');
