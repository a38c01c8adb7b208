/**
 * The two ranges Service allocations come from, over `OffsetBitmap`:
 * - `IpRange`: a CIDR without its network and broadcast addresses (kube's ipallocator). Some
 *   addresses are reserved for explicit requests only (the `kubernetes` Service's first address,
 *   the cluster DNS address): dynamic allocation skips them so their owners always get them.
 * - `PortRange`: `min-max` inclusive (kube's portallocator).
 * Results are values (`AllocateResult`), not exceptions: the caller words the API error.
 */
import { formatCidr, intToIp, ipToInt, parseCidr, type Cidr } from '../../api/net/ipv4.js';
import { OffsetBitmap } from './bitmap.js';

export type AllocateResult = 'ok' | 'taken' | 'out-of-range';

export class IpRange {
  private readonly cidr: Cidr;
  private readonly bits: OffsetBitmap;
  private readonly reserved: Set<number>;

  constructor(cidr: string, reservedForExplicit: string[] = []) {
    this.cidr = parseCidr(cidr);
    // Offsets 1 … size-2: the network and broadcast addresses are never handed out.
    this.bits = new OffsetBitmap(Math.max(0, this.cidr.size - 2));
    this.reserved = new Set(reservedForExplicit.map((ip) => this.offset(ip)).filter((o): o is number => o !== undefined));
  }

  /** Upstream's wording: "The range of valid IPs is 10.43.0.0/16". */
  get description(): string { return formatCidr(this.cidr); }

  private offset(ip: string): number | undefined {
    let n: number;
    try { n = ipToInt(ip); } catch { return undefined; }
    const o = n - this.cidr.base - 1;
    return o >= 0 && o < this.bits.size ? o : undefined;
  }

  contains(ip: string): boolean { return this.offset(ip) !== undefined; }
  has(ip: string): boolean { const o = this.offset(ip); return o !== undefined && this.bits.has(o); }

  allocate(ip: string): AllocateResult {
    const o = this.offset(ip);
    if (o === undefined) return 'out-of-range';
    return this.bits.take(o) ? 'ok' : 'taken';
  }

  allocateNext(): string | undefined {
    const o = this.bits.takeNext((i) => !this.reserved.has(i));
    return o === undefined ? undefined : intToIp(this.cidr.base + 1 + o);
  }

  release(ip: string): void {
    const o = this.offset(ip);
    if (o !== undefined) this.bits.release(o);
  }

  get free(): number { return this.bits.free; }
}

export class PortRange {
  private readonly bits: OffsetBitmap;

  constructor(readonly min: number, readonly max: number) {
    this.bits = new OffsetBitmap(max - min + 1);
  }

  /** Upstream's wording: "The range of valid ports is 30000-32767". */
  get description(): string { return `${this.min}-${this.max}`; }

  contains(port: number): boolean { return Number.isInteger(port) && port >= this.min && port <= this.max; }
  has(port: number): boolean { return this.contains(port) && this.bits.has(port - this.min); }

  allocate(port: number): AllocateResult {
    if (!this.contains(port)) return 'out-of-range';
    return this.bits.take(port - this.min) ? 'ok' : 'taken';
  }

  allocateNext(): number | undefined {
    const o = this.bits.takeNext();
    return o === undefined ? undefined : this.min + o;
  }

  release(port: number): void {
    if (this.contains(port)) this.bits.release(port - this.min);
  }

  get free(): number { return this.bits.free; }
}
