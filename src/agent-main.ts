/**
 * `kite agent`: the node agent alone, on a machine that joins a cluster (DESIGN §2). Composition:
 * node credentials (join with the token, or reuse DIR/agent/pki) → a client with the node's
 * certificate → the cluster's network settings from `kube-system/kite-cluster-network` → the node
 * agent (kubelet API TLS from a kubelet-serving CSR) and the node-local Service proxy and DNS.
 */
import type { Logger } from 'pino';
import { runNodeAgent } from './agent/index.js';
import { createKubeClient, type KubeClient } from './client/index.js';
import { CLUSTER_NETWORK_CONFIGMAP, networkFromClusterData } from './config/cluster-network.js';
import type { AgentConfig } from './config/agent.js';
import type { NetworkConfig } from './config/network.js';
import { createEventRecorder } from './controllers/index.js';
import { kubeletServingTls, obtainNodeCredentials, JoinError } from './join/index.js';
import { startNodeNetwork } from './node-network.js';

async function readClusterNetwork(client: KubeClient, cfg: AgentConfig, signal: AbortSignal): Promise<NetworkConfig> {
  const { namespace, name } = CLUSTER_NETWORK_CONFIGMAP;
  let cm;
  try {
    cm = await client.get({ group: '', version: 'v1', plural: 'configmaps', namespace }, name, { signal });
  } catch (e) {
    throw new JoinError(`kite agent: cannot read ${namespace}/${name} from ${cfg.server}: ${(e as Error).message}`, 1, 'the server publishes it at start; is it a Kite server?');
  }
  return networkFromClusterData(cm.data as Record<string, string> | undefined, {
    ...(cfg.nodeIp ? { nodeIp: cfg.nodeIp } : {}), disable: cfg.disable,
  });
}

/** Resolves once everything has stopped after `signal` aborts; fails early (JoinError) when joining fails. */
export async function runAgent(cfg: AgentConfig, log: Logger, signal: AbortSignal, requestShutdown: (err: Error) => void = () => undefined): Promise<{ stopped: Promise<void> }> {
  const creds = await obtainNodeCredentials({
    server: cfg.server, token: cfg.token, caCertHash: cfg.caCertHash, dataDir: cfg.dataDir, nodeName: cfg.nodeName, log,
  }, signal);
  const client = createKubeClient({ server: cfg.server, ca: creds.ca, cert: creds.cert, key: creds.key, userAgent: 'kite/agent' });
  let network: NetworkConfig;
  try {
    network = await readClusterNetwork(client, cfg, signal);
  } catch (e) {
    client.close();
    throw e;
  }
  const fail = (what: string) => (e: unknown) => {
    log.error({ err: e }, `${what} failed`);
    requestShutdown(e instanceof Error ? e : new Error(String(e)));
  };
  const agentLife = new AbortController();
  const agent = runNodeAgent({
    client, dataDir: cfg.dataDir, nodeName: cfg.nodeName, allocation: cfg.allocation, controlPlane: false, log,
    kubeletPort: cfg.kubeletPort, ...(cfg.nodeIp ? { nodeIP: cfg.nodeIp } : {}),
    kubeletTls: kubeletServingTls({ client, ca: creds.ca, dataDir: cfg.dataDir, log }),
    network: {
      clusterCidr: network.clusterCidr, clusterDomain: network.clusterDomain, bridge: cfg.cniBridge,
      ...(network.disabled.includes('dns') ? {} : { clusterDns: network.clusterDns }),
    },
    recorder: createEventRecorder({ client, component: 'kubelet', host: cfg.nodeName, log }),
  }, agentLife.signal).catch(fail('node agent'));
  const nodeNetwork = startNodeNetwork({ client, network, nodeName: cfg.nodeName, dataDir: cfg.dataDir, log }, signal)
    .catch((e: unknown) => { fail('node network')(e); return undefined; });
  log.info({ server: cfg.server, node: cfg.nodeName, joined: creds.joined }, 'kite agent running');
  const stopped = (async () => {
    if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    log.info('stopping');
    agentLife.abort();
    await agent;
    await (await nodeNetwork)?.done;
    client.close();
    log.info('stopped');
  })();
  return { stopped };
}
