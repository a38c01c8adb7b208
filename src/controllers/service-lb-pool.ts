/**
 * The LoadBalancer address pool: `size` consecutive IPv4 addresses from `start` (AKS EE's
 * ServiceIPRangeStart/Size), each held by at most one Service key. Pure and synchronous.
 */
import { intToIp, ipToInt } from '../api/net/ipv4.js';

export class LoadBalancerPool {
  private readonly base: number;
  private readonly holders = new Map<number, string>();
  private readonly byKey = new Map<string, number>();

  constructor(readonly start: string, readonly size: number) {
    this.base = ipToInt(start);
  }

  /** "192.168.1.240 (+4)": how events and logs name the range. */
  get description(): string { return `${this.start} (+${this.size})`; }

  private offset(ip: string): number | undefined {
    let n: number;
    try { n = ipToInt(ip); } catch { return undefined; }
    return n >= this.base && n < this.base + this.size ? n - this.base : undefined;
  }

  contains(ip: string): boolean { return this.offset(ip) !== undefined; }
  heldBy(key: string): string | undefined { const o = this.byKey.get(key); return o === undefined ? undefined : intToIp(this.base + o); }

  /** Gives `ip` to `key` if it is in the range and free (or already theirs). */
  claim(key: string, ip: string): boolean {
    const o = this.offset(ip);
    if (o === undefined) return false;
    const holder = this.holders.get(o);
    if (holder !== undefined && holder !== key) return false;
    this.release(key);
    this.holders.set(o, key);
    this.byKey.set(key, o);
    return true;
  }

  /** The lowest free address for `key` (its current one if it holds one); undefined when exhausted. */
  claimNext(key: string): string | undefined {
    const held = this.heldBy(key);
    if (held) return held;
    for (let o = 0; o < this.size; o++) {
      if (this.holders.has(o)) continue;
      this.holders.set(o, key);
      this.byKey.set(key, o);
      return intToIp(this.base + o);
    }
    return undefined;
  }

  /** True when `key` held an address (now free). */
  release(key: string): boolean {
    const o = this.byKey.get(key);
    if (o === undefined) return false;
    this.byKey.delete(key);
    this.holders.delete(o);
    return true;
  }
}
