import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answer } from 'dns-packet';
import { cacheKey, createDnsCache } from '../../../../src/network/dns/cache.js';
import type { Resolution } from '../../../../src/network/dns/cluster-answer.js';

const a = (name: string, ip: string, ttl: number): Answer => ({ type: 'A', name, ttl, class: 'IN', data: ip });
const soa = (ttl: number, minimum: number): Answer => ({ type: 'SOA', name: 'test', ttl, class: 'IN', data: { mname: 'ns.test', rname: 'h.test', minimum } });
const res = (rcode: Resolution['rcode'], answers: Answer[], authorities: Answer[] = []): Resolution => ({ rcode, authoritative: false, answers, authorities, additionals: [] });

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('DNS answer cache', () => {
  it('keeps an answer for its smallest TTL and hands it back with the TTL lowered by its age', () => {
    const c = clock();
    const cache = createDnsCache({ now: c.now });
    cache.set(cacheKey('a.test', 'A'), res('NOERROR', [a('a.test', '192.0.2.1', 60), a('a.test', '192.0.2.2', 30)]), 100);
    c.advance(10_000);
    assert.deepEqual(cache.get(cacheKey('A.TEST.', 'A'))?.answers.map((x) => x.type !== 'OPT' && x.ttl), [50, 20]);
    c.advance(20_000);
    assert.equal(cache.get(cacheKey('a.test', 'A')), undefined, 'expired at the smallest TTL');
  });

  it('caches NXDOMAIN for the SOA minimum capped at the negative limit, and never caches SERVFAIL', () => {
    const c = clock();
    const cache = createDnsCache({ now: c.now, maxNegativeTtlS: 10 });
    cache.set('nx', res('NXDOMAIN', [], [soa(3600, 900)]), 100);
    cache.set('fail', res('SERVFAIL', []), 100);
    cache.set('nosoa', res('NXDOMAIN', []), 100);
    assert.equal(cache.get('fail'), undefined);
    assert.equal(cache.get('nosoa'), undefined);
    c.advance(9_000);
    assert.equal(cache.get('nx')?.rcode, 'NXDOMAIN');
    c.advance(2_000);
    assert.equal(cache.get('nx'), undefined);
  });

  it('caps long TTLs', () => {
    const c = clock();
    const cache = createDnsCache({ now: c.now, maxTtlS: 60 });
    cache.set('k', res('NOERROR', [a('a.test', '192.0.2.1', 86_400)]), 100);
    c.advance(61_000);
    assert.equal(cache.get('k'), undefined);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createDnsCache({ maxEntries: 2 });
    cache.set('one', res('NOERROR', [a('one', '192.0.2.1', 60)]), 10);
    cache.set('two', res('NOERROR', [a('two', '192.0.2.2', 60)]), 10);
    assert.ok(cache.get('one'), 'touch one so two is the oldest');
    cache.set('three', res('NOERROR', [a('three', '192.0.2.3', 60)]), 10);
    assert.equal(cache.size(), 2);
    assert.ok(cache.get('one'));
    assert.equal(cache.get('two'), undefined);
    assert.ok(cache.get('three'));
  });

  it('stays within maxBytes', () => {
    const cache = createDnsCache({ maxBytes: 16_000 });
    for (let i = 0; i < 50; i++) cache.set(`k${i}`, res('NOERROR', [a(`k${i}`, '192.0.2.1', 60)]), 900);
    assert.ok(cache.size() <= 17, `size ${cache.size()}`);
    assert.ok(cache.get('k49'));
  });
});
