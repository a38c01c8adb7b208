/**
 * Removing a deployment's host network state with the network components' own cleanups, so remove
 * touches exactly what this deployment set up and nothing of other Kite instances or other software:
 * - the pod network (`cleanupPodNetwork(dataDir)`): reads what the agent recorded under the data dir
 *   (its bridge, its podCIDR rules tagged `kite pods <bridge>` in KITE-POD-*, the VXLAN device it made);
 * - the Service proxy (`cleanupServiceProxy`): its chains KITE-SERVICES, KITE-SVC-*, KITE-NODEPORTS …
 *   and the LoadBalancer addresses it recorded under DIR/network/proxy — only when the deployment ran
 *   the proxy (the chain names are per host: one proxy per machine);
 * - the cluster DNS address (`removeDnsAddress(clusterDns)`) on kite-dns0, which goes with its last
 *   address — only when the deployment ran the DNS server.
 * Each is idempotent, so remove stays safe to run twice. Run once the pods are gone.
 */
import path from 'node:path';
import { pino } from 'pino';
import { cleanupPodNetwork } from '../agent/index.js';
import type { ClusterConfig } from '../config/cluster-config.js';
import { removeDnsAddress } from '../network/dns/index.js';
import { cleanupServiceProxy } from '../network/proxy/index.js';

/** Where `kite server` keeps the proxy's state (as node-network.ts passes it). */
export const proxyStateDir = (dataDir: string) => path.join(dataDir, 'network', 'proxy');

export async function removeHostNetwork(cfg: ClusterConfig, say: (msg: string) => void): Promise<void> {
  const warn = (what: string) => (e: unknown) => say(`warning: ${what}: ${(e as Error).message.split('\n')[0]}`);
  const disabled = cfg.network.disable;
  // The proxy logs through pino; warnings only, to stderr, so remove's own lines stay readable.
  const log = pino({ level: 'warn' }, pino.destination(2));
  await cleanupPodNetwork(cfg.dataDir).then(() => say('removed the pod network (bridge, KITE-POD-* rules)'), warn('pod network'));
  if (!disabled.includes('service-proxy')) {
    await cleanupServiceProxy({ stateDir: proxyStateDir(cfg.dataDir), log })
      .then(() => say('removed the Service proxy chains and LoadBalancer addresses'), warn('service proxy'));
  }
  if (!disabled.includes('dns') && cfg.clusterDns) {
    await removeDnsAddress(cfg.clusterDns).then(() => say(`removed the cluster DNS address ${cfg.clusterDns}`), warn('cluster DNS address'));
  }
}
