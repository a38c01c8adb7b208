/**
 * `kite deploy`: config → checks → /etc/kite/config.yaml → service → API ready → node Ready → system
 * pods → kubeconfig merged → deployment record. Each step is idempotent, so a deploy killed midway
 * completes when re-run; a completed deploy with the same config is a no-op unless forced.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { promisify } from 'node:util';
import { readClusterConfigFile, type ClusterConfig, type MachineConfig } from '../config/cluster-config.js';
import { formatIssue, validateClusterConfig } from '../config/cluster-config-validate.js';
import { gatherHostFacts } from '../config/host-checks-facts.js';
import { renderCheckTable, runHostChecks } from '../config/host-checks.js';
import { configHash, readDeploymentRecord, writeFileAtomic, type DeploymentRecord } from './deployment.js';
import { InstallError } from './errors.js';
import { kiteContextName, mergeKiteContext, userKubeconfigPath } from './kubeconfig-merge.js';
import { installPaths } from './paths.js';
import type { Progress } from './progress.js';
import { serviceManager } from './service.js';
import { waitApiReady, waitNodeReady, waitSystemPods } from './wait.js';
import { hostIdentity } from './service-spec.js';
import { localMachine } from '../config/cluster-config.js';

const execFileP = promisify(execFile);

export interface DeployOptions {
  configFile: string;
  force: boolean;
  installDeps: boolean;
  /** May ask questions (a TTY on stdin). */
  interactive: boolean;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  progress: Progress;
}

export interface DeployResult {
  changed: boolean;
  config: ClusterConfig;
  nodeName: string;
  context: string;
  kubeconfigFile: string;
  timings: { readyMs?: number };
}

/** Reads and validates a config file; bad config = exit 2 with every issue named. */
export async function loadConfigOrThrow(file: string): Promise<{ config: ClusterConfig; text: string }> {
  let data: unknown;
  try { data = await readClusterConfigFile(file); } catch (e) { throw new InstallError('KITE_E_CONFIG', (e as Error).message, 'kite config new writes a valid template', 2); }
  const r = validateClusterConfig(data);
  if (!r.ok) {
    throw new InstallError('KITE_E_CONFIG', `${file}: invalid config:\n  ${r.issues.map(formatIssue).join('\n  ')}`, 'fix the fields above (reference: schema/cluster-config.schema.json)', 2);
  }
  return { config: r.config, text: await readFile(file, 'utf8') };
}

export function thisMachine(cfg: ClusterConfig): MachineConfig {
  const m = localMachine(cfg, hostIdentity());
  if (!m) throw new InstallError('KITE_E_CONFIG', 'machines: no machine matches this host\'s hostname or addresses', 'name a machine after this host', 2);
  return m;
}

async function askYesNo(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try { return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim()); } finally { rl.close(); }
}

