import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Question } from 'dns-packet';
import { answerCluster } from '../../../../src/network/dns/cluster-answer.js';
import { createZoneIndex } from '../../../../src/network/dns/zone-index.js';
import { slice, svc } from './fixtures.js';

const D = 'cluster.local';
function zone() {
  const z = createZoneIndex(D);
  z.setService(svc('default', 'web', { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }));
  z.setService(svc('db', 'pg', { clusterIP: 'None', ports: [{ name: 'sql', port: 5432 }] }));
  z.setSlice(slice('db', 'pg-a', 'pg', [{ addresses: ['10.42.0.5'], hostname: 'pg-0' }, { addresses: ['10.42.0.6'], hostname: 'pg-1' }], [{ name: 'sql', port: 5432, protocol: 'TCP' }]));
  z.setService(svc('default', 'ext', { type: 'ExternalName', externalName: 'example.test' }));
  return z;
}
const ask = (name: string, type: string) => answerCluster({ name, type } as Question, zone(), D);
const data = (r: ReturnType<typeof ask>) => r?.answers.map((a) => (a as { data: unknown }).data);

describe('cluster DNS answers', () => {
  it('A for a Service name is its ClusterIP with TTL 5, echoing the question case', () => {
    const r = ask('Web.Default.svc.cluster.local', 'A');
    assert.equal(r?.rcode, 'NOERROR');
    assert.equal(r?.authoritative, true);
    assert.deepEqual(r?.answers, [{ type: 'A', name: 'Web.Default.svc.cluster.local', ttl: 5, class: 'IN', data: '10.43.0.20' }]);
  });

  it('AAAA for an IPv4-only name is NODATA with the SOA in authority', () => {
    const r = ask('web.default.svc.cluster.local', 'AAAA');
    assert.equal(r?.rcode, 'NOERROR');
    assert.deepEqual(r?.answers, []);
    assert.equal(r?.authorities[0]?.type, 'SOA');
    assert.equal(r?.authorities[0]?.name, 'cluster.local');
  });

  it('a headless Service answers with every ready endpoint IP, and a hostname with its pod IP', () => {
    assert.deepEqual(data(ask('pg.db.svc.cluster.local', 'A'))?.sort(), ['10.42.0.5', '10.42.0.6']);
    assert.deepEqual(data(ask('pg-1.pg.db.svc.cluster.local', 'A')), ['10.42.0.6']);
  });

  it('SRV for a named port lists the targets and puts their addresses in the additional section', () => {
    const r = ask('_sql._tcp.pg.db.svc.cluster.local', 'SRV');
    assert.deepEqual(data(r)?.map((d) => (d as { target: string }).target).sort(), ['pg-0.pg.db.svc.cluster.local', 'pg-1.pg.db.svc.cluster.local']);
    assert.deepEqual(r?.additionals.map((a) => `${a.name} ${(a as { data: string }).data}`).sort(),
      ['pg-0.pg.db.svc.cluster.local 10.42.0.5', 'pg-1.pg.db.svc.cluster.local 10.42.0.6']);
    const c = ask('_http._tcp.web.default.svc.cluster.local', 'SRV');
    assert.deepEqual(data(c), [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
  });

  it('PTR of a ClusterIP names the Service; of an endpoint IP names the endpoint; unknown IPs are not ours', () => {
    assert.deepEqual(data(ask('20.0.43.10.in-addr.arpa', 'PTR')), ['web.default.svc.cluster.local']);
    assert.deepEqual(data(ask('5.0.42.10.in-addr.arpa.', 'PTR')), ['pg-0.pg.db.svc.cluster.local']);
    assert.equal(ask('7.0.0.10.in-addr.arpa', 'PTR'), undefined);
  });

  it('a dashed pod name answers with that IP (pods insecure)', () => {
    assert.deepEqual(data(ask('10-42-0-77.default.pod.cluster.local', 'A')), ['10.42.0.77']);
    assert.equal(ask('10-42-0-777.default.pod.cluster.local', 'A')?.rcode, 'NXDOMAIN');
    assert.deepEqual(ask('10-42-0-77.default.pod.cluster.local', 'AAAA')?.answers, []);
  });

  it('ExternalName answers a CNAME and asks the caller to chase the target', () => {
    const r = ask('ext.default.svc.cluster.local', 'A');
    assert.deepEqual(data(r), ['example.test']);
    assert.equal(r?.answers[0]?.type, 'CNAME');
    assert.equal(r?.chase, 'example.test');
  });

  it('missing names under the domain are NXDOMAIN with the SOA, including search-path expansions', () => {
    for (const name of ['nope.default.svc.cluster.local', 'web.default.svc.cluster.local.default.svc.cluster.local', 'x.y.cluster.local']) {
      const r = ask(name, 'A');
      assert.equal(r?.rcode, 'NXDOMAIN', name);
      assert.equal(r?.authorities[0]?.type, 'SOA');
    }
  });

  it('empty non-terminals (namespace, svc, port protocol) are NODATA, not NXDOMAIN', () => {
    for (const name of ['default.svc.cluster.local', 'svc.cluster.local', '_tcp.web.default.svc.cluster.local', 'cluster.local']) {
      const r = ask(name, 'A');
      assert.equal(r?.rcode, 'NOERROR', name);
      assert.deepEqual(r?.answers, []);
    }
  });

  it('SOA at the apex answers, names outside the domain are not ours', () => {
    assert.equal(ask('cluster.local', 'SOA')?.answers[0]?.type, 'SOA');
    assert.equal(ask('example.test', 'A'), undefined);
    assert.equal(ask('notcluster.local', 'A'), undefined);
  });

  it('an IPv6 ClusterIP answers AAAA and its ip6.arpa name, while A is NODATA', () => {
    const z = createZoneIndex(D);
    z.setService(svc('default', 'v6', { clusterIP: 'fd00:43::0020', clusterIPs: ['fd00:43::0020'] }));
    const r = answerCluster({ name: 'v6.default.svc.cluster.local', type: 'AAAA' } as Question, z, D);
    assert.deepEqual(data(r), ['fd00:43::20']);
    assert.deepEqual(answerCluster({ name: 'v6.default.svc.cluster.local', type: 'A' } as Question, z, D)?.answers, []);
    const rev = '0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.3.4.0.0.0.0.d.f.ip6.arpa';
    assert.deepEqual(data(answerCluster({ name: rev, type: 'PTR' } as Question, z, D)), ['v6.default.svc.cluster.local']);
  });
});
