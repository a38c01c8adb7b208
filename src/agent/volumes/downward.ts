/**
 * The downward API's values (upstream `fieldpath` + `resource` helpers), shared by env vars and
 * downwardAPI/projected volumes:
 * - fieldRef: metadata.name/namespace/uid, metadata.labels['k'] / annotations['k'] (and the whole
 *   maps, volumes only, as sorted `k="v"` lines), spec.nodeName, spec.serviceAccountName,
 *   status.podIP(s), status.hostIP(s);
 * - resourceFieldRef: limits/requests of cpu, memory, ephemeral-storage divided by `divisor` and
 *   rounded up; an unset limit reports the node's allocatable, as upstream does.
 */
import type { Pod } from '../../api/registry/core-types.js';
import { parseQuantity } from '../../api/validation/quantity.js';

export interface DownwardContext {
  pod: Pod;
  podIPs: string[];
  hostIPs: string[];
  /** What an unset limit reports: the node's allocatable cpu (cores) and memory/ephemeral-storage (bytes). */
  allocatable: { cpu: number; memory: number; 'ephemeral-storage': number };
}

export class DownwardError extends Error {}

const quoteMap = (m: Record<string, string> | undefined) =>
  Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m![k])}`).join('\n');

const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/;

export function fieldRefValue(x: DownwardContext, path: string): string {
  const { pod } = x;
  const sub = subscript.exec(path);
  if (sub) {
    const map = sub[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[sub[2]!] ?? '';
  }
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'metadata.labels': return quoteMap(pod.metadata.labels);
    case 'metadata.annotations': return quoteMap(pod.metadata.annotations);
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
    case 'status.podIP': return x.podIPs[0] ?? '';
    case 'status.podIPs': return x.podIPs.join(',');
    case 'status.hostIP': return x.hostIPs[0] ?? '';
    case 'status.hostIPs': return x.hostIPs.join(',');
    default: throw new DownwardError(`unsupported fieldPath: ${path}`);
  }
}

export interface ResourceFieldRef { containerName?: string; resource: string; divisor?: string | number }

export function resourceFieldValue(x: DownwardContext, ref: ResourceFieldRef, defaultContainer?: string): string {
  const name = ref.containerName || defaultContainer;
  const c = [...x.pod.spec.containers, ...(x.pod.spec.initContainers ?? [])].find((k) => k.name === name);
  if (!c) throw new DownwardError(`container ${name ?? '(none)'} not found for resourceFieldRef ${ref.resource}`);
  const [kind, res] = ref.resource.split('.', 2) as [string, string];
  if ((kind !== 'limits' && kind !== 'requests') || !['cpu', 'memory', 'ephemeral-storage'].includes(res ?? '')) {
    throw new DownwardError(`unsupported container resource: ${ref.resource}`);
  }
  const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  const set = list?.[res];
  let value = set === undefined ? undefined : parseQuantity(set);
  if (value === undefined) value = kind === 'limits' ? x.allocatable[res as keyof DownwardContext['allocatable']] : 0;
  const divisor = parseQuantity(ref.divisor ?? 1) || 1;
  // cpu is compared in millicores so "1m" divisors stay exact
  if (res === 'cpu') return String(Math.ceil(Math.round(value * 1000) / Math.round(divisor * 1000)));
  return String(Math.ceil(value / divisor));
}
