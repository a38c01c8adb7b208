/**
 * In-memory Store with the same semantics as the SQLite one, for unit tests of other modules.
 * It keeps the same log shape (one record per write, linked to the key's previous record), so
 * reads at old revisions, watch replay and compaction behave identically.
 */
import { Fanout } from './fanout.js';
import { StoreExpiredError, type KeyValue, type ListOpts, type Store, type StoreEvent, type WriteResult } from './types.js';
import { watchLog } from './watch.js';

interface Rec { kv: KeyValue; created: boolean; deleted: boolean; prevRev: number }

export function createMemoryStore(o: { watchMaxBuffered?: number } = {}): Store {
  let rev = 0;
  let compacted = 0;
  let log: Rec[] = []; // ascending by revision
  const byKey = new Map<string, Rec[]>(); // each ascending by revision
  const byRev = new Map<number, Rec>();
  const fanout = new Fanout<StoreEvent>();

  function readRev(r: number | undefined): number {
    if (!r) return rev;
    if (r < compacted) throw new StoreExpiredError(r, compacted);
    return r;
  }

  function latestAt(key: string, at: number): Rec | undefined {
    const recs = byKey.get(key) ?? [];
    for (let i = recs.length - 1; i >= 0; i--) if (recs[i]!.kv.modRev <= at) return recs[i];
    return undefined;
  }

  const liveAt = (key: string, at: number) => {
    const r = latestAt(key, at);
    return r && !r.deleted ? r.kv : undefined;
  };

  function toEvent(r: Rec): StoreEvent {
    const prev = r.created ? undefined : byRev.get(r.prevRev);
    return { type: r.deleted ? 'delete' : 'put', kv: r.kv, ...(prev && !prev.deleted && { prevKv: prev.kv }) };
  }

  /** Compare-and-swap: `decide` sees the live value and returns the new one, or undefined to refuse. */
  function write(key: string, decide: (live: KeyValue | undefined) => { value: Uint8Array; deleted?: boolean } | undefined): WriteResult {
    const live = liveAt(key, rev);
    const next = decide(live);
    if (!next) return { ok: false, rev, ...(live && { current: live }) };
    const modRev = ++rev;
    const rec: Rec = {
      kv: { key, value: next.value, createRev: live?.createRev ?? modRev, modRev },
      created: !live, deleted: next.deleted ?? false, prevRev: latestAt(key, modRev)?.kv.modRev ?? 0,
    };
    log.push(rec);
    byRev.set(modRev, rec);
    const recs = byKey.get(key);
    if (recs) recs.push(rec); else byKey.set(key, [rec]);
    const event = toEvent(rec);
    fanout.publish(event);
    return { ok: true, rev: modRev, kv: rec.kv, ...(event.prevKv && { prevKv: event.prevKv }) };
  }

  function history(prefix: string, after: number, upTo: number, limit: number): StoreEvent[] {
    const out: StoreEvent[] = [];
    for (const r of log) {
      if (out.length >= limit || r.kv.modRev > upTo) break;
      if (r.kv.modRev > after && r.kv.key.startsWith(prefix)) out.push(toEvent(r));
    }
    return out;
  }

  const store = {
    async get(key: string, r?: number) {
      const at = readRev(r);
      const kv = liveAt(key, at);
      return { rev: at, ...(kv && { kv }) };
    },
    async list(prefix: string, o: ListOpts = {}) {
      const at = readRev(o.rev);
      const keys = [...byKey.keys()].filter((k) => k.startsWith(prefix) && (o.after === undefined || k > o.after)).sort();
      const all = keys.map((k) => liveAt(k, at)).filter((kv): kv is KeyValue => kv !== undefined);
      const more = !!o.limit && all.length > o.limit;
      return { rev: at, kvs: more ? all.slice(0, o.limit) : all, more, count: all.length };
    },
    // Values are copied so a caller reusing its buffer cannot rewrite history.
    async create(key: string, value: Uint8Array) {
      return write(key, (live) => (live ? undefined : { value: value.slice() }));
    },
    async update(key: string, value: Uint8Array, expectRev: number) {
      return write(key, (live) => (live?.modRev === expectRev ? { value: value.slice() } : undefined));
    },
    async delete(key: string, expectRev?: number) {
      return write(key, (live) =>
        live && (expectRev === undefined || live.modRev === expectRev) ? { value: live.value, deleted: true } : undefined);
    },
    watch(prefix: string, fromRev: number, signal: AbortSignal) {
      const src = { fanout, currentRev: () => rev, compactRev: () => compacted, history };
      return watchLog(src, prefix, fromRev, signal, { maxBuffered: o.watchMaxBuffered });
    },
    async currentRev() {
      return rev;
    },
    async compactRev() {
      return compacted;
    },
    async compact(to: number) {
      if (to > rev) throw new RangeError(`compact: revision ${to} is in the future (${rev})`);
      if (to <= compacted) return;
      // Same rule as SQLite: drop records superseded within (compacted, to] and tombstones in it.
      const drop = new Set<Rec>();
      for (const r of log) {
        if (r.kv.modRev <= compacted || r.kv.modRev > to) continue;
        const prev = byRev.get(r.prevRev);
        if (prev) drop.add(prev);
        if (r.deleted) drop.add(r);
      }
      log = log.filter((r) => !drop.has(r));
      for (const r of drop) byRev.delete(r.kv.modRev);
      for (const [k, recs] of byKey) {
        const kept = recs.filter((r) => !drop.has(r));
        if (kept.length) byKey.set(k, kept); else byKey.delete(k);
      }
      compacted = to;
    },
    async close() {},
  } satisfies Store;
  return store;
}
