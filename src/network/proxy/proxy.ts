/**
 * The service proxy's run loop: watch Services and EndpointSlices, and after any change (coalesced: at
 * most one sync per `minSyncIntervalMs`, so a burst of 1,000 Services is one iptables-restore) rewrite the
 * chains whose content changed in one atomic `iptables-restore --noflush`. A periodic full sync re-reads the
 * host and rewrites everything, repairing chains someone else flushed. On abort it removes all its chains,
 * jump rules and LoadBalancer addresses.
 */
import type { Logger } from 'pino';
import type { Service } from '../../api/registry/core-types.js';
import type { KubeClient } from '../../client/index.js';
import { backoffMs } from '../../controllers/backoff.js';
import { realClock } from '../../controllers/clock.js';
import { createSharedInformers, type SharedInformers } from '../../controllers/shared-informers.js';
import { cleanupHost } from './cleanup.js';
import { createIptables, type Iptables } from './iptables.js';
import { createLbAddressKeeper } from './lb-addresses.js';
import { buildServicePorts, type ProxyEndpointSlice } from './model.js';
import { JUMPS, syncText, type Applied, type HostState } from './restore.js';
import { buildRules, type PortRules } from './rules.js';
import { applyProxySysctls } from './sysctl.js';

export interface ServiceProxyOptions {
  client: Pick<KubeClient, 'list' | 'watch'>;
  /** This node: endpoints with this `nodeName` are local (externalTrafficPolicy/internalTrafficPolicy Local). */
  nodeName: string;
  /** Pod addresses; traffic from outside it to a ClusterIP is masqueraded. */
  clusterCidr: string;
  /** Addresses NodePorts answer on (127.0.0.1 is always added); default every local address. */
  nodeIps?: string[];
  /** Where the proxy remembers the LoadBalancer IPs it added to host interfaces. */
  stateDir: string;
  log: Logger;
  /** Changes within this window are applied together; default 200 ms. */
  minSyncIntervalMs?: number;
  /** Re-read the host and rewrite every chain this often; default 5 min. */
  fullSyncIntervalMs?: number;
  /** Share the process's informers (the caller runs them); default: the proxy runs its own. */
  informers?: SharedInformers;
  /** Default: the host's iptables. */
  iptables?: Iptables;
  /** Set route_localnet / bridge-nf-call-iptables (default true; false for tests in a netns). */
  setSysctls?: boolean;
  /**
   * Remove all rules and LB addresses on stop (default true). false leaves them, as kube-proxy does, so a
   * restart never has a gap; the next start replaces them atomically. Note: when nothing else on the host
   * uses conntrack, removing the rules lets the kernel unhook conntrack, and packets of established
   * Service connections sent before the proxy is back are not translated.
   */
  cleanupOnStop?: boolean;
}

export interface ServiceProxy {
  /** Resolves after the first successful sync; rejects if the proxy stops before one. */
  synced: Promise<void>;
  /** Resolves once the proxy stopped and removed its rules. */
  done: Promise<void>;
}

/** After a non-full sync the host holds exactly what was applied, plus our jump rules. */
const hostFromApplied = (a: Applied): HostState => ({
  nat: { chains: new Set(a.nat.keys()), builtinRules: [...JUMPS.nat] },
  filter: { chains: new Set(a.filter.keys()), builtinRules: [...JUMPS.filter] },
});

export function startServiceProxy(o: ServiceProxyOptions, signal: AbortSignal): ServiceProxy {
  const log = o.log.child({ component: 'service-proxy' });
  const clock = realClock;
  const minInterval = o.minSyncIntervalMs ?? 200;
  const fullInterval = o.fullSyncIntervalMs ?? 300_000;
  const ipt = o.iptables ?? createIptables();
  const lb = createLbAddressKeeper({ stateDir: o.stateDir, log });
  const informers = o.informers ?? createSharedInformers({ client: o.client, log });
  const services = informers.forResource<Service>({ group: '', version: 'v1', plural: 'services' });
  const slices = informers.forResource<ProxyEndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' });

  let dirty = true;
  let wake: (() => void) | undefined;
  const onChange = () => { dirty = true; wake?.(); };
  services.addHandler(onChange);
  slices.addHandler(onChange);

  let markSynced!: () => void;
  let failSynced!: (e: Error) => void;
  const synced = new Promise<void>((res, rej) => { markSynced = res; failSynced = rej; });
  synced.catch(() => undefined); // a caller that never awaits it must not see an unhandled rejection

  /** Until a change arrives, `ms` pass or the proxy stops; the timer is cancelled when woken early. */
  const waitForChange = async (ms: number) => {
    const timer = new AbortController();
    const stop = () => timer.abort();
    signal.addEventListener('abort', stop, { once: true });
    wake = stop;
    try { await clock.sleep(ms, timer.signal); } finally { wake = undefined; signal.removeEventListener('abort', stop); }
  };

  async function syncLoop(): Promise<void> {
    if (o.setSysctls !== false) await applyProxySysctls(log);
    await Promise.all([services.synced(signal), slices.synced(signal)]);
    let applied: Applied | undefined;
    let host: HostState | undefined;
    let lastSync = -Infinity;
    let lastFull = -Infinity;
    const ruleCache = new Map<string, PortRules>();
    for (let failures = 0; !signal.aborted;) {
      const sinceFull = clock.now() - lastFull;
      if (!dirty && sinceFull < fullInterval) { await waitForChange(fullInterval - sinceFull); continue; }
      const wait = lastSync + minInterval - clock.now();
      if (wait > 0) { await clock.sleep(wait, signal); if (signal.aborted) break; }
      dirty = false;
      const started = clock.now();
      lastSync = started;
      const full = !applied || !host || clock.now() - lastFull >= fullInterval;
      try {
        if (full) host = await ipt.read();
        const ports = buildServicePorts(services.list(), slices.list(), o.nodeName);
        const r = syncText(buildRules(ports, { clusterCidr: o.clusterCidr, nodeIps: o.nodeIps }, ruleCache), host!, full ? undefined : applied);
        await ipt.restore(r.text);
        applied = r.applied;
        host = hostFromApplied(applied);
        if (full) lastFull = started;
        // an address that cannot be added must not hold up the rules: retried on the next change or full sync
        await lb.sync([...new Set(ports.flatMap((p) => p.loadBalancerIPs))]).catch((err: unknown) => log.warn({ err }, 'LoadBalancer IP addresses not in line'));
        log.debug({ full, servicePorts: ports.length, changedChains: r.changedChains, ms: clock.now() - started }, 'synced iptables');
        failures = 0;
        markSynced();
      } catch (err) {
        failures++;
        applied = undefined; // unknown state: the next attempt re-reads the host and writes everything
        dirty = true;
        log.error({ err, failures }, 'iptables sync failed; retrying');
        await clock.sleep(backoffMs(failures), signal);
      }
    }
  }

  const informersDone = o.informers ? Promise.resolve() : informers.run(signal);
  const done = (async () => {
    try { await syncLoop(); } catch (err) { if (!signal.aborted) log.error({ err }, 'service proxy stopped'); }
    failSynced(new Error('service proxy stopped before its first sync'));
    await informersDone;
    if (o.cleanupOnStop === false) return;
    try { await cleanupHost(ipt, lb); log.info('removed service proxy rules'); } catch (err) { log.error({ err }, 'removing service proxy rules failed'); }
  })();
  return { synced, done };
}
