/**
 * Lease-based leader election (client-go `leaderelection` with a `LeaseLock`), so two control
 * planes never both run the controllers. All writes are compare-and-swap on the Lease's
 * resourceVersion, so of two electors racing for a free lease exactly one wins.
 *
 * Safety comes from the timing: a leader that cannot renew within `renewDeadline` stops leading
 * (aborts `leaderSignal` and waits for `onLeading` to return) before anyone else may take over,
 * which needs `leaseDurationSeconds` (> renewDeadline) to pass with the lease unchanged, measured
 * on the candidate's own clock from when it first saw that lease record (so clock skew between
 * hosts does not matter, as upstream's `observedTime`).
 *
 * After losing the lease the elector goes back to candidacy rather than exiting the process
 * (kube-controller-manager exits): `onLeading` must have stopped everything by the time it
 * resolves, so starting it again later is safe. On shutdown a held lease is released (empty
 * holderIdentity), so a standby takes over at once instead of waiting out the lease.
 */
import type { Logger } from 'pino';
import type { Lease } from '../api/validation/misc.js';
import { isConflict, isNotFound, type KubeClient } from '../client/index.js';
import { realClock, type Clock } from './clock.js';

export interface LeaderElectionOptions {
  client: Pick<KubeClient, 'get' | 'create' | 'update'>;
  /** The Lease's name, e.g. `kite-controller-manager`. */
  name: string;
  namespace?: string;
  /** Unique per candidate, e.g. `<hostname>_<random>`. */
  identity: string;
  leaseDurationSeconds?: number;
  renewDeadline?: number;
  retryPeriod?: number;
  clock?: Clock;
  log: Logger;
  random?: () => number;
}

interface LeaseSpec {
  holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number; acquireTime?: string; renewTime?: string;
}
type LeaseObj = Lease & { spec?: LeaseSpec };
type Outcome = 'held' | 'taken' | 'failed';

/** metav1.MicroTime: RFC 3339 with microseconds. */
const micro = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

/**
 * Campaigns for the lease until the signal aborts, running `onLeading` while leading. Resolves
 * once the lease is released and `onLeading` has returned; if `onLeading` returns or throws on
 * its own while leading, the lease is released and that result is passed on.
 */
