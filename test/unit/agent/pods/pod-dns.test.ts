import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import { podDnsConfig } from '../../../../src/agent/pods/pod-dns.js';

const host = { servers: ['192.0.2.53', '192.0.2.54'], searches: ['lan.example'], options: ['edns0', 'ndots:1'] };
const cluster = { servers: ['10.43.0.10'], domain: 'cluster.local' };
const pod = (spec: Partial<Pod['spec']>, namespace = 'shop'): Pod => ({ metadata: { name: 'p', namespace }, spec: { containers: [], ...spec } } as Pod);
const CLUSTER = { servers: ['10.43.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lan.example'], options: ['ndots:5'] };

describe('pod resolv.conf per dnsPolicy', () => {
  it('ClusterFirst (the default): cluster DNS, namespace search path before the host\'s searches, ndots:5', () => {
    assert.deepEqual(podDnsConfig(pod({}), host, cluster), CLUSTER);
    assert.deepEqual(podDnsConfig(pod({ dnsPolicy: 'ClusterFirst' }), host, cluster), CLUSTER);
  });

  it('ClusterFirst on the host network falls back to the host\'s resolv.conf; ClusterFirstWithHostNet does not', () => {
    assert.deepEqual(podDnsConfig(pod({ hostNetwork: true }), host, cluster), host);
    assert.deepEqual(podDnsConfig(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), host, cluster), CLUSTER);
  });

  it('Default uses the host\'s resolv.conf; so does ClusterFirst while no cluster DNS is configured', () => {
    assert.deepEqual(podDnsConfig(pod({ dnsPolicy: 'Default' }), host, cluster), host);
    assert.deepEqual(podDnsConfig(pod({}), host, undefined), host);
  });

  it('None uses only dnsConfig', () => {
    const spec = { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['x.example'], options: [{ name: 'ndots', value: '2' }, { name: 'rotate' }] } };
    assert.deepEqual(podDnsConfig(pod(spec), host, cluster), { servers: ['1.2.3.4'], searches: ['x.example'], options: ['ndots:2', 'rotate'] });
  });

  it('dnsConfig is appended without duplicates, its options override by name, at most 3 nameservers', () => {
    const spec = { dnsConfig: { nameservers: ['10.43.0.10', '1.1.1.1', '2.2.2.2', '3.3.3.3'], searches: ['cluster.local', 'extra.example'], options: [{ name: 'ndots', value: '2' }, { name: 'single-request' }] } };
    assert.deepEqual(podDnsConfig(pod(spec), host, cluster), {
      servers: ['10.43.0.10', '1.1.1.1', '2.2.2.2'],
      searches: [...CLUSTER.searches, 'extra.example'],
      options: ['ndots:2', 'single-request'],
    });
  });
});
