/**
 * A `kite server --disable-agent` that can be stopped and started again on the same data dir and
 * port, so clients see the server go away and come back (cluster.ts starts one server for a test
 * file and cannot do that). `dispose()` stops the current process by its PID and removes the dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, KITE_BIN } from './cluster.js';
import { rawClient } from './raw.js';

export interface RestartableServer {
  dataDir: string;
  port: number;
  kubeconfig: string;
  /** The running child, if any. */
  proc(): ChildProcess | undefined;
  logs(): string;
  start(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s); resolves with the exit code once the child has exited. */
  stop(): Promise<number | null>;
  dispose(): Promise<void>;
}

export async function restartableServer(extraArgs: string[] = []): Promise<RestartableServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kite-e2e-restart-'));
  const port = await freePort();
  const kubeconfig = path.join(dataDir, 'kubeconfig.yaml');
  let child: ChildProcess | undefined;
  let logText = '';

  const waitReady = async (c: ChildProcess) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`kite server exited with ${c.exitCode}: ${logText}`);
      if (Date.now() > deadline) throw new Error(`kite server not ready in 30s: ${logText}`);
      if (existsSync(kubeconfig)) {
        const raw = await rawClient(kubeconfig);
        const ok = await raw.request('GET', '/readyz', { timeoutMs: 1000 }).then((r) => r.status === 200, () => false);
        raw.close();
        if (ok) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c) return null;
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    return c.exitCode;
  };

  return {
    dataDir, port, kubeconfig,
    proc: () => child,
    logs: () => logText,
    async start() {
      if (child) throw new Error('already running');
      const c = spawn(process.execPath, [KITE_BIN, 'server', '--data-dir', dataDir, '--https-port', String(port), '--disable-agent', '--log-level', 'warn', ...extraArgs], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      c.stderr?.on('data', (d: Buffer) => { logText += d.toString(); });
      child = c;
      try { await waitReady(c); } catch (e) { await stop(); throw e; }
    },
    stop,
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
