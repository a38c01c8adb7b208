/**
 * Cluster DNS: Kite's equivalent of CoreDNS with the kubernetes plugin, answering at the cluster
 * DNS Service IP for `<svc>.<ns>.svc.<domain>` and forwarding everything else.
 *
 * - `service-records.ts` — the records one Service owns (ClusterIP / headless / ExternalName, SRV, PTR).
 * - `zone-index.ts` — every Service's records in maps keyed by name and IP, updated per Service.
 * - `cluster-answer.ts` — authoritative answers (NXDOMAIN/NODATA with the SOA), TTL 5 s, pod names.
 * - `forwarder.ts` + `cache.ts` + `upstreams.ts` — UDP/TCP forwarding with failover, a bounded TTL cache.
 * - `resolver.ts` — zone → cache → upstream, with in-flight sharing; `handler.ts` — bytes in, bytes out.
 * - `listeners.ts` — UDP and TCP on one port; `host-address.ts` — the DNS IP on the `kite-dns0` dummy link.
 * - `cluster-dns.ts` — `startClusterDns` composes them under one AbortSignal.
 * The search path (`ndots:5`, `search <ns>.svc.<domain> svc.<domain> <domain>`) is the pod's
 * resolv.conf, written by the agent; the server only makes the expanded misses cheap (local NXDOMAIN).
 */
export { startClusterDns } from './cluster-dns.js';
export type { ClusterDns, ClusterDnsOptions } from './cluster-dns.js';
export { ensureDnsAddress, removeDnsAddress, DNS_INTERFACE } from './host-address.js';
