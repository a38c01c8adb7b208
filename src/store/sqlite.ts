/**
 * SQLite-backed Store (kine-style log table, see sqlite-db.ts for the schema).
 * better-sqlite3 is synchronous; writes queued in one turn of the event loop commit together (group
 * commit), and their events reach the fan-out in revision order right after that commit.
 */
import { Fanout } from './fanout.js';
import { prefixEnd, successor } from './prefix.js';
import { openDb, type DbOptions, type HistoryRow, type Row } from './sqlite-db.js';
import { StoreExpiredError, type KeyValue, type ListOpts, type Store, type StoreEvent, type WriteResult } from './types.js';
import { watchLog } from './watch.js';

/** Upper bound for an unbounded scan: sorts after every key a client can write in practice. */
const KEY_MAX = '\u{10ffff}';
/** Compaction works in slices of this many revisions so writers never wait long for the lock. */
const COMPACT_SLICE = 5_000;

const bytes = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const toKv = (r: Row): KeyValue => ({ key: r.name, value: bytes(r.value), createRev: r.create_revision, modRev: r.id });

function toEvent(r: HistoryRow): StoreEvent {
  const hasPrev = !r.created && r.p_id !== null && !r.p_deleted;
  const prevKv = hasPrev
    ? { key: r.name, value: bytes(r.p_value!), createRev: r.p_create_revision!, modRev: r.p_id! }
    : undefined;
  return { type: r.deleted ? 'delete' : 'put', kv: toKv(r), ...(prevKv && { prevKv }) };
}

/** Given the key's live row and the revision the write would get: the new row, or undefined to refuse. */
type Decide = (live: Row | undefined, rev: number) => Omit<Row, 'id' | 'name' | 'prev_revision'> | undefined;

export interface SqliteStoreOptions extends DbOptions {
  /** Live events one watcher may buffer before it is ended with StoreWatchOverflowError. */
  watchMaxBuffered?: number;
}

