/**
 * The proxy's chain names. Per-Service chains carry a hash of what they stand for (upstream's
 * servicePortChainName), so a name is stable across restarts and nodes and fits iptables' 28-character limit.
 */
import { createHash } from 'node:crypto';

/** Fixed chains: nat */
export const NAT_SERVICES = 'KITE-SERVICES';
export const NAT_NODEPORTS = 'KITE-NODEPORTS';
export const NAT_POSTROUTING = 'KITE-POSTROUTING';
export const NAT_MARK_MASQ = 'KITE-MARK-MASQ';
/** Fixed chains: filter */
export const FILTER_SERVICES = 'KITE-SERVICES';
export const FILTER_FORWARD = 'KITE-FORWARD';

/**
 * Bit 14, as kube-proxy's masquerade mark: packets carrying it are SNATed in KITE-POSTROUTING.
 * CNI portmap uses bit 13 (0x2000), so the two never clash on one host.
 */
export const MASQ_MARK = '0x4000';

/** Comment on every rule in a built-in chain, so shutdown and `kite remove` find exactly ours. */
export const JUMP_COMMENT = 'kite service proxy';

/** Every sync names every chain again; remembering the hashes keeps a 1,000-Service sync cheap. */
const hashes = new Map<string, string>();
function hash16(s: string): string {
  let h = hashes.get(s);
  if (h === undefined) {
    h = createHash('sha256').update(s).digest('base64url').replace(/[-_]/g, 'X').slice(0, 16).toUpperCase();
    if (hashes.size >= 200_000) hashes.clear(); // bounded: a cluster that churns names never grows it forever
    hashes.set(s, h);
  }
  return h;
}

/** Kinds of per-Service chains: all endpoints, local endpoints, external entry, one endpoint. */
export const svcChain = (portName: string, protocol: string) => `KITE-SVC-${hash16(`${portName}/${protocol}`)}`;
export const svlChain = (portName: string, protocol: string) => `KITE-SVL-${hash16(`${portName}/${protocol}`)}`;
export const extChain = (portName: string, protocol: string) => `KITE-EXT-${hash16(`${portName}/${protocol}`)}`;
/** LoadBalancer IPs of a Service with loadBalancerSourceRanges enter here: allowed sources go on to KITE-EXT. */
export const fwChain = (portName: string, protocol: string) => `KITE-FW-${hash16(`${portName}/${protocol}`)}`;
export const sepChain = (portName: string, protocol: string, endpoint: string) => `KITE-SEP-${hash16(`${portName}/${protocol}/${endpoint}`)}`;

/** True for every chain name this proxy may create (and so may delete); nothing else is ever touched. */
export function isOwnChain(name: string): boolean {
  return [NAT_SERVICES, NAT_NODEPORTS, NAT_POSTROUTING, NAT_MARK_MASQ, FILTER_FORWARD].includes(name)
    || /^KITE-(SVC|SVL|EXT|FW|SEP)-[A-Z0-9]{16}$/.test(name);
}

/** Per-Service chains are rewritten only when their content changed; fixed chains every sync. */
export const isServiceChain = (name: string) => /^KITE-(SVC|SVL|EXT|FW|SEP)-/.test(name);
