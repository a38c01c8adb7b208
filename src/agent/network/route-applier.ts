/**
 * Programs peer routes with iproute2: host-gw routes `<podCIDR> via <peer InternalIP>`, vxlan
 * routes `<podCIDR> via <peer VTEP> dev kite.vxlan onlink` plus the VTEP's neighbour and fdb
 * entries (vxlan.ts). Kite's routes carry `proto 252` (an unassigned routing protocol number) and
 * the applier only ever lists, replaces and deletes routes with that marker whose destination lies
 * inside the cluster CIDR — routes of anything else (DHCP, other agents with other cluster CIDRs on
 * the same host) are never touched. `netns` runs it inside a network namespace (tests).
 */
import { cidrContains, intToIp, ipToInt, parseCidr } from '../../api/net/ipv4.js';
import { run } from './exec.js';
import { VXLAN, type PeerRoute } from './routes.js';
import { syncVxlanPeers, vtepAddress } from './vxlan.js';

export const KITE_ROUTE_PROTO = '252';

export interface RouteApplierOptions {
  clusterCidr: string;
  netns?: string;
  /** The overlay device; vxlan routes are applied only when it exists (see `ensureVxlanDevice`). */
  vxlanDevice?: string;
}

interface IpRoute { dst: string; gateway?: string; dev?: string }

const ip = (o: Pick<RouteApplierOptions, 'netns'>, args: string[]) => run('ip', [...(o.netns ? ['-n', o.netns] : []), ...args]);

/** Kite's routes now in the main table (destination → "gateway dev"), limited to the cluster CIDR. */
export async function listKiteRoutes(o: RouteApplierOptions): Promise<Map<string, string>> {
  const cluster = parseCidr(o.clusterCidr);
  const routes = JSON.parse((await ip(o, ['-j', '-4', 'route', 'show', 'proto', KITE_ROUTE_PROTO])) || '[]') as IpRoute[];
  const out = new Map<string, string>();
  for (const r of routes) {
    const dst = r.dst.includes('/') ? r.dst : `${r.dst}/32`;
    if (cidrContains(cluster, dst.split('/')[0]!)) out.set(dst, `${r.gateway ?? ''} ${r.dev ?? ''}`);
  }
  return out;
}

/** Makes Kite's routes exactly the ones given (vxlan ones only with a device and a known VTEP MAC); returns what changed. */
export async function applyPeerRoutes(routes: PeerRoute[], o: RouteApplierOptions): Promise<{ added: string[]; removed: string[] }> {
  const dev = o.vxlanDevice;
  const overlay = routes.flatMap((r) => (r.mode === 'vxlan' && r.vtepMac && dev ? [{ ...r, vtepMac: r.vtepMac }] : []));
  // Neighbour and fdb entries first, so a new route never points at an unresolvable VTEP.
  if (dev) await syncVxlanPeers(overlay.map((r) => ({ vtep: vtepAddress(r.podCidr), mac: r.vtepMac, peerIP: r.peerIP })), { device: dev, netns: o.netns });
  const want = new Map<string, { args: string[]; key: string }>();
  for (const r of routes) {
    if (r.mode === 'host-gw') {
      want.set(r.podCidr, { args: ['via', r.via], key: r.via });
    }
  }
  for (const r of overlay) {
    const vtep = vtepAddress(r.podCidr);
    want.set(r.podCidr, { args: ['via', vtep, 'dev', dev!, 'onlink'], key: `${vtep} ${dev}` });
  }
  const have = await listKiteRoutes(o);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [dst, w] of want) {
    const cur = have.get(dst);
    if (cur !== undefined && (cur === w.key || cur.startsWith(`${w.key} `))) continue;
    await ip(o, ['route', 'replace', dst, ...w.args, 'proto', KITE_ROUTE_PROTO]);
    added.push(dst);
  }
  for (const dst of have.keys()) {
    if (want.has(dst)) continue;
    await ip(o, ['route', 'del', dst, 'proto', KITE_ROUTE_PROTO]).catch(() => undefined); // gone meanwhile
    removed.push(dst);
  }
  return { added, removed };
}

/** Subnets of the non-loopback IPv4 addresses (what `peerRoutes` calls directly connected); the overlay device is not one. */
export async function connectedSubnets(o: Pick<RouteApplierOptions, 'netns'> = {}): Promise<string[]> {
  const links = JSON.parse((await ip(o, ['-j', '-4', 'addr', 'show'])) || '[]') as Array<{ ifname: string; flags?: string[]; addr_info?: Array<{ local: string; prefixlen: number }> }>;
  const out: string[] = [];
  for (const l of links) {
    if (l.flags?.includes('LOOPBACK') || l.ifname === VXLAN.device) continue;
    for (const a of l.addr_info ?? []) {
      const n = ipToInt(a.local);
      out.push(`${intToIp(n - (n % 2 ** (32 - a.prefixlen)))}/${a.prefixlen}`);
    }
  }
  return out;
}
