/**
 * `startClusterDns`: the zone index fed by Service and EndpointSlice informers, a cache, the
 * upstream forwarder and UDP+TCP listeners, all stopped by one signal. Queries that arrive before
 * the informers' first list wait for it (at most SYNC_WAIT_MS), so a starting server never answers
 * NXDOMAIN for a Service that exists — CoreDNS waits for its caches the same way.
 */
import type { Logger } from 'pino';
import type { Service } from '../../api/registry/core-types.js';
import type { KubeClient } from '../../client/index.js';
import { createSharedInformers, type InformerEvent, type SharedInformers } from '../../controllers/index.js';
import { createDnsCache } from './cache.js';
import { createForwarder } from './forwarder.js';
import { createQueryHandler } from './handler.js';
import { listen, type Listener } from './listeners.js';
import { normalizeName } from './names.js';
import { createResolver } from './resolver.js';
import type { DnsEndpointSlice } from './service-records.js';
import { resolveUpstreams, type Upstream } from './upstreams.js';
import { createZoneIndex, type ZoneIndex } from './zone-index.js';

export interface ClusterDnsOptions {
  client: KubeClient;
  listen: Array<{ address: string; port: number }>;
  clusterDomain: string;
  /** "ip" or "ip:port"; empty → the host's /etc/resolv.conf nameservers, minus the cluster DNS itself. */
  upstreams: string[];
  log: Logger;
  /** Most cached upstream answers (default 10,000). */
  cacheSize?: number;
  /** Per-upstream timeout before trying the next (default 1500 ms). */
  upstreamTimeoutMs?: number;
  /** Share the process's informers (the caller runs them); by default the DNS runs its own. */
  informers?: SharedInformers;
}

export interface ClusterDns {
  /** The bound port of each listen entry, in order. */
  ports: number[];
  /** Settles once the listeners are closed and the informers stopped. */
  done: Promise<void>;
}

const SYNC_WAIT_MS = 5000;
const SERVICES = { group: '', version: 'v1', plural: 'services' };
const ENDPOINT_SLICES = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' };

function feedZone(informers: SharedInformers, zone: ZoneIndex): Array<{ synced(s: AbortSignal): Promise<void> }> {
  const services = informers.forResource<Service>(SERVICES);
  const slices = informers.forResource<DnsEndpointSlice>(ENDPOINT_SLICES);
  services.addHandler((e: InformerEvent<Service>) => {
    if (e.type === 'delete') zone.deleteService(e.obj.metadata.namespace ?? '', e.obj.metadata.name ?? '');
    else zone.setService(e.obj);
  });
  slices.addHandler((e: InformerEvent<DnsEndpointSlice>) => {
    if (e.type === 'delete') zone.deleteSlice(e.obj);
    else zone.setSlice(e.obj);
  });
  return [services, slices];
}

function waitSynced(parts: Array<{ synced(s: AbortSignal): Promise<void> }>, signal: AbortSignal, log: Logger): Promise<void> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  signal.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(() => { log.warn('cluster DNS answering before its Service caches synced'); stop(); }, SYNC_WAIT_MS);
  return Promise.all(parts.map((p) => p.synced(ac.signal))).then(() => undefined, () => undefined).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  });
}

export async function startClusterDns(o: ClusterDnsOptions, signal: AbortSignal): Promise<ClusterDns> {
  const domain = normalizeName(o.clusterDomain);
  const log = o.log.child({ component: 'cluster-dns' });
  // Our own controller, so a failed start stops the informers it began even if `signal` never aborts.
  const life = new AbortController();
  const stop = () => life.abort(signal.reason);
  if (signal.aborted) stop(); else signal.addEventListener('abort', stop, { once: true });
  const zone = createZoneIndex(domain);
  const informers = o.informers ?? createSharedInformers({ client: o.client, log });
  const ready = waitSynced(feedZone(informers, zone), life.signal, log);
  const informersDone = o.informers ? Promise.resolve() : informers.run(life.signal);

  const listeners: Listener[] = [];
  let upstreams: Upstream[] = [];
  try {
    upstreams = await resolveUpstreams({ upstreams: o.upstreams, listen: o.listen });
    if (!upstreams.length) log.warn('cluster DNS has no upstream resolvers; names outside the cluster get SERVFAIL');
    const forwarder = upstreams.length ? createForwarder({ upstreams, timeoutMs: o.upstreamTimeoutMs, log, signal: life.signal }) : undefined;
    const resolver = createResolver({ zone, domain, forwarder, cache: createDnsCache({ maxEntries: o.cacheSize }) });
    const handle = createQueryHandler({ resolve: (q) => resolver.resolve(q), ready });
    for (const l of o.listen) {
      try { listeners.push(await listen({ address: l.address, port: l.port, handle, log })); }
      catch (err) { throw new Error(`cluster DNS cannot listen on ${l.address}:${l.port}: ${(err as Error).message}`, { cause: err }); }
    }
  } catch (err) {
    stop();
    signal.removeEventListener('abort', stop);
    await Promise.all(listeners.map((l) => l.close()));
    await informersDone;
    throw err;
  }
  log.info({ listen: o.listen.map((l, i) => `${l.address}:${listeners[i]!.port}`), upstreams: upstreams.map((u) => `${u.address}:${u.port}`) }, 'cluster DNS serving');

  const done = (async () => {
    if (!life.signal.aborted) await new Promise((r) => life.signal.addEventListener('abort', r, { once: true }));
    await Promise.all(listeners.map((l) => l.close()));
    await informersDone;
    await ready;
  })();
  return { ports: listeners.map((l) => l.port), done };
}
