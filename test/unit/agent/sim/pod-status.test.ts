import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import { isSimRunning, plannedExit, runningPodStatus, terminatedPodStatus } from '../../../../src/agent/sim/pod-status.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');
const T1 = Date.parse('2025-03-01T10:00:05Z');
const pod = (o: { spec?: Partial<Pod['spec']>; status?: Record<string, unknown>; annotations?: Record<string, string> } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', annotations: o.annotations },
  spec: { nodeName: 'sim-1', containers: [{ name: 'app', image: 'nginx:1.25' }, { name: 'log', image: 'busybox' }], ...o.spec },
  ...(o.status ? { status: o.status } : {}),
});
const cond = (type: string, status: string, at: string, extra: Record<string, string> = {}) => ({ type, status, lastTransitionTime: at, ...extra });
const run = (name: string, image: string, at: string) => ({
  name, image, imageID: `sim://${image}`, containerID: `sim://u1-${name}`, restartCount: 0, ready: true, started: true, state: { running: { startedAt: at } }, lastState: {},
});
const term = (name: string, image: string, exitCode: number, reason: string, start: string, end: string) => ({
  name, image, imageID: `sim://${image}`, containerID: `sim://u1-${name}`, restartCount: 0, ready: false, started: false,
  state: { terminated: { exitCode, reason, startedAt: start, finishedAt: end, containerID: `sim://u1-${name}` } }, lastState: {},
});

