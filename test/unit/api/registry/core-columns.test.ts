import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { events } from '../../../../src/api/registry/core-misc.js';
import { nodes } from '../../../../src/api/registry/core-node.js';
import { pods } from '../../../../src/api/registry/core-pod.js';
import { endpoints, services } from '../../../../src/api/registry/core-service.js';
import type { CoreEvent, Node, Pod, Service } from '../../../../src/api/registry/core-types.js';
import type { CellValue, ResourceDef } from '../../../../src/api/registry/types.js';
import type { KObject } from '../../../../src/api/types/index.js';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

/** The row as the API server would send it: one cell per column, in column order. */
function row<T extends KObject>(def: ResourceDef<T>, o: T): Record<string, CellValue> {
  return Object.fromEntries((def.columns ?? []).map((c) => [c.name, c.value(o, now)]));
}

const pod = (status: Pod['status'], extra: Partial<Pod> = {}): Pod => ({
  metadata: { name: 'web', creationTimestamp: ago(300) },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  status, ...extra,
});

describe('pod columns', () => {
  it('a running ready pod shows 1/1 Running with IP and node', () => {
    const p = pod({
      phase: 'Running', podIP: '10.42.0.5', podIPs: [{ ip: '10.42.0.5' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(200) } } }],
    });
    p.spec.nodeName = 'edge-1';
    assert.deepEqual(row(pods, p), {
      Name: 'web', Ready: '1/1', Status: 'Running', Restarts: '0', Age: '5m',
      IP: '10.42.0.5', Node: 'edge-1', 'Nominated Node': '<none>', 'Readiness Gates': '<none>',
    });
  });

  it('a pod with a deletionTimestamp shows Terminating', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] });
    p.metadata.deletionTimestamp = ago(1);
    assert.equal(row(pods, p).Status, 'Terminating');
  });

  it('a crash-looping container shows its waiting reason and the last restart age', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [{
        name: 'app', ready: false, restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(120) } },
      }],
    });
    const r = row(pods, p);
    assert.equal(r.Ready, '0/1');
    assert.equal(r.Status, 'CrashLoopBackOff');
    assert.equal(r.Restarts, '3 (2m ago)');
  });

  it('a finished pod shows Completed', () => {
    const p = pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
    assert.equal(row(pods, p).Status, 'Completed');
    assert.equal(row(pods, p).Ready, '0/1');
  });

  it('a pod running its second of two init containers shows Init:1/2', () => {
    const p = pod({
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'a', ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', ready: false, restartCount: 0, state: { running: {} } },
      ],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    });
    p.spec.initContainers = [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }];
    assert.equal(row(pods, p).Status, 'Init:1/2');
  });

  it('a terminated container without a reason shows its exit code', () => {
    const p = pod({ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] });
    assert.equal(row(pods, p).Status, 'ExitCode:2');
  });
});

describe('node columns', () => {
  it('a cordoned ready control-plane node shows Ready,SchedulingDisabled and sorted roles', () => {
    const n: Node = {
      metadata: { name: 'edge-1', creationTimestamp: ago(3 * 86400 + 4 * 3600), labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '192.168.1.10' }, { type: 'Hostname', address: 'edge-1' }],
        nodeInfo: { kubeletVersion: 'v1.32.0-kite', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'containerd://1.7.24' },
      },
    };
    assert.deepEqual(row(nodes, n), {
      Name: 'edge-1', Status: 'Ready,SchedulingDisabled', Roles: 'control-plane,worker', Age: '3d4h', Version: 'v1.32.0-kite',
      'Internal-IP': '192.168.1.10', 'External-IP': '<none>', 'OS-Image': 'Debian GNU/Linux 12 (bookworm)',
      'Kernel-Version': '6.1.0', 'Container-Runtime': 'containerd://1.7.24',
    });
  });

  it('a node whose Ready condition is not True is NotReady, without one Unknown, and has no roles', () => {
    const r = row(nodes, { metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
    assert.equal(r.Status, 'NotReady');
    assert.equal(row(nodes, { metadata: { name: 'n' } }).Status, 'Unknown');
    assert.equal(r.Roles, '<none>');
  });
});

describe('service columns', () => {
  it('a NodePort service shows 80:30080/TCP and no external IP', () => {
    const s: Service = {
      metadata: { name: 'web', creationTimestamp: ago(45) },
      spec: { type: 'NodePort', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], selector: { app: 'web', tier: 'fe' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
    };
    assert.deepEqual(row(services, s), {
      Name: 'web', Type: 'NodePort', 'Cluster-IP': '10.43.0.10', 'External-IP': '<none>',
      'Port(s)': '80:30080/TCP,53/UDP', Age: '45s', Selector: 'app=web,tier=fe',
    });
  });

  it('a LoadBalancer without ingress is <pending>, with ingress lists its IPs', () => {
    const s: Service = { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [] } };
    assert.equal(row(services, s)['External-IP'], '<pending>');
    assert.equal(row(services, s)['Port(s)'], '<none>');
    s.status = { loadBalancer: { ingress: [{ ip: '192.168.1.240' }] } };
    assert.equal(row(services, s)['External-IP'], '192.168.1.240');
  });
});

describe('endpoints and event columns', () => {
  it('endpoints list ip:port pairs and summarize beyond three', () => {
    const ep = { metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] };
    assert.equal(row(endpoints, ep).Endpoints, '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
    assert.equal(row(endpoints, { metadata: { name: 'x' } }).Endpoints, '<none>');
  });

  it('an event shows the lower-case kind/name object and its source', () => {
    const e: CoreEvent = {
      metadata: { name: 'web.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{app}' },
      reason: 'Pulled', message: 'Successfully pulled image "nginx"\n', type: 'Normal',
      source: { component: 'kubelet', host: 'edge-1' }, firstTimestamp: ago(600), lastTimestamp: ago(30), count: 4,
    };
    assert.deepEqual(row(events, e), {
      'Last Seen': '30s', Type: 'Normal', Reason: 'Pulled', Object: 'pod/web', Subobject: 'spec.containers{app}',
      Source: 'kubelet, edge-1', Message: 'Successfully pulled image "nginx"', 'First Seen': '10m', Count: 4, Name: 'web.17a',
    });
  });
});
