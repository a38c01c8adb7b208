/**
 * IPv4 addresses and CIDR blocks as plain numbers: parsing, containment, overlap and the n-th address.
 * Shared by the config checks, the Service IP allocators, the node podCIDR allocator and the network code.
 */
import { isIPv4 } from 'node:net';

export interface Cidr {
  /** Network address as an unsigned 32-bit number (host bits cleared). */
  base: number;
  prefix: number;
  /** Number of addresses in the block (2^(32-prefix)). */
  size: number;
}

export function ipToInt(ip: string): number {
  if (!isIPv4(ip)) throw new Error(`"${ip}" is not an IPv4 address`);
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Parses "a.b.c.d/p"; host bits must be zero (like Kubernetes' CIDR validation). */
export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(text);
  if (!m || !isIPv4(m[1]!) || Number(m[2]) > 32) throw new Error(`"${text}" is not an IPv4 CIDR (expected a.b.c.d/prefix)`);
  const prefix = Number(m[2]);
  const size = 2 ** (32 - prefix);
  const ip = ipToInt(m[1]!);
  if (ip % size !== 0) throw new Error(`"${text}" has host bits set (did you mean ${intToIp(ip - (ip % size))}/${prefix}?)`);
  return { base: ip, prefix, size };
}

export function formatCidr(c: Cidr): string {
  return `${intToIp(c.base)}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: string | number): boolean {
  const n = typeof ip === 'number' ? ip : ipToInt(ip);
  return n >= c.base && n < c.base + c.size;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The address at `offset` inside the block (0 = network address). */
export function nthAddress(c: Cidr, offset: number): string {
  if (offset < 0 || offset >= c.size) throw new Error(`offset ${offset} is outside ${formatCidr(c)}`);
  return intToIp(c.base + offset);
}

/** The `index`-th sub-block of length `prefix` inside `c` (e.g. the 3rd /24 of a /16). */
export function subnet(c: Cidr, prefix: number, index: number): Cidr {
  if (prefix < c.prefix || prefix > 32) throw new Error(`/${prefix} does not fit inside ${formatCidr(c)}`);
  const size = 2 ** (32 - prefix);
  if (index < 0 || index >= c.size / size) throw new Error(`sub-block ${index} of /${prefix} is outside ${formatCidr(c)}`);
  return { base: c.base + index * size, prefix, size };
}
