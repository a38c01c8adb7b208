/**
 * The address plan of simulated nodes. Nothing here is ever contacted: the addresses only make
 * `kubectl get -o wide`, Endpoints and the scheduler see what they would on a real cluster.
 * - node index i → InternalIP 127.1.x.y (loopback space, never routed) and pod CIDR
 *   10.<244 + i/256>.<i%256>.0/24 (the "10.244.<node>.x" of flannel-style clusters);
 * - pods on a node get .2–.254 of its /24 (or of the node's `spec.podCIDR`, see `PodIPs`), unique
 *   while the pod exists, released when it is gone.
 */

import { intToIp, ipToInt, parseCidr, type Cidr } from '../../api/net/ipv4.js';

/** Nodes the plan has room for: the pod CIDRs run from 10.244.0.0 to 10.255.255.0. */
export const MAX_NODE_INDEX = 12 * 256 - 1;
/** Pod IPs a node's /24 holds (.1 is left for a gateway, .255 is broadcast). */
export const MAX_PODS_PER_NODE = 253;

export function nodeInternalIP(index: number): string {
  const n = index + 1; // 127.1.0.0 looks like a network address; start at .1
  return `127.${1 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

const cidrBase = (index: number) => `10.${244 + (index >> 8)}.${index & 255}`;

export function nodePodCIDR(index: number): string {
  return `${cidrBase(index)}.0/24`;
}

/** Per-node pod IP allocation, keyed by pod key (`ns/name`); small: one number per pod. */
export interface PodIPs {
  /**
   * The pod's IP on this node: the one it already has (kept across simulator restarts when it lies in
   * the node's range), else a free one; undefined when the node's range is full. The range is the
   * node's `spec.podCIDR` when given (set by the sim at registration, or earlier by the cluster's
   * node IPAM controller), else the planned 10.244.<index>.0/24; .2 up to the 253rd address are used.
   */
  assign(podKey: string, node: { name: string; index: number; podCIDR?: string }, current?: string): string | undefined;
  release(podKey: string): void;
}

/** The usable host addresses of a node's pod range: [first, last]. */
function hostRange(node: { index: number; podCIDR?: string }): { first: number; last: number } {
  let block: Cidr | undefined;
  try { block = node.podCIDR ? parseCidr(node.podCIDR) : undefined; } catch { block = undefined; }
  if (!block || block.size < 8) block = parseCidr(nodePodCIDR(node.index));
  return { first: block.base + 2, last: block.base + Math.min(block.size - 2, MAX_PODS_PER_NODE + 1) };
}

export function createPodIPs(): PodIPs {
  const byPod = new Map<string, { node: string; ip: number }>();
  const used = new Map<string, Set<number>>();
  const usedOn = (node: string) => {
    let s = used.get(node);
    if (!s) used.set(node, (s = new Set()));
    return s;
  };
  const release = (podKey: string) => {
    const cur = byPod.get(podKey);
    if (!cur) return;
    byPod.delete(podKey);
    used.get(cur.node)?.delete(cur.ip);
  };

  return {
    assign(podKey, node, current) {
      const held = byPod.get(podKey);
      if (held?.node === node.name) return intToIp(held.ip);
      release(podKey); // the same name on another node (a recreated StatefulSet pod)
      const { first, last } = hostRange(node);
      const set = usedOn(node.name);
      let ip: number | undefined;
      let reported = NaN;
      try { reported = current ? ipToInt(current) : NaN; } catch { /* not an IPv4 address: ignore */ }
      if (reported >= first && reported <= last && !set.has(reported)) ip = reported;
      for (let i = first; ip === undefined && i <= last; i++) if (!set.has(i)) ip = i;
      if (ip === undefined) return undefined;
      set.add(ip);
      byPod.set(podKey, { node: node.name, ip });
      return intToIp(ip);
    },
    release,
  };
}
