import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Question } from 'dns-packet';
import { createDnsCache } from '../../../../src/network/dns/cache.js';
import type { Resolution } from '../../../../src/network/dns/cluster-answer.js';
import type { Forwarder } from '../../../../src/network/dns/forwarder.js';
import { createResolver } from '../../../../src/network/dns/resolver.js';
import { createZoneIndex } from '../../../../src/network/dns/zone-index.js';
import { svc } from './fixtures.js';

const D = 'cluster.local';
const q = (name: string, type = 'A') => ({ name, type } as Question);

/** A forwarder whose answers the test releases by hand, counting the questions it was asked. */
function gatedForwarder() {
  const asked: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const f: Forwarder = {
    async resolve(question) {
      asked.push(question.name);
      await gate;
      const r: Resolution = { rcode: 'NOERROR', authoritative: false, answers: [{ type: 'A', name: question.name, ttl: 60, class: 'IN', data: '192.0.2.7' }], authorities: [], additionals: [] };
      return { r, bytes: 60 };
    },
  };
  return { f, asked, release };
}

describe('cluster DNS resolver', () => {
  it('answers SERVFAIL for outside names when there is no upstream', async () => {
    const r = createResolver({ zone: createZoneIndex(D), domain: D, cache: createDnsCache() });
    assert.equal((await r.resolve(q('example.test'))).rcode, 'SERVFAIL');
  });

  it('identical questions in flight share one upstream query, and later ones come from the cache', async () => {
    const { f, asked, release } = gatedForwarder();
    const r = createResolver({ zone: createZoneIndex(D), domain: D, cache: createDnsCache(), forwarder: f });
    const pending = [r.resolve(q('example.test')), r.resolve(q('EXAMPLE.test.')), r.resolve(q('example.test'))];
    release();
    const out = await Promise.all(pending);
    assert.deepEqual(out.map((x) => x.answers.length), [1, 1, 1]);
    await r.resolve(q('example.test'));
    assert.deepEqual(asked, ['example.test']);
  });

  it('refuses new upstream work beyond maxInflight with SERVFAIL', async () => {
    const { f, release } = gatedForwarder();
    const r = createResolver({ zone: createZoneIndex(D), domain: D, cache: createDnsCache(), forwarder: f, maxInflight: 2 });
    const a = r.resolve(q('a.test'));
    const b = r.resolve(q('b.test'));
    assert.equal((await r.resolve(q('c.test'))).rcode, 'SERVFAIL');
    release();
    assert.equal((await a).rcode, 'NOERROR');
    assert.equal((await b).rcode, 'NOERROR');
  });

  it('follows an ExternalName to another Service inside the cluster', async () => {
    const z = createZoneIndex(D);
    z.setService(svc('default', 'alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }));
    z.setService(svc('default', 'web', { clusterIP: '10.43.0.20' }));
    const r = createResolver({ zone: z, domain: D, cache: createDnsCache() });
    const out = await r.resolve(q('alias.default.svc.cluster.local'));
    assert.deepEqual(out.answers.map((a) => `${a.type} ${(a as { data: string }).data}`), ['CNAME web.default.svc.cluster.local', 'A 10.43.0.20']);
  });

  it('an ExternalName loop stops after a bounded chain', async () => {
    const z = createZoneIndex(D);
    z.setService(svc('default', 'loop', { type: 'ExternalName', externalName: 'loop.default.svc.cluster.local' }));
    const r = createResolver({ zone: z, domain: D, cache: createDnsCache() });
    const out = await r.resolve(q('loop.default.svc.cluster.local'));
    assert.equal(out.answers.length, 9);
    assert.ok(out.answers.every((a) => a.type === 'CNAME'));
  });
});
