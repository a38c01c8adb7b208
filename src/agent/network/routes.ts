/**
 * Cross-node pod routes, decided per peer (flannel's host-gw and vxlan backends in one):
 * - host-gw: a peer's podCIDR is routed via its InternalIP when that lies on a subnet this machine
 *   is directly connected to (one L2 segment: the peer is a next hop);
 * - vxlan: any other peer is reached through the overlay device (`kite.vxlan`, VNI 1, UDP 8472 like
 *   flannel): its podCIDR via its VTEP address (the podCIDR's network address) on the device, with
 *   the VTEP's MAC — which each agent publishes on its Node as the `kite.dev/vtep-mac` annotation —
 *   in the neighbour table and the forwarding database pointing at the peer's InternalIP. A peer
 *   that has not published a MAC yet gets no route until it does.
 * Pure: nodes and local subnets in, routes out.
 */
import type { Node } from '../../api/registry/core-types.js';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from '../../api/net/ipv4.js';

export const VXLAN = { device: 'kite.vxlan', vni: 1, port: 8472 } as const;
export const VTEP_MAC_ANNOTATION = 'kite.dev/vtep-mac';

export type PeerRoute =
  | { node: string; podCidr: string; mode: 'host-gw'; via: string }
  | { node: string; podCidr: string; mode: 'vxlan'; peerIP: string; vtepMac?: string };

export interface Self {
  name: string;
  /** Subnets of this machine's non-loopback interfaces (e.g. "192.0.2.0/24"). */
  subnets: string[];
}

const internalIP = (n: Node) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
const podCidrOf = (n: Node) => n.spec?.podCIDRs?.[0] ?? n.spec?.podCIDR;
const isLoopback = (ip: string) => ip.startsWith('127.');

function overlapsAny(cidr: string, subnets: Cidr[]): boolean {
  try {
    const c = parseCidr(cidr);
    return subnets.some((s) => cidrsOverlap(s, c));
  } catch { return false; }
}

export function peerRoutes(self: Self, nodes: Node[]): PeerRoute[] {
  const subnets = self.subnets.flatMap((s) => { try { return [parseCidr(s)]; } catch { return []; } });
  const out: PeerRoute[] = [];
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const podCidr = podCidrOf(n);
    const ip = internalIP(n);
    // Simulated nodes (kite dev sim-nodes) have loopback InternalIPs: nothing to route to.
    if (name === self.name || !podCidr || !ip || isLoopback(ip)) continue;
    // A peer whose pod range is already a connected subnet here (a second agent on this same host, with
    // its own bridge) needs no route — and replacing the kernel's link route would cut that bridge off.
    if (overlapsAny(podCidr, subnets)) continue;
    if (subnets.some((s) => cidrContains(s, ip))) out.push({ node: name, podCidr, mode: 'host-gw', via: ip });
    else {
      const mac = n.metadata.annotations?.[VTEP_MAC_ANNOTATION];
      out.push({ node: name, podCidr, mode: 'vxlan', peerIP: ip, ...(mac ? { vtepMac: mac } : {}) });
    }
  }
  return out.sort((a, b) => a.podCidr.localeCompare(b.podCidr));
}
