/**
 * A private containerd for CRI tests: own temp dir, root, state, socket and runc root; the config
 * from shared/notes/runtime-on-debian.md (cgroupfs, `restrict_oom_score_adj`, local pause image
 * as `sandbox_image`). Pods are meant to use `cgroupParent` (a unique parent per run) so nothing is
 * created under the shared `/k8s.io` cgroup. `stop()` removes everything this run created, found
 * by PID and path only: containerd, shims serving our socket, our shim sockets under
 * /run/containerd/s, our cgroup parent, mounts below the temp dir, the temp dir.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { killCgroupProcs, killShims, removeCgroupEverywhere, unmountAndRemove, waitGone } from './host-cleanup.js';
import { buildPauseImage, PAUSE_IMAGE } from './oci-image.js';

const execFileP = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TestContainerd {
  dir: string;
  socket: string;
  /** cgroupfs parent for every pod of this run, e.g. `/kite-cri-e2e-ab12cd`. */
  cgroupParent: string;
  ctr(args: string[]): Promise<string>;
  /** Imports an OCI archive into namespace k8s.io (the only one the CRI sees). */
  importImage(tarFile: string): Promise<void>;
  /** Sandbox ids the test created, so their shim sockets can be removed (see `stop`). */
  trackSandbox(id: string): void;
  log(): Promise<string>;
  stop(): Promise<void>;
}

function requireRuntime(): void {
  if (process.getuid?.() !== 0) throw new Error('CRI e2e needs root (containerd + runc); run the e2e suite as root');
  for (const bin of ['/usr/bin/containerd', '/usr/bin/ctr', '/usr/bin/containerd-shim-runc-v2']) {
    if (!existsSync(bin)) throw new Error(`${bin} missing: apt-get install -y containerd runc busybox-static`);
  }
  if (!existsSync('/usr/sbin/runc') && !existsSync('/usr/bin/runc')) throw new Error('runc missing: apt-get install -y runc');
}

function config(w: string): string {
  return `version = 2
root = "${w}/root"
state = "${w}/state"
[grpc]
  address = "${w}/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${w}/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    SystemdCgroup = false
    Root = "${w}/runc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${w}/opt"
`;
}

export async function startTestContainerd(): Promise<TestContainerd> {
  requireRuntime();
  const dir = await mkdtemp('/tmp/kite-cri-e2e-');
  const socket = path.join(dir, 'containerd.sock');
  const cgroupParent = `/${path.basename(dir)}`;
  const sandboxIds = new Set<string>();
  await mkdir(path.join(dir, 'net.d'), { recursive: true });
  await writeFile(path.join(dir, 'config.toml'), config(dir));
  const logFile = path.join(dir, 'containerd.log');
  const fd = openSync(logFile, 'a');
  const proc = spawn('/usr/bin/containerd', ['--config', path.join(dir, 'config.toml')], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const ctr = async (args: string[]) => (await execFileP('/usr/bin/ctr', ['-a', socket, ...args], { maxBuffer: 16 << 20 })).stdout;

  const stop = async () => {
    if (proc.exitCode === null && proc.pid) {
      proc.kill('SIGTERM');
      if (!(await waitGone(proc.pid, 10_000))) proc.kill('SIGKILL');
      await exited;
    }
    // Containers still running (a failed test) would outlive their shim: kill them first, by cgroup.
    await killCgroupProcs(path.join('/sys/fs/cgroup/memory', cgroupParent));
    await killShims(socket);
    // Shim sockets: /run/containerd/s/sha256(<our socket>/<namespace>/<shim id = sandbox id>).
    for (const id of sandboxIds) {
      const h = createHash('sha256').update(path.join(socket, 'k8s.io', id)).digest('hex');
      await rm(`/run/containerd/s/${h}`, { force: true });
    }
    // Our cgroup parent in every v1 hierarchy (and the unified one), deepest first; rmdir only succeeds when empty.
    await removeCgroupEverywhere(cgroupParent);
    // Leftover mounts below our dir (rootfs overlays, sandbox shm) must go before the dir itself.
    await unmountAndRemove(dir);
  };

  try {
    for (let i = 0; ; i++) {
      if (proc.exitCode !== null) throw new Error(`containerd exited: ${await readFile(logFile, 'utf8')}`);
      if (await ctr(['version']).then(() => true, () => false)) break;
      if (i > 200) throw new Error('containerd did not answer within 10 s');
      await sleep(50);
    }
    const pause = await buildPauseImage(path.join(dir, 'img'));
    await ctr(['-n', 'k8s.io', 'images', 'import', pause]);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dir, socket, cgroupParent, ctr, stop,
    importImage: async (tar) => { await ctr(['-n', 'k8s.io', 'images', 'import', tar]); },
    trackSandbox: (id) => { sandboxIds.add(id); },
    log: () => readFile(logFile, 'utf8'),
  };
}
