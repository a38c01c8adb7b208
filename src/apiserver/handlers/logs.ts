/**
 * `GET pods/<name>/log`: validates the PodLogOptions, picks the container, finds the pod's node and
 * streams the node's kubelet API `containerLogs` reply back (text/plain, chunked, flushed per chunk).
 * Everything the kubelet would refuse for a bad option is refused here first, naming the option.
 */
import { badRequest } from '../../api/errors.js';
import type { Node, Pod } from '../../api/registry/core-types.js';
import type { RequestCtx } from '../context.js';
import type { NodeProxy, NodeTarget } from '../node-proxy.js';

export interface PodLogQuery {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
}

const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';
const KUBELET_PORT = 10250;

export async function handlePodLog(ctx: RequestCtx, proxy: NodeProxy): Promise<void> {
  const q = parsePodLogQuery(ctx.query);
  const name = ctx.info.name as string;
  const ns = ctx.info.namespace as string;
  const pod = (await ctx.deps.objects.get(ctx.def, ns, name)) as Pod;
  const container = pickContainer(pod, q.container);
  const nodeName = pod.spec.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const nodeDef = ctx.deps.registry.lookup('', 'v1', 'nodes');
  if (!nodeDef) throw badRequest('nodes are not served');
  const target = nodeTarget((await ctx.deps.objects.get(nodeDef, undefined, nodeName)) as Node, nodeName);

  const life = new AbortController();
  const abort = () => life.abort();
  // The client going away (or the server stopping) ends the upstream request too.
  ctx.res.once('close', abort);
  ctx.deps.signal.addEventListener('abort', abort, { once: true });
  try {
    await proxy.streamGet(target, kubeletPath(ns, name, container, q), ctx.res, life.signal);
  } finally {
    ctx.deps.signal.removeEventListener('abort', abort);
  }
}

/** PodLogOptions from the query; a malformed or out-of-range value is a 400 naming the option. */
export function parsePodLogQuery(q: URLSearchParams): PodLogQuery {
  const bool = (k: string) => {
    const v = q.get(k);
    if (v === null || v === '') return false;
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
    throw badRequest(`${k}: Invalid value: "${v}": must be a boolean`);
  };
  const int = (k: string, min: number, what: string) => {
    const v = q.get(k);
    if (v === null || v === '') return undefined;
    if (!/^[+-]?\d+$/.test(v)) throw badRequest(`${k}: Invalid value: "${v}": must be an integer`);
    const n = Number(v);
    if (n < min) throw badRequest(`${k}: Invalid value: ${n}: ${what}`);
    return n;
  };
  const sinceSeconds = int('sinceSeconds', 1, 'must be greater than 0');
  const sinceTime = q.get('sinceTime') || undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) throw badRequest(`sinceTime: Invalid value: "${sinceTime}": must be an RFC 3339 time`);
  if (sinceTime !== undefined && !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(sinceTime)) {
    throw badRequest(`sinceTime: Invalid value: "${sinceTime}": must be an RFC 3339 time`);
  }
  if (sinceSeconds !== undefined && sinceTime !== undefined) throw badRequest('sinceSeconds: Forbidden: at most one of sinceTime or sinceSeconds may be specified');
  return {
    container: q.get('container') || undefined,
    follow: bool('follow'), previous: bool('previous'), timestamps: bool('timestamps'),
    sinceSeconds, sinceTime,
    tailLines: int('tailLines', 0, 'must be greater than or equal to 0'),
    limitBytes: int('limitBytes', 1, 'must be greater than 0'),
  };
}

/** The named container, else the default-container annotation, else the only one (upstream's rules). */
export function pickContainer(pod: Pod, wanted: string | undefined): string {
  const name = pod.metadata.name as string;
  const regular = pod.spec.containers.map((c) => c.name);
  const init = (pod.spec.initContainers ?? []).map((c) => c.name);
  const all = [...regular, ...init, ...(pod.spec.ephemeralContainers ?? []).map((c) => c.name)];
  if (wanted) {
    if (!all.includes(wanted)) throw badRequest(`container ${wanted} is not valid for pod ${name}`);
    return wanted;
  }
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER];
  if (annotated && all.includes(annotated)) return annotated;
  if (regular.length === 1) return regular[0]!;
  const initHint = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${regular.join(' ')}]${initHint}`);
}

export function nodeTarget(node: Node, nodeName: string): NodeTarget {
  const addrs = node.status?.addresses ?? [];
  const host = (addrs.find((a) => a.type === 'InternalIP') ?? addrs.find((a) => a.type === 'ExternalIP') ?? addrs.find((a) => a.type === 'Hostname'))?.address;
  if (!host) throw badRequest(`node "${nodeName}" has no address to reach its kubelet`);
  const st = node.status as { daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } | undefined;
  return { host, port: st?.daemonEndpoints?.kubeletEndpoint?.Port || KUBELET_PORT };
}

function kubeletPath(ns: string, pod: string, container: string, q: PodLogQuery): string {
  const sp = new URLSearchParams();
  if (q.follow) sp.set('follow', 'true');
  if (q.previous) sp.set('previous', 'true');
  if (q.timestamps) sp.set('timestamps', 'true');
  if (q.tailLines !== undefined) sp.set('tailLines', String(q.tailLines));
  if (q.limitBytes !== undefined) sp.set('limitBytes', String(q.limitBytes));
  if (q.sinceSeconds !== undefined) sp.set('sinceSeconds', String(q.sinceSeconds));
  if (q.sinceTime !== undefined) sp.set('sinceTime', q.sinceTime);
  const s = sp.toString();
  const seg = encodeURIComponent;
  return `/containerLogs/${seg(ns)}/${seg(pod)}/${seg(container)}${s ? `?${s}` : ''}`;
}
