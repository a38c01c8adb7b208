import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../../../../src/api/errors.js';
import type { Service } from '../../../../src/api/registry/core-types.js';
import { IpRange, PortRange, ServiceAllocator } from '../../../../src/apiserver/services/index.js';

const fresh = () => {
  const ips = new IpRange('10.43.0.0/16', ['10.43.0.1', '10.43.0.10']);
  const ports = new PortRange(30000, 32767);
  return { ips, ports, alloc: new ServiceAllocator(ips, ports) };
};
const svc = (name: string, spec: Service['spec']): Service => ({ metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80 }], ...spec } });

function refusal(fn: () => unknown): string {
  try { fn(); } catch (e) { if (isStatusError(e)) return e.status.message ?? ''; throw e; }
  assert.fail('expected a refusal');
}

describe('ServiceAllocator', () => {
  it('fills the next cluster IP, skipping the kubernetes and DNS addresses', () => {
    const { alloc } = fresh();
    const a = svc('a', {});
    alloc.admit(a, undefined).commit();
    assert.equal(a.spec.clusterIP, '10.43.0.2');
    assert.deepEqual(a.spec.clusterIPs, ['10.43.0.2']);
  });

  it('leaves headless and ExternalName services without an address', () => {
    const { alloc, ips } = fresh();
    const h = svc('h', { clusterIP: 'None' });
    const e = svc('e', { type: 'ExternalName', externalName: 'x.example' });
    alloc.admit(h, undefined).commit();
    alloc.admit(e, undefined).commit();
    assert.equal(h.spec.clusterIP, 'None');
    assert.equal(e.spec.clusterIP, undefined);
    assert.equal(ips.free, 65534);
  });

  it('refuses an explicit cluster IP that is taken or outside the range with upstream wording', () => {
    const { alloc } = fresh();
    alloc.admit(svc('a', { clusterIP: '10.43.0.5' }), undefined).commit();
    assert.equal(refusal(() => alloc.admit(svc('b', { clusterIP: '10.43.0.5' }), undefined)),
      'Service "b" is invalid: spec.clusterIPs[0]: Invalid value: "10.43.0.5": provided IP is already allocated');
    assert.equal(refusal(() => alloc.admit(svc('c', { clusterIP: '10.99.0.5' }), undefined)),
      'Service "c" is invalid: spec.clusterIPs[0]: Invalid value: "10.99.0.5": provided IP is not in the valid range. The range of valid IPs is 10.43.0.0/16');
  });

  it('allocates node ports for NodePort and LoadBalancer services, and a health check port for Local', () => {
    const { alloc } = fresh();
    const np = svc('np', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30000 }] });
    alloc.admit(np, undefined).commit();
    assert.deepEqual(np.spec.ports?.map((p) => p.nodePort), [30001, 30000]);
    const lb = svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }) as Service & { spec: { healthCheckNodePort?: number } };
    alloc.admit(lb, undefined).commit();
    assert.equal(lb.spec.ports?.[0]?.nodePort, 30002);
    assert.equal(lb.spec.healthCheckNodePort, 30003);
  });

  it('refuses taken and out-of-range node ports and keeps nothing from the refused write', () => {
    const { alloc, ports, ips } = fresh();
    alloc.admit(svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), undefined).commit();
    const before = { ports: ports.free, ips: ips.free };
    assert.equal(refusal(() => alloc.admit(svc('b', { type: 'NodePort', ports: [{ name: 'x', port: 80, nodePort: 30081 }, { name: 'y', port: 81, nodePort: 30080 }] }), undefined)),
      'Service "b" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated');
    assert.equal(refusal(() => alloc.admit(svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }), undefined)),
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
    assert.deepEqual({ ports: ports.free, ips: ips.free }, before);
  });

  it('revert gives back everything a failed write took', () => {
    const { alloc, ports, ips } = fresh();
    const held = alloc.admit(svc('a', { type: 'NodePort' }), undefined);
    assert.equal(ports.free, 2767);
    held.revert();
    assert.deepEqual([ports.free, ips.free], [2768, 65534]);
  });

  it('an update keeps held values and releases dropped ones only on commit', () => {
    const { alloc, ports } = fresh();
    const old = svc('a', { type: 'NodePort' });
    alloc.admit(old, undefined).commit();
    const kept = structuredClone(old);
    alloc.admit(kept, old).commit();
    assert.equal(kept.spec.ports?.[0]?.nodePort, old.spec.ports?.[0]?.nodePort);
    assert.equal(ports.free, 2767);
    const toClusterIP = svc('a', { type: 'ClusterIP', clusterIP: old.spec.clusterIP });
    const held = alloc.admit(toClusterIP, old);
    assert.equal(ports.free, 2767, 'the old node port is held until the write is stored');
    held.commit();
    assert.equal(ports.free, 2768);
    assert.equal(toClusterIP.spec.clusterIP, old.spec.clusterIP);
  });

  it('changing to ExternalName releases the cluster IP; delete releases everything', () => {
    const { alloc, ips, ports } = fresh();
    const a = svc('a', { type: 'NodePort' });
    alloc.admit(a, undefined).commit();
    alloc.admit(svc('a', { type: 'ExternalName', externalName: 'x.example' }), a).commit();
    assert.equal(ips.free, 65534);
    const b = svc('b', { type: 'NodePort' });
    alloc.admit(b, undefined).commit();
    alloc.deleted(b);
    assert.deepEqual([ips.free, ports.free], [65534, 2768]);
  });

  it('rebuild marks stored allocations so nothing is handed out twice after a restart', () => {
    const { alloc } = fresh();
    const stored = [svc('a', { clusterIP: '10.43.0.2', type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] }), svc('b', { clusterIP: '10.43.0.2' })];
    assert.deepEqual(alloc.rebuild(stored), ['default/b: cluster IP 10.43.0.2']);
    const c = svc('c', { type: 'NodePort' });
    alloc.admit(c, undefined).commit();
    assert.equal(c.spec.clusterIP, '10.43.0.3');
    assert.equal(c.spec.ports?.[0]?.nodePort, 30001);
  });

  it('an exhausted range is an internal error naming the range', () => {
    const alloc = new ServiceAllocator(new IpRange('10.43.0.0/30'), new PortRange(30000, 30000));
    alloc.admit(svc('a', {}), undefined).commit();
    alloc.admit(svc('b', {}), undefined).commit();
    assert.match(refusal(() => alloc.admit(svc('c', {}), undefined)), /failed to allocate a serviceIP: range is full \(10\.43\.0\.0\/30\)/);
  });
});

describe('ServiceAllocator holds', () => {
  it('revert after commit, or twice, gives back nothing that is someone else\'s', () => {
    const { alloc, ips } = fresh();
    const a = svc('a', {});
    const held = alloc.admit(a, undefined);
    held.commit();
    held.revert();
    assert.equal(ips.has(a.spec.clusterIP ?? ''), true);
    const b = svc('b', {});
    const hb = alloc.admit(b, undefined);
    hb.revert();
    const c = svc('c', { clusterIP: b.spec.clusterIP });
    alloc.admit(c, undefined).commit();
    hb.revert();
    assert.equal(ips.has(c.spec.clusterIP ?? ''), true);
  });
});
