/**
 * The CRI client against a real containerd 1.6 + runc (root; no network: host-network pods,
 * images built from busybox-static and imported). Runs the shared contract, then what only a real
 * runtime can show: CRI log files, OOM kills under a memory limit, the limit in the host cgroup,
 * and that the harness leaves no process, socket, cgroup or directory behind.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectCri, type CriClient, type PodSandboxConfig } from '../../src/agent/cri/index.js';
import { describeCriContract } from '../unit/agent/cri/contract.js';
import { startTestContainerd, type TestContainerd } from './helpers/cri-containerd.js';
import { buildBusyboxImage } from './helpers/oci-image.js';

const BUSYBOX = 'docker.io/library/busybox:1.35';

async function startRuntime(): Promise<{ ctd: TestContainerd; cri: CriClient; sandboxConfig: (name: string) => PodSandboxConfig }> {
  const ctd = await startTestContainerd();
  try {
    await ctd.importImage(await buildBusyboxImage(path.join(ctd.dir, 'img'), { ref: BUSYBOX }));
  } catch (e) {
    await ctd.stop();
    throw e;
  }
  const cri = connectCri(ctd.socket);
  const sandboxConfig = (name: string): PodSandboxConfig => ({
    metadata: { name, uid: `uid-${name}`, namespace: 'default' },
    // No hostname: runc refuses one without a private UTS namespace (host network).
    logDirectory: path.join(ctd.dir, 'pods', name),
    annotations: { 'kite.test/pod': name },
    linux: {
      cgroupParent: `${ctd.cgroupParent}/pod-${name}`,
      securityContext: { namespaceOptions: { network: 'NODE' } },
    },
  });
  return { ctd, cri, sandboxConfig };
}

describeCriContract('containerd over CRI', async () => {
  const { ctd, cri, sandboxConfig } = await startRuntime();
  return {
    cri, sandboxConfig, image: 'busybox:1.35', imageFullName: BUSYBOX,
    onSandbox: (id) => ctd.trackSandbox(id),
    close: async () => { cri.close(); await ctd.stop(); },
  };
});

describe('containerd over CRI: logs, OOM, cgroups, cleanup', () => {
  let rt: Awaited<ReturnType<typeof startRuntime>>;
  let stopped = false;
  before(async () => { rt = await startRuntime(); });
  after(async () => {
    if (stopped) return;
    rt.cri.close();
    await rt.ctd.stop();
  });

  const runPod = async (name: string, command: string[], memoryLimitInBytes?: number) => {
    const cfg = rt.sandboxConfig(name);
    const pod = await rt.cri.runPodSandbox(cfg);
    rt.ctd.trackSandbox(pod);
    const id = await rt.cri.createContainer(pod, {
      metadata: { name: 'main' }, image: { image: BUSYBOX }, command, logPath: 'main/0.log',
      linux: memoryLimitInBytes ? { resources: { memoryLimitInBytes } } : undefined,
    }, cfg);
    await rt.cri.startContainer(id);
    return { pod, id, cfg };
  };
  const waitExited = async (id: string) => {
    for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
      const s = await rt.cri.containerStatus(id);
      if (s?.state === 'CONTAINER_EXITED') return s;
    }
    assert.fail(`container ${id} did not exit`);
  };

  it('stdout lands in the CRI log file as "<time> stdout F <line>"', async () => {
    const { pod, id, cfg } = await runPod('logs', ['sh', '-c', 'echo hi; echo oops >&2; sleep 3600']);
    const file = path.join(cfg.logDirectory, 'main/0.log');
    let text = '';
    for (const end = Date.now() + 5_000; Date.now() < end && !text.includes('oops'); await new Promise((r) => setTimeout(r, 50))) {
      text = await readFile(file, 'utf8').catch(() => '');
    }
    assert.match(text, /^\d{4}-\d\d-\d\dT[\d:.]+Z stdout F hi$/m);
    assert.match(text, /^\S+ stderr F oops$/m);
    assert.equal((await rt.cri.containerStatus(id))?.logPath, file);
    await rt.cri.stopPodSandbox(pod);
    await rt.cri.removePodSandbox(pod);
  });

  it('a 32 MiB memory limit is written to the host cgroup and a 100 MB allocation ends OOMKilled, exit 137', async () => {
    const { pod, id } = await runPod('oom', ['sh', '-c', 'sleep 1; dd if=/dev/zero of=/dev/null bs=100M count=1'], 32 << 20);
    const limitFile = `/sys/fs/cgroup/memory${rt.ctd.cgroupParent}/pod-oom/${id}/memory.limit_in_bytes`;
    assert.equal((await readFile(limitFile, 'utf8')).trim(), String(32 << 20));
    const s = await waitExited(id);
    assert.deepEqual([s.exitCode, s.reason], [137, 'OOMKilled']);
    await rt.cri.removePodSandbox(pod);
  });

  it('stop() leaves no containerd, shim, shim socket, cgroup or directory behind', async () => {
    const { id } = await runPod('leftover', ['sh', '-c', 'sleep 3600']); // still running at stop time
    assert.ok(id);
    const shimSockets = async () => new Set(await readdir('/run/containerd/s').catch(() => []));
    const beforeStop = await shimSockets();
    rt.cri.close();
    stopped = true;
    await rt.ctd.stop();
    const afterStop = await shimSockets();
    assert.ok(afterStop.size < beforeStop.size || beforeStop.size === 0, 'our shim socket was removed');
    for (const e of await readdir('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      const cmd = await readFile(`/proc/${e}/cmdline`, 'utf8').catch(() => '');
      assert.ok(!cmd.includes(rt.ctd.socket), `process ${e} still serves our socket: ${cmd.replaceAll('\0', ' ')}`);
    }
    assert.equal(existsSync(rt.ctd.dir), false);
    assert.equal(existsSync(`/sys/fs/cgroup/memory${rt.ctd.cgroupParent}`), false);
  });
});
