/** Name helpers: normalising query names, reverse (PTR) names, and CoreDNS-style pod names. */
import { isIP, isIPv4, isIPv6 } from 'node:net';

/** Lower case, no trailing dot: the form every index is keyed by. */
export const normalizeName = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** IPv6 addresses in one spelling (compressed, lower case) so index keys and reverse names match. */
export function canonicalIp(ip: string): string {
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** `4.3.2.1.in-addr.arpa` → `1.2.3.4`; 32 nibbles under ip6.arpa → an IPv6 address; else undefined. */
export function reverseNameToIp(name: string): string | undefined {
  if (name.endsWith('.in-addr.arpa')) {
    const parts = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
    const ip = parts.reverse().join('.');
    return isIPv4(ip) && !parts.some((p) => p.length > 1 && p.startsWith('0')) ? ip : undefined;
  }
  if (name.endsWith('.ip6.arpa')) {
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
    const hex = nibbles.reverse().join('');
    return canonicalIp(hex.match(/.{4}/g)!.join(':'));
  }
  return undefined;
}

/** The IP of a `<a-b-c-d>` pod label (`pods insecure`: any well-formed address answers). */
export function podLabelToIp(label: string): string | undefined {
  const v4 = label.replace(/-/g, '.');
  if (isIPv4(v4)) return v4;
  const v6 = label.replace(/-/g, ':');
  return isIP(v6) === 6 ? canonicalIp(v6) : undefined;
}
