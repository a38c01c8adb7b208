/**
 * Starts a real `kite server --disable-agent` (the built dist/ binary) in a temp data dir on a free
 * loopback port, and runs the real kubectl against it. Everything is stopped and removed by `stop()`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { cleanupAgentHost } from './agent-host.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const KITE_BIN = path.join(repo, 'dist/cli/main.js');

/** The versioned kubectl next to the gcloud dispatcher (kubectl.1.32), else plain kubectl. */
export function kubectlPath(minor = '32'): string {
  const fromEnv = process.env[`KITE_KUBECTL_1_${minor}`];
  if (fromEnv) return fromEnv;
  for (const base of ['/usr/bin/kubectl', '/usr/local/bin/kubectl']) {
    if (!existsSync(base)) continue;
    const versioned = path.join(path.dirname(realpathSync(base)), `kubectl.1.${minor}`);
    if (existsSync(versioned)) return versioned;
  }
  return 'kubectl';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface KubectlResult { code: number; stdout: string; stderr: string }

export interface TestCluster {
  dataDir: string;
  kubeconfig: string;
  url: string;
  port: number;
  proc: ChildProcess;
  logs: () => string;
  kubectl(args: string[], o?: { input?: string; minor?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** A long-running kubectl (e.g. `get -w`); `output()` is what it printed so far. Kill it when done. */
  spawnKubectl(args: string[]): { child: ChildProcess; output: () => string; waitFor: (re: RegExp, ms?: number) => Promise<string> };
  /** kubectl that must succeed; returns stdout. */
  k(args: string[], o?: { input?: string; minor?: string }): Promise<string>;
  /** Stops the server (SIGTERM) and starts it again on the same data dir and port. */
  restart(): Promise<void>;
  stop(): Promise<number | null>;
}

/** The --node-name among the server flags (agent clusters must pass one: it names the node cgroup). */
function nodeNameOf(args: string[]): string {
  const i = args.indexOf('--node-name');
  if (i < 0 || !args[i + 1]) throw new Error('an agent cluster needs --node-name');
  return args[i + 1]!;
}

/**
 * A bridge name and a /24 cluster CIDR (one node's block) picked at random for an agent cluster,
 * unless the test passes its own. 10.100.0.0–10.199.255.0 stays clear of the default service CIDR.
 */
export function podNetworkArgs(args: string[]): string[] {
  const rnd = (n: number) => Math.floor(Math.random() * n);
  return [
    ...(args.includes('--cluster-cidr') ? [] : ['--cluster-cidr', `10.${100 + rnd(100)}.${rnd(256)}.0/24`]),
    ...(args.includes('--cni-bridge') ? [] : ['--cni-bridge', `kt${rnd(36 ** 6).toString(36)}`]),
  ];
}

export interface ClusterOptions {
  /** Run the node agent (real containers; root, containerd): no --disable-agent, and full cleanup on stop. */
  agent?: boolean;
  /** Runs before the first start, e.g. to place image archives in DIR/images. */
  prepare?: (dataDir: string) => Promise<void>;
}

export async function startCluster(extraArgs: string[] = [], opts: ClusterOptions = {}): Promise<TestCluster> {
  // Short paths: containerd's socket under DIR must fit a unix socket path.
  const dataDir = await mkdtemp(path.join(opts.agent ? '/tmp' : tmpdir(), opts.agent ? 'kite-a-' : 'kite-e2e-'));
  const cacheDir = path.join(dataDir, 'kubectl-cache');
  const port = await freePort();
  // Agent clusters get their own kubelet API port, so they never collide with another kite on the host.
  if (opts.agent && !extraArgs.includes('--kubelet-port')) extraArgs = [...extraArgs, '--kubelet-port', String(await freePort())];
  // ... and their own pod network (bridge + cluster CIDR), so parallel clusters never share one.
  if (opts.agent) extraArgs = [...podNetworkArgs(extraArgs), ...extraArgs];
  await opts.prepare?.(dataDir);
  const kubeconfig = path.join(dataDir, 'kubeconfig.yaml');
  let logText = '';
  const launch = async (): Promise<ChildProcess> => {
    await rm(kubeconfig, { force: true });
    const args = ['server', '--data-dir', dataDir, '--https-port', String(port), '--log-level', 'warn', ...(opts.agent ? [] : ['--disable-agent']), ...extraArgs];
    // KITE_SERVER_NODE_ARGS: extra node flags for the server only (e.g. `--cpu-prof` when profiling a bench).
    const nodeArgs = (process.env.KITE_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, KITE_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => { logText += d.toString(); });
    const deadline = Date.now() + 60_000;
    while (!existsSync(kubeconfig)) {
      if (child.exitCode !== null) throw new Error(`kite server exited with ${child.exitCode}: ${logText}`);
      if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`kite server not ready in 60s: ${logText}`); }
      await new Promise((r) => setTimeout(r, 50));
    }
    return child;
  };
  const halt = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await new Promise((r) => child.once('exit', r));
    clearTimeout(timer);
  };
  const proc = await launch();
  const kc = parse(await readFile(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: { server: string } }> };
  const url = kc.clusters[0]!.cluster.server;

  const kubectl = (args: string[], o: { input?: string; minor?: string; timeoutMs?: number } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(kubectlPath(o.minor), ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
        { timeout: o.timeoutMs ?? 60_000, env: { ...process.env, KUBECONFIG: kubeconfig } },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
      if (o.input !== undefined) child.stdin?.end(o.input);
      else child.stdin?.end();
    });

  const spawnKubectl = (args: string[]) => {
    const child = spawn(kubectlPath(), ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
    const waitFor = async (re: RegExp, ms = 15_000) => {
      const deadline = Date.now() + ms;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in kubectl output:\n${out}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return out;
    };
    return { child, output: () => out, waitFor };
  };

  const cluster: TestCluster = {
    dataDir, kubeconfig, url, port, proc, logs: () => logText, kubectl, spawnKubectl,
    async k(args, o) {
      const r = await kubectl(args, o);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
      return r.stdout;
    },
    async restart() {
      await halt(cluster.proc);
      cluster.proc = await launch();
    },
    async stop() {
      await halt(cluster.proc);
      if (opts.agent) await cleanupAgentHost(dataDir, nodeNameOf(extraArgs));
      else await rm(dataDir, { recursive: true, force: true });
      return cluster.proc.exitCode;
    },
  };
  return cluster;
}
