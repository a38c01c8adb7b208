import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import pino from 'pino';
import { createFakeCri } from '../../../../src/agent/cri/index.js';
import { credentialsFor, imageRegistry } from '../../../../src/agent/pods/images.js';
import { createPleg } from '../../../../src/agent/pods/pleg.js';
import type { ContainerConfig } from '../../../../src/agent/cri/index.js';
import type { Secret } from '../../../../src/api/registry/core-types.js';
import { fakeClock } from '../../controllers/fake-clock.js';
import { fixture, pod, T0 } from './fixture.js';

type F = Awaited<ReturnType<typeof fixture>>;
let f: F | undefined;
const stop = new AbortController();
afterEach(async () => { await f?.cleanup(); f = undefined; });

describe('probes, mounts, PLEG and pull secrets', () => {
  it('a failing liveness probe kills the container (Unhealthy, Killing) and it is restarted', async () => {
    f = await fixture({
      pods: [pod({ containers: [{ name: 'app', image: 'busybox:1.35', livenessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 2 } as never }] })],
      cri: { onExec: () => ({ exitCode: 1, stderr: 'nope' }) },
    });
    const ac = new AbortController();
    const running = f.probes.run(ac.signal);
    await f.sync(); // starts the container
    await f.sync(); // starts its probe workers
    await f.clock.advance(0);
    await f.clock.advance(1000);
    assert.equal(f.events.filter((e) => e.reason === 'Unhealthy').length, 2);
    assert.equal(f.events.find((e) => e.reason === 'Unhealthy')!.message, 'Liveness probe failed: nope');
    assert.equal(await f.sync(), 0); // killed; look again at once
    assert.ok(f.events.some((e) => e.reason === 'Killing' && e.message === 'Container app failed liveness probe, will be restarted'));
    await f.sync();
    assert.equal(f.lastStatus().containerStatuses[0].restartCount, 1);
    assert.ok(f.lastStatus().containerStatuses[0].state.running);
    ac.abort();
    await running;
  });

  it('a readiness probe keeps the pod un-Ready until it passes', async () => {
    let ok = false;
    f = await fixture({
      pods: [pod({ containers: [{ name: 'app', image: 'busybox:1.35', readinessProbe: { exec: { command: ['check'] }, periodSeconds: 5 } as never }] })],
      cri: { onExec: () => ({ exitCode: ok ? 0 : 1 }) },
    });
    const ac = new AbortController();
    const running = f.probes.run(ac.signal);
    await f.sync();
    await f.sync();
    await f.clock.advance(0);
    await f.sync();
    const ready = () => f!.lastStatus().conditions.find((c: { type: string }) => c.type === 'Ready');
    assert.equal(ready().status, 'False');
    assert.equal(ready().message, 'containers with unready status: [app]');
    ok = true;
    await f.clock.advance(5000);
    await f.sync();
    assert.equal(ready().status, 'True');
    assert.equal(f.lastStatus().containerStatuses[0].ready, true);
    ac.abort();
    await running;
  });

  it('volumeMounts become CRI mounts, with subPath and readOnly', async () => {
    const configs: ContainerConfig[] = [];
    f = await fixture({
      pods: [pod({
        volumes: [{ name: 'scratch', emptyDir: {} }],
        containers: [{ name: 'app', image: 'busybox:1.35', volumeMounts: [
          { name: 'scratch', mountPath: '/data' }, { name: 'scratch', mountPath: '/logs', subPath: 'logs', readOnly: true },
        ] }],
      })],
      cri: { onStart: (c) => { configs.push(c); return undefined; } },
    });
    await f.sync();
    const base = `${f.dir}/agent/pods/uid-1/volumes/empty-dir/scratch`;
    assert.deepEqual(configs[0]!.mounts, [
      { containerPath: '/data', hostPath: base, readonly: false },
      { containerPath: '/logs', hostPath: `${base}/logs`, readonly: true },
    ]);
  });

  it('PLEG reports every pod on its first relist, then only pods whose containers changed', async () => {
    const clock = fakeClock(T0);
    const cri = createFakeCri({ now: clock.now, images: ['busybox:1.35'] });
    const sb = await cri.runPodSandbox({ metadata: { name: 'a', namespace: 'd', uid: 'ua' }, logDirectory: '/tmp', labels: { 'io.kubernetes.pod.uid': 'ua' } });
    const cid = await cri.createContainer(sb, { metadata: { name: 'c' }, image: { image: 'busybox:1.35' }, logPath: 'c/0.log', labels: { 'io.kubernetes.pod.uid': 'ua' } }, { metadata: { name: 'a', namespace: 'd', uid: 'ua' }, logDirectory: '/tmp' });
    const seen: string[] = [];
    const pleg = createPleg({ cri, clock, log: pino({ level: 'silent' }), onChange: (u) => seen.push(u) });
    const running = pleg.run(stop.signal);
    await clock.advance(0);
    assert.deepEqual(seen, ['ua']);
    await clock.advance(1000);
    assert.deepEqual(seen, ['ua']);
    await cri.startContainer(cid);
    await clock.advance(1000);
    assert.deepEqual(seen, ['ua', 'ua']);
    assert.deepEqual([...pleg.uids()], ['ua']);
    stop.abort();
    await running;
  });

  it('pull secrets match the image registry, Docker Hub aliases included', () => {
    const secret = (auths: Record<string, unknown>): Secret => ({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') },
    });
    const s = secret({
      'https://index.docker.io/v1/': { username: 'hub', password: 'p1' },
      'registry.example.com:5000/team': { auth: 'dGVhbTpwdw==' },
      'other.example.com': { username: 'x', password: 'y' },
    });
    assert.deepEqual(imageRegistry('busybox:1.35'), { host: 'docker.io', path: 'library/busybox' });
    assert.deepEqual(credentialsFor('busybox:1.35', [s]), [{ serverAddress: 'docker.io', username: 'hub', password: 'p1' }]);
    assert.deepEqual(credentialsFor('registry.example.com:5000/team/app:v1', [s]), [{ serverAddress: 'registry.example.com:5000', auth: 'dGVhbTpwdw==' }]);
    assert.deepEqual(credentialsFor('registry.example.com:5000/elsewhere/app:v1', [s]), []);
  });
});
