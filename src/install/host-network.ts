/**
 * Removing a deployment's host network state with the network components' own cleanups, so remove
 * touches exactly what this deployment set up and nothing of other Kite instances or other software:
 * - the pod network (`cleanupPodNetwork(dataDir)`): reads what the agent recorded under the data dir
 *   (its bridge, its podCIDR rules tagged `kite pods <bridge>` in KITE-POD-*, the VXLAN device it made);
 * - the Service proxy (`cleanupServiceProxy`): its chains KITE-SERVICES, KITE-SVC-*, KITE-NODEPORTS …
 *   and the LoadBalancer addresses it recorded under DIR/network/proxy — only when the deployment ran
 *   the proxy. The chain names are per host (one proxy per machine), so while another `kite server`
 *   with a proxy runs here (a developer's or a test's second instance) the chains are its now: they
 *   stay, and that proxy drops our Services' leftovers at its next sync;
 * - the cluster DNS address (`removeDnsAddress(clusterDns)`) on kite-dns0, which goes with its last
 *   address — only when the deployment ran the DNS server.
 * Each is idempotent, so remove stays safe to run twice. Run once the pods are gone.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { cleanupPodNetwork } from '../agent/index.js';
import type { ClusterConfig } from '../config/cluster-config.js';
import { removeDnsAddress } from '../network/dns/index.js';
import { cleanupServiceProxy } from '../network/proxy/index.js';
import { cmdline } from './pids.js';

/** Where `kite server` keeps the proxy's state (as node-network.ts passes it). */
export const proxyStateDir = (dataDir: string) => path.join(dataDir, 'network', 'proxy');

/** True when `args` (a /proc cmdline) is a `kite server` on another data dir that runs the Service proxy. Pure. */
export function isOtherProxyServer(args: string[], dataDir: string): boolean {
  const i = args.indexOf('server');
  if (i < 1 || !/(^|\/)(kite|main\.js)$/.test(args[i - 1]!)) return false;
  const flag = (name: string) => args.flatMap((a, j) => (a === name ? [args[j + 1] ?? ''] : a.startsWith(`${name}=`) ? [a.slice(name.length + 1)] : []));
  if (path.resolve(flag('--data-dir')[0] ?? '/var/lib/kite') === path.resolve(dataDir)) return false;
  return !flag('--disable').includes('service-proxy');
}

/** Pids of other `kite server` processes on this host that run the Service proxy. */
export async function otherProxyServers(dataDir: string): Promise<number[]> {
  const out: number[] = [];
  for (const e of await readdir('/proc')) {
    if (/^\d+$/.test(e) && Number(e) !== process.pid && isOtherProxyServer(await cmdline(Number(e)), dataDir)) out.push(Number(e));
  }
  return out;
}

export async function removeHostNetwork(cfg: ClusterConfig, say: (msg: string) => void): Promise<void> {
  const warn = (what: string) => (e: unknown) => say(`warning: ${what}: ${(e as Error).message.split('\n')[0]}`);
  const disabled = cfg.network.disable;
  // The proxy logs through pino; warnings only, to stderr, so remove's own lines stay readable.
  const log = pino({ level: 'warn' }, pino.destination(2));
  await cleanupPodNetwork(cfg.dataDir).then(() => say('removed the pod network (bridge, KITE-POD-* rules)'), warn('pod network'));
  const others = disabled.includes('service-proxy') ? [] : await otherProxyServers(cfg.dataDir);
  if (others.length) say(`left the Service proxy chains to the other kite server(s) on this host (pid ${others.join(', ')})`);
  else if (!disabled.includes('service-proxy')) {
    await cleanupServiceProxy({ stateDir: proxyStateDir(cfg.dataDir), log })
      .then(() => say('removed the Service proxy chains and LoadBalancer addresses'), warn('service proxy'));
  }
  if (!disabled.includes('dns') && cfg.clusterDns) {
    await removeDnsAddress(cfg.clusterDns).then(() => say(`removed the cluster DNS address ${cfg.clusterDns}`), warn('cluster DNS address'));
  }
}
