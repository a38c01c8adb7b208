/**
 * The DNS records one Service owns, computed from the Service and its EndpointSlices (the
 * Kubernetes DNS spec, as CoreDNS's kubernetes plugin serves it):
 * - `<svc>.<ns>.svc.<domain>` → ClusterIPs; headless → the ready endpoint IPs of every slice;
 *   ExternalName → a CNAME to `spec.externalName`.
 * - headless endpoints get `<hostname>.<svc>.<ns>.svc.<domain>` (or the dashed IP when they have
 *   no hostname), which the SRV records point at.
 * - `_<port>._<proto>.<svc>.<ns>.svc.<domain>` SRV for every named port; the bare service name
 *   carries the SRV records of all ports.
 * - PTR: each ClusterIP names the service, each headless endpoint IP names its endpoint.
 * Pure: the zone index calls it again whenever the Service or one of its slices changes.
 */
import { isIP } from 'node:net';
import type { Service } from '../../api/registry/core-types.js';
import type { KObject } from '../../api/types/index.js';
import { canonicalIp } from './names.js';

/** The fields of a discovery.k8s.io/v1 EndpointSlice that DNS reads. */
export interface DnsEndpointSlice extends KObject {
  addressType?: string;
  endpoints?: Array<{ addresses?: string[]; hostname?: string; conditions?: { ready?: boolean } }>;
  ports?: Array<{ name?: string; port?: number; protocol?: string }>;
}

export interface SrvTarget { priority: number; weight: number; port: number; target: string }

/** Everything answered at one name; empty lists mean "the name exists, no data of that type". */
export interface NameRecords {
  a: string[];
  aaaa: string[];
  srv: SrvTarget[];
  cname?: string;
}

export interface ServiceRecords {
  names: Map<string, NameRecords>;
  /** [ip, fqdn] pairs for reverse lookups. */
  ptrs: Array<[string, string]>;
}

/** The label that ties an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const emptyRecords = (): NameRecords => ({ a: [], aaaa: [], srv: [] });

/** CoreDNS's endpoint name for an address without a hostname: dots (or colons) become dashes. */
export const dashedIp = (ip: string): string => ip.replace(/[.:]/g, '-');

function addAddress(r: NameRecords, ip: string): void {
  const list = isIP(ip) === 6 ? r.aaaa : isIP(ip) === 4 ? r.a : undefined;
  const c = canonicalIp(ip);
  if (list && !list.includes(c)) list.push(c);
}

function addSrv(names: Map<string, NameRecords>, name: string, port: number, target: string): void {
  let r = names.get(name);
  if (!r) names.set(name, (r = emptyRecords()));
  if (!r.srv.some((s) => s.port === port && s.target === target)) r.srv.push({ priority: 0, weight: 0, port, target });
}

/** SRV weights share 100 among the records of one name, as CoreDNS does. */
function spreadWeights(names: Map<string, NameRecords>): void {
  for (const r of names.values()) {
    const w = Math.max(1, Math.floor(100 / (r.srv.length || 1)));
    for (const s of r.srv) s.weight = w;
  }
}

const srvName = (portName: string, protocol: string | undefined, base: string) =>
  `_${portName.toLowerCase()}._${(protocol ?? 'TCP').toLowerCase()}.${base}`;

export const isHeadless = (svc: Service): boolean => svc.spec?.clusterIP === 'None';

export function serviceRecords(svc: Service, slices: DnsEndpointSlice[], domain: string): ServiceRecords {
  const base = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${domain}`.toLowerCase();
  const names = new Map<string, NameRecords>();
  const ptrs: Array<[string, string]> = [];
  const self = emptyRecords();
  names.set(base, self);

  if (svc.spec?.type === 'ExternalName') {
    const target = (svc.spec.externalName ?? '').toLowerCase().replace(/\.$/, '');
    if (target) self.cname = target;
    return { names, ptrs };
  }

  if (!isHeadless(svc)) {
    const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
    for (const ip of ips) if (isIP(ip)) { addAddress(self, ip); ptrs.push([canonicalIp(ip), base]); }
    for (const p of svc.spec?.ports ?? []) {
      if (p.name) addSrv(names, srvName(p.name, p.protocol, base), p.port, base);
      addSrv(names, base, p.port, base);
    }
    spreadWeights(names);
    return { names, ptrs };
  }

  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') continue;
    for (const ep of slice.endpoints ?? []) {
      // A nil ready condition means ready (EndpointSlice API semantics).
      if (ep.conditions?.ready === false && !publishNotReady) continue;
      for (const ip of ep.addresses ?? []) {
        if (!isIP(ip)) continue;
        const epName = `${(ep.hostname || dashedIp(ip)).toLowerCase()}.${base}`;
        addAddress(self, ip);
        let epRecords = names.get(epName);
        if (!epRecords) names.set(epName, (epRecords = emptyRecords()));
        addAddress(epRecords, ip);
        ptrs.push([canonicalIp(ip), epName]);
        for (const p of slice.ports ?? []) {
          if (!p.port) continue;
          if (p.name) addSrv(names, srvName(p.name, p.protocol, base), p.port, epName);
          addSrv(names, base, p.port, epName);
        }
      }
    }
  }
  spreadWeights(names);
  return { names, ptrs };
}
