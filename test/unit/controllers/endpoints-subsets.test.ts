import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Service } from '../../../src/api/registry/core-types.js';
import { endpointSubsets } from '../../../src/controllers/endpoints-subsets.js';

const svc = (o: { publishNotReadyAddresses?: boolean; targetPort?: number | string } = {}): Service => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: o.targetPort ?? 8080, protocol: 'TCP' }], ...(o.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}) },
});
const pod = (name: string, ip: string, o: { ready?: boolean; deleting?: boolean; port?: number } = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: name, ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
  spec: { containers: [{ name: 'c', ports: o.port ? [{ name: 'web', containerPort: o.port }] : [] }] },
  status: { podIP: ip, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: name });

describe('endpointSubsets', () => {
  it('puts ready pods under addresses and the others under notReadyAddresses, sorted by IP', () => {
    assert.deepEqual(endpointSubsets(svc(), [pod('b', '10.244.0.10'), pod('a', '10.244.0.9'), pod('c', '10.244.0.3', { ready: false })]), [{
      addresses: [{ ip: '10.244.0.9', targetRef: ref('a') }, { ip: '10.244.0.10', targetRef: ref('b') }],
      notReadyAddresses: [{ ip: '10.244.0.3', targetRef: ref('c') }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  it('leaves terminating pods out unless the Service publishes not-ready addresses', () => {
    assert.deepEqual(endpointSubsets(svc(), [pod('a', '10.244.0.2', { deleting: true })]), []);
    assert.deepEqual(endpointSubsets(svc({ publishNotReadyAddresses: true }), [pod('a', '10.244.0.2', { deleting: true, ready: false })])[0]?.addresses, [{ ip: '10.244.0.2', targetRef: ref('a') }]);
  });

  it('groups pods by the port a named targetPort resolves to and drops pods without it', () => {
    const subsets = endpointSubsets(svc({ targetPort: 'web' }), [pod('a', '10.244.0.2', { port: 8080 }), pod('b', '10.244.0.3', { port: 9090 }), pod('c', '10.244.0.4')]);
    assert.deepEqual(subsets.map((s) => [s.ports?.[0]?.port, s.addresses?.map((a) => a.ip)]), [[8080, ['10.244.0.2']], [9090, ['10.244.0.3']]]);
  });
});
