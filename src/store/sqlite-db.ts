/**
 * SQLite schema, pragmas and prepared statements for the log-structured store.
 *
 * One append-only table `kv`: every write appends a row and its AUTOINCREMENT id is the global
 * revision. AUTOINCREMENT (unlike a plain rowid) never reuses an id, so the revision never goes
 * backwards across reopen, even after compaction deleted the newest rows. `prev_revision` links
 * each row to the key's previous row; compaction follows those links.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: Uint8Array;
}

/** A history row joined with the key's previous row (for `prevKv`). */
export interface HistoryRow extends Row {
  p_id: number | null;
  p_create_revision: number | null;
  p_deleted: number | null;
  p_value: Uint8Array | null;
}

export interface DbOptions {
  file: string;
  synchronous?: 'FULL' | 'NORMAL';
  walMaxBytes?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value BLOB NOT NULL
);
-- (name, id, deleted) covers "latest row per key at or below rev" without touching the table.
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id, deleted);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('compact_rev', 0);
`;

const COLS = 'kv.id, kv.name, kv.created, kv.deleted, kv.create_revision, kv.prev_revision, kv.value';

// For each key in [lo, hi) its newest row at or below rev (used for counting). SQLite returns the
// bare column `deleted` from the row that holds MAX(id); the query reads only the index.
const LATEST_PER_KEY = `SELECT MAX(id) AS mid, deleted FROM kv
  WHERE name >= @lo AND name < @hi AND id <= @rev GROUP BY name`;

export function openDb(o: DbOptions) {
  // Both values end up inside PRAGMA text, so refuse anything but the documented forms.
  const sync = o.synchronous ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new TypeError(`synchronous: must be FULL or NORMAL, got ${String(sync)}`);
  const walMax = o.walMaxBytes ?? 16 * 1024 * 1024;
  if (!Number.isSafeInteger(walMax) || walMax < 64 * 1024) throw new TypeError(`walMaxBytes: must be an integer >= 65536, got ${walMax}`);
  mkdirSync(dirname(o.file), { recursive: true });
  const db = new Database(o.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync}`);
  db.pragma('busy_timeout = 5000');
  // Bound the WAL: checkpoint at about half the limit and truncate the file back to the limit.
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`journal_size_limit = ${walMax}`);
  db.pragma(`wal_autocheckpoint = ${Math.max(16, Math.floor(walMax / pageSize / 2))}`);
  db.exec(SCHEMA);
  return { db, stmts: prepare(db) };
}

function prepare(db: Database.Database) {
  return {
    seq: db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'kv'`),
    compactRev: db.prepare<[], { value: number }>(`SELECT value FROM meta WHERE key = 'compact_rev'`),
    setCompactRev: db.prepare<[number]>(`UPDATE meta SET value = ? WHERE key = 'compact_rev'`),
    latest: db.prepare<[string], Row>(`SELECT ${COLS} FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`),
    latestAt: db.prepare<[string, number], Row>(
      `SELECT ${COLS} FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`),
    insert: db.prepare<[number, string, number, number, number, number, Uint8Array]>(
      `INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value)
       VALUES (?, ?, ?, ?, ?, ?, ?)`),
    // Walks the (name, id, deleted) index in key order, keeping a row when no newer row of the same
    // key exists at or below rev. No sort step, so a LIMIT stops the scan early (cheap pages);
    // about 3x faster than joining the GROUP BY above for 10k keys.
    list: db.prepare<{ lo: string; hi: string; rev: number; limit: number }, Row>(
      `SELECT ${COLS} FROM kv
       WHERE kv.name >= @lo AND kv.name < @hi AND kv.id <= @rev AND kv.deleted = 0
         AND NOT EXISTS (SELECT 1 FROM kv AS n WHERE n.name = kv.name AND n.id > kv.id AND n.id <= @rev)
       ORDER BY kv.name LIMIT @limit`),
    count: db.prepare<{ lo: string; hi: string; rev: number }, { n: number }>(
      `SELECT COUNT(*) AS n FROM (${LATEST_PER_KEY}) WHERE deleted = 0`),
    history: db.prepare<{ lo: string; hi: string; after: number; upTo: number; limit: number }, HistoryRow>(
      `SELECT ${COLS}, p.id AS p_id, p.create_revision AS p_create_revision, p.deleted AS p_deleted,
              p.value AS p_value
       FROM kv LEFT JOIN kv AS p ON p.id = kv.prev_revision
       WHERE kv.id > @after AND kv.id <= @upTo AND kv.name >= @lo AND kv.name < @hi
       ORDER BY kv.id LIMIT @limit`),
    // Compaction of (from, to]: rows superseded by a row in the range, then tombstones in it.
    dropSuperseded: db.prepare<{ from: number; to: number }>(
      `DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > @from AND id <= @to)`),
    dropTombstones: db.prepare<{ from: number; to: number }>(
      `DELETE FROM kv WHERE deleted = 1 AND id > @from AND id <= @to`),
  };
}

export type Stmts = ReturnType<typeof prepare>;
