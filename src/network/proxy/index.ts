/**
 * Kite's service proxy: kube-proxy's iptables mode in TypeScript. It watches Services and EndpointSlices
 * through the API and keeps its own chains (nat KITE-SERVICES, KITE-NODEPORTS, KITE-SVC/SVL/EXT/FW/SEP-<hash>,
 * KITE-MARK-MASQ, KITE-POSTROUTING; filter KITE-SERVICES, KITE-FORWARD) in line with them, entered from the
 * built-in chains by rules commented "kite service proxy". It never flushes or edits any other chain.
 * IPv4 only. NodePorts answer on every local address (`-m addrtype --dst-type LOCAL`, which also covers
 * addresses added later, so no Node watch is needed) unless `nodeIps` narrows them. One proxy per host:
 * two would fight over the same chains.
 *
 * - model.ts: Services + slices → service ports with usable endpoints (pure)
 * - rules.ts: service ports → desired chain contents (pure)
 * - restore.ts: desired vs host → one iptables-restore --noflush input (pure)
 * - proxy.ts: informers + coalesced sync loop; cleanup.ts: removal; lb-addresses.ts: LB IPs on the host
 */
export { startServiceProxy } from './proxy.js';
export type { ServiceProxy, ServiceProxyOptions } from './proxy.js';
export { cleanupServiceProxy } from './cleanup.js';
export { createIptables } from './iptables.js';
export type { Iptables } from './iptables.js';
