import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSqliteStore, type SqliteStoreOptions, type Store } from '../../../src/store/index.js';
import { describeStoreContract } from './contract.js';
import { enc, text } from './helpers.js';

/**
 * A store in a fresh temp dir that can be closed and reopened in place; disposing closes it and
 * removes the dir.
 */
async function openTemp(o: Partial<SqliteStoreOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'kite-store-'));
  const file = join(dir, 'db', 'state.db');
  // NORMAL keeps the suite fast; durability under FULL has its own test.
  const open = () => createSqliteStore({ file, synchronous: 'NORMAL', ...o });
  let s = open();
  const current: Store = {
    get: (...a) => s.get(...a), list: (...a) => s.list(...a), create: (...a) => s.create(...a),
    update: (...a) => s.update(...a), delete: (...a) => s.delete(...a), watch: (...a) => s.watch(...a),
    currentRev: () => s.currentRev(), compactRev: () => s.compactRev(), compact: (r) => s.compact(r),
    close: () => s.close(),
  };
  return Object.assign(current, {
    file,
    async reopen() {
      await s.close();
      s = open();
    },
    async [Symbol.asyncDispose]() {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

describeStoreContract('sqlite store', (o) => openTemp(o));

describe('sqlite store', () => {
  it('revision survives reopen even after compaction removed the newest rows', async () => {
    await using t = await openTemp();
    const c = await t.create('/k', enc('1'));
    const d = await t.delete('/k', c.rev);
    await t.compact(d.rev); // drops both rows: the table is empty now
    await t.reopen();
    assert.equal(await t.currentRev(), d.rev);
    assert.equal(await t.compactRev(), d.rev);
    const again = await t.create('/k', enc('2'));
    assert.equal(again.rev, d.rev + 1);
  });

  it('lists 10,000 keys under a prefix at the current and an old revision, and pages after a key', async () => {
    await using s = await openTemp();
    for (let i = 0; i < 10_000; i++) await s.create(`/registry/pods/ns/p${String(i).padStart(5, '0')}`, enc(`v${i}`));
    const mid = await s.currentRev();
    for (let i = 0; i < 10_000; i += 2) await s.update(`/registry/pods/ns/p${String(i).padStart(5, '0')}`, enc(`w${i}`), i + 1);
    await s.create('/registry/services/x', enc('x'));
    const all = await s.list('/registry/pods/');
    const old = await s.list('/registry/pods/', { rev: mid });
    const page = await s.list('/registry/pods/', { limit: 500, after: '/registry/pods/ns/p05000' });
    assert.equal(all.kvs.length, 10_000);
    assert.equal(text(all.kvs[0]), 'w0');
    assert.equal(text(old.kvs[0]), 'v0');
    assert.equal(page.kvs[0]!.key, '/registry/pods/ns/p05001');
    assert.equal(page.count, 4999);
  });

  it('compaction truncates the write-ahead log', async () => {
    await using s = await openTemp({ walMaxBytes: 256 * 1024 });
    const big = enc('x'.repeat(2048));
    for (let i = 0; i < 300; i++) await s.create(`/w/${i}`, big);
    await s.compact(await s.currentRev());
    assert.equal((await stat(`${s.file}-wal`)).size, 0);
  });
});
