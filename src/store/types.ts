/** The revisioned key-value store contract (kine-style). SQLite, etcd and memory implement it. */

export interface KeyValue {
  key: string;
  value: Uint8Array;
  /** Revision at which this key was (last) created. */
  createRev: number;
  /** Revision of the last write to this key; becomes the object's resourceVersion. */
  modRev: number;
}

export interface ListOpts {
  /** Read as of this revision (0/undefined = current). Older than the compacted revision → StoreExpiredError. */
  rev?: number;
  /** Max keys to return; `more` says whether others follow. */
  limit?: number;
  /** Return keys strictly greater than this one (for continue tokens). */
  after?: string;
}

export type WriteResult =
  /** prevKv: the value replaced, the same object watchers get in the event (so a decoded copy can be shared). */
  | { ok: true; rev: number; kv: KeyValue; prevKv?: KeyValue }
  | { ok: false; rev: number; current?: KeyValue };

export interface StoreEvent {
  type: 'put' | 'delete';
  /** For put: the new value. For delete: the last value, with modRev = the delete's revision. */
  kv: KeyValue;
  /** The value before this write (absent for creates). */
  prevKv?: KeyValue;
}

export interface Store {
  get(key: string, rev?: number): Promise<{ rev: number; kv?: KeyValue }>;
  list(prefix: string, o?: ListOpts): Promise<{ rev: number; kvs: KeyValue[]; more: boolean; count?: number }>;
  /** Fails (ok:false, current) when the key exists. */
  create(key: string, value: Uint8Array): Promise<WriteResult>;
  /** Compare-and-swap on the key's modRev. */
  update(key: string, value: Uint8Array, expectRev: number): Promise<WriteResult>;
  /** Without expectRev, deletes whatever is there. ok:false when missing or the revision differs. */
  delete(key: string, expectRev?: number): Promise<WriteResult>;
  /**
   * Events for keys under `prefix` with revision > fromRev, batched. The iterable ends when `signal` aborts.
   * fromRev below the compacted revision → throws StoreExpiredError on first iteration.
   */
  watch(prefix: string, fromRev: number, signal: AbortSignal): AsyncIterable<StoreEvent[]>;
  currentRev(): Promise<number>;
  compactRev(): Promise<number>;
  /** Drop history at or below `rev` (keeping each key's latest live value). */
  compact(rev: number): Promise<void>;
  close(): Promise<void>;
}

export class StoreExpiredError extends Error {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`too old resource version: ${requested} (${compacted})`);
  }
}
