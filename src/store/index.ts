/**
 * The revisioned key-value store (kine-style).
 *
 * Every write appends a record whose number is the global revision; an object's resourceVersion
 * is the revision of its last write. create/update/delete are compare-and-swap against the key's
 * latest revision and report a lost race as `{ ok: false, current }`, never as an exception.
 * Reads can be made as of any retained revision; older ones throw StoreExpiredError (410 Gone).
 *
 * Watch replays the log after `fromRev`, then follows an in-process fan-out of committed writes:
 * each write is published once and every watcher filters it by prefix into its own bounded
 * buffer. A watcher that falls too far behind ends with StoreWatchOverflowError and should
 * re-watch from its last revision; it never slows writers or other watchers.
 *
 * Compaction drops superseded records and tombstones at or below a revision; `runCompactor`
 * does it periodically. `sqlite.ts` is the single-node backend, `memory.ts` serves unit tests.
 */
export type { KeyValue, ListOpts, Store, StoreEvent, WriteResult } from './types.js';
export { StoreExpiredError } from './types.js';
export { StoreWatchOverflowError } from './watch.js';
export { createSqliteStore } from './sqlite.js';
export type { SqliteStoreOptions } from './sqlite.js';
export { createMemoryStore } from './memory.js';
export { runCompactor } from './compactor.js';
export type { CompactorOptions } from './compactor.js';
