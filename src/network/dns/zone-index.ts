/**
 * The cluster zone as maps keyed by lower-case name, so a query costs one map lookup whatever the
 * number of Services (CoreDNS's kubernetes plugin also answers from indexed informer caches).
 *
 * Services and EndpointSlices arrive from informers; every change recomputes the records of the one
 * Service it touches (`serviceRecords`) and swaps them in. Each record name also counts its
 * ancestors up to the cluster domain, so empty non-terminals (`default.svc.cluster.local`,
 * `_tcp.web.default.svc.cluster.local`) answer NODATA rather than NXDOMAIN, as RFC 8020 asks.
 */
import type { Service } from '../../api/registry/core-types.js';
import { SERVICE_NAME_LABEL, serviceRecords, type DnsEndpointSlice, type NameRecords } from './service-records.js';

export interface ZoneIndex {
  setService(svc: Service): void;
  deleteService(namespace: string, name: string): void;
  setSlice(slice: DnsEndpointSlice): void;
  deleteSlice(slice: DnsEndpointSlice): void;
  /** Records at a lower-case name without the trailing dot. */
  records(name: string): NameRecords | undefined;
  /** True when the name has records or is an ancestor of a name that has (inside the domain). */
  exists(name: string): boolean;
  /** The names a reverse lookup of this IP returns. */
  ptr(ip: string): string[];
  /** Bumped on every change; the SOA serial. */
  serial(): number;
}

interface Owned { names: string[]; ptrs: Array<[string, string]> }

export function createZoneIndex(domain: string): ZoneIndex {
  const services = new Map<string, Service>();
  /** service key → slice name → slice */
  const slices = new Map<string, Map<string, DnsEndpointSlice>>();
  /** `ns/slice` → the service key it was filed under */
  const sliceHome = new Map<string, string>();
  const owned = new Map<string, Owned>();
  const names = new Map<string, NameRecords>();
  const existing = new Map<string, number>();
  const reverse = new Map<string, Map<string, number>>();
  let serial = Math.floor(Date.now() / 1000);

  const ancestors = (name: string): string[] => {
    const out: string[] = [];
    for (let n = name; n.length > domain.length; n = n.slice(n.indexOf('.') + 1)) {
      out.push(n);
      if (n.indexOf('.') < 0) break;
    }
    return out;
  };
  const count = <K>(m: Map<K, number>, k: K, d: number) => {
    const v = (m.get(k) ?? 0) + d;
    if (v > 0) m.set(k, v); else m.delete(k);
  };

  function unpublish(key: string): void {
    const old = owned.get(key);
    if (!old) return;
    owned.delete(key);
    for (const n of old.names) {
      names.delete(n);
      for (const a of ancestors(n)) count(existing, a, -1);
    }
    for (const [ip, n] of old.ptrs) {
      const m = reverse.get(ip);
      if (!m) continue;
      count(m, n, -1);
      if (!m.size) reverse.delete(ip);
    }
  }

  function publish(key: string): void {
    unpublish(key);
    serial++;
    const svc = services.get(key);
    if (!svc) return;
    const recs = serviceRecords(svc, [...(slices.get(key)?.values() ?? [])], domain);
    for (const [n, r] of recs.names) {
      names.set(n, r);
      for (const a of ancestors(n)) count(existing, a, 1);
    }
    for (const [ip, n] of recs.ptrs) {
      let m = reverse.get(ip);
      if (!m) reverse.set(ip, (m = new Map()));
      count(m, n, 1);
    }
    owned.set(key, { names: [...recs.names.keys()], ptrs: recs.ptrs });
  }

  const sliceOwner = (s: DnsEndpointSlice): string | undefined => {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    return svc && s.metadata.namespace ? `${s.metadata.namespace}/${svc}` : undefined;
  };

  function removeSlice(slice: DnsEndpointSlice, key: string): void {
    sliceHome.delete(`${slice.metadata.namespace}/${slice.metadata.name}`);
    const m = slices.get(key);
    if (!m?.delete(slice.metadata.name ?? '')) return;
    if (!m.size) slices.delete(key);
    publish(key);
  }

  return {
    setService(svc) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      services.set(key, svc);
      publish(key);
    },
    deleteService(namespace, name) {
      const key = `${namespace}/${name}`;
      services.delete(key);
      publish(key);
    },
    setSlice(slice) {
      const key = sliceOwner(slice);
      const home = sliceHome.get(`${slice.metadata.namespace}/${slice.metadata.name}`);
      // A slice whose service label changed leaves its old Service first.
      if (home !== undefined && home !== key) removeSlice(slice, home);
      if (!key) return;
      let m = slices.get(key);
      if (!m) slices.set(key, (m = new Map()));
      m.set(slice.metadata.name ?? '', slice);
      sliceHome.set(`${slice.metadata.namespace}/${slice.metadata.name}`, key);
      publish(key);
    },
    deleteSlice(slice) {
      const home = sliceHome.get(`${slice.metadata.namespace}/${slice.metadata.name}`);
      if (home !== undefined) removeSlice(slice, home);
    },
    records: (name) => names.get(name),
    exists: (name) => existing.has(name),
    ptr: (ip) => [...(reverse.get(ip)?.keys() ?? [])],
    serial: () => serial,
  };
}