export function createSqliteStore(o: SqliteStoreOptions): Store {
  const { db, stmts } = openDb(o);
  const fanout = new Fanout<StoreEvent>();
  // This process is the database's only writer (one `kite server` per data dir), so the revision is
  // read from the database once and then advanced by our own commits instead of queried per request.
  let lastRev = stmts.seq.get()?.seq ?? 0;
  const currentRev = () => lastRev;
  const compactRev = () => stmts.compactRev.get()!.value;
  const range = (prefix: string) => ({ lo: prefix, hi: prefixEnd(prefix) ?? KEY_MAX });

  /** Resolves a read revision (0 = now) and refuses one that compaction already removed. */
  function readRev(rev: number | undefined): number {
    if (!rev) return currentRev();
    const c = compactRev();
    if (rev < c) throw new StoreExpiredError(rev, c);
    return rev;
  }

  /**
   * The compare-and-swap core: `decide` sees the key's live row (if any) and returns the new row's
   * fields, or undefined to refuse. Runs inside the batch's IMMEDIATE transaction, so no other writer
   * (in this or another process) can slip in between the check and the append.
   */
  function applyOne(key: string, decide: Decide, rev: number): { ok: false; rev: number; current?: KeyValue } | { ok: true; event: StoreEvent } {
    const last = stmts.latest.get(key);
    const live = last && !last.deleted ? last : undefined;
    const fields = decide(live, rev + 1);
    if (!fields) return { ok: false, rev, ...(live && { current: toKv(live) }) };
    const row: Row = { id: rev + 1, name: key, prev_revision: last?.id ?? 0, ...fields };
    stmts.insert.run(row.id, row.name, row.created, row.deleted, row.create_revision, row.prev_revision, row.value);
    return { ok: true, event: { type: row.deleted ? 'delete' : 'put', kv: toKv(row), ...(live && { prevKv: toKv(live) }) } };
  }

  /**
   * Group commit: writes that arrive while the event loop is busy are applied in one transaction,
   * one after another in arrival order (each sees the previous ones), so N concurrent writers pay for
   * one fsync instead of N. Every write is acknowledged only after the commit.
   */
  type Pending = { key: string; decide: Decide; resolve: (r: WriteResult) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  // The transaction holds the write lock, so the revision is read once and counted locally.
  const applyBatch = db.transaction((batch: Pending[]) => {
    let rev = stmts.seq.get()?.seq ?? 0;
    return batch.map((p) => {
      const r = applyOne(p.key, p.decide, rev);
      if (r.ok) rev = r.event.kv.modRev;
      return r;
    });
  });

  function flush(): void {
    const batch = queue;
    queue = [];
    let results: ReturnType<typeof applyOne>[];
    try {
      results = applyBatch.immediate(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    for (const r of results) if (r.ok) lastRev = r.event.kv.modRev;
    // Published after commit, in revision order, before any later batch can run.
    results.forEach((r, i) => {
      if (!r.ok) { batch[i]!.resolve(r); return; }
      fanout.publish(r.event);
      batch[i]!.resolve({ ok: true, rev: r.event.kv.modRev, kv: r.event.kv, ...(r.event.prevKv && { prevKv: r.event.prevKv }) });
    });
  }

  function write(key: string, decide: Decide): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      if (queue.push({ key, decide, resolve, reject }) === 1) setImmediate(flush);
    });
  }

  const history = (prefix: string, after: number, upTo: number, limit: number) =>
    stmts.history.all({ ...range(prefix), after, upTo, limit }).map(toEvent);

  const readList = db.transaction((prefix: string, rev: number | undefined, limit: number, after: string | undefined) => {
    const at = readRev(rev);
    const { lo, hi } = range(prefix);
    const from = after !== undefined && successor(after) > lo ? successor(after) : lo;
    // One extra row tells whether more keys follow.
    const rows = stmts.list.all({ lo: from, hi, rev: at, limit: limit > 0 ? limit + 1 : -1 });
    const more = limit > 0 && rows.length > limit;
    const kvs = (more ? rows.slice(0, limit) : rows).map(toKv);
    // Like etcd, count covers the scanned range (after `after`), so remaining = count - kvs.length.
    const count = more ? stmts.count.get({ lo: from, hi, rev: at })!.n : kvs.length;
    return { rev: at, kvs, more, count };
  });

  /** Compacts (compactRev, to]; re-reading the start keeps concurrent compactions harmless. */
  const compactSlice = db.transaction((to: number) => {
    const from = compactRev();
    if (from >= to) return;
    stmts.dropSuperseded.run({ from, to });
    stmts.dropTombstones.run({ from, to });
    stmts.setCompactRev.run(to);
  });

  const readOne = db.transaction((key: string, rev: number | undefined) => {
    const at = readRev(rev);
    const row = stmts.latestAt.get(key, at);
    return { rev: at, ...(row && !row.deleted && { kv: toKv(row) }) };
  });

  const store = {
    async get(key: string, rev?: number) {
      return readOne(key, rev);
    },
    async list(prefix: string, opts: ListOpts = {}) {
      return readList(prefix, opts.rev, opts.limit ?? 0, opts.after);
    },
    async create(key: string, value: Uint8Array) {
      return write(key, (live, rev) => (live ? undefined : { created: 1, deleted: 0, create_revision: rev, value }));
    },
    async update(key: string, value: Uint8Array, expectRev: number) {
      return write(key, (live) =>
        live?.id === expectRev ? { created: 0, deleted: 0, create_revision: live.create_revision, value } : undefined);
    },
    async delete(key: string, expectRev?: number) {
      // The tombstone carries the last value so delete events can show what was removed.
      return write(key, (live) => live && (expectRev === undefined || live.id === expectRev)
        ? { created: 0, deleted: 1, create_revision: live.create_revision, value: live.value }
        : undefined);
    },
    watch(prefix: string, fromRev: number, signal: AbortSignal) {
      const src = { fanout, currentRev, compactRev, history };
      return watchLog(src, prefix, fromRev, signal, { maxBuffered: o.watchMaxBuffered });
    },
    async currentRev() {
      return currentRev();
    },
    async compactRev() {
      return compactRev();
    },
    async compact(rev: number) {
      if (rev > currentRev()) throw new RangeError(`compact: revision ${rev} is in the future (${currentRev()})`);
      if (rev <= compactRev()) return;
      for (let from = compactRev(); from < rev; from = compactRev()) {
        compactSlice.immediate(Math.min(rev, from + COMPACT_SLICE));
        // Yield between slices so other work (and other writers) interleave with a long compaction.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      if (queue.length) flush();
      db.close();
    },
  } satisfies Store;
  return store;
}