describe('sim pod status', () => {
  it('a pending pod is reported Running with IPs, five True conditions and every container running and ready', () => {
    assert.deepEqual(runningPodStatus(pod(), { now: T0, hostIP: '127.1.0.2', podIP: '10.244.1.2' }), {
      phase: 'Running',
      hostIP: '127.1.0.2', hostIPs: [{ ip: '127.1.0.2' }], podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }],
      startTime: '2025-03-01T10:00:00Z',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) => cond(t, 'True', '2025-03-01T10:00:00Z')),
      containerStatuses: [run('app', 'nginx:1.25', '2025-03-01T10:00:00Z'), run('log', 'busybox', '2025-03-01T10:00:00Z')],
    });
  });

  it('kite.dev/sim-ready "false" reports the containers un-Ready, and the running check notices the change', () => {
    const p = pod({ annotations: { 'kite.dev/sim-ready': 'false' } });
    const s = runningPodStatus(p, { now: T0, hostIP: '127.1.0.2', podIP: '10.244.1.2' });
    assert.deepEqual(s.conditions.filter((c) => c.status === 'False').map((c) => [c.type, c.reason]), [['Ready', 'ContainersNotReady'], ['ContainersReady', 'ContainersNotReady']]);
    assert.deepEqual(s.containerStatuses.map((c) => c.ready), [false, false]);
    const readyStatus = runningPodStatus(pod(), { now: T0, hostIP: '127.1.0.2', podIP: '10.244.1.2' });
    assert.equal(isSimRunning(pod({ status: readyStatus as unknown as Record<string, unknown> })), true);
    assert.equal(isSimRunning(pod({ annotations: { 'kite.dev/sim-ready': 'false' }, status: readyStatus as unknown as Record<string, unknown> })), false);
    assert.equal(isSimRunning(pod({ annotations: { 'kite.dev/sim-ready': 'false' }, status: s as unknown as Record<string, unknown> })), true);
  });

  it('init containers are Completed and sidecar init containers keep running', () => {
    const p = pod({ spec: { initContainers: [{ name: 'setup', image: 'alpine' }, { name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] } });
    const s = runningPodStatus(p, { now: T0, hostIP: '127.1.0.2', podIP: '10.244.1.2' });
    assert.deepEqual(s.initContainerStatuses, [
      term('setup', 'alpine', 0, 'Completed', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z'),
      run('proxy', 'envoy', '2025-03-01T10:00:00Z'),
    ]);
  });

  it('keeps startTime, container start times and the transition time of unchanged conditions', () => {
    const p = pod({ status: {
      phase: 'Pending', startTime: '2025-03-01T09:00:00Z',
      conditions: [cond('PodScheduled', 'True', '2025-03-01T08:59:00Z'), cond('Ready', 'False', '2025-03-01T09:00:00Z')],
      containerStatuses: [{ name: 'app', state: { running: { startedAt: '2025-03-01T09:00:01Z' } } }],
    } });
    const s = runningPodStatus(p, { now: T1, hostIP: 'h', podIP: 'p' });
    assert.equal(s.startTime, '2025-03-01T09:00:00Z');
    assert.deepEqual(s.conditions.find((c) => c.type === 'PodScheduled'), cond('PodScheduled', 'True', '2025-03-01T08:59:00Z'));
    assert.deepEqual(s.conditions.find((c) => c.type === 'Ready'), cond('Ready', 'True', '2025-03-01T10:00:05Z'));
    assert.deepEqual(s.containerStatuses.map((c) => c.state), [{ running: { startedAt: '2025-03-01T09:00:01Z' } }, { running: { startedAt: '2025-03-01T10:00:05Z' } }]);
  });

  it('Ready stays False while a readiness gate is not True', () => {
    const p = pod({ spec: { readinessGates: [{ conditionType: 'example.com/lb' }] } });
    const s = runningPodStatus(p, { now: T0, hostIP: 'h', podIP: 'p' });
    assert.deepEqual(s.conditions.find((c) => c.type === 'Ready'),
      cond('Ready', 'False', '2025-03-01T10:00:00Z', { reason: 'ReadinessGatesNotReady', message: 'the status of pod readiness gate is not "True"' }));
  });

  it('a finished pod reports Succeeded, containers terminated Completed and PodCompleted conditions', () => {
    const p = pod({ status: { phase: 'Running', startTime: '2025-03-01T10:00:00Z', containerStatuses: [{ name: 'app', state: { running: { startedAt: '2025-03-01T10:00:01Z' } } }] } });
    assert.deepEqual(terminatedPodStatus(p, { now: T1, exitCode: 0, phase: 'Succeeded' }), {
      phase: 'Succeeded',
      conditions: [
        cond('PodReadyToStartContainers', 'False', '2025-03-01T10:00:05Z'),
        cond('Initialized', 'True', '2025-03-01T10:00:05Z', { reason: 'PodCompleted' }),
        cond('Ready', 'False', '2025-03-01T10:00:05Z', { reason: 'PodCompleted' }),
        cond('ContainersReady', 'False', '2025-03-01T10:00:05Z', { reason: 'PodCompleted' }),
        cond('PodScheduled', 'True', '2025-03-01T10:00:05Z'),
      ],
      containerStatuses: [
        term('app', 'nginx:1.25', 0, 'Completed', '2025-03-01T10:00:01Z', '2025-03-01T10:00:05Z'),
        term('log', 'busybox', 0, 'Completed', '2025-03-01T10:00:00Z', '2025-03-01T10:00:05Z'),
      ],
    });
  });

  it('a pod being deleted keeps its phase and names its unready containers; a non-zero exit is an Error', () => {
    const s = terminatedPodStatus(pod({ status: { phase: 'Running', startTime: '2025-03-01T10:00:00Z' } }), { now: T1, exitCode: 3 });
    assert.equal(s.phase, undefined);
    assert.deepEqual(s.conditions.find((c) => c.type === 'Ready'),
      cond('Ready', 'False', '2025-03-01T10:00:05Z', { reason: 'ContainersNotReady', message: 'containers with unready status: [app log]' }));
    assert.deepEqual(s.containerStatuses[0]!.state, { terminated: { exitCode: 3, reason: 'Error', startedAt: '2025-03-01T10:00:00Z', finishedAt: '2025-03-01T10:00:05Z', containerID: 'sim://u1-app' } });
  });

  it('plannedExit reads the annotations only on run-to-completion pods', () => {
    const a = { 'kite.dev/sim-exit-after-seconds': '2.5' };
    assert.deepEqual(plannedExit(pod({ annotations: a, spec: { restartPolicy: 'Never' } })), { afterMs: 2500, exitCode: 0 });
    assert.deepEqual(plannedExit(pod({ annotations: { ...a, 'kite.dev/sim-exit-code': '1' }, spec: { restartPolicy: 'OnFailure' } })), { afterMs: 2500, exitCode: 1 });
    assert.deepEqual(plannedExit(pod({ annotations: { ...a, 'kite.dev/sim-exit-code': 'oops' }, spec: { restartPolicy: 'Never' } })), { afterMs: 2500, exitCode: 1 });
    assert.equal(plannedExit(pod({ annotations: a, spec: { restartPolicy: 'Always' } })), undefined);
    assert.equal(plannedExit(pod({ annotations: a })), undefined);
    assert.equal(plannedExit(pod({ annotations: { 'kite.dev/sim-exit-after-seconds': '-1' }, spec: { restartPolicy: 'Never' } })), undefined);
    assert.equal(plannedExit(pod({ spec: { restartPolicy: 'Never' } })), undefined);
  });

  it('isSimRunning is true only for the status this simulator wrote for the current images', () => {
    const s = runningPodStatus(pod(), { now: T0, hostIP: 'h', podIP: 'p' });
    assert.equal(isSimRunning(pod({ status: s as unknown as Record<string, unknown> })), true);
    assert.equal(isSimRunning(pod({ status: { phase: 'Pending' } })), false);
    const p = pod({ status: s as unknown as Record<string, unknown> });
    p.spec.containers[0]!.image = 'nginx:1.26';
    assert.equal(isSimRunning(p), false);
  });
});
