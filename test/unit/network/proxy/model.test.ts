import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildServicePorts } from '../../../../src/network/proxy/model.js';
import { ep, slice, svc } from './fixtures.js';

const web = svc('web', { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] });

test('only ready endpoints are used; a missing ready condition counts as ready', () => {
  const [p] = buildServicePorts([web], [slice('web', [
    ep('10.42.0.2'), ep('10.42.0.3', { conditions: { ready: false } }), ep('10.42.0.4', { conditions: {} }),
  ], [{ name: 'http', port: 8080, protocol: 'TCP' }])], 'n1');
  assert.deepEqual(p!.endpoints.map((e) => e.ip), ['10.42.0.2', '10.42.0.4']);
});

test('serving-but-terminating endpoints are used only when none is ready', () => {
  const term = ep('10.42.0.5', { conditions: { ready: false, serving: true, terminating: true } });
  const only = buildServicePorts([web], [slice('web', [term, ep('10.42.0.6', { conditions: { ready: false } })], [{ name: 'http', port: 8080 }])], 'n1');
  assert.deepEqual(only[0]!.endpoints.map((e) => e.ip), ['10.42.0.5']);
  const mixed = buildServicePorts([web], [slice('web', [term, ep('10.42.0.7')], [{ name: 'http', port: 8080 }])], 'n1');
  assert.deepEqual(mixed[0]!.endpoints.map((e) => e.ip), ['10.42.0.7']);
});

test('endpoint ports match the Service port by name and protocol; endpoints from several slices are merged without duplicates', () => {
  const two = svc('two', { clusterIP: '10.43.0.21', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 53, protocol: 'UDP' }] });
  const ports = buildServicePorts([two], [
    slice('two', [ep('10.42.0.2'), ep('10.42.0.3')], [{ name: 'a', port: 8080, protocol: 'TCP' }, { name: 'b', port: 5353, protocol: 'UDP' }], 'two-1'),
    slice('two', [ep('10.42.0.3'), ep('10.42.0.9')], [{ name: 'a', port: 8080, protocol: 'TCP' }], 'two-2'),
    slice('other', [ep('10.42.0.99')], [{ name: 'a', port: 8080 }]),
  ], 'n1');
  assert.deepEqual(ports.map((p) => [p.name, p.protocol, p.endpoints.map((e) => `${e.ip}:${e.port}`)]), [
    ['default/two:a', 'tcp', ['10.42.0.2:8080', '10.42.0.3:8080', '10.42.0.9:8080']],
    ['default/two:b', 'udp', ['10.42.0.2:5353', '10.42.0.3:5353']],
  ]);
});

test('endpoints on this node are marked local', () => {
  const [p] = buildServicePorts([web], [slice('web', [ep('10.42.0.2', { nodeName: 'n1' }), ep('10.42.1.2', { nodeName: 'n2' })], [{ name: 'http', port: 8080 }])], 'n1');
  assert.deepEqual(p!.endpoints.map((e) => [e.ip, e.local]), [['10.42.0.2', true], ['10.42.1.2', false]]);
});

test('headless and ExternalName Services get no proxy rules; LB ingress IPs count only for type LoadBalancer', () => {
  const ports = buildServicePorts([
    svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    svc('ext', { type: 'ExternalName', externalName: 'example.org', ports: [{ port: 80 }] }),
    svc('cip', { clusterIP: '10.43.0.22', ports: [{ port: 80 }] }, { loadBalancer: { ingress: [{ ip: '192.168.5.5' }] } }),
    svc('lb', { type: 'LoadBalancer', clusterIP: '10.43.0.23', ports: [{ port: 80, nodePort: 30080 }] }, { loadBalancer: { ingress: [{ ip: '192.168.5.6' }, { hostname: 'x' }] } }),
  ], [], 'n1');
  assert.deepEqual(ports.map((p) => [p.name, p.loadBalancerIPs, p.nodePort]), [
    ['default/cip', [], undefined],
    ['default/lb', ['192.168.5.6'], 30080],
  ]);
});

test('ClientIP affinity defaults to 10800 s and honours sessionAffinityConfig', () => {
  const a = svc('a', { clusterIP: '10.43.0.24', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] });
  const b = svc('b', { clusterIP: '10.43.0.25', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80 }] });
  assert.deepEqual(buildServicePorts([a, b, web], [], 'n1').map((p) => p.affinitySeconds), [10800, 60, undefined]);
});
