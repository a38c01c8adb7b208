/** Runs `kite dev sim-nodes` against a test cluster and waits until its nodes are Ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import { KITE_BIN, type TestCluster } from './cluster.js';

export interface SimNodes { proc: ChildProcess; names: string[]; stop(): Promise<void> }

export async function startSimNodes(c: TestCluster, count: number, o: { startIndex?: number; extra?: string[] } = {}): Promise<SimNodes> {
  const start = o.startIndex ?? 0;
  const proc = spawn(process.execPath, [KITE_BIN, 'dev', 'sim-nodes', '--kubeconfig', c.kubeconfig, '--count', String(count),
    '--start-index', String(start), '--lease-seconds', '2', '--status-seconds', '5', ...(o.extra ?? [])], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  const names = Array.from({ length: count }, (_, i) => `sim-${start + i}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await c.kubectl(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
    const ready = new Set(r.stdout.split('\n').filter((l) => l.endsWith('=True')).map((l) => l.split('=')[0]));
    if (names.every((n) => ready.has(n))) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`simulated nodes not Ready: ${log}`);
    }
    await new Promise((r2) => setTimeout(r2, 200));
  }
  return {
    proc, names,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}
