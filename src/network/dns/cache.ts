/**
 * A bounded LRU cache of upstream answers that honours their TTLs (CoreDNS's `cache` plugin, much
 * smaller). Positive answers live for their smallest TTL (capped), negative ones (NXDOMAIN, NODATA)
 * for the SOA minimum capped short, so a name that appears upstream is seen soon. SERVFAIL is never
 * cached. Entries are bounded by count and by the size of their wire form; a hit hands back copies
 * with TTLs lowered by the time spent in the cache.
 */
import type { Answer } from 'dns-packet';
import type { Resolution } from './cluster-answer.js';

export interface DnsCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  maxTtlS?: number;
  maxNegativeTtlS?: number;
  now?: () => number;
}

export interface DnsCache {
  get(key: string): Resolution | undefined;
  /** `bytes` is the answer's wire size, for the memory bound. */
  set(key: string, r: Resolution, bytes: number): void;
  size(): number;
}

interface Entry { r: Resolution; storedAt: number; expiresAt: number; bytes: number }

export const cacheKey = (name: string, type: string, klass = 'IN'): string => `${name.toLowerCase().replace(/\.$/, '')}|${type}|${klass}`;

function ttlOf(r: Resolution, maxTtl: number, maxNegative: number): number {
  if (r.rcode === 'NXDOMAIN' || (r.rcode === 'NOERROR' && r.answers.length === 0)) {
    const soa = r.authorities.find((a) => a.type === 'SOA');
    if (!soa || soa.type !== 'SOA') return 0;
    return Math.min(soa.ttl ?? 0, soa.data.minimum ?? 0, maxNegative);
  }
  if (r.rcode !== 'NOERROR') return 0;
  const ttls = [...r.answers, ...r.authorities, ...r.additionals].filter((a) => a.type !== 'OPT').map((a) => ('ttl' in a ? a.ttl ?? 0 : 0));
  return Math.min(maxTtl, ...ttls);
}

const aged = (list: Answer[], elapsedS: number): Answer[] =>
  list.map((a) => (a.type === 'OPT' ? a : { ...a, ttl: Math.max(0, (a.ttl ?? 0) - elapsedS) } as Answer));

export function createDnsCache(o: DnsCacheOptions = {}): DnsCache {
  const maxEntries = o.maxEntries ?? 10_000;
  const maxBytes = o.maxBytes ?? 16 * 1024 * 1024;
  const maxTtl = o.maxTtlS ?? 3600;
  const maxNegative = o.maxNegativeTtlS ?? 30;
  const now = o.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.bytes;
  };

  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      const t = now();
      if (t >= e.expiresAt) { drop(key); return undefined; }
      entries.delete(key);
      entries.set(key, e);
      const elapsed = Math.floor((t - e.storedAt) / 1000);
      return { ...e.r, answers: aged(e.r.answers, elapsed), authorities: aged(e.r.authorities, elapsed), additionals: aged(e.r.additionals, elapsed) };
    },
    set(key, r, size) {
      const ttl = ttlOf(r, maxTtl, maxNegative);
      if (ttl <= 0 || size > maxBytes / 16) return;
      drop(key);
      const t = now();
      entries.set(key, { r, storedAt: t, expiresAt: t + ttl * 1000, bytes: size });
      bytes += size;
      while (entries.size > maxEntries || bytes > maxBytes) {
        const oldest = entries.keys().next().value as string;
        drop(oldest);
      }
    },
    size: () => entries.size,
  };
}
