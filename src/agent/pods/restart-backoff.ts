/**
 * Per-container restart back-off, as the kubelet's `flowcontrol.Backoff` (10 s doubling to 5 min):
 * - the first exit restarts at once and arms 10 s; every restart while armed doubles it;
 * - a container that exited less than the armed back-off ago waits (CrashLoopBackOff);
 * - an exit more than twice the cap (10 min) after the last restart expires the entry: a container
 *   that ran for 10 minutes and then crashed restarts at once again (upstream's back-off reset).
 * Times are the container's `finishedAt`, as upstream keys them. Keys are `<pod uid>/<container>`.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

export interface RestartBackoff {
  /** Milliseconds still to wait before restarting a container that exited at `finishedAt` (0: go). */
  remaining(key: string, finishedAt: number, now: number): number;
  /** Milliseconds until the back-off armed by the last `next` ends (image pulls count from the failure). */
  remainingSinceLast(key: string, now: number): number;
  /** Records the restart of a container that exited at `finishedAt` and grows the back-off. */
  next(key: string, finishedAt: number): void;
  /** The back-off currently armed for `key` (for messages). */
  current(key: string): number;
  forgetPod(uid: string): void;
}

export function createRestartBackoff(o: { initialMs?: number; maxMs?: number } = {}): RestartBackoff {
  const initial = o.initialMs ?? BACKOFF_INITIAL_MS;
  const max = o.maxMs ?? BACKOFF_MAX_MS;
  const entries = new Map<string, { backoff: number; lastUpdate: number }>();
  const live = (key: string, at: number) => {
    const e = entries.get(key);
    if (e && at - e.lastUpdate > 2 * max) { entries.delete(key); return undefined; }
    return e;
  };
  return {
    remaining(key, finishedAt, now) {
      const e = live(key, finishedAt);
      return e ? Math.max(0, finishedAt + e.backoff - now) : 0;
    },
    remainingSinceLast(key, now) {
      const e = live(key, now);
      return e ? Math.max(0, e.lastUpdate + e.backoff - now) : 0;
    },
    next(key, finishedAt) {
      const e = live(key, finishedAt);
      entries.set(key, { backoff: e ? Math.min(e.backoff * 2, max) : initial, lastUpdate: finishedAt });
    },
    current: (key) => entries.get(key)?.backoff ?? 0,
    forgetPod(uid) {
      for (const k of entries.keys()) if (k.startsWith(`${uid}/`)) entries.delete(k);
    },
  };
}
