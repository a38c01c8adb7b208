import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KList, KObject, WatchEvent } from '../../../src/api/types/index.js';
import type { KubeClient, ListOptions, ResourceRef, WatchOptions } from '../../../src/client/index.js';
import { createSharedInformers, type InformerEvent } from '../../../src/controllers/index.js';
import { fakeClock } from './fake-clock.js';

const CMS: ResourceRef = { group: '', version: 'v1', plural: 'configmaps' };
const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };
const obj = (name: string, rv: string): KObject => ({ metadata: { name, namespace: 'default', resourceVersion: rv } });

/** list answers from `items`; each watch stays open until aborted and receives what `push` sends. */
function fakeApi(items: Record<string, KObject[]>) {
  const calls: string[] = [];
  const streams: Array<{ plural: string; send: (e: WatchEvent<KObject>) => void }> = [];
  const client: Pick<KubeClient, 'list' | 'watch'> = {
    list: async <T extends KObject>(r: ResourceRef, o?: ListOptions) => {
      calls.push(`list ${r.plural}${o?.labelSelector ? `?${o.labelSelector}` : ''}`);
      return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '10' }, items: items[r.plural] ?? [] } as unknown as KList<T>;
    },
    watch: <T extends KObject>(r: ResourceRef, o: WatchOptions, signal?: AbortSignal) => {
      calls.push(`watch ${r.plural}${o.labelSelector ? `?${o.labelSelector}` : ''}`);
      const queue: Array<WatchEvent<KObject>> = [];
      let wake: (() => void) | undefined;
      streams.push({ plural: r.plural, send: (e) => { queue.push(e); wake?.(); } });
      signal?.addEventListener('abort', () => wake?.(), { once: true });
      return (async function* () {
        while (!signal?.aborted) {
          const e = queue.shift();
          if (e) { yield e as WatchEvent<T>; continue; }
          await new Promise<void>((r) => { wake = r; });
        }
      })();
    },
  };
  const push = (plural: string, e: WatchEvent<KObject>) => { for (const s of streams) if (s.plural === plural) s.send(e); };
  return { client, calls, push };
}

const until = async (what: string, cond: () => boolean) => {
  for (const end = Date.now() + 5000; !cond(); await sleep(2)) if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
};
const fmt = (e: InformerEvent<KObject>) => `${e.type} ${e.obj.metadata.name}`;

describe('shared informers', () => {
  it('two controllers asking for the same resource share one list and one watch, and both see its events', async () => {
    const api = fakeApi({ configmaps: [obj('a', '1')] });
    const inf = createSharedInformers({ client: api.client, log: pino({ level: 'silent' }), clock: fakeClock() });
    const seen = { first: [] as string[], second: [] as string[] };
    inf.forResource(CMS).addHandler((e) => seen.first.push(fmt(e)));
    inf.forResource(CMS).addHandler((e) => seen.second.push(fmt(e)));
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await inf.forResource(CMS).synced(ac.signal);
    await until('the watch', () => api.calls.length === 2);
    api.push('configmaps', { type: 'ADDED', object: obj('b', '11') });
    await until('both handlers see b', () => seen.second.length === 2);
    ac.abort();
    await running;
    assert.deepEqual(api.calls, ['list configmaps', 'watch configmaps']);
    assert.deepEqual(seen, { first: ['add a', 'add b'], second: ['add a', 'add b'] });
  });

  it('a handler added after the cache filled is handed every cached object as an add', async () => {
    const api = fakeApi({ configmaps: [obj('a', '1'), obj('b', '2')] });
    const inf = createSharedInformers({ client: api.client, log: pino({ level: 'silent' }), clock: fakeClock() });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    const cms = inf.forResource(CMS); // created while running: started at once
    await cms.synced(ac.signal);
    const late: string[] = [];
    cms.addHandler((e) => late.push(fmt(e)));
    assert.deepEqual(late.sort(), ['add a', 'add b']);
    ac.abort();
    await running;
  });

  it('different selectors get separate informers; every informer stops when the signal aborts', async () => {
    const api = fakeApi({ pods: [obj('p', '1')] });
    const inf = createSharedInformers({ client: api.client, log: pino({ level: 'silent' }), clock: fakeClock() });
    inf.forResource(PODS);
    inf.forResource(PODS, { labelSelector: 'app=web' });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await until('both watches', () => api.calls.filter((c) => c.startsWith('watch')).length === 2);
    ac.abort();
    await running; // resolves only once both informers have stopped
    assert.deepEqual(api.calls.sort(), ['list pods', 'list pods?app=web', 'watch pods', 'watch pods?app=web']);
  });

  it('a handler that throws does not keep the others from their events', async () => {
    const api = fakeApi({ configmaps: [] });
    const inf = createSharedInformers({ client: api.client, log: pino({ level: 'silent' }), clock: fakeClock() });
    const seen: string[] = [];
    inf.forResource(CMS).addHandler(() => { throw new Error('bad handler'); });
    inf.forResource(CMS).addHandler((e) => seen.push(fmt(e)));
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await until('the watch', () => api.calls.length === 2);
    api.push('configmaps', { type: 'ADDED', object: obj('a', '11') });
    await until('the event', () => seen.length === 1);
    ac.abort();
    await running;
    assert.deepEqual(seen, ['add a']);
  });
});
