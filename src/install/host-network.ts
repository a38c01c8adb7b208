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
 *   address — only when the deployment ran the DNS server, and not while another `kite server` here
 *   serves the same address.
 * Each is idempotent, so remove stays safe to run twice. Run once the pods are gone.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { cleanupPodNetwork } from '../agent/index.js';
import type { ClusterConfig } from '../config/cluster-config.js';
import { removeDnsAddress } from '../network/dns/index.js';
import { cleanupServiceProxy } from '../network/proxy/index.js';
import { resolveNetworkConfig } from '../config/network.js';
import { cmdline } from './pids.js';

/** Where `kite server` keeps the proxy's state (as node-network.ts passes it). */
export const proxyStateDir = (dataDir: string) => path.join(dataDir, 'network', 'proxy');

/** What another `kite server` on this host holds of the per-host network state. */
export interface OtherServer { pid: number; proxy: boolean; clusterDns?: string }

/** `args` (a /proc cmdline) read as a `kite server` on a data dir other than `dataDir`; else undefined. Pure. */
export function otherServerOf(args: string[], dataDir: string): Omit<OtherServer, 'pid'> | undefined {
  const i = args.indexOf('server');
  if (i < 1 || !/(^|\/)(kite|main\.js)$/.test(args[i - 1]!)) return undefined;
  const flag = (name: string) => args.flatMap((a, j) => (a === name ? [args[j + 1] ?? ''] : a.startsWith(`${name}=`) ? [a.slice(name.length + 1)] : []));
  if (path.resolve(flag('--data-dir')[0] ?? '/var/lib/kite') === path.resolve(dataDir)) return undefined;
  const disabled = flag('--disable');
  let clusterDns: string | undefined;
  try {
    clusterDns = resolveNetworkConfig({ serviceCidr: flag('--service-cidr')[0], clusterDns: flag('--cluster-dns')[0] }).clusterDns;
  } catch { /* flags it would refuse: it does not run */ }
  return { proxy: !disabled.includes('service-proxy'), ...(clusterDns && !disabled.includes('dns') ? { clusterDns } : {}) };
}

export async function otherServers(dataDir: string): Promise<OtherServer[]> {
  const out: OtherServer[] = [];
  for (const e of await readdir('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    const o = otherServerOf(await cmdline(Number(e)), dataDir);
    if (o) out.push({ pid: Number(e), ...o });
  }
  return out;
}

export async function removeHostNetwork(cfg: ClusterConfig, say: (msg: string) => void): Promise<void> {
  const warn = (what: string) => (e: unknown) => say(`warning: ${what}: ${(e as Error).message.split('\n')[0]}`);
  const disabled = cfg.network.disable;
  const others = await otherServers(cfg.dataDir);
  await cleanupPodNetwork(cfg.dataDir).then(() => say('removed the pod network (bridge, KITE-POD-* rules)'), warn('pod network'));
  const proxies = others.filter((o) => o.proxy).map((o) => o.pid);
  if (disabled.includes('service-proxy')) { /* never ran */ } else if (proxies.length) {
    say(`left the Service proxy chains to the other kite server(s) on this host (pid ${proxies.join(', ')})`);
  } else {
    // The proxy logs through pino; warnings only, to stderr, so remove's own lines stay readable.
    const log = pino({ level: 'warn' }, pino.destination(2));
    await cleanupServiceProxy({ stateDir: proxyStateDir(cfg.dataDir), log })
      .then(() => say('removed the Service proxy chains and LoadBalancer addresses'), warn('service proxy'));
  }
  const dnsUsers = others.filter((o) => o.clusterDns === cfg.clusterDns).map((o) => o.pid);
  if (disabled.includes('dns') || !cfg.clusterDns) { /* never ran */ } else if (dnsUsers.length) {
    say(`left the cluster DNS address ${cfg.clusterDns} to the other kite server(s) using it (pid ${dnsUsers.join(', ')})`);
  } else {
    await removeDnsAddress(cfg.clusterDns).then(() => say(`removed the cluster DNS address ${cfg.clusterDns}`), warn('cluster DNS address'));
  }
}
