/**
 * Typed object storage over the revisioned `Store`: keys, JSON codec, filtered paging,
 * optimistic-concurrency updates and watch-event translation. No HTTP here.
 */
import { alreadyExists, conflict, gone, notFound } from '../../api/errors.js';
import type { AnyResourceDef } from '../../api/registry/types.js';
import type { KList, KObject } from '../../api/types/index.js';
import { StoreExpiredError, type KeyValue, type Store } from '../../store/index.js';
import { apiVersionOf } from '../context.js';
import { decodeObject as decodeRaw, encodeObject } from './codec.js';
import { decodeContinue, encodeContinue } from './continue.js';
import { listPrefix, objectKey } from './keys.js';

export type ObjectFilter = (o: KObject) => boolean;

export interface ListOptions {
  limit?: number;
  continueToken?: string;
  /** Exact revision to read at ("resourceVersionMatch=Exact" semantics); undefined = latest. */
  rev?: number;
  filter?: ObjectFilter;
}

export interface ObjectWatchEvent { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KObject; json: () => string }

const gr = (def: AnyResourceDef) => ({ group: def.group, resource: def.plural });

/** Stored objects are version-independent; the served version stamps apiVersion (CRD conversion "None"). */
function stamp(def: AnyResourceDef) {
  const apiVersion = apiVersionOf(def);
  return (kv: KeyValue, rev?: number): KObject => {
    const o = decodeRaw(kv, rev);
    o.apiVersion = apiVersion;
    return o;
  };
}
/** `obj` as served at revision `rev`, without re-reading it (a shallow copy: the caller keeps its own). */
function stamped(def: AnyResourceDef, obj: KObject, rev: number): KObject {
  const apiVersion = apiVersionOf(def);
  return { ...obj, apiVersion, metadata: { ...obj.metadata, resourceVersion: String(rev) } };
}
const PAGE = 500;

function expired(e: unknown): never {
  if (e instanceof StoreExpiredError) throw gone(e.message);
  throw e;
}

export class ObjectStore {
  constructor(private readonly store: Store) {}

  async get(def: AnyResourceDef, ns: string | undefined, name: string): Promise<KObject> {
    const { kv } = await this.store.get(objectKey(def, ns, name));
    if (!kv) throw notFound(gr(def), name);
    return stamp(def)(kv);
  }

  async tryGet(def: AnyResourceDef, ns: string | undefined, name: string): Promise<KObject | undefined> {
    const { kv } = await this.store.get(objectKey(def, ns, name));
    return kv && stamp(def)(kv);
  }

  async list(def: AnyResourceDef, ns: string | undefined, o: ListOptions = {}): Promise<KList> {
    const prefix = listPrefix(def, ns);
    let rev = o.rev;
    let after: string | undefined;
    if (o.continueToken) ({ rev, after } = decodeContinue(o.continueToken));
    const items: KObject[] = [];
    let lastKey: string | undefined;
    let more = false;
    let listRev = 0;
    const want = o.limit && o.limit > 0 ? o.limit : Infinity;
    try {
      for (;;) {
        const batch = want === Infinity && !o.filter ? undefined : Math.max(PAGE, want === Infinity ? 0 : want);
        const page = await this.store.list(prefix, { rev, limit: batch, after });
        listRev = page.rev;
        rev = page.rev;
        let i = 0;
        for (; i < page.kvs.length && items.length < want; i++) {
          const kv = page.kvs[i] as KeyValue;
          lastKey = kv.key;
          const obj = stamp(def)(kv);
          if (!o.filter || o.filter(obj)) items.push(obj);
        }
        more = i < page.kvs.length || page.more;
        if (items.length >= want || !page.more) break;
        after = lastKey;
      }
    } catch (e) { expired(e); }
    const listKind = def.listKind ?? `${def.kind}List`;
    const metadata: KList['metadata'] = { resourceVersion: String(listRev) };
    if (more && lastKey !== undefined) metadata.continue = encodeContinue({ rev: listRev, after: lastKey });
    return { apiVersion: apiVersionOf(def), kind: listKind, metadata, items };
  }

  async create(def: AnyResourceDef, obj: KObject): Promise<KObject> {
    const key = objectKey(def, obj.metadata.namespace, obj.metadata.name ?? '');
    const r = await this.store.create(key, encodeObject(obj));
    if (!r.ok) throw alreadyExists(gr(def), obj.metadata.name ?? '');
    // What was stored is `obj` itself: stamp a shallow copy instead of decoding the bytes again.
    return stamped(def, obj, r.kv.modRev);
  }

