/**
 * The agent's containerd supervisor against the real containerd 1.6 + runc (root). In a temp DIR with
 * its own socket and a private cgroup: containerd starts and its CRI answers; kill -9 gets it
 * restarted; the pause image and a busybox image import into k8s.io; abort stops it; a containerd
 * left running by a killed kite is replaced. Cleans up by pid and path: processes, mounts under
 * DIR, its cgroups, /run/containerd dirs only if this test created them (rmdir, never recursive).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { checkRuntimeBinaries, containerdNotReady, containerdPaths, startContainerd, type ContainerdHandle } from '../../src/agent/containerd/index.js';
import { ensurePauseImage, importImageDir, importImages, PAUSE_IMAGE } from '../../src/agent/images/index.js';
import { registerImagesCommand } from '../../src/cli/images.js';
import { Command } from 'commander';
import { buildBusyboxImage } from './helpers/oci-image.js';

const execFileP = promisify(execFile);
const log = pino({ level: process.env.KITE_TEST_LOG ?? 'silent' });
const CGROUP_TOP = `kite-e2e-ctd-${process.pid}`;
const BUSYBOX = 'docker.io/library/busybox:1.35';

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    const v = await probe();
    if (v !== undefined) return v;
  }
  assert.fail(`timed out after ${ms} ms waiting for ${what}`);
}

/** Runs `kite images …` in-process (main.ts wiring aside) and returns what it printed. */
async function kiteImages(args: string[]): Promise<string> {
  const program = new Command('kite').exitOverride();
  registerImagesCommand(program);
  const out: string[] = [];
  const orig = console.log;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  try { await program.parseAsync(['images', ...args], { from: 'user' }); } finally { console.log = orig; }
  return out.join('\n');
}

async function ctrImages(socket: string): Promise<string[]> {
  const { stdout } = await execFileP('ctr', ['-a', socket, '-n', 'k8s.io', 'images', 'ls', '-q']);
  return stdout.split('\n').filter((l) => l && !l.startsWith('sha256:')).sort();
}

