/**
 * Which resolvers the cluster DNS forwards to: the configured list ("ip", "ip:port", "[v6]:port"),
 * or when it is empty the host's /etc/resolv.conf nameservers — minus the cluster DNS itself, since
 * forwarding to ourselves would loop (the agent may point the host at the cluster DNS).
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { canonicalIp } from './names.js';

export interface Upstream { address: string; port: number; family: 4 | 6 }

export function parseUpstream(text: string): Upstream {
  const t = text.trim();
  let address = t;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  const v4WithPort = /^([^:]+):(\d+)$/.exec(t);
  if (bracketed) { address = bracketed[1]!; port = bracketed[2] ? Number(bracketed[2]) : 53; }
  else if (v4WithPort) { address = v4WithPort[1]!; port = Number(v4WithPort[2]); }
  const family = isIP(address);
  if (!family) throw new Error(`DNS upstream "${text}" is not an IP address (expected "ip", "ip:port" or "[ipv6]:port")`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`DNS upstream "${text}" has port ${port} outside 1-65535`);
  return { address: canonicalIp(address), port, family: family as 4 | 6 };
}

/** The `nameserver` lines of a resolv.conf text. */
export function resolvConfNameservers(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    // glibc accepts a zone suffix on link-local IPv6 (fe80::1%eth0); dgram cannot send to it portably.
    if (m && !m[1]!.includes('%') && isIP(m[1]!)) out.push(m[1]!);
  }
  return out;
}

export async function resolveUpstreams(o: {
  upstreams: string[];
  listen: Array<{ address: string; port: number }>;
  resolvConf?: string;
}): Promise<Upstream[]> {
  if (o.upstreams.length) return o.upstreams.map(parseUpstream);
  let text = '';
  try { text = await readFile(o.resolvConf ?? '/etc/resolv.conf', 'utf8'); } catch { /* no resolv.conf: no upstreams */ }
  const self = (u: Upstream) => o.listen.some((l) => canonicalIp(l.address) === u.address && l.port === u.port);
  return resolvConfNameservers(text).map(parseUpstream).filter((u) => !self(u));
}
