/**
 * One question → one Resolution: the cluster zone first, then the cache, then the upstreams.
 * Identical questions in flight share one upstream query, and the number of distinct ones in flight
 * is capped (SERVFAIL beyond it) so a flood cannot grow memory without bound. ExternalName CNAMEs
 * are followed (up to 8 links) so that clients that don't chase CNAMEs still get addresses.
 */
import type { Question } from 'dns-packet';
import { answerCluster, type Resolution } from './cluster-answer.js';
import { cacheKey, type DnsCache } from './cache.js';
import { servfail, type Forwarder } from './forwarder.js';
import type { ZoneIndex } from './zone-index.js';

export interface Resolver { resolve(q: Question): Promise<Resolution> }

const MAX_CHAIN = 8;

export function createResolver(o: {
  zone: ZoneIndex; domain: string; forwarder?: Forwarder; cache: DnsCache; maxInflight?: number;
}): Resolver {
  const inflight = new Map<string, Promise<Resolution>>();
  const maxInflight = o.maxInflight ?? 1024;

  function forward(q: Question): Promise<Resolution> {
    if (!o.forwarder) return Promise.resolve(servfail());
    const key = cacheKey(q.name, q.type, q.class ?? 'IN');
    const hit = o.cache.get(key);
    if (hit) return Promise.resolve(hit);
    const pending = inflight.get(key);
    if (pending) return pending;
    if (inflight.size >= maxInflight) return Promise.resolve(servfail());
    const p = o.forwarder.resolve(q).then(({ r, bytes }) => {
      o.cache.set(key, r, bytes);
      return r;
    }).finally(() => inflight.delete(key));
    inflight.set(key, p);
    return p;
  }

  async function resolve(q: Question, depth: number): Promise<Resolution> {
    const local = answerCluster(q, o.zone, o.domain);
    if (!local) return forward(q);
    if (!local.chase || depth >= MAX_CHAIN) return local;
    const next = await resolve({ name: local.chase, type: q.type, class: q.class }, depth + 1);
    if (next.rcode === 'SERVFAIL') return local;
    return {
      ...local,
      rcode: next.rcode,
      answers: [...local.answers, ...next.answers],
      authorities: next.answers.length ? [] : next.authorities,
    };
  }

  return { resolve: (q) => resolve(q, 0) };
}
