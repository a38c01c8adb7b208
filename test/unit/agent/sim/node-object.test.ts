import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthyConditions, nodeLease, simNode } from '../../../../src/agent/sim/node-object.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const spec = { name: 'sim-3', index: 3, internalIP: '127.1.0.4', podCIDR: '10.244.3.0/24', cpus: 1.5, memoryMb: 2048, pods: 30, dataSizeGb: 20, labels: { zone: 'a', type: 'other' } };
const healthy = (at: string, since = at) => [
  { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: at, lastTransitionTime: since, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', lastHeartbeatTime: at, lastTransitionTime: since, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', lastHeartbeatTime: at, lastTransitionTime: since, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', lastHeartbeatTime: at, lastTransitionTime: since, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];

describe('sim node objects', () => {
  it('the Node carries the standard labels, the simulated annotation, capacity from the flags and healthy conditions', () => {
    const resources = { cpu: '1500m', 'ephemeral-storage': '20Gi', memory: '2048Mi', pods: '30' };
    const id = 'kite-sim-sim-3';
    assert.deepEqual(simNode(spec, T0), {
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name: 'sim-3',
        labels: {
          zone: 'a', 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': 'sim-3', 'kubernetes.io/os': 'linux', type: 'kite-sim',
        },
        annotations: { 'kite.dev/simulated': 'true', 'node.alpha.kubernetes.io/ttl': '0' },
      },
      spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'], providerID: 'kite-sim://sim-3' },
      status: {
        capacity: resources, allocatable: resources,
        conditions: healthy('2025-03-01T10:00:00Z'),
        addresses: [{ type: 'InternalIP', address: '127.1.0.4' }, { type: 'Hostname', address: 'sim-3' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: id, systemUUID: id, bootID: id, kernelVersion: '6.1.0-kite-sim', osImage: 'Kite simulated node',
          containerRuntimeVersion: 'sim://1.0', kubeletVersion: 'v1.32.0+kite-sim', kubeProxyVersion: 'v1.32.0+kite-sim',
          operatingSystem: 'linux', architecture: 'amd64',
        },
      },
    });
  });

  it('a heartbeat keeps the transition time of unchanged conditions and resets it for ones set to Unknown', () => {
    const prev = healthy('2025-03-01T09:00:00Z', '2025-03-01T08:00:00Z');
    prev[3]!.status = 'Unknown';
    const next = healthyConditions(T0, prev);
    assert.deepEqual(next.map((c) => [c.type, c.lastHeartbeatTime, c.lastTransitionTime]), [
      ['MemoryPressure', '2025-03-01T10:00:00Z', '2025-03-01T08:00:00Z'],
      ['DiskPressure', '2025-03-01T10:00:00Z', '2025-03-01T08:00:00Z'],
      ['PIDPressure', '2025-03-01T10:00:00Z', '2025-03-01T08:00:00Z'],
      ['Ready', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z'],
    ]);
  });

  it('the Lease is held by the node, owned by it and renewed with a microsecond time', () => {
    assert.deepEqual(nodeLease('sim-3', 'uid-3', 40, T0 + 123), {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'sim-3', namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'sim-3', uid: 'uid-3' }] },
      spec: { holderIdentity: 'sim-3', leaseDurationSeconds: 40, renewTime: '2025-03-01T10:00:00.123000Z' },
    });
  });
});
