/**
 * The block map behind the node IPAM controller (upstream `cidrset`): the cluster CIDR cut into
 * equal per-node blocks, each free or taken. Pure and synchronous; the controller owns the only copy.
 */
import { cidrContains, formatCidr, parseCidr, subnet, type Cidr } from '../api/net/ipv4.js';

export interface CidrSet {
  /** Marks a block taken (a Node already holds it); false when it is not one of our blocks. */
  occupy(cidr: string): boolean;
  release(cidr: string): void;
  /** The lowest free block, taken now; undefined when every block is taken. */
  allocate(): string | undefined;
  /** Number of blocks taken. */
  used(): number;
}

export function createCidrSet(clusterCidr: string, maskSize: number): CidrSet {
  const cluster = parseCidr(clusterCidr);
  if (maskSize < cluster.prefix || maskSize > 30) throw new Error(`node mask /${maskSize} does not fit ${clusterCidr}`);
  const blocks = cluster.size / 2 ** (32 - maskSize);
  const taken = new Set<number>();
  const indexOf = (text: string): number | undefined => {
    let c: Cidr;
    try { c = parseCidr(text); } catch { return undefined; }
    if (c.prefix !== maskSize || !cidrContains(cluster, c.base)) return undefined;
    return (c.base - cluster.base) / c.size;
  };
  let next = 0; // where the search resumes (upstream's nextCandidate), so freed blocks are reused last
  return {
    occupy(cidr) {
      const i = indexOf(cidr);
      if (i === undefined) return false;
      taken.add(i);
      return true;
    },
    release(cidr) {
      const i = indexOf(cidr);
      if (i !== undefined) taken.delete(i);
    },
    allocate() {
      for (let n = 0; n < blocks; n++) {
        const i = (next + n) % blocks;
        if (taken.has(i)) continue;
        taken.add(i);
        next = (i + 1) % blocks;
        return formatCidr(subnet(cluster, maskSize, i));
      }
      return undefined;
    },
    used: () => taken.size,
  };
}
