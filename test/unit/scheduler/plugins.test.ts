import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/registry/core-types.js';
import type { NodeInfo } from '../../../src/scheduler/node-info.js';
import { podInfo } from '../../../src/scheduler/pod-info.js';
import { nodeAffinity, nodeAffinityScore } from '../../../src/scheduler/plugins/node-affinity.js';
import { nodePorts } from '../../../src/scheduler/plugins/node-ports.js';
import { balancedAllocation, leastAllocated, nodeResourcesFit } from '../../../src/scheduler/plugins/node-resources.js';
import { nodeUnschedulable } from '../../../src/scheduler/plugins/node-unschedulable.js';
import { controllerSpread } from '../../../src/scheduler/plugins/spread.js';
import { taintToleration, taintTolerationScore, tolerates } from '../../../src/scheduler/plugins/taint-toleration.js';
import { podCtx, type Filter, type Scorer } from '../../../src/scheduler/plugins/types.js';
import { node, nodeInfo, pod } from './fixtures.js';

const run = (f: Filter, p: Pod, n: NodeInfo) => f.filter(podCtx(p, podInfo(p, '')), n);
const score = (s: Scorer, p: Pod, n: NodeInfo) => s.score(podCtx(p, podInfo(p, '')), n);
const affinity = (terms: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });

describe('NodeResourcesFit filter', () => {
  it('a pod requesting 2 CPUs does not fit a node with 1.5 CPUs free', () => {
    const n = nodeInfo(node('n1', { cpu: '4' }), [pod('a', { cpu: '2500m' })]);
    assert.deepEqual(run(nodeResourcesFit, pod('p', { cpu: '2' }), n), ['Insufficient cpu']);
    assert.equal(run(nodeResourcesFit, pod('p', { cpu: '1500m' }), n), null);
  });

  it('reports every insufficient resource of a node, pods count first', () => {
    const n = nodeInfo(node('n1', { cpu: '1', memory: '1Gi', pods: '1' }), [pod('a', { cpu: '500m' })]);
    assert.deepEqual(run(nodeResourcesFit, pod('p', { cpu: '1', memory: '2Gi' }), n), ['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
  });

  it('a pod requesting nothing still counts against the pods limit', () => {
    const n = nodeInfo(node('n1', { pods: '2' }), [pod('a'), pod('b')]);
    assert.deepEqual(run(nodeResourcesFit, pod('p'), n), ['Too many pods']);
    assert.equal(run(nodeResourcesFit, pod('p'), nodeInfo(node('n1', { pods: '3' }), [pod('a'), pod('b')])), null);
  });

  it('takes the largest init container when it exceeds the sum of the app containers', () => {
    const p = pod('p', {
      containers: [{ name: 'a', resources: { requests: { cpu: '500m' } } }, { name: 'b', resources: { requests: { cpu: '500m' } } }],
      initContainers: [{ name: 'init', resources: { requests: { cpu: '3' } } }],
    });
    assert.equal(podInfo(p).req.milliCpu, 3000);
    assert.deepEqual(run(nodeResourcesFit, p, nodeInfo(node('n1', { cpu: '2' }))), ['Insufficient cpu']);
  });

  it('uses limits as requests when requests are unset', () => {
    const p = pod('p', { containers: [{ name: 'a', resources: { limits: { cpu: '2', memory: '1Gi' } } }] });
    assert.deepEqual(podInfo(p).req, { milliCpu: 2000, memory: 1024 ** 3, ephemeral: 0, pods: 1 });
  });
});

describe('NodeResourcesFit (LeastAllocated) and BalancedAllocation scores', () => {
  it('LeastAllocated averages the free share of cpu and memory, counting unset requests as 100m / 200Mi', () => {
    const n = nodeInfo(node('n1', { cpu: '4', memory: '8Gi' }), [pod('a', { cpu: '1', memory: '2Gi' })]);
    // cpu: (4000-2000)/4000 → 50; memory: (8Gi-4Gi)/8Gi → 50
    assert.equal(score(leastAllocated, pod('p', { cpu: '1', memory: '2Gi' }), n), 50);
    // defaults: cpu (4000-1100)*100/4000 = 72; memory (8192-2048-200)*100/8192 = 72 → 72
    assert.equal(score(leastAllocated, pod('p'), n), 72);
  });

  it('BalancedAllocation is 100 when cpu and memory are used in equal shares and drops with the difference', () => {
    const n = nodeInfo(node('n1', { cpu: '4', memory: '8Gi' }));
    assert.equal(score(balancedAllocation, pod('p', { cpu: '2', memory: '4Gi' }), n), 100);
    // cpu 1.0, memory 0.25 → std 0.375 → 62
    assert.equal(score(balancedAllocation, pod('p', { cpu: '4', memory: '2Gi' }), n), 62);
  });
});

describe('NodeUnschedulable filter', () => {
  const cordoned = nodeInfo(node('n1', { unschedulable: true }));
  it('a cordoned node rejects pods', () => {
    assert.deepEqual(run(nodeUnschedulable, pod('p'), cordoned), ['node(s) were unschedulable']);
  });
  it('unless they tolerate node.kubernetes.io/unschedulable:NoSchedule', () => {
    const p = pod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.equal(run(nodeUnschedulable, p, cordoned), null);
  });
});

describe('TaintToleration', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it('tolerations match by Equal value, Exists, empty key (all keys) and empty effect (all effects)', () => {
    assert.equal(tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint), true);
    assert.equal(tolerates({ key: 'dedicated', value: 'gpu' }, taint), true);
    assert.equal(tolerates({ key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }, taint), false);
    assert.equal(tolerates({ key: 'dedicated', operator: 'Exists' }, taint), true);
    assert.equal(tolerates({ operator: 'Exists' }, taint), true);
    assert.equal(tolerates({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint), false);
    assert.equal(tolerates({ key: 'other', operator: 'Exists' }, taint), false);
  });

  it('an untolerated NoSchedule or NoExecute taint rejects the node, naming the first such taint', () => {
    const n = nodeInfo(node('n1', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, taint] }));
    assert.deepEqual(run(taintToleration, pod('p'), n), ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    const p = pod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.deepEqual(run(taintToleration, p, n), ['node(s) had untolerated taint {dedicated: gpu}']);
    const both = pod('p', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }, { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    assert.equal(run(taintToleration, both, n), null);
    const noExec = nodeInfo(node('n2', { taints: [{ key: 'x', value: 'y', effect: 'NoExecute' }] }));
    assert.deepEqual(run(taintToleration, pod('p'), noExec), ['node(s) had untolerated taint {x: y}']);
  });

  it('a node whose Ready condition is not True counts as tainted not-ready or unreachable until the taint is there', () => {
    assert.deepEqual(run(taintToleration, pod('p'), nodeInfo(node('n1', { ready: 'False' }))), ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
    assert.deepEqual(run(taintToleration, pod('p'), nodeInfo(node('n1', { ready: 'Unknown' }))), ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']);
    assert.deepEqual(run(taintToleration, pod('p'), nodeInfo(node('n1', { ready: null }))), ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
    const ds = pod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] });
    assert.equal(run(taintToleration, ds, nodeInfo(node('n1', { ready: 'False' }))), null);
  });

  it('PreferNoSchedule taints only score: the count of untolerated ones (normalized in reverse later)', () => {
    const n = nodeInfo(node('n1', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] }));
    assert.equal(run(taintToleration, pod('p'), n), null);
    assert.equal(score(taintTolerationScore, pod('p'), n), 2);
    assert.equal(score(taintTolerationScore, pod('p', { tolerations: [{ key: 'a', operator: 'Exists' }] }), n), 1);
    // a NoSchedule-only toleration does not count for PreferNoSchedule
    assert.equal(score(taintTolerationScore, pod('p', { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }] }), n), 2);
  });
});

