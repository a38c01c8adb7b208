/**
 * Programs host-gw peer routes with iproute2. Kite's routes carry `proto 252` (an unassigned
 * routing protocol number) and the applier only ever lists, replaces and deletes routes with that
 * marker whose destination lies inside the cluster CIDR — routes of anything else (DHCP, other
 * agents with other cluster CIDRs on the same host) are never touched. `netns` runs it inside a
 * network namespace (tests).
 */
import { cidrContains, intToIp, ipToInt, parseCidr } from '../../api/net/ipv4.js';
import { run } from './exec.js';
import type { PeerRoute } from './routes.js';

export const KITE_ROUTE_PROTO = '252';

export interface RouteApplierOptions {
  clusterCidr: string;
  netns?: string;
}

interface IpRoute { dst: string; gateway?: string }

const ip = (o: RouteApplierOptions, args: string[]) => run('ip', [...(o.netns ? ['-n', o.netns] : []), ...args]);

/** Kite's routes now in the main table (destination → gateway), limited to the cluster CIDR. */
export async function listKiteRoutes(o: RouteApplierOptions): Promise<Map<string, string | undefined>> {
  const cluster = parseCidr(o.clusterCidr);
  const routes = JSON.parse((await ip(o, ['-j', '-4', 'route', 'show', 'proto', KITE_ROUTE_PROTO])) || '[]') as IpRoute[];
  const out = new Map<string, string | undefined>();
  for (const r of routes) {
    const dst = r.dst.includes('/') ? r.dst : `${r.dst}/32`;
    if (cidrContains(cluster, dst.split('/')[0]!)) out.set(dst, r.gateway);
  }
  return out;
}

/** Makes Kite's routes exactly the host-gw routes given; returns what changed. */
export async function applyPeerRoutes(routes: PeerRoute[], o: RouteApplierOptions): Promise<{ added: string[]; removed: string[] }> {
  const want = new Map(routes.flatMap((r) => (r.mode === 'host-gw' ? [[r.podCidr, r.via] as const] : [])));
  const have = await listKiteRoutes(o);
  const added: string[] = [];
  const removed: string[] = [];
  for (const [dst, via] of want) {
    if (have.get(dst) === via) continue;
    await ip(o, ['route', 'replace', dst, 'via', via, 'proto', KITE_ROUTE_PROTO]);
    added.push(dst);
  }
  for (const dst of have.keys()) {
    if (want.has(dst)) continue;
    await ip(o, ['route', 'del', dst, 'proto', KITE_ROUTE_PROTO]).catch(() => undefined); // gone meanwhile
    removed.push(dst);
  }
  return { added, removed };
}

/** Subnets of the non-loopback IPv4 addresses (what `peerRoutes` calls directly connected). */
export async function connectedSubnets(o: Pick<RouteApplierOptions, 'netns'> = {}): Promise<string[]> {
  const links = JSON.parse((await ip(o as RouteApplierOptions, ['-j', '-4', 'addr', 'show'])) || '[]') as Array<{ ifname: string; flags?: string[]; addr_info?: Array<{ local: string; prefixlen: number }> }>;
  const out: string[] = [];
  for (const l of links) {
    if (l.flags?.includes('LOOPBACK')) continue;
    for (const a of l.addr_info ?? []) {
      const n = ipToInt(a.local);
      out.push(`${intToIp(n - (n % 2 ** (32 - a.prefixlen)))}/${a.prefixlen}`);
    }
  }
  return out;
}
