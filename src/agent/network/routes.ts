/**
 * Cross-node pod routes (flannel's host-gw backend, decided per peer): every other node's podCIDR
 * is routed via that node's InternalIP when the InternalIP lies on a subnet this machine is directly
 * connected to (one L2 segment: the peer is a next hop). A peer that is not directly reachable needs
 * an overlay; it is reported with `mode: 'vxlan'` and the VXLAN device parameters Kite uses for it
 * (`kite.vxlan`, VNI 1, UDP 8472 like flannel) — the VXLAN backend itself is not implemented yet,
 * so such peers get no route (the agent logs them). Pure: nodes and local subnets in, routes out.
 */
import type { Node } from '../../api/registry/core-types.js';
import { cidrContains, parseCidr } from '../../api/net/ipv4.js';

export const VXLAN = { device: 'kite.vxlan', vni: 1, port: 8472 } as const;

export type PeerRoute =
  | { node: string; podCidr: string; mode: 'host-gw'; via: string }
  | { node: string; podCidr: string; mode: 'vxlan'; peerIP: string };

export interface Self {
  name: string;
  /** Subnets of this machine's non-loopback interfaces (e.g. "192.0.2.0/24"). */
  subnets: string[];
}

const internalIP = (n: Node) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
const podCidrOf = (n: Node) => n.spec?.podCIDRs?.[0] ?? n.spec?.podCIDR;
const isLoopback = (ip: string) => ip.startsWith('127.');

export function peerRoutes(self: Self, nodes: Node[]): PeerRoute[] {
  const subnets = self.subnets.flatMap((s) => { try { return [parseCidr(s)]; } catch { return []; } });
  const out: PeerRoute[] = [];
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const podCidr = podCidrOf(n);
    const ip = internalIP(n);
    // Simulated nodes (kite dev sim-nodes) have loopback InternalIPs: nothing to route to.
    if (name === self.name || !podCidr || !ip || isLoopback(ip)) continue;
    if (subnets.some((s) => cidrContains(s, ip))) out.push({ node: name, podCidr, mode: 'host-gw', via: ip });
    else out.push({ node: name, podCidr, mode: 'vxlan', peerIP: ip });
  }
  return out.sort((a, b) => a.podCidr.localeCompare(b.podCidr));
}