export async function runLeaderElection(
  o: LeaderElectionOptions, signal: AbortSignal, onLeading: (leaderSignal: AbortSignal) => Promise<void>,
): Promise<void> {
  const clock = o.clock ?? realClock;
  const random = o.random ?? Math.random;
  const leaseMs = (o.leaseDurationSeconds ?? 15) * 1000;
  const renewMs = (o.renewDeadline ?? 10) * 1000;
  const retryMs = (o.retryPeriod ?? 2) * 1000;
  if (!(leaseMs > renewMs && renewMs > retryMs * 1.2)) throw new Error('leader election needs leaseDuration > renewDeadline > 1.2 × retryPeriod');
  const ref = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: o.namespace ?? 'kube-system' };
  const log = o.log.child({ lease: `${ref.namespace}/${o.name}`, identity: o.identity });
  let observed: { lease: LeaseObj; record: string; at: number } | undefined;

  const observe = (lease: LeaseObj, now: number) => {
    const record = JSON.stringify(lease.spec ?? {});
    if (observed?.record !== record) observed = { lease, record, at: now };
    else observed.lease = lease;
  };

  async function tryAcquireOrRenew(s: AbortSignal): Promise<Outcome> {
    const now = clock.now();
    let lease: LeaseObj | undefined;
    try { lease = await o.client.get<LeaseObj>(ref, o.name, { signal: s }); } catch (e) { if (!isNotFound(e)) throw e; }
    const mine: LeaseSpec = { holderIdentity: o.identity, leaseDurationSeconds: leaseMs / 1000, acquireTime: micro(now), renewTime: micro(now) };
    if (!lease) {
      const fresh: LeaseObj = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: o.name, namespace: ref.namespace }, spec: { ...mine, leaseTransitions: 0 } };
      try { observe(await o.client.create(ref, fresh, { signal: s }), now); return 'held'; } catch (e) { if (isConflict(e)) return 'failed'; throw e; }
    }
    observe(lease, now);
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    if (holder && holder !== o.identity) {
      const valid = observed!.at + (spec.leaseDurationSeconds ?? leaseMs / 1000) * 1000 > now;
      if (valid) return 'taken';
    }
    const next: LeaseObj = structuredClone(lease);
    next.spec = holder === o.identity
      ? { ...spec, ...mine, acquireTime: spec.acquireTime ?? mine.acquireTime }
      : { ...spec, ...mine, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
    try { observe(await o.client.update(ref, next, { signal: s }), now); return 'held'; } catch (e) { if (isConflict(e)) return 'failed'; throw e; }
  }

  /** One attempt bounded by `ms` (a hung request must not outlive the renew deadline). */
  async function attempt(ms: number): Promise<Outcome> {
    const timer = new AbortController();
    const s = AbortSignal.any([signal, timer.signal]);
    void clock.sleep(ms, s).then(() => timer.abort(new Error('leader election request timed out')));
    try { return await tryAcquireOrRenew(s); } catch (err) {
      if (!signal.aborted) log.debug({ err }, 'lease request failed');
      return 'failed';
    } finally { timer.abort(); }
  }

  /** Retries every retryPeriod (jittered ×1.2 as client-go) until acquired; false once aborted. */
  async function acquire(): Promise<boolean> {
    while (!signal.aborted) {
      if (await attempt(renewMs) === 'held') { log.info('acquired the lease; leading'); return true; }
      await clock.sleep(retryMs * (1 + random() * 1.2), signal);
    }
    return false;
  }

  /** While leading: renew every retryPeriod; stop after renewDeadline without a renewal. */
  async function renewWhileLeading(finished: AbortSignal): Promise<'aborted' | 'lost' | 'finished'> {
    const wake = AbortSignal.any([signal, finished]);
    for (let last = clock.now(); ;) {
      await clock.sleep(retryMs, wake);
      if (signal.aborted) return 'aborted';
      if (finished.aborted) return 'finished';
      const left = last + renewMs - clock.now();
      const r = left > 0 ? await attempt(left) : 'failed';
      if (r === 'held') last = clock.now();
      else if (r === 'taken' || clock.now() - last >= renewMs) return 'lost';
    }
  }

  async function release(): Promise<void> {
    const cur = observed?.lease;
    if (!cur || cur.spec?.holderIdentity !== o.identity) return;
    const now = clock.now();
    const next: LeaseObj = structuredClone(cur);
    next.spec = { ...cur.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: micro(now), renewTime: micro(now) };
    const timer = new AbortController();
    void clock.sleep(renewMs, timer.signal).then(() => timer.abort());
    try { observe(await o.client.update(ref, next, { signal: timer.signal }), now); log.info('released the lease'); } catch (err) {
      log.warn({ err }, 'could not release the lease; it expires on its own');
    } finally { timer.abort(); }
  }

  while (await acquire()) {
    const leader = new AbortController();
    const finished = new AbortController();
    let failure: { err: unknown } | undefined;
    const leading = Promise.resolve()
      .then(() => onLeading(leader.signal))
      .catch((err: unknown) => { if (!leader.signal.aborted) failure = { err }; else log.warn({ err }, 'onLeading failed while stopping'); })
      .finally(() => finished.abort());
    const why = await renewWhileLeading(finished.signal);
    if (why === 'lost') log.warn('could not renew the lease in time; stopping leading');
    leader.abort(new Error(`leadership ended: ${why}`));
    await leading;
    if (why !== 'lost') await release();
    if (failure) throw failure.err;
    if (why === 'finished') return;
  }
}
