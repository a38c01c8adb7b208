/**
 * The per-machine network services of `kite server` (issue 5), beside the node agent: the iptables
 * Service proxy and the cluster DNS server bound to the cluster DNS IP on this host (node-local, so
 * every machine answers its own pods without a hop). Both watch Services and EndpointSlices through one
 * set of shared informers. `--disable service-proxy|dns` leaves a part out.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import type { KubeClient } from './client/index.js';
import type { NetworkConfig } from './config/network.js';
import { createSharedInformers } from './controllers/index.js';
import { ensureDnsAddress, removeDnsAddress, startClusterDns } from './network/dns/index.js';
import { startServiceProxy } from './network/proxy/index.js';

export interface NodeNetworkOptions {
  client: KubeClient;
  network: NetworkConfig;
  nodeName: string;
  dataDir: string;
  log: Logger;
}

/** Resolves once the proxy has synced and the DNS listens; `done` settles after `signal` aborts and all is removed. */
export async function startNodeNetwork(o: NodeNetworkOptions, signal: AbortSignal): Promise<{ done: Promise<void> }> {
  const log = o.log.child({ component: 'node-network' });
  const proxyOn = !o.network.disabled.includes('service-proxy');
  const dnsOn = !o.network.disabled.includes('dns');
  const life = new AbortController();
  const stop = () => life.abort();
  signal.addEventListener('abort', stop, { once: true });
  const informers = createSharedInformers({ client: o.client, log: log.child({ component: 'informers' }) });
  const parts: Array<Promise<void>> = proxyOn || dnsOn ? [informers.run(life.signal)] : [];
  try {
    if (proxyOn) {
      const proxy = startServiceProxy({
        client: o.client, nodeName: o.nodeName, clusterCidr: o.network.clusterCidr, informers,
        stateDir: path.join(o.dataDir, 'network', 'proxy'), log,
      }, life.signal);
      parts.push(proxy.done);
      await proxy.synced;
    }
    if (dnsOn) {
      const ip = o.network.clusterDns;
      await ensureDnsAddress(ip);
      const dns = await startClusterDns({
        client: o.client, listen: [{ address: ip, port: 53 }], clusterDomain: o.network.clusterDomain,
        upstreams: o.network.dnsUpstream, log, informers,
      }, life.signal).catch(async (e: unknown) => { await removeDnsAddress(ip).catch(() => undefined); throw e; });
      parts.push(dns.done.finally(() => removeDnsAddress(ip).catch((e: unknown) => log.warn({ err: e }, 'could not remove the cluster DNS address'))));
    }
  } catch (e) {
    stop();
    await Promise.allSettled(parts);
    throw e;
  }
  return { done: Promise.allSettled(parts).then(() => signal.removeEventListener('abort', stop)) };
}