describe('NodeAffinity', () => {
  const n = nodeInfo(node('n1', { labels: { zone: 'a', disk: 'ssd', cores: '8' } }));
  const reason = ["node(s) didn't match Pod's node affinity/selector"];

  it('nodeSelector needs every label to match', () => {
    assert.equal(run(nodeAffinity, pod('p', { nodeSelector: { zone: 'a', 'kubernetes.io/os': 'linux' } }), n), null);
    assert.deepEqual(run(nodeAffinity, pod('p', { nodeSelector: { zone: 'b' } }), n), reason);
    assert.deepEqual(run(nodeAffinity, pod('p', { nodeSelector: { 'kubernetes.io/os': 'windows' } }), n), reason);
  });

  it('In, NotIn, Exists, DoesNotExist, Gt and Lt on node labels', () => {
    const fits = (key: string, operator: string, values?: string[]) =>
      run(nodeAffinity, pod('p', { affinity: affinity([{ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }]) }), n) === null;
    assert.deepEqual([fits('zone', 'In', ['a', 'b']), fits('zone', 'In', ['b'])], [true, false]);
    assert.deepEqual([fits('zone', 'NotIn', ['b']), fits('zone', 'NotIn', ['a']), fits('absent', 'NotIn', ['a'])], [true, false, true]);
    assert.deepEqual([fits('disk', 'Exists'), fits('absent', 'Exists')], [true, false]);
    assert.deepEqual([fits('absent', 'DoesNotExist'), fits('disk', 'DoesNotExist')], [true, false]);
    assert.deepEqual([fits('cores', 'Gt', ['4']), fits('cores', 'Gt', ['8']), fits('cores', 'Lt', ['16']), fits('zone', 'Gt', ['1'])], [true, false, true, false]);
  });

  it('terms are ORed, expressions ANDed, matchFields matches metadata.name, and an empty term matches nothing', () => {
    const p = (terms: unknown[]) => run(nodeAffinity, pod('p', { affinity: affinity(terms) }), n);
    assert.equal(p([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }]), null);
    assert.deepEqual(p([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] }]), reason);
    assert.equal(p([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }]), null);
    assert.deepEqual(p([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }]), reason);
    assert.deepEqual(p([{}]), reason);
  });

  it('preferred terms score the sum of the weights that match', () => {
    const p = pod('p', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
      { weight: 7, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } },
    ] } } });
    assert.equal(score(nodeAffinityScore, p, n), 15);
  });
});

describe('NodePorts filter', () => {
  const reason = ["node(s) didn't have free ports for the requested pod ports"];
  const n = nodeInfo(node('n1'), [pod('a', { hostPort: 8080, hostIP: '10.0.0.1' }), pod('b', { hostPort: 9090 })]);
  it('the same port and protocol on the same host IP conflict', () => {
    assert.deepEqual(run(nodePorts, pod('p', { hostPort: 8080, hostIP: '10.0.0.1' }), n), reason);
  });
  it('0.0.0.0 on either side conflicts with every IP', () => {
    assert.deepEqual(run(nodePorts, pod('p', { hostPort: 8080 }), n), reason);
    assert.deepEqual(run(nodePorts, pod('p', { hostPort: 9090, hostIP: '10.0.0.2' }), n), reason);
  });
  it('another IP, another protocol or another port is free', () => {
    assert.equal(run(nodePorts, pod('p', { hostPort: 8080, hostIP: '10.0.0.2' }), n), null);
    assert.equal(run(nodePorts, pod('p', { hostPort: 9090, protocol: 'UDP' }), n), null);
    assert.equal(run(nodePorts, pod('p', { hostPort: 7070 }), n), null);
  });
});

describe('controller spreading score', () => {
  it('counts the pods of the same controller on the node', () => {
    const n = nodeInfo(node('n1'), [pod('a', { owner: 'rs1' }), pod('b', { owner: 'rs1' }), pod('c', { owner: 'rs2' })]);
    assert.equal(score(controllerSpread, pod('p', { owner: 'rs1' }), n), 2);
    assert.equal(score(controllerSpread, pod('p', { owner: 'rs3' }), n), 0);
    assert.equal(score(controllerSpread, pod('p'), n), 0);
  });
});
