/**
 * Starts Debian's etcd-server (3.4) on loopback for the comparison, installing the package first when
 * the binary is missing and we are root. Any failure resolves to `{ skipped: reason }` instead of
 * throwing: the comparison is informative, and a machine without etcd must still get Kite's numbers.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../test/e2e/helpers/cluster.js';

const run = promisify(execFile);
const ETCD = '/usr/bin/etcd';

export interface EtcdServer { url: string; pid: number; version: string; stop(): Promise<void> }

async function ensureInstalled(): Promise<string | undefined> {
  if (existsSync(ETCD)) return undefined;
  if (process.getuid?.() !== 0) return `${ETCD} is missing and we are not root to apt-get install etcd-server`;
  try {
    const policy = await run('apt-cache', ['policy', 'etcd-server']);
    if (/Candidate:\s*\(none\)/.test(policy.stdout) || !/Candidate:/.test(policy.stdout)) return 'apt has no etcd-server candidate';
    console.log('installing etcd-server with apt-get (one time) …');
    await run('apt-get', ['install', '-y', 'etcd-server'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000 });
  } catch (e) {
    return `apt-get install etcd-server failed: ${(e as Error).message.split('\n')[0]}`;
  }
  return existsSync(ETCD) ? undefined : `apt-get install etcd-server did not provide ${ETCD}`;
}

export async function startEtcd(): Promise<EtcdServer | { skipped: string }> {
  const missing = await ensureInstalled();
  if (missing) return { skipped: missing };
  const version = (await run(ETCD, ['--version'])).stdout.split('\n')[0]?.replace('etcd Version: ', '') ?? '?';
  const dir = await mkdtemp(path.join(tmpdir(), 'kite-bench-etcd-'));
  const [cp, pp] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${cp}`;
  const peer = `http://127.0.0.1:${pp}`;
  const proc = spawn(ETCD, [
    '--name', 'default', '--data-dir', dir,
    '--listen-client-urls', url, '--advertise-client-urls', url,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `default=${peer}`, '--log-level', 'warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      process.kill(proc.pid!, 'SIGTERM');
      const timer = setTimeout(() => { if (proc.exitCode === null) process.kill(proc.pid!, 'SIGKILL'); }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  // Ready = /health answers; etcd elects itself leader within a second or so on a single node.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) { await stop(); return { skipped: `etcd exited with ${proc.exitCode}: ${log.slice(-500)}` }; }
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok && ((await r.json()) as { health?: string }).health === 'true') break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { await stop(); return { skipped: `etcd not healthy in 20s: ${log.slice(-500)}` }; }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: proc.pid!, version, stop };
}