async function installPackages(pkgs: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => execFileP('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env, maxBuffer: 64 << 20 });
  try { await install(); } catch {
    await execFileP('apt-get', ['update', '-qq'], { env, maxBuffer: 64 << 20 });
    await install();
  }
}

async function runChecks(o: DeployOptions, cfg: ClusterConfig, serviceRunning: boolean): Promise<void> {
  const step = o.progress.step('checking the host');
  let results = await runHostChecks(cfg, await gatherHostFacts(), { skipPorts: serviceRunning });
  const pkgs = results.find((r) => r.check === 'packages' && !r.ok);
  if (pkgs) {
    const missing = pkgs.detail.replace(/^missing: /, '').split(', ');
    const yes = o.installDeps || (o.interactive && await askYesNo(`install missing packages (${missing.join(' ')}) with apt-get?`));
    if (yes) {
      o.progress.note(`installing ${missing.join(' ')} …`);
      await installPackages(missing).catch((e: Error) => { throw new InstallError('KITE_E_APT', `apt-get install failed: ${e.message.split('\n')[0]}`, `install them by hand: apt-get install -y ${missing.join(' ')}`); });
      results = await runHostChecks(cfg, await gatherHostFacts(), { skipPorts: serviceRunning });
    }
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) { step.done(`${results.length} checks passed`); return; }
  step.fail(`${failed.length} of ${results.length} checks failed`);
  o.progress.note(renderCheckTable(failed));
  const configProblem = failed.some((r) => r.field !== undefined);
  throw new InstallError(configProblem ? 'KITE_E_CONFIG' : 'KITE_E_HOST', failed.map((r) => r.detail).join('; '), failed[0]!.hint, configProblem ? 2 : 1);
}

export async function deploy(o: DeployOptions): Promise<DeployResult> {
  const { config: cfg, text } = await loadConfigOrThrow(o.configFile);
  const machine = thisMachine(cfg);
  if (!machine.controlPlane) {
    throw new InstallError('KITE_E_JOIN', `machine ${machine.name} is not a control plane, and joining a cluster is not available yet`, 'deploy the control-plane machine (controlPlane: true); joins come with kite scale-config');
  }
  const p = installPaths(cfg.dataDir, o.env);
  const svc = serviceManager(cfg.dataDir, o.env);
  const hash = configHash(cfg);
  const context = kiteContextName(cfg.clusterName);
  const record = await readDeploymentRecord(p.deploymentFile);
  const running = (await svc.status()).running;

  if (record?.complete && !o.force) {
    if (record.configHash !== hash) {
      throw new InstallError('KITE_E_DEPLOYED', `Kite is already deployed here with a different config (${p.configFile})`, 'kite deploy --force applies the new config (restarts Kite); kite remove removes the old cluster');
    }
    o.progress.note(`Kite is already deployed with this config (cluster ${cfg.clusterName}, node ${record.nodeName}); nothing changed.`);
    if (!running) o.progress.note('The service is stopped: start it with kite start.');
    return { changed: false, config: cfg, nodeName: record.nodeName, context, kubeconfigFile: record.kubeconfigFile, timings: {} };
  }

  if (record && record.dataDir !== cfg.dataDir) {
    // Forced onto a new data dir: the old service (pid files in the old dir) must not keep running.
    await serviceManager(record.dataDir, o.env).stop();
  }
  await runChecks(o, cfg, running);

  let step = o.progress.step(`writing ${p.configFile}`);
  const previousText = await readFile(p.configFile, 'utf8').catch(() => undefined);
  const configChanged = previousText !== text;
  if (configChanged) await writeFileAtomic(p.configFile, text, 0o600);
  await mkdir(path.join(cfg.dataDir, 'images'), { recursive: true, mode: 0o700 });
  for (const img of cfg.images) {
    const dest = path.join(cfg.dataDir, 'images', path.basename(img).endsWith('.tar') ? path.basename(img) : `${path.basename(img)}.tar`);
    await copyFile(img, dest).catch((e: NodeJS.ErrnoException) => { throw new InstallError('KITE_E_CONFIG', `images: ${img}: ${e.code ?? e.message}`, 'list OCI/docker image archives that exist', 2); });
  }
  step.done(configChanged ? (cfg.images.length ? `and ${cfg.images.length} image archive(s)` : undefined) : 'unchanged');

  const t0 = Date.now();
  step = o.progress.step(`starting the Kite service (${svc.kind})`);
  await svc.install(cfg, machine);
  if (running && (configChanged || o.force)) await svc.restart();
  else await svc.start();
  const st = await svc.status();
  step.done(st.supervisorPid ? `supervisor pid ${st.supervisorPid}, log ${p.logFile}` : undefined);

  // A service that stopped while we wait is reported at once, with where to look.
  const alive = async () => ((await svc.status()).running ? undefined : `the Kite service stopped; see ${svc.kind === 'process' ? p.logFile : 'journalctl -u kite'}`);
  const wrap = async <T>(title: string, f: () => Promise<T>, detail?: (v: T) => string): Promise<T> => {
    const s = o.progress.step(title);
    try {
      const v = await f();
      s.done(detail?.(v));
      return v;
    } catch (e) {
      s.fail((e as Error).message);
      throw new InstallError('KITE_E_DEPLOY', (e as Error).message, `kite logs --bundle kite-logs.tar.gz collects the logs; ${svc.kind === 'process' ? `tail ${p.logFile}` : 'journalctl -u kite'}`);
    }
  };
  const client = await wrap('waiting for the API server', () => waitApiReady(p.kubeconfig, o.timeoutMs, alive));
  try {
    await wrap(`waiting for node ${machine.name} to be Ready`, () => waitNodeReady(client, machine.name, o.timeoutMs, alive));
    const readyMs = Date.now() - t0;
    await wrap('waiting for system pods', () => waitSystemPods(client, o.timeoutMs), (n) => (n ? `${n} running` : 'none needed'));

    step = o.progress.step(`merging the kubeconfig as context ${context}`);
    const kubeconfigFile = userKubeconfigPath(o.env);
    const existedBefore = existsSync(kubeconfigFile);
    const existing = existedBefore ? await readFile(kubeconfigFile, 'utf8') : undefined;
    const merged = mergeKiteContext(existing, await readFile(p.kubeconfig, 'utf8'), cfg.clusterName);
    // What the user's kubeconfig looked like before Kite first touched it; a re-run after a killed
    // deploy (or --force) keeps the first view, so remove can restore it.
    const first = record && record.kubeconfigFile === kubeconfigFile ? record : undefined;
    const rec: DeploymentRecord = {
      configHash: hash, clusterName: cfg.clusterName, nodeName: machine.name, dataDir: cfg.dataDir, manager: svc.kind, kubeconfigFile,
      previousContext: first ? first.previousContext : merged.previousContext === context ? null : (merged.previousContext ?? null),
      createdKubeconfig: first ? first.createdKubeconfig : !existedBefore,
      deployedAt: new Date().toISOString(),
      complete: false,
    };
    await writeFileAtomic(p.deploymentFile, `${JSON.stringify(rec, null, 2)}\n`, 0o600);
    await writeFileAtomic(kubeconfigFile, merged.text, 0o600);
    step.done(kubeconfigFile);
    await writeFileAtomic(p.deploymentFile, `${JSON.stringify({ ...rec, complete: true }, null, 2)}\n`, 0o600);
    return { changed: true, config: cfg, nodeName: machine.name, context, kubeconfigFile, timings: { readyMs } };
  } finally {
    client.close();
  }
}