describe('agent containerd supervisor (root, real containerd)', () => {
  let dir: string;
  let ac: AbortController;
  let handle: ContainerdHandle | undefined;
  const pids = new Set<number>();
  const runContainerdExisted = existsSync('/run/containerd');

  before(async () => {
    assert.equal(process.getuid?.(), 0, 'this test needs root (it runs containerd); CI runs it as root');
    await checkRuntimeBinaries(); // fails with the apt-get line if the runtime is missing
    assert.ok(existsSync('/bin/busybox'), '/bin/busybox missing: apt-get install -y busybox-static');
    dir = await mkdtemp(path.join(tmpdir(), 'kite-ctd-'));
    ac = new AbortController();
  });

  after(async () => {
    ac?.abort();
    await handle?.done;
    for (const pid of pids) {
      if (alive(pid)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    await until('containerd processes to exit', () => ([...pids].some(alive) ? undefined : true), 5000).catch(() => undefined);
    if (!dir) return;
    // Unmount anything left under DIR (deepest first), then remove it.
    const mounts = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').map((l) => l.split(' ')[4] ?? '')
      .filter((m) => m.startsWith(`${dir}/`)).sort().reverse();
    for (const m of mounts) await execFileP('umount', [m]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    for (const h of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
      await rmdir(`/sys/fs/cgroup/${h}/${CGROUP_TOP}/containerd`).catch(() => undefined);
      await rmdir(`/sys/fs/cgroup/${h}/${CGROUP_TOP}`).catch(() => undefined);
    }
    if (!runContainerdExisted) {
      // Only dirs this run created, and only if empty: another containerd may be using them.
      for (const d of ['s', 'fifo', 'runc/k8s.io', 'runc', '']) await rmdir(path.join('/run/containerd', d)).catch(() => undefined);
    }
  });

  it('starts containerd with its own socket; containerd and the CRI answer', async () => {
    handle = await startContainerd({ dataDir: dir, log, signal: ac.signal, cgroupPath: `/${CGROUP_TOP}/containerd` });
    const p = containerdPaths(dir);
    assert.equal(handle.socket, p.socket);
    assert.ok(handle.socket.startsWith(dir));
    const pid = handle.pid();
    assert.ok(pid && alive(pid));
    pids.add(pid);
    assert.equal(await containerdNotReady(handle.socket), undefined);
    assert.equal((await readFile(p.pidFile, 'utf8')).trim(), String(pid));
    assert.match(await readFile(p.config, 'utf8'), /restrict_oom_score_adj = true/);
    const cgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8');
    assert.match(cgroup, new RegExp(`:memory:/${CGROUP_TOP}/containerd$`, 'm'), 'containerd runs in its own cgroup');
    assert.ok(existsSync(p.log));
  });

  it('kill -9 of containerd: the supervisor starts a new one that answers', async () => {
    const h = handle!;
    const old = h.pid()!;
    process.kill(old, 'SIGKILL');
    const fresh = await until('a new containerd pid', () => { const p = h.pid(); return p !== undefined && p !== old ? p : undefined; });
    pids.add(fresh);
    await until('the restarted containerd to answer', async () => ((await containerdNotReady(h.socket)) === undefined ? true : undefined));
  });

  it('the pause image and a busybox image import into k8s.io', async () => {
    const h = handle!;
    assert.equal(await ensurePauseImage(h.socket, path.join(dir, 'work'), log), true);
    assert.equal(await ensurePauseImage(h.socket, path.join(dir, 'work'), log), false, 'present now: not imported twice');
    const tar = await buildBusyboxImage(path.join(dir, 'img'), { ref: BUSYBOX });
    assert.deepEqual(await importImages(h.socket, [tar], log), [BUSYBOX]);
    assert.deepEqual(await ctrImages(h.socket), [BUSYBOX, PAUSE_IMAGE].sort());
  });

  it('DIR/images/*.tar import once; unchanged archives are skipped next time', async () => {
    const h = handle!;
    const images = path.join(dir, 'images');
    await buildBusyboxImage(images, { ref: 'localhost/web:v1', cmd: ['/bin/httpd', '-f'] });
    await writeFile(path.join(images, 'broken.tar'), 'not an archive');
    const r1 = await importImageDir(h.socket, images, log);
    assert.deepEqual(r1.imported, [{ file: 'localhost_web_v1.tar', images: ['localhost/web:v1'] }]);
    assert.deepEqual(r1.failed.map((f) => f.file), ['broken.tar']);
    const r2 = await importImageDir(h.socket, images, log);
    assert.deepEqual(r2.skipped, ['localhost_web_v1.tar']);
    assert.ok((await ctrImages(h.socket)).includes('localhost/web:v1'));
    await rm(path.join(images, 'broken.tar'));
  });

  it('kite images import copies into DIR/images and imports at once; kite images list shows it', async () => {
    const tar = await buildBusyboxImage(path.join(dir, 'img'), { ref: 'localhost/cli:v2' });
    assert.equal(await kiteImages(['import', tar, '--data-dir', dir]), 'imported localhost/cli:v2 from localhost_cli_v2.tar');
    assert.ok(existsSync(path.join(dir, 'images', 'localhost_cli_v2.tar')));
    const list = JSON.parse(await kiteImages(['list', '--data-dir', dir, '-o', 'json'])) as Array<{ name: string; digest: string }>;
    assert.deepEqual(list.map((i) => i.name), ['docker.io/library/busybox:1.35', 'localhost/cli:v2', 'localhost/web:v1', PAUSE_IMAGE]);
    assert.ok(list.every((i) => /^sha256:[0-9a-f]{64}$/.test(i.digest)));
  });

  it('abort stops containerd (SIGTERM) and supervision ends', async () => {
    const pid = handle!.pid()!;
    ac.abort();
    await handle!.done;
    assert.equal(handle!.pid(), undefined);
    await until('containerd to be gone', () => (alive(pid) ? undefined : true), 7000);
    assert.ok(!existsSync(containerdPaths(dir).pidFile), 'pid file removed');
  });

  it('a containerd left running by a killed kite is replaced; images survive the restart', async () => {
    const p = containerdPaths(dir);
    // What a kite killed with SIGKILL leaves behind: its containerd, still running, and the pid file.
    const orphan = spawn('containerd', ['--config', p.config], { stdio: 'ignore', detached: true });
    pids.add(orphan.pid!);
    await writeFile(p.pidFile, `${orphan.pid}\n`);
    await until('the orphan containerd to answer', async () => ((await containerdNotReady(p.socket)) === undefined ? true : undefined));
    ac = new AbortController();
    handle = await startContainerd({ dataDir: dir, log, signal: ac.signal, cgroupPath: `/${CGROUP_TOP}/containerd` });
    pids.add(handle.pid()!);
    assert.notEqual(handle.pid(), orphan.pid);
    assert.ok(!alive(orphan.pid!), 'the orphan was stopped');
    assert.equal(await ensurePauseImage(handle.socket, path.join(dir, 'work'), log), false, 'pause image kept in DIR');
    ac.abort();
    await handle.done;
  });
});
