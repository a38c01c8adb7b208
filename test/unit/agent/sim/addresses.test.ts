import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPodIPs, MAX_NODE_INDEX, nodeInternalIP, nodePodCIDR } from '../../../../src/agent/sim/addresses.js';

describe('sim address plan', () => {
  it('node indexes map to 127.1.x.y InternalIPs and 10.244.<index>.0/24 pod CIDRs', () => {
    assert.deepEqual([0, 1, 254, 255, 999].map(nodeInternalIP), ['127.1.0.1', '127.1.0.2', '127.1.0.255', '127.1.1.0', '127.1.3.232']);
    assert.deepEqual([0, 7, 255, 256, MAX_NODE_INDEX].map(nodePodCIDR), ['10.244.0.0/24', '10.244.7.0/24', '10.244.255.0/24', '10.245.0.0/24', '10.255.255.0/24']);
  });

  it('pods get distinct IPs from .2 up, keep them, and freed IPs are reused', () => {
    const ips = createPodIPs();
    const n1 = { name: 'sim-1', index: 1 };
    assert.equal(ips.assign('ns/a', n1), '10.244.1.2');
    assert.equal(ips.assign('ns/b', n1), '10.244.1.3');
    assert.equal(ips.assign('ns/a', n1), '10.244.1.2');
    ips.release('ns/a');
    assert.equal(ips.assign('ns/c', n1), '10.244.1.2');
  });

  it('pods take IPs from the node\'s podCIDR when it has one, and from the plan when it is unusable', () => {
    const ips = createPodIPs();
    assert.equal(ips.assign('ns/a', { name: 'sim-1', index: 1, podCIDR: '10.42.7.0/24' }), '10.42.7.2');
    assert.equal(ips.assign('ns/b', { name: 'sim-2', index: 2, podCIDR: '10.42.8.0/29' }), '10.42.8.2');
    assert.deepEqual([3, 4, 5, 6].map((i) => ips.assign(`ns/c${i}`, { name: 'sim-2', index: 2, podCIDR: '10.42.8.0/29' })), ['10.42.8.3', '10.42.8.4', '10.42.8.5', '10.42.8.6']);
    assert.equal(ips.assign('ns/full', { name: 'sim-2', index: 2, podCIDR: '10.42.8.0/29' }), undefined);
    assert.equal(ips.assign('ns/d', { name: 'sim-3', index: 3, podCIDR: 'garbage' }), '10.244.3.2');
  });

  it('an IP a pod already reports is kept after a restart when it lies in the node CIDR and is free', () => {
    const ips = createPodIPs();
    const n2 = { name: 'sim-2', index: 2 };
    assert.equal(ips.assign('ns/a', n2, '10.244.2.77'), '10.244.2.77');
    assert.equal(ips.assign('ns/b', n2, '10.244.2.77'), '10.244.2.2');
    assert.equal(ips.assign('ns/c', n2, '10.244.9.5'), '10.244.2.3');
  });

  it('a pod name moving to another node releases its old IP; a full /24 yields undefined', () => {
    const ips = createPodIPs();
    const n0 = { name: 'sim-0', index: 0 };
    for (let i = 0; i < 253; i++) assert.ok(ips.assign(`ns/p${i}`, n0));
    assert.equal(ips.assign('ns/extra', n0), undefined);
    assert.equal(ips.assign('ns/p0', { name: 'sim-5', index: 5 }), '10.244.5.2');
    assert.equal(ips.assign('ns/extra', n0), '10.244.0.2');
  });
});
