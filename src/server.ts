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
import { loadServiceAllocator, reconcileKubernetesService } from './apiserver/services/index.js';
import { nthAddress, parseCidr } from './api/net/ipv4.js';
import { readHostInfo } from './agent/node/index.js';
import { startCrdController } from './apiserver/crd/index.js';
import { createKubeClient } from './client/index.js';
import { runControlLoops } from './control-loops.js';
import { startNodeNetwork } from './node-network.js';
import { runNodeAgent } from './agent/index.js';
import { createEventRecorder } from './controllers/index.js';
import { startApiServer } from './apiserver/server.js';
import type { ServerConfig } from './config/server.js';
import { ensurePki, issueClientCert, loadSaTokenSigner, renderKubeconfig } from './pki/index.js';
import { createNodeProxy } from './apiserver/node-proxy.js';
import { issueKubeletServingCert, KUBELET_CLIENT_CN } from './agent/kubelet-api/index.js';
import { publishClusterConfig } from './cluster-publish.js';
import { createSqliteStore, runCompactor, type Store } from './store/index.js';

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

/** Where pods and peers reach the API server: the bind address, or this node's address when bound to all. */
async function apiAddress(cfg: ServerConfig): Promise<string> {
  if (cfg.bindAddress !== '0.0.0.0' && cfg.bindAddress !== '::') return cfg.bindAddress;
  return cfg.network.nodeIp ?? (await readHostInfo({})).internalIP;
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
  const services = await loadServiceAllocator({ store, registry, network: cfg.network, log });
  const api = await startApiServer({
    writeHooks: { services },
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
  await reconcileKubernetesService({
    objects: api.objects, registry, services, now, port: api.port,
    clusterIP: nthAddress(parseCidr(cfg.network.serviceCidr), 1), address: await apiAddress(cfg),
  });
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
  // Controllers and scheduler reach the API like any client would (over HTTPS), from their own thread.
  const controllers = runControlLoops({
    cfg, api: { url, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey }, signingCa: { cert: pki.caCert, key: pki.caKey }, identity: `${cfg.nodeName}_${randomUUID()}`, log,
    worker: cfg.controlLoopsThread,
  }, signal);
  const client = createKubeClient({ server: url, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey, userAgent: 'kite/agent' });
  const apiHost = await apiAddress(cfg);
  await publishClusterConfig(client, {
    server: `https://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${api.port}`, caPem: pki.caCert, network: cfg.network,
  });
  // The node agent talks to the API like a remote kubelet would; it stops after the control loops.
  const agentLife = new AbortController();
  const agent = cfg.disableAgent ? Promise.resolve() : runNodeAgent({
    client, dataDir: cfg.dataDir, nodeName: cfg.nodeName, allocation: cfg.allocation, controlPlane: true, log,
    kubeletPort: cfg.kubeletPort,
    kubeletTls: async (n) => issueKubeletServingCert({ caCert: pki.caCert, caKey: pki.caKey, nodeName: n.nodeName, ips: n.ips }),
    network: {
      clusterCidr: cfg.network.clusterCidr, clusterDomain: cfg.network.clusterDomain, bridge: cfg.cniBridge,
      ...(cfg.network.disabled.includes('dns') ? {} : { clusterDns: cfg.network.clusterDns }),
    },
    recorder: createEventRecorder({ client, component: 'kubelet', host: cfg.nodeName, log }),
  }, agentLife.signal).catch((e: unknown) => {
    log.error({ err: e }, 'node agent failed');
    requestShutdown(e instanceof Error ? e : new Error(String(e)));
  });
  // The Service proxy and cluster DNS serve this machine's pods, so they run wherever the agent runs.
  const nodeNetwork = cfg.disableAgent ? undefined : startNodeNetwork({
    client, network: cfg.network, nodeName: cfg.nodeName, dataDir: cfg.dataDir, log,
  }, signal).catch((e: unknown) => {
    log.error({ err: e }, 'node network failed');
    requestShutdown(e instanceof Error ? e : new Error(String(e)));
    return undefined;
  });
  log.info({ url, dataDir: cfg.dataDir, kubeconfig: kubeconfigPath }, 'kite server ready');

  const stopped = (async () => {
    if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    log.info('stopping');
    await controllers;
    agentLife.abort();
    await agent;
    await (await nodeNetwork)?.done;
    client.close();
    await api.close();
    await crds.done;
    await compactor.catch((e: unknown) => log.warn({ err: e }, 'compactor stopped with an error'));
    await store.close();
    log.info('stopped');
  })();
  return { url, kubeconfigPath, stopped };
}
