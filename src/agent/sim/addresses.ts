/**
 * The address plan of simulated nodes. Nothing here is ever contacted: the addresses only make
 * `kubectl get -o wide`, Endpoints and the scheduler see what they would on a real cluster.
 * - node index i → InternalIP 127.1.x.y (loopback space, never routed) and pod CIDR
 *   10.<244 + i/256>.<i%256>.0/24 (the "10.244.<node>.x" of flannel-style clusters);
 * - pods on a node get .2–.254 of its /24, unique while the pod exists, released when it is gone.
 */

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
   * the node's range), else a free one; undefined when the node's /24 is full.
   */
  assign(podKey: string, node: { name: string; index: number }, current?: string): string | undefined;
  release(podKey: string): void;
}

export function createPodIPs(): PodIPs {
  const byPod = new Map<string, { node: string; octet: number }>();
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
    used.get(cur.node)?.delete(cur.octet);
  };

  return {
    assign(podKey, node, current) {
      const base = cidrBase(node.index);
      const held = byPod.get(podKey);
      if (held?.node === node.name) return `${base}.${held.octet}`;
      release(podKey); // the same name on another node (a recreated StatefulSet pod)
      const set = usedOn(node.name);
      let octet: number | undefined;
      const m = current?.startsWith(`${base}.`) ? Number(current.slice(base.length + 1)) : NaN;
      if (Number.isInteger(m) && m >= 2 && m <= 254 && !set.has(m)) octet = m;
      for (let i = 2; octet === undefined && i <= 254; i++) if (!set.has(i)) octet = i;
      if (octet === undefined) return undefined;
      set.add(octet);
      byPod.set(podKey, { node: node.name, octet });
      return `${base}.${octet}`;
    },
    release,
  };
}
