/**
 * The pod lifecycle event generator (upstream "generic PLEG"): relists CRI sandboxes and containers
 * every second and reports the uid of every pod whose runtime state changed — a container that
 * started, exited or vanished, a sandbox that died — so its worker syncs at once instead of waiting
 * for the periodic resync. The first relist reports every pod it finds: that is how a restarted
 * agent picks up (re-adopts) the containers it left running. `uids()` is the set the last relist saw,
 * which the housekeeping pass compares with the desired pods to find orphans.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../controllers/index.js';
import type { RuntimeService } from '../cri/index.js';
import { POD_UID } from './labels.js';

export const RELIST_MS = 1000;

export interface Pleg {
  run(signal: AbortSignal): Promise<void>;
  uids(): ReadonlySet<string>;
}

export function createPleg(d: { cri: Pick<RuntimeService, 'listContainers' | 'listPodSandbox'>; clock: Clock; log: Logger; onChange(uid: string): void; periodMs?: number }): Pleg {
  let seen = new Map<string, { uid: string; state: string }>();
  let uids = new Set<string>();

  async function relist(): Promise<void> {
    const [sandboxes, containers] = await Promise.all([d.cri.listPodSandbox(), d.cri.listContainers()]);
    const now = new Map<string, { uid: string; state: string }>();
    for (const s of sandboxes) if (s.labels[POD_UID]) now.set(`s:${s.id}`, { uid: s.labels[POD_UID], state: s.state });
    for (const c of containers) if (c.labels[POD_UID]) now.set(`c:${c.id}`, { uid: c.labels[POD_UID], state: c.state });
    const changed = new Set<string>();
    for (const [id, v] of now) if (seen.get(id)?.state !== v.state) changed.add(v.uid);
    for (const [id, v] of seen) if (!now.has(id)) changed.add(v.uid);
    seen = now;
    uids = new Set([...now.values()].map((v) => v.uid));
    for (const uid of changed) d.onChange(uid);
  }

  return {
    async run(signal) {
      let failing = false;
      while (!signal.aborted) {
        try {
          await relist();
          if (failing) d.log.info('container runtime relist recovered');
          failing = false;
        } catch (err) {
          if (!failing) d.log.warn({ err }, 'container runtime relist failed; retrying');
          failing = true;
        }
        await d.clock.sleep(d.periodMs ?? RELIST_MS, signal);
      }
    },
    uids: () => uids,
  };
}
