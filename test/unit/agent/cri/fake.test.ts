import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeCri, CriError, type FakeCriOptions, type PodSandboxConfig } from '../../../../src/agent/cri/index.js';
import { describeCriContract, EXEC_PROBE, UNPULLABLE } from './contract.js';

// The fake runs no processes: these scripts give the contract's commands their shell meaning.
const shellLike: FakeCriOptions = {
  images: ['busybox:1.35'],
  pullable: (ref) => !ref.startsWith(UNPULLABLE.split('/')[0] ?? ''),
  onStart: (c) => {
    const m = /^exit (\d+)$/.exec(c.command?.at(-1) ?? '');
    return m ? { exitCode: Number(m[1]) } : undefined;
  },
  onExec: (_id, cmd) => (cmd.join('\0') === EXEC_PROBE.join('\0') ? { stdout: 'out\n', stderr: 'err\n', exitCode: 3 } : {}),
};

const sandboxConfig = (name: string): PodSandboxConfig => ({
  metadata: { name, uid: `uid-${name}`, namespace: 'default' },
  logDirectory: `/var/log/pods/default_${name}`,
  linux: { securityContext: { namespaceOptions: { network: 'NODE' } } },
});

describeCriContract('the fake CRI', async () => ({
  cri: createFakeCri(shellLike),
  image: 'busybox:1.35',
  imageFullName: 'docker.io/library/busybox:1.35',
  sandboxConfig,
  close: async () => undefined,
}));

describe('fake CRI scripting', () => {
  const start = async (o: FakeCriOptions = {}) => {
    const cri = createFakeCri({ images: ['busybox'], ...o });
    const cfg = sandboxConfig('p');
    const pod = await cri.runPodSandbox(cfg);
    const id = await cri.createContainer(pod, { metadata: { name: 'c' }, image: { image: 'busybox' }, logPath: 'c/0.log' }, cfg);
    return { cri, pod, id };
  };

  it('exitContainer ends a running container with the scripted code and reason (OOMKilled)', async () => {
    const { cri, id } = await start();
    await cri.startContainer(id);
    cri.exitContainer(id, { exitCode: 137, reason: 'OOMKilled' });
    const s = await cri.containerStatus(id);
    assert.deepEqual([s?.state, s?.exitCode, s?.reason], ['CONTAINER_EXITED', 137, 'OOMKilled']);
  });

  it('a graceful stop ends with 143 (SIGTERM), an immediate one with 137', async () => {
    const { cri, pod, id } = await start();
    await cri.startContainer(id);
    await cri.stopContainer(id, 30);
    assert.equal((await cri.containerStatus(id))?.exitCode, 143);
    const cfg = sandboxConfig('p');
    const id2 = await cri.createContainer(pod, { metadata: { name: 'c2' }, image: { image: 'busybox' }, logPath: 'c2/0.log' }, cfg);
    await cri.startContainer(id2);
    await cri.stopContainer(id2, 0);
    assert.equal((await cri.containerStatus(id2))?.exitCode, 137);
  });

  it('timestamps come from the injected clock, in nanoseconds', async () => {
    const { cri, id } = await start({ now: () => 1_000 });
    assert.equal((await cri.containerStatus(id))?.createdAt, 1_000_000_000);
  });

  it('failNext makes exactly the next call of that method fail', async () => {
    const { cri, id } = await start();
    cri.failNext('startContainer', new CriError('UNAVAILABLE', 'runtime restarting'));
    await assert.rejects(cri.startContainer(id), (e: unknown) => e instanceof CriError && e.code === 'UNAVAILABLE');
    await cri.startContainer(id);
    assert.equal((await cri.containerStatus(id))?.state, 'CONTAINER_RUNNING');
  });

  it('calls() records every call with its id or ref argument', async () => {
    const { cri, pod, id } = await start();
    await cri.startContainer(id);
    await cri.pullImage('nginx');
    assert.deepEqual(cri.calls(), [
      { method: 'runPodSandbox', arg: 'p' }, { method: 'createContainer', arg: pod },
      { method: 'startContainer', arg: id }, { method: 'pullImage', arg: 'nginx' },
    ]);
  });

  it('pulls add the image under its normalised name; pullable can refuse', async () => {
    const cri = createFakeCri({ pullable: (r) => r !== 'docker.io/library/private:1' });
    const ref = await cri.pullImage('nginx');
    assert.equal((await cri.imageStatus('docker.io/library/nginx:latest'))?.id, ref);
    assert.equal((await cri.imageStatus(ref))?.id, ref);
    await assert.rejects(cri.pullImage('private:1'), CriError);
    await cri.removeImage('nginx');
    assert.deepEqual(await cri.listImages(), []);
  });
});
