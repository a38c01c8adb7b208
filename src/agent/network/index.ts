/**
 * The node's pod network (issue 5, part D): Kite's own small flannel on the Debian CNI plugins.
 * - pod-network.ts: waits for the Node's podCIDR (node IPAM controller), writes the CNI conflist
 *   (conflist.ts: bridge `kite0` + host-local + portmap), sets up the host (host-setup.ts:
 *   forwarding, `KITE-POD-MASQ`, `KITE-POD-FORWARD`) and keeps routes to peers' podCIDRs: host-gw
 *   on a shared subnet, VXLAN otherwise (routes.ts decides, route-applier.ts + vxlan.ts apply, `proto 252`);
 * - `cleanupPodNetwork(dataDir)` undoes the host side for `kite remove`.
 * Pods opt out with hostNetwork; the sync loop (`../pods/`) holds other pods until `ready()`.
 */
export { startPodNetwork } from './pod-network.js';
export type { PodNetwork, PodNetworkOptions } from './pod-network.js';
export { cleanupPodNetwork } from './host-setup.js';
export { DEFAULT_BRIDGE, renderConflist } from './conflist.js';
export { peerRoutes, VTEP_MAC_ANNOTATION, VXLAN } from './routes.js';
export { ensureVxlanDevice, removeVxlanDevice } from './vxlan.js';
export type { PeerRoute } from './routes.js';
export { applyPeerRoutes, KITE_ROUTE_PROTO } from './route-applier.js';
