/**
 * What a controller has asked for and not yet seen through its informer (upstream
 * `UIDTrackingControllerExpectations`): while creates or deletes are outstanding the controller
 * must not act on its stale cache, or it would create (or delete) the same pods twice. Creations
 * are a count; deletions are tracked by pod key, since a pod may be observed deleted twice (first
 * marked with a deletionTimestamp, then gone). Records expire so a lost event cannot wedge a key.
 */
import type { Clock } from './clock.js';

/** Upstream `ExpectationsTimeout`. */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Record { adds: number; dels: Set<string>; at: number }

export interface Expectations {
  /** True when nothing is outstanding (or the record expired): the cache may be trusted. */
  satisfied(key: string): boolean;
  expectCreations(key: string, n: number): void;
  expectDeletions(key: string, podKeys: string[]): void;
  creationObserved(key: string): void;
  deletionObserved(key: string, podKey: string): void;
  delete(key: string): void;
}

export function createExpectations(clock: Pick<Clock, 'now'>): Expectations {
  const records = new Map<string, Record>();
  return {
    satisfied(key) {
      const r = records.get(key);
      if (!r) return true;
      return (r.adds <= 0 && r.dels.size === 0) || clock.now() - r.at > EXPECTATIONS_TTL_MS;
    },
    expectCreations(key, n) { records.set(key, { adds: n, dels: new Set(), at: clock.now() }); },
    expectDeletions(key, podKeys) { records.set(key, { adds: 0, dels: new Set(podKeys), at: clock.now() }); },
    creationObserved(key) { const r = records.get(key); if (r) r.adds--; },
    deletionObserved(key, podKey) { records.get(key)?.dels.delete(podKey); },
    delete(key) { records.delete(key); },
  };
}
