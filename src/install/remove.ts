/**
 * `kite remove`: stop the service, remove the pods (their sandboxes' network first), containers and
 * cgroups `kite-<node>*`, then the host network of this deployment through the network components'
 * own cleanups (pod bridge and KITE-POD-* rules, Service proxy chains and LoadBalancer addresses, the
 * cluster DNS address), the state Kite created under the data dir, the service, the kubeconfig
 * context and /etc/kite. Safe to run twice; foreign files in the data dir, other Kite instances'
 * bridges and rules, and everything else on the host are left alone.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyClusterConfigDefaults, parseClusterConfigText, type ClusterConfig } from '../config/cluster-config.js';
import { nodeNameFromHostname } from '../config/cluster-config-template.js';
import { InstallError } from './errors.js';
import { readDeploymentRecord, writeFileAtomic } from './deployment.js';
import { removeHostNetwork } from './host-network.js';
import { removeNodeRuntime, unmountAndRemove } from './host-state.js';
import { removePodSandboxes } from './pod-sandboxes.js';
import { removeKiteContext, userKubeconfigPath } from './kubeconfig-merge.js';
import { etcDirOf, installPaths } from './paths.js';
import type { Progress } from './progress.js';
import { serviceManager } from './service.js';
import { hostIdentity } from './service-spec.js';
import { localMachine } from '../config/cluster-config.js';

/** What Kite itself creates in a data dir; anything else there is the user's and stays. */
const KITE_ENTRIES = ['db', 'tls', 'agent', 'network', 'storage', 'images', 'run', 'logs', 'kubeconfig.yaml', 'kubectl-cache'];

export interface RemoveOptions {
  /** A config to read the data dir, cluster and node from; default: the deployed one. */
  configFile?: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
}

/** The deployed config, read leniently (fields that fail validation must not block removal). */
async function deployedConfig(file: string | undefined, etcDir: string): Promise<{ cfg: ClusterConfig; source: string } | undefined> {
  const f = file ?? path.join(etcDir, 'config.yaml');
  const text = await readFile(f, 'utf8').catch(() => undefined);
  if (text === undefined) {
    if (file) throw new InstallError('KITE_E_CONFIG', `${file}: cannot read`, undefined, 2);
    return undefined;
  }
  try { return { cfg: applyClusterConfigDefaults(parseClusterConfigText(text, f)), source: f }; } catch (e) {
    throw new InstallError('KITE_E_CONFIG', (e as Error).message, 'pass the config the cluster was deployed with: kite remove -c FILE', 2);
  }
}

export async function removeDeployment(o: RemoveOptions): Promise<{ removedAnything: boolean }> {
  const etcDir = etcDirOf(o.env);
  const found = await deployedConfig(o.configFile, etcDir);
  if (!found) {
    // Nothing says where a cluster lives: never guess (a guess could hit a Kite someone runs by hand).
    o.progress.note(`nothing to remove: no deployed config at ${path.join(etcDir, 'config.yaml')} (pass -c FILE to remove a cluster by its config)`);
    return { removedAnything: false };
  }
  const { cfg, source } = found;
  const p = installPaths(cfg.dataDir, o.env);
  const record = await readDeploymentRecord(p.deploymentFile);
  const node = record?.nodeName ?? localMachine(cfg, hostIdentity())?.name ?? nodeNameFromHostname(os.hostname());
  const cluster = record?.clusterName ?? cfg.clusterName;
  const say = (m: string) => o.progress.note(`    ${m}`);
  let removedAnything = false;
  o.progress.note(`removing Kite (config: ${source}, data dir: ${cfg.dataDir}, node: ${node})`);

  let step = o.progress.step('stopping the Kite service');
  const svc = serviceManager(cfg.dataDir, o.env);
  const wasRunning = (await svc.status()).running;
  await svc.uninstall();
  removedAnything ||= wasRunning;
  step.done(wasRunning ? 'stopped' : 'was not running');

  step = o.progress.step('removing pods, containers, containerd and cgroups');
  await removePodSandboxes(cfg.dataDir, node, say);
  await removeNodeRuntime(cfg.dataDir, node, say);
  step.done();

  // After the pods: the pod network's cleanup expects no pod on the bridge any more.
  step = o.progress.step('removing the pod network, Service proxy rules and cluster DNS address');
  await removeHostNetwork(cfg, say);
  step.done();

  step = o.progress.step(`removing the kubeconfig context kite-${cluster}`);
  const kubeconfigFile = record?.kubeconfigFile ?? userKubeconfigPath(o.env);
  const text = await readFile(kubeconfigFile, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const r = removeKiteContext(text, cluster, record?.previousContext ?? undefined);
    if (r.remaining === 0 && record?.createdKubeconfig) await rm(kubeconfigFile, { force: true });
    else if (r.text !== text) await writeFileAtomic(kubeconfigFile, r.text, 0o600);
    removedAnything ||= r.text !== text;
    step.done(r.text !== text ? kubeconfigFile : 'not present');
  } else step.done('no kubeconfig');

  step = o.progress.step(`removing state in ${cfg.dataDir}`);
  if (existsSync(cfg.dataDir)) {
    removedAnything = true;
    for (const e of KITE_ENTRIES) await unmountAndRemove(path.join(cfg.dataDir, e));
    const left = await readdir(cfg.dataDir).catch(() => []);
    if (left.length === 0) await rmdir(cfg.dataDir).catch(() => undefined);
    step.done(left.length ? `left ${left.length} file(s) Kite did not create` : undefined);
  } else step.done('already gone');

  step = o.progress.step(`removing ${etcDir}`);
  for (const f of [p.configFile, p.deploymentFile]) if (existsSync(f)) { removedAnything = true; await rm(f, { force: true }); }
  if ((await readdir(etcDir).catch(() => ['x'])).length === 0) await rmdir(etcDir).catch(() => undefined);
  step.done();
  return { removedAnything };
}