  /**
   * Read-modify-write with compare-and-swap, retried on conflicts. `tryUpdate` gets the current object
   * (a fresh copy each attempt) and returns the object to store, or the same reference for "no change".
   * It may throw (e.g. a resourceVersion precondition → Conflict).
   */
  async update(
    def: AnyResourceDef, ns: string | undefined, name: string,
    tryUpdate: (cur: KObject) => KObject | Promise<KObject>,
  ): Promise<{ object: KObject; changed: boolean }> {
    const key = objectKey(def, ns, name);
    for (let attempt = 0; attempt < 32; attempt++) {
      const { kv } = await this.store.get(key);
      if (!kv) throw notFound(gr(def), name);
      const cur = stamp(def)(kv);
      const next = await tryUpdate(structuredClone(cur));
      const bytes = encodeObject(next);
      if (Buffer.compare(Buffer.from(bytes), Buffer.from(kv.value)) === 0) return { object: cur, changed: false };
      const r = await this.store.update(key, bytes, kv.modRev);
      if (r.ok) {
        // Watchers decode the replaced value (prevKv) to translate events for their filters; `cur` is
        // that value, untouched (tryUpdate got a clone), so they share it instead of parsing it again.
        if (r.prevKv) this.remember(def, r.prevKv, cur);
        return { object: stamped(def, next, r.kv.modRev), changed: true };
      }
    }
    throw conflict(gr(def), name);
  }

  /** Deletes at the given revision; returns the final object stamped with the delete's revision. */
  async delete(def: AnyResourceDef, obj: KObject): Promise<KObject | undefined> {
    const key = objectKey(def, obj.metadata.namespace, obj.metadata.name ?? '');
    const r = await this.store.delete(key, Number(obj.metadata.resourceVersion));
    if (!r.ok) return undefined;
    return stamp(def)(r.kv, r.rev);
  }

  async currentRev(): Promise<number> { return this.store.currentRev(); }

  /** Events after `fromRev` under the resource (and namespace), translated for a filter as k8s does. */
  /**
   * Events after `fromRev` under the resource (and namespace), translated for a filter as k8s does.
   * The store hands every watcher the same event objects, so each is decoded and encoded once for all
   * watchers of a version (upstream's watch-cache "cachingObject"): yielded objects are shared and
   * must not be mutated; `json()` is the object's serialized form.
   */
  async *watch(def: AnyResourceDef, ns: string | undefined, fromRev: number, filter: ObjectFilter | undefined, signal: AbortSignal): AsyncGenerator<ObjectWatchEvent[]> {
    const match = filter ?? (() => true);
    const apiVersion = apiVersionOf(def);
    const shared = (kv: KeyValue, rev: number) => this.sharedDecode(kv, rev, apiVersion, def);
    try {
      for await (const batch of this.store.watch(listPrefix(def, ns), fromRev, signal)) {
        const out: ObjectWatchEvent[] = [];
        for (const ev of batch) {
          const cur = shared(ev.kv, ev.kv.modRev);
          if (ev.type === 'delete') {
            if (match(cur.object)) out.push({ type: 'DELETED', ...cur });
            continue;
          }
          const now = match(cur.object);
          const before = ev.prevKv ? (filter === undefined || match(shared(ev.prevKv, ev.prevKv.modRev).object)) : false;
          if (now && before) out.push({ type: 'MODIFIED', ...cur });
          else if (now) out.push({ type: 'ADDED', ...cur });
          else if (before) out.push({ type: 'DELETED', ...cur });
        }
        if (out.length) yield out;
      }
    } catch (e) { expired(e); }
  }

  private readonly decoded = new WeakMap<KeyValue, Map<string, { object: KObject; json: () => string }>>();

  /** Registers an already decoded copy of `kv` (as served by `def`) so watchers share it. */
  private remember(def: AnyResourceDef, kv: KeyValue, object: KObject): void {
    this.sharedDecode(kv, kv.modRev, apiVersionOf(def), def, () => object);
  }

  private sharedDecode(
    kv: KeyValue, rev: number, apiVersion: string, def: AnyResourceDef,
    decode: () => KObject = () => stamp(def)(kv, rev),
  ): { object: KObject; json: () => string } {
    let byVersion = this.decoded.get(kv);
    if (!byVersion) this.decoded.set(kv, (byVersion = new Map()));
    const key = `${apiVersion}@${rev}`;
    let d = byVersion.get(key);
    if (!d) {
      const object = decode();
      let json: string | undefined;
      d = { object, json: () => (json ??= JSON.stringify(object)) };
      byVersion.set(key, d);
    }
    return d;
  }
}
