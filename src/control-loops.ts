/**
 * The control loops of `kite server` (controllers + scheduler, under the controller-manager Lease),
 * and where they run: on the main thread, or with `--control-loops-thread` on a worker thread. They
 * reach the API over HTTPS like any client, so the thread changes nothing in behaviour; on it the API
 * server's event loop — the bottleneck at scale (issue 3: 1,000 nodes, 30,000 pods) — no longer shares
 * its core with their watch decoding, reconciles and scheduling decisions (~1.5× pods bound per second),
 * at the price of a second V8 heap (~25 MiB), which a small edge machine would rather keep.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import type { Logger } from 'pino';
import { createKubeClient } from './client/index.js';
import type { ServerConfig } from './config/server.js';
import {
  createCronJobController, createDaemonSetController, createLocalPathProvisioner, createDeploymentController, createDisruptionController,
  createGarbageCollector, createJobController, createNamespaceController, createNodeIpamController, createNodeLifecycleController, createPodGcController,
  createReplicaSetController, createResourceQuotaController, createServiceAccountController, createStatefulSetController,
  createEndpointSliceController, createEndpointsController, createServiceLbController, createBootstrapSigner, createCsrApprover, createCsrSigner, createTokenCleaner,
  runControllerManager, type ControllerDeps, type ManagedController,
} from './controllers/index.js';
import { createScheduler } from './scheduler/index.js';

/** Every control loop `kite server` runs (while it holds the controller-manager lease); `ca` signs node certificates. */
export const controllersFor = (cfg: ServerConfig, ca?: { cert: string; key: string }): ManagedController[] => [
  { name: 'namespace', create: (d) => createNamespaceController({ client: d.client, log: d.log, clock: d.clock }) },
  { name: 'garbage-collector', create: (d) => createGarbageCollector(d) },
  { name: 'serviceaccount', create: (d) => createServiceAccountController(d) },
  { name: 'replicaset', create: (d) => createReplicaSetController(d) },
  { name: 'deployment', create: (d) => createDeploymentController(d) },
  { name: 'daemonset', create: (d) => createDaemonSetController(d) },
  { name: 'statefulset', create: (d) => createStatefulSetController(d) },
  { name: 'job', create: (d) => createJobController(d) },
  { name: 'cronjob', create: (d) => createCronJobController(d) },
  { name: 'node-lifecycle', component: 'node-controller', create: (d) => createNodeLifecycleController(d, { gracePeriodMs: cfg.nodeMonitorGraceMs, monitorPeriodMs: Math.min(5000, cfg.nodeMonitorGraceMs / 4) }) },
  { name: 'node-ipam', create: (d) => createNodeIpamController(d, { clusterCidr: cfg.network.clusterCidr, nodeCidrMaskSize: cfg.network.nodeCidrMaskSize }) },
  { name: 'pod-gc', create: (d) => createPodGcController(d) },
  { name: 'resourcequota', create: (d) => createResourceQuotaController(d) },
  { name: 'disruption', create: (d) => createDisruptionController(d) },
  { name: 'endpointslice', create: (d) => createEndpointSliceController(d) },
  { name: 'endpoints', create: (d) => createEndpointsController(d) },
  ...(cfg.network.disabled.includes('servicelb') ? [] : [{
    name: 'service-lb', create: (d: ControllerDeps) => createServiceLbController(d, { range: cfg.network.loadBalancerRange }),
  }]),
  ...(cfg.disableAgent ? [] : [{
    name: 'local-path-provisioner', component: 'kite.dev/local-path',
    create: (d: ControllerDeps) => createLocalPathProvisioner(d, { nodeName: cfg.nodeName, storageDir: path.join(cfg.dataDir, 'storage') }),
  }]),
  { name: 'bootstrapsigner', create: (d) => createBootstrapSigner(d) },
  { name: 'tokencleaner', create: (d) => createTokenCleaner(d) },
  { name: 'csrapproving', create: (d) => createCsrApprover(d) },
  ...(ca ? [{ name: 'csrsigning', create: (d: ControllerDeps) => createCsrSigner(d, { ca }) }] : []),
  { name: 'scheduler', component: 'default-scheduler', create: (d) => createScheduler(d, { parallelism: 16 }) },
];


export interface ControlLoopsOptions {
  cfg: ServerConfig;
  /** The API server's URL and the admin identity the loops use (PEM strings). */
  api: { url: string; ca: string; cert: string; key: string };
  /** The cluster CA (PEM) the CSR signer issues node certificates with; absent: no signer. */
  signingCa?: { cert: string; key: string };
  identity: string;
  log: Logger;
  /** true: on a worker thread of their own; false: on the calling thread. */
  worker: boolean;
}

/** What the worker needs, as plain data (structured-cloned into the thread). */
export type ControlLoopsWorkerData = Omit<ControlLoopsOptions, 'log' | 'worker'>;

/** Runs the loops on this thread until `signal` aborts (also the worker's body). */
export async function runControlLoopsHere(o: ControlLoopsWorkerData & { log: Logger }, signal: AbortSignal): Promise<void> {
  const client = createKubeClient({ server: o.api.url, ca: o.api.ca, cert: o.api.cert, key: o.api.key, userAgent: 'kite/controller-manager' });
  try {
    await runControllerManager({ client, log: o.log, identity: o.identity, controllers: controllersFor(o.cfg, o.signingCa) }, signal);
  } finally {
    client.close();
  }
}

/** Resolves once the loops have stopped after `signal` aborts; a failure is logged, never thrown. */
export async function runControlLoops(o: ControlLoopsOptions, signal: AbortSignal): Promise<void> {
  const { log, worker: inWorker, ...data } = o;
  if (!inWorker) return runControlLoopsHere({ ...data, log }, signal).catch((e: unknown) => log.error({ err: e }, 'controller manager failed'));
  const worker = new Worker(path.join(path.dirname(new URL(import.meta.url).pathname), 'control-loops-worker.js'), { workerData: data satisfies ControlLoopsWorkerData });
  const exited = new Promise<void>((resolve) => {
    worker.on('error', (e) => log.error({ err: e }, 'controller manager failed'));
    worker.on('exit', (code) => {
      if (code !== 0 && !signal.aborted) log.error({ code }, 'controller manager thread exited');
      resolve();
    });
  });
  const stop = () => worker.postMessage('stop');
  if (signal.aborted) stop(); else signal.addEventListener('abort', stop, { once: true });
  await exited;
}
