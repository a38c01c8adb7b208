/**
 * Services + EndpointSlices → one flat list of service ports with the endpoints each policy may use
 * (upstream's ServicePort/Endpoint view). Pure: the rule writer and the LB address keeper read this.
 */
import type { KObject } from '../../api/types/index.js';
import type { Service } from '../../api/registry/core-types.js';

/** The fields of discovery.k8s.io/v1 EndpointSlice the proxy reads (the API's own type is narrower). */
export interface ProxyEndpointSlice extends KObject {
  addressType?: string;
  endpoints?: Array<{
    addresses?: string[];
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
    nodeName?: string;
  }>;
  ports?: Array<{ name?: string | null; port?: number | null; protocol?: string | null }>;
}

export interface ProxyEndpoint { ip: string; port: number; local: boolean }

export interface ServicePortInfo {
  /** `ns/name:portName`, or `ns/name` for an unnamed port (upstream's ServicePortName). */
  name: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  clusterIP?: string;
  port: number;
  nodePort?: number;
  externalIPs: string[];
  loadBalancerIPs: string[];
  /** IPv4 CIDRs allowed to reach the LoadBalancer IPs; empty = everyone. */
  sourceRanges: string[];
  /** Seconds of ClientIP affinity; undefined = none. */
  affinitySeconds?: number;
  internalLocal: boolean;
  externalLocal: boolean;
  /** Usable endpoints (ready, or serving-and-terminating when none is ready), sorted by ip:port. */
  endpoints: ProxyEndpoint[];
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const DEFAULT_AFFINITY_SECONDS = 10800;

const isIP4 = (s: unknown): s is string => typeof s === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(s);

/** Ready (nil counts as ready, as upstream) endpoints of one port across a Service's slices; terminating-but-serving only as fallback. */
function endpointsFor(slices: ProxyEndpointSlice[], portName: string, protocol: string, nodeName: string): ProxyEndpoint[] {
  const ready = new Map<string, ProxyEndpoint>();
  const fallback = new Map<string, ProxyEndpoint>();
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    const p = (s.ports ?? []).find((x) => (x.name ?? '') === portName && (x.protocol ?? 'TCP').toLowerCase() === protocol);
    if (!p?.port) continue;
    for (const e of s.endpoints ?? []) {
      const ip = e.addresses?.[0];
      if (!isIP4(ip)) continue;
      const c = e.conditions ?? {};
      const ep: ProxyEndpoint = { ip, port: p.port, local: !!e.nodeName && e.nodeName === nodeName };
      const key = `${ip}:${p.port}`;
      if (c.ready !== false) ready.set(key, ep);
      else if (c.serving === true && c.terminating === true) fallback.set(key, ep);
    }
  }
  const chosen = ready.size ? ready : fallback;
  return [...chosen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** Every proxied port of every Service; headless and ExternalName Services have none. */
export function buildServicePorts(services: Service[], slices: ProxyEndpointSlice[], nodeName: string): ServicePortInfo[] {
  const byService = new Map<string, ProxyEndpointSlice[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    const k = `${s.metadata.namespace}/${svc}`;
    const list = byService.get(k);
    if (list) list.push(s); else byService.set(k, [s]);
  }
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    const spec = svc.spec ?? {};
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') continue;
    const clusterIP = isIP4(spec.clusterIP) ? spec.clusterIP : undefined;
    const ns = svc.metadata.namespace ?? 'default';
    const mySlices = byService.get(`${ns}/${svc.metadata.name}`) ?? [];
    const lbIPs = type === 'LoadBalancer' ? (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter(isIP4) : [];
    const affinity = spec.sessionAffinity === 'ClientIP'
      ? ((spec.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: number } } | undefined)?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS)
      : undefined;
    const hasExternal = type === 'NodePort' || type === 'LoadBalancer';
    const ranges = spec.loadBalancerSourceRanges;
    const sourceRanges = lbIPs.length && Array.isArray(ranges)
      ? ranges.map((r) => String(r).trim()).filter((r) => /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(r)) : [];
    for (const p of spec.ports ?? []) {
      const protocol = (p.protocol ?? 'TCP').toLowerCase();
      if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') continue;
      const nodePort = hasExternal && p.nodePort ? p.nodePort : undefined;
      const externalIPs = (spec.externalIPs ?? []).filter(isIP4);
      // A headless Service (clusterIP None) still gets NodePort/externalIP rules if it has any; nothing else.
      if (!clusterIP && !nodePort && !externalIPs.length && !lbIPs.length) continue;
      out.push({
        name: p.name ? `${ns}/${svc.metadata.name}:${p.name}` : `${ns}/${svc.metadata.name}`,
        protocol, clusterIP, port: p.port, nodePort, externalIPs, loadBalancerIPs: lbIPs, sourceRanges,
        affinitySeconds: affinity,
        internalLocal: spec.internalTrafficPolicy === 'Local',
        externalLocal: hasExternal || externalIPs.length > 0 ? spec.externalTrafficPolicy === 'Local' : false,
        endpoints: endpointsFor(mySlices, p.name ?? '', protocol, nodeName),
      });
    }
  }
  return out.sort((a, b) => (a.name + a.protocol < b.name + b.protocol ? -1 : 1));
}
