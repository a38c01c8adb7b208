/**
 * `kite server`: composes store, PKI, API server (and later controllers, scheduler and agent)
 * from one ServerConfig, and tears them down in reverse order when the signal aborts.
 */
import { createMetricsApi } from './apiserver/metrics-api.js';
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { Registry } from './api/registry/registry.js';
import { builtinResources, builtinSchemas } from './api/registry/builtin.js';
import { bootstrapCluster } from './apiserver/bootstrap.js';
import { startCrdController } from './apiserver/crd/index.js';
import { createKubeClient } from './client/index.js';
import {
  createCronJobController, createDaemonSetController, createLocalPathProvisioner, createDeploymentController, createDisruptionController,
  createGarbageCollector, createJobController, createNamespaceController, createNodeIpamController, createNodeLifecycleController, createPodGcController,
  createReplicaSetController, createResourceQuotaController, createServiceAccountController, createStatefulSetController,
  runControllerManager, type ControllerDeps, type ManagedController,
} from './controllers/index.js';
import { createScheduler } from './scheduler/index.js';
import { runNodeAgent } from './agent/index.js';
import { createEventRecorder } from './controllers/index.js';
import { startApiServer } from './apiserver/server.js';
import type { ServerConfig } from './config/server.js';
import { ensurePki, issueClientCert, loadSaTokenSigner, renderKubeconfig } from './pki/index.js';
import { createNodeProxy } from './apiserver/node-proxy.js';
import { KUBELET_CLIENT_CN } from './agent/kubelet-api/index.js';
import { createSqliteStore, runCompactor, type Store } from './store/index.js';

/** Every control loop `kite server` runs (while it holds the controller-manager lease). */
const controllersFor = (cfg: ServerConfig): ManagedController[] => [
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
  ...(cfg.disableAgent ? [] : [{
    name: 'local-path-provisioner', component: 'kite.dev/local-path',
    create: (d: ControllerDeps) => createLocalPathProvisioner(d, { nodeName: cfg.nodeName, storageDir: path.join(cfg.dataDir, 'storage') }),
  }]),
  { name: 'scheduler', component: 'default-scheduler', create: (d) => createScheduler(d, { parallelism: 16 }) },
];

export interface ServerHandle {
  url: string;
  kubeconfigPath: string;
  /** Resolves when everything has stopped. */
  stopped: Promise<void>;
}

async function writeAtomic(file: string, data: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, file);
}

async function openStore(cfg: ServerConfig): Promise<Store> {
  if (cfg.datastore !== 'sqlite') throw new Error(`datastore "${cfg.datastore}" is not available yet; use --datastore sqlite`);
  await mkdir(path.join(cfg.dataDir, 'db'), { recursive: true, mode: 0o700 });
  return createSqliteStore({ file: path.join(cfg.dataDir, 'db', 'state.db'), synchronous: cfg.sqliteSynchronous });
}

/**
 * Starts everything; `requestShutdown` is how a component that cannot go on (e.g. the node agent
 * without containerd) stops the whole process with its error (STYLE rule 12).
 */
export async function runServer(cfg: ServerConfig, log: Logger, signal: AbortSignal, requestShutdown: (err: Error) => void = () => undefined): Promise<ServerHandle> {
  await mkdir(cfg.dataDir, { recursive: true, mode: 0o700 });
  const pki = await ensurePki(path.join(cfg.dataDir, 'tls'), cfg.tlsSans);
  const saTokens = await loadSaTokenSigner(path.join(cfg.dataDir, 'tls'));
  const store = await openStore(cfg);
  // The API server's identity towards node agents' kubelet APIs (in memory, re-issued each start).
  const kubeletClient = await issueClientCert(pki, { commonName: KUBELET_CLIENT_CN, organizations: [] });
  const registry = new Registry(builtinResources, builtinSchemas);
  const now = () => new Date();
  let bootstrapped = false;
  const api = await startApiServer({
    store, registry, log, now,
    tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert },
    host: cfg.bindAddress, port: cfg.httpsPort,
    bookmarkIntervalMs: cfg.watchBookmarkMs,
    saTokens,
    nodeProxy: createNodeProxy({ tls: { ca: pki.caCert, ...kubeletClient } }),
    metrics: createMetricsApi({ kubeletTls: { ca: pki.caCert, ...kubeletClient } }),
    health: [
      { name: 'etcd', check: async () => (await store.currentRev()) >= 0 },
      { name: 'poststarthook/bootstrap-controller', check: () => bootstrapped },
    ],
  });
  await bootstrapCluster(api.objects, registry, now);
  // CRDs stored before this start are served before the server reports ready.
  const crds = startCrdController({ objects: api.objects, registry, log, now, signal });
  await crds.synced;
  bootstrapped = true;

  const host = cfg.bindAddress === '0.0.0.0' || cfg.bindAddress === '::' ? '127.0.0.1' : cfg.bindAddress;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${api.port}`;
  const kubeconfigPath = path.join(cfg.dataDir, 'kubeconfig.yaml');
  await writeAtomic(kubeconfigPath, renderKubeconfig({
    clusterName: 'kite', server: url, caPem: pki.caCert, userName: 'kite-admin', certPem: pki.adminCert, keyPem: pki.adminKey,
  }), 0o600);

  const compactor = runCompactor(store, { ...cfg.compaction, onError: (e) => log.warn({ err: e }, 'compaction failed') }, signal);
  // Controllers reach the API like any client would (over HTTPS), so they could run elsewhere.
  const client = createKubeClient({ server: url, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey, userAgent: 'kite/controller-manager' });
  const controllers = runControllerManager({
    client, log, identity: `${cfg.nodeName}_${randomUUID()}`, controllers: controllersFor(cfg),
  }, signal).catch((e: unknown) => log.error({ err: e }, 'controller manager failed'));
  // The node agent talks to the API like a remote kubelet would; it stops after the control loops.
  const agentLife = new AbortController();
  const agent = cfg.disableAgent ? Promise.resolve() : runNodeAgent({
    client, dataDir: cfg.dataDir, nodeName: cfg.nodeName, allocation: cfg.allocation, controlPlane: true, log,
    ca: { cert: pki.caCert, key: pki.caKey }, kubeletPort: cfg.kubeletPort,
    network: {
      clusterCidr: cfg.network.clusterCidr, clusterDomain: cfg.network.clusterDomain, bridge: cfg.cniBridge,
      ...(cfg.network.disabled.includes('dns') ? {} : { clusterDns: cfg.network.clusterDns }),
    },
    recorder: createEventRecorder({ client, component: 'kubelet', host: cfg.nodeName, log }),
  }, agentLife.signal).catch((e: unknown) => {
    log.error({ err: e }, 'node agent failed');
    requestShutdown(e instanceof Error ? e : new Error(String(e)));
  });
  log.info({ url, dataDir: cfg.dataDir, kubeconfig: kubeconfigPath }, 'kite server ready');

  const stopped = (async () => {
    if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    log.info('stopping');
    await controllers;
    agentLife.abort();
    await agent;
    client.close();
    await api.close();
    await crds.done;
    await compactor.catch((e: unknown) => log.warn({ err: e }, 'compactor stopped with an error'));
    await store.close();
    log.info('stopped');
  })();
  return { url, kubeconfigPath, stopped };
}
