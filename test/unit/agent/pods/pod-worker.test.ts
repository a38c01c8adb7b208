import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ContainerConfig } from '../../../../src/agent/cri/index.js';
import { fixture, HOST_IP, pod, T0 } from './fixture.js';

type F = Awaited<ReturnType<typeof fixture>>;
let f: F | undefined;
afterEach(async () => { await f?.cleanup(); f = undefined; });

describe('pod worker', () => {
  it('pod with two init containers runs them in order before the app container', async () => {
    const started: string[] = [];
    f = await fixture({
      pods: [pod({ initContainers: [{ name: 'init-a', image: 'busybox:1.35' }, { name: 'init-b', image: 'busybox:1.35' }] })],
      cri: { onStart: (c) => { started.push(c.metadata.name); return c.metadata.name.startsWith('init') ? { exitCode: 0 } : undefined; } },
    });
    await f.sync();
    assert.deepEqual(started, ['init-a']);
    assert.equal(f.lastStatus().phase, 'Pending');
    assert.deepEqual(f.lastStatus().containerStatuses[0].state, { waiting: { reason: 'PodInitializing' } });
    await f.sync();
    assert.deepEqual(started, ['init-a', 'init-b']);
    await f.sync();
    assert.deepEqual(started, ['init-a', 'init-b', 'app']);
    const st = f.lastStatus();
    assert.equal(st.phase, 'Running');
    assert.deepEqual(st.initContainerStatuses!.map((s: { state: { terminated: { reason: string } } }) => s.state.terminated.reason), ['Completed', 'Completed']);
    assert.equal(st.conditions.find((c: { type: string }) => c.type === 'Initialized').status, 'True');
    assert.equal(st.podIP, HOST_IP);
    assert.deepEqual(f.criCalls('runPodSandbox'), ['runPodSandbox']);
  });

  it('an init container failing under Never fails the pod without starting the app', async () => {
    const started: string[] = [];
    f = await fixture({
      pods: [pod({ restartPolicy: 'Never', initContainers: [{ name: 'init-a', image: 'busybox:1.35' }] })],
      cri: { onStart: (c) => { started.push(c.metadata.name); return { exitCode: 2 }; } },
    });
    await f.sync();
    await f.sync();
    assert.deepEqual(started, ['init-a']);
    assert.equal(f.lastStatus().phase, 'Failed');
  });

  it('IfNotPresent does not pull a present image; Always does; Never fails a missing one with ErrImageNeverPull', async () => {
    f = await fixture({ pods: [pod()] });
    await f.sync();
    assert.deepEqual(f.criCalls('pullImage'), []);
    assert.equal(f.events.find((e) => e.reason === 'Pulled')?.message, 'Container image "busybox:1.35" already present on machine');
    await f.cleanup();

    f = await fixture({ pods: [pod({ containers: [{ name: 'app', image: 'busybox:1.35', imagePullPolicy: 'Always' }] })] });
    await f.sync();
    assert.deepEqual(f.criCalls('pullImage'), ['pullImage']);
    await f.cleanup();

    f = await fixture({ pods: [pod({ containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'Never' }] })] });
    await f.sync();
    assert.deepEqual(f.criCalls('pullImage', 'createContainer'), []);
    assert.deepEqual(f.lastStatus().containerStatuses[0].state, {
      waiting: { reason: 'ErrImageNeverPull', message: 'Container image "nginx:1.27" is not present with pull policy of Never' },
    });
  });

  it('a failed pull is ErrImagePull, then ImagePullBackOff until the back-off passes', async () => {
    f = await fixture({ pods: [pod({ containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] })], cri: { pullable: () => false } });
    await f.sync();
    assert.equal(f.lastStatus().containerStatuses[0].state.waiting.reason, 'ErrImagePull');
    await f.clock.advance(5_000);
    await f.sync();
    assert.equal(f.lastStatus().containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
    assert.deepEqual(f.criCalls('pullImage'), ['pullImage']);
    await f.clock.advance(5_000);
    await f.sync();
    assert.deepEqual(f.criCalls('pullImage'), ['pullImage', 'pullImage']);
  });

  it('a container exiting 1 under Always is restarted with 10 s then 20 s back-off and shows CrashLoopBackOff', async () => {
    f = await fixture({ pods: [pod()], cri: { onStart: () => ({ exitCode: 1 }) } });
    assert.equal(await f.sync(), undefined); // attempt 0 starts and exits at once
    assert.equal(await f.sync(), undefined); // the first exit restarts at once (attempt 1), arming 10 s
    assert.equal(await f.sync(), 10_000); // exited again: back off 10 s
    let cs = f.lastStatus().containerStatuses[0];
    assert.equal(cs.state.waiting.reason, 'CrashLoopBackOff');
    assert.match(cs.state.waiting.message, /^back-off 10s restarting failed container=app pod=web_default\(uid-1\)$/);
    assert.equal(cs.restartCount, 1);
    assert.deepEqual(cs.lastState.terminated.exitCode, 1);
    assert.equal(cs.lastState.terminated.reason, 'Error');
    assert.equal(f.lastStatus().phase, 'Running');

    await f.clock.advance(9_999);
    assert.equal(await f.sync(), 1);
    await f.clock.advance(1);
    assert.equal(await f.sync(), undefined); // restarted (attempt 2), back-off now 20 s
    assert.equal(await f.sync(), 20_000);
    cs = f.lastStatus().containerStatuses[0];
    assert.equal(cs.restartCount, 2);
    assert.match(cs.state.waiting.message, /^back-off 20s /);
    assert.equal(f.criCalls('startContainer').length, 3);
    assert.ok(f.events.some((e) => e.reason === 'BackOff' && e.type === 'Warning'));
  });

  it('OOMKilled reason reaches lastState', async () => {
    let n = 0;
    f = await fixture({ pods: [pod()], cri: { onStart: () => (n++ === 0 ? { exitCode: 137, reason: 'OOMKilled' } : undefined) } });
    await f.sync();
    await f.sync();
    const cs = f.lastStatus().containerStatuses[0];
    assert.ok(cs.state.running);
    assert.equal(cs.restartCount, 1);
    assert.equal(cs.lastState.terminated.reason, 'OOMKilled');
    assert.equal(cs.lastState.terminated.exitCode, 137);
  });

  it('restartPolicy Never: an exited container stays terminated and the pod ends Succeeded', async () => {
    f = await fixture({ pods: [pod({ restartPolicy: 'Never' })], cri: { onStart: () => ({ exitCode: 0 }) } });
    await f.sync();
    await f.sync();
    assert.equal(f.lastStatus().phase, 'Succeeded');
    assert.equal(f.lastStatus().containerStatuses[0].state.terminated.reason, 'Completed');
    await f.sync(); // terminal: the sandbox is stopped, the containers stay for their logs
    assert.deepEqual(f.criCalls('startContainer', 'stopPodSandbox', 'removeContainer'), ['startContainer', 'stopPodSandbox']);
  });

  it('graceful delete runs preStop, stops with the pod\'s grace period and then deletes the pod with grace 0', async () => {
    const execs: string[][] = [];
    const p = pod({ terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: 'busybox:1.35', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 1'] } } } }] });
    f = await fixture({ pods: [p], cri: { onExec: (_id, cmd) => { execs.push(cmd); return {}; } } });
    await f.sync();
    p.metadata.deletionTimestamp = new Date(T0).toISOString();
    p.metadata.deletionGracePeriodSeconds = 15;
    await f.sync();
    assert.deepEqual(execs, [['sh', '-c', 'sleep 1']]);
    assert.equal(f.stops.length, 1);
    assert.equal(f.stops[0]!.timeout, 15);
    assert.deepEqual(f.criCalls('execSync', 'stopContainer', 'stopPodSandbox', 'removeContainer', 'removePodSandbox'),
      ['execSync', 'stopContainer', 'stopPodSandbox', 'removeContainer', 'removePodSandbox']);
    assert.deepEqual(f.cgroupCalls, ['uid-1']);
    const del = f.writes.at(-1)!;
    assert.deepEqual(del, { verb: 'DELETE', path: 'default/pods/web', body: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' } } });
    const final = f.lastStatus().containerStatuses[0];
    assert.equal(final.state.terminated.exitCode, 143);
    assert.ok(f.events.some((e) => e.reason === 'Killing'));
  });

  it('a pod no longer bound here is torn down without touching the API', async () => {
    f = await fixture({ pods: [pod()] });
    await f.sync();
    f.pods.delete('uid-1');
    const before = f.writes.length;
    await f.sync();
    assert.equal(f.writes.length, before);
    assert.equal((await f.cri.listContainers()).length, 0);
    assert.equal((await f.cri.listPodSandbox()).length, 0);
    assert.deepEqual(f.cgroupCalls, ['uid-1']);
  });

  it('a restarted agent re-adopts a running container without restarting it', async () => {
    const p = pod();
    const first = await fixture({ pods: [p] });
    await first.sync();
    await first.sync();
    const adopted = await fixture({ pods: [p], criInstance: first.cri, clock: first.clock });
    f = adopted;
    const callsBefore = first.cri.calls().length;
    await adopted.sync();
    const after = first.cri.calls().slice(callsBefore).map((c) => c.method);
    for (const m of ['runPodSandbox', 'createContainer', 'startContainer', 'stopContainer', 'stopPodSandbox', 'removeContainer']) {
      assert.ok(!after.includes(m as never), `${m} was called after re-adoption`);
    }
    assert.deepEqual(adopted.writes, []); // the status it finds is already right
    assert.equal(p.status?.containerStatuses?.[0]?.restartCount, 0);
    await first.cleanup();
  });

  it('resources and securityContext reach the container config', async () => {
    const configs: ContainerConfig[] = [];
    f = await fixture({
      pods: [pod({ containers: [{
        name: 'app', image: 'busybox:1.35', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        securityContext: { runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
        command: ['sh'], args: ['-c', 'echo hi'], workingDir: '/tmp', tty: true,
      }] }, {})],
      cri: { onStart: (c) => { configs.push(c); return undefined; } },
    });
    await f.sync();
    const c = configs[0]!;
    assert.deepEqual(c.linux?.resources, { cpuShares: 256, oomScoreAdj: 993, cpuPeriod: 100_000, cpuQuota: 50_000, memoryLimitInBytes: 128 << 20 });
    assert.deepEqual(c.linux?.securityContext, {
      namespaceOptions: { network: 'NODE', pid: 'CONTAINER', ipc: 'POD' }, runAsUser: 1000, readonlyRootfs: true,
      capabilities: { addCapabilities: ['NET_ADMIN'], dropCapabilities: ['ALL'] },
    });
    assert.equal(c.logPath, 'app/0.log');
    assert.deepEqual([c.command, c.args, c.workingDir, c.tty], [['sh'], ['-c', 'echo hi'], '/tmp', true]);
    assert.equal(c.labels?.['io.kubernetes.pod.uid'], 'uid-1');
  });
});
