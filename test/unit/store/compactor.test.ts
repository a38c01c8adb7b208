import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryStore, runCompactor, type Store } from '../../../src/store/index.js';
import { enc } from './helpers.js';

async function until(cond: () => Promise<boolean>, ms = 2000): Promise<void> {
  for (const end = Date.now() + ms; !(await cond()); ) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('runCompactor', () => {
  it('compacts to the current revision minus the retained window and stops when aborted', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 20; i++) await store.create(`/k/${i}`, enc(`${i}`));
    const ac = new AbortController();
    const loop = runCompactor(store, { intervalMs: 5, retainRevisions: 5 }, ac.signal);
    await until(async () => (await store.compactRev()) === 15);
    await store.create('/k/20', enc('20'));
    await until(async () => (await store.compactRev()) === 16);
    ac.abort();
    await loop;
    assert.equal((await store.list('/k/')).kvs.length, 21, 'live keys are kept');
  });

  it('reports a failed compaction and keeps running', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const failing: Pick<Store, 'currentRev' | 'compactRev' | 'compact'> = {
      currentRev: async () => 100,
      compactRev: async () => 0,
      compact: async () => {
        calls++;
        throw new Error('disk full');
      },
    };
    const ac = new AbortController();
    const loop = runCompactor(failing, { intervalMs: 5, retainRevisions: 10, onError: (e) => errors.push(e) }, ac.signal);
    await until(async () => calls >= 2);
    ac.abort();
    await loop;
    assert.ok(errors.length >= 2);
    assert.match(String(errors[0]), /disk full/);
  });
});
