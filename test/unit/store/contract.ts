/**
 * The Store contract: one suite that every implementation must pass (memory, SQLite, later etcd).
 */
import assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { describe, it } from 'node:test';
import { StoreExpiredError, StoreWatchOverflowError, type Store } from '../../../src/store/index.js';
import { enc, summary, take, text, tick } from './helpers.js';

export interface OpenOptions { watchMaxBuffered?: number }
export type OpenStore = (o?: OpenOptions) => Promise<Store & AsyncDisposable>;

export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`${name} meets the Store contract`, () => {
    it('create then get and list return the value at the write revision', async () => {
      await using s = await open();
      const r = await s.create('/a/x', enc('1'));
      assert.ok(r.ok);
      assert.equal(r.rev, await s.currentRev());
      assert.deepEqual({ ...r.kv, value: text(r.kv) }, { key: '/a/x', value: '1', createRev: r.rev, modRev: r.rev });
      const g = await s.get('/a/x');
      assert.equal(text(g.kv), '1');
      assert.equal(g.rev, r.rev);
      const l = await s.list('/a/');
      assert.deepEqual(l.kvs.map((kv) => kv.key), ['/a/x']);
      assert.equal(l.more, false);
      assert.equal((await s.get('/a/missing')).kv, undefined);
    });

    it('create of an existing key fails and returns the current value', async () => {
      await using s = await open();
      const first = await s.create('/k', enc('1'));
      const again = await s.create('/k', enc('2'));
      assert.equal(again.ok, false);
      assert.equal(again.rev, first.rev);
      assert.equal(!again.ok && text(again.current), '1');
    });

    it('update with the current revision succeeds and keeps the create revision', async () => {
      await using s = await open();
      const c = await s.create('/k', enc('1'));
      const u = await s.update('/k', enc('2'), c.rev);
      assert.ok(u.ok);
      assert.equal(u.kv.createRev, c.rev);
      assert.equal(u.kv.modRev, c.rev + 1);
      assert.equal(text((await s.get('/k')).kv), '2');
    });

    it('update with a stale revision fails and returns the current value', async () => {
      await using s = await open();
      const c = await s.create('/k', enc('1'));
      await s.update('/k', enc('2'), c.rev);
      const stale = await s.update('/k', enc('3'), c.rev);
      assert.equal(stale.ok, false);
      assert.equal(!stale.ok && text(stale.current), '2');
      assert.equal(!stale.ok && stale.current?.modRev, c.rev + 1);
      assert.equal(text((await s.get('/k')).kv), '2');
    });

    it('update of a missing key fails without a current value', async () => {
      await using s = await open();
      const r = await s.update('/nope', enc('1'), 1);
      assert.deepEqual(r, { ok: false, rev: 0 });
    });

    it('delete with a stale revision fails; with the current one it removes the key', async () => {
      await using s = await open();
      const c = await s.create('/k', enc('1'));
      const u = await s.update('/k', enc('2'), c.rev);
      const stale = await s.delete('/k', c.rev);
      assert.equal(stale.ok, false);
      assert.equal(!stale.ok && text(stale.current), '2');
      const d = await s.delete('/k', u.rev);
      assert.ok(d.ok);
      assert.equal(text(d.kv), '2', 'the delete reports the last value');
      assert.equal((await s.get('/k')).kv, undefined);
      assert.deepEqual((await s.list('/')).kvs, []);
      const again = await s.create('/k', enc('3'));
      assert.ok(again.ok);
      assert.equal(again.kv.createRev, again.rev, 'a re-created key starts a new life');
    });

    it('delete without a revision removes whatever is there; a missing key fails', async () => {
      await using s = await open();
      await s.create('/k', enc('1'));
      assert.ok((await s.delete('/k')).ok);
      assert.equal((await s.delete('/k')).ok, false);
    });

    it('get and list at an old revision return the values as of that revision', async () => {
      await using s = await open();
      const a = await s.create('/p/a', enc('a1'));
      await s.create('/p/b', enc('b1'));
      const at = await s.currentRev();
      await s.update('/p/a', enc('a2'), a.rev);
      await s.delete('/p/b');
      await s.create('/p/c', enc('c1'));
      assert.equal(text((await s.get('/p/a', a.rev)).kv), 'a1');
      const old = await s.list('/p/', { rev: at });
      assert.equal(old.rev, at);
      assert.deepEqual(old.kvs.map((kv) => [kv.key, text(kv)]), [['/p/a', 'a1'], ['/p/b', 'b1']]);
      const now = await s.list('/p/');
      assert.deepEqual(now.kvs.map((kv) => [kv.key, text(kv)]), [['/p/a', 'a2'], ['/p/c', 'c1']]);
    });

    it('list matches the prefix only, in key order', async () => {
      await using s = await open();
      for (const k of ['/ab/1', '/a/2', '/a/1', '/a', '/b/1']) await s.create(k, enc(k));
      assert.deepEqual((await s.list('/a/')).kvs.map((kv) => kv.key), ['/a/1', '/a/2']);
      assert.equal((await s.list('')).kvs.length, 5);
    });

    it('pagination with after at a fixed revision is stable while writes happen', async () => {
      await using s = await open();
      for (let i = 0; i < 25; i++) await s.create(`/p/${String(i).padStart(2, '0')}`, enc(`${i}`));
      const first = await s.list('/p/', { limit: 10 });
      assert.equal(first.kvs.length, 10);
      assert.equal(first.more, true);
      assert.equal(first.count, 25, 'count covers every live key in the range');
      const seen = first.kvs.map((kv) => kv.key);
      for (let page = first; page.more; ) {
        // Writes between pages must not show up in a list pinned at the first page's revision.
        await s.create(`/p/${seen.length}x`, enc('new'));
        await s.delete(`/p/${String(24 - seen.length).padStart(2, '0')}`);
        page = await s.list('/p/', { rev: first.rev, limit: 10, after: seen[seen.length - 1] });
        assert.equal(page.rev, first.rev);
        assert.equal(page.count, 25 - seen.length, 'count is what remains after `after`');
        seen.push(...page.kvs.map((kv) => kv.key));
      }
      assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => `/p/${String(i).padStart(2, '0')}`));
    });

    it('watch from an old revision replays history then streams live writes', async () => {
      await using s = await open();
      const c = await s.create('/w/a', enc('1'));
      await s.update('/w/a', enc('2'), c.rev);
      await s.create('/other', enc('x'));
      const ac = new AbortController();
      const it = s.watch('/w/', 0, ac.signal)[Symbol.asyncIterator]();
      const replayed = await take(it, 2);
      await s.delete('/w/a');
      await s.create('/w/b', enc('3'));
      const live = await take(it, 2);
      ac.abort();
      assert.deepEqual([...replayed, ...live].map(summary), [
        { type: 'put', key: '/w/a', value: '1', rev: 1, prev: undefined },
        { type: 'put', key: '/w/a', value: '2', rev: 2, prev: '1' },
        { type: 'delete', key: '/w/a', value: '2', rev: 4, prev: '2' },
        { type: 'put', key: '/w/b', value: '3', rev: 5, prev: undefined },
      ]);
      assert.equal((await it.next()).done, true);
    });

    it('watch replay spanning several history batches has no gap and no duplicate', async () => {
      await using s = await open();
      for (let i = 0; i < 1200; i++) await s.create(`/w/${i}`, enc(`${i}`));
      const ac = new AbortController();
      const it = s.watch('/w/', 100, ac.signal)[Symbol.asyncIterator]();
      const first = await take(it, 1);
      // Writes while the replay is in progress arrive after it, exactly once.
      for (let i = 1200; i < 1210; i++) await s.create(`/w/${i}`, enc(`${i}`));
      const rest = await take(it, 1110 - first.length);
      ac.abort();
      const revs = [...first, ...rest].map((e) => e.kv.modRev);
      assert.deepEqual(revs, Array.from({ length: 1110 }, (_, i) => 101 + i));
    });

    it('a compaction during a long replay ends the watch with StoreExpiredError', async () => {
      await using s = await open();
      for (let i = 0; i < 700; i++) await s.create(`/r/${i}`, enc(`${i}`));
      const it = s.watch('/r/', 0, new AbortController().signal)[Symbol.asyncIterator]();
      const first = await it.next();
      assert.ok(!first.done && first.value.length < 700, 'replay comes in batches');
      await s.compact(await s.currentRev());
      await assert.rejects(it.next(), StoreExpiredError);
    });

    it('many watchers each get each event exactly once', async () => {
      await using s = await open();
      const ac = new AbortController();
      setMaxListeners(50, ac.signal); // each watcher listens for the abort; 25 on one signal is intended
      const watchers = Array.from({ length: 25 }, () => s.watch('/m/', 0, ac.signal)[Symbol.asyncIterator]());
      const results = watchers.map((w) => take(w, 30));
      for (let i = 0; i < 30; i++) {
        await s.create(`/m/${i}`, enc(`${i}`));
        if (i % 7 === 0) await tick();
      }
      const got = await Promise.all(results);
      ac.abort();
      for (const events of got) assert.deepEqual(events.map((e) => e.kv.modRev), Array.from({ length: 30 }, (_, i) => i + 1));
    });

    it('watch from a compacted revision fails with StoreExpiredError', async () => {
      await using s = await open();
      const c = await s.create('/k', enc('1'));
      await s.update('/k', enc('2'), c.rev);
      await s.create('/j', enc('1'));
      await s.compact(2);
      assert.equal(await s.compactRev(), 2);
      const it = s.watch('/', 1, new AbortController().signal)[Symbol.asyncIterator]();
      await assert.rejects(it.next(), StoreExpiredError);
      await assert.rejects(s.get('/k', 1), StoreExpiredError);
      await assert.rejects(s.list('/', { rev: 1 }), StoreExpiredError);
      const ok = s.watch('/', 2, new AbortController().signal)[Symbol.asyncIterator]();
      assert.deepEqual((await take(ok, 1)).map(summary), [{ type: 'put', key: '/j', value: '1', rev: 3, prev: undefined }]);
      await ok.return?.();
    });

    it('compaction keeps each key\'s latest live value and forgets deleted keys', async () => {
      await using s = await open();
      const a = await s.create('/c/a', enc('a1'));
      await s.update('/c/a', enc('a2'), a.rev);
      await s.create('/c/b', enc('b1'));
      await s.delete('/c/b');
      const d = await s.create('/c/d', enc('d1'));
      const late = await s.update('/c/d', enc('d2'), d.rev);
      await s.compact(late.rev - 1);
      assert.equal(await s.currentRev(), late.rev, 'compaction never moves the revision');
      assert.deepEqual((await s.list('/c/')).kvs.map((kv) => [kv.key, text(kv)]), [['/c/a', 'a2'], ['/c/d', 'd2']]);
      const before = await s.list('/c/', { rev: late.rev - 1 });
      assert.deepEqual(before.kvs.map((kv) => [kv.key, text(kv)]), [['/c/a', 'a2'], ['/c/d', 'd1']]);
      const next = await s.create('/c/e', enc('e'));
      assert.equal(next.rev, late.rev + 1);
    });

    it('a slow watcher overflows without blocking writers or other watchers', async () => {
      await using s = await open({ watchMaxBuffered: 20 });
      const ac = new AbortController();
      const slow = s.watch('/s/', 0, ac.signal)[Symbol.asyncIterator]();
      const fast = s.watch('/s/', 0, ac.signal)[Symbol.asyncIterator]();
      await s.create('/s/0', enc('0'));
      await take(slow, 1);
      const fastAll = take(fast, 50);
      for (let i = 1; i < 50; i++) {
        await s.create(`/s/${i}`, enc(`${i}`));
        await tick();
      }
      assert.equal((await fastAll).length, 50);
      await assert.rejects(slow.next(), StoreWatchOverflowError);
      ac.abort();
    });

    it('aborting the signal ends a waiting watch iterable', async () => {
      await using s = await open();
      const ac = new AbortController();
      const it = s.watch('/', 0, ac.signal)[Symbol.asyncIterator]();
      const pending = it.next();
      setTimeout(() => ac.abort(), 10);
      assert.deepEqual(await pending, { done: true, value: undefined });
      const pre = new AbortController();
      pre.abort();
      let batches = 0;
      for await (const _ of s.watch('/', 0, pre.signal)) batches++;
      assert.equal(batches, 0);
    });
  });
}
