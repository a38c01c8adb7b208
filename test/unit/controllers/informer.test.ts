import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { createKubeClient, type KubeClient } from '../../../src/client/index.js';
import { createInformer, type InformerEvent } from '../../../src/controllers/index.js';
import { json, startFakeApi, status, type FakeApi, type Recorded } from '../client/fake-api.js';
import { fakeClock } from './fake-clock.js';

const log = pino({ level: 'silent' });
const REF = { group: '', version: 'v1', plural: 'configmaps' };
const cm = (name: string, rv: string): KObject => ({ metadata: { name, namespace: 'default', resourceVersion: rv } });
const list = (rv: string, items: KObject[], cont?: string) => ({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: rv, continue: cont }, items });
const line = (type: string, object: unknown) => `${JSON.stringify({ type, object })}\n`;

/** Lists and watches answered in order from scripts; a watch script that returns leaves the stream open. */
function script(api: FakeApi, lists: Array<(r: Recorded, res: ServerResponse) => void>, watches: Array<(res: ServerResponse) => void>) {
  api.requests.length = 0;
  api.handle((r, res) => {
    if (r.query.get('watch') === 'true') {
      const w = watches.shift();
      if (!w) { res.writeHead(200, { 'content-type': 'application/json' }); return; } // idle open stream
      w(res);
    } else {
      const l = lists.shift();
      if (!l) json(res, 500, status(500, 'InternalError', 'unexpected list'));
      else l(r, res);
    }
  });
}

async function waitFor(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const describeEv = (e: InformerEvent<KObject>) => `${e.type} ${e.obj.metadata.name}@${e.obj.metadata.resourceVersion}`;

describe('informer against a fake API server', () => {
  let api: FakeApi;
  let client: KubeClient;
  before(async () => { api = await startFakeApi(); client = createKubeClient({ server: api.url, ca: api.ca }); });
  after(async () => { client.close(); await api.close(); });

  const watchesOf = () => api.requests.filter((r) => r.query.get('watch') === 'true');

  it('lists in pages, watches from the list resourceVersion and re-watches from the last one seen after a close', async () => {
    script(api, [
      (_r, res) => json(res, 200, list('10', [cm('a', '2')], 'page-2')),
      (_r, res) => json(res, 200, list('10', [cm('b', '3')])),
    ], [
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(line('ADDED', cm('c', '11')) + line('MODIFIED', cm('a', '12')) + line('DELETED', cm('b', '13'))
          + line('BOOKMARK', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '15' } }));
      },
    ]);
    const events: string[] = [];
    const inf = createInformer<KObject>({ client, ref: REF, log, clock: fakeClock(), onEvent: (e) => events.push(describeEv(e)) });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await inf.synced(ac.signal);
    await waitFor('the second watch', () => watchesOf().length === 2);

    const lists = api.requests.filter((r) => r.query.get('watch') !== 'true');
    assert.deepEqual(lists.map((r) => [r.query.get('limit'), r.query.get('continue')]), [['500', null], ['500', 'page-2']]);
    const [w1, w2] = watchesOf();
    assert.equal(w1!.query.get('resourceVersion'), '10');
    assert.equal(w1!.query.get('allowWatchBookmarks'), 'true');
    const timeout = Number(w1!.query.get('timeoutSeconds'));
    assert.ok(timeout >= 300 && timeout <= 600, `timeoutSeconds ${timeout} in 300–600`);
    assert.equal(w2!.query.get('resourceVersion'), '15', 're-watch starts at the bookmark');
    assert.deepEqual(events, ['add a@2', 'add b@3', 'add c@11', 'update a@12', 'delete b@13']);
    assert.deepEqual(inf.list().map((o) => o.metadata.name).sort(), ['a', 'c']);
    assert.equal(inf.get('default/a')?.metadata.resourceVersion, '12');

    ac.abort();
    await running;
  });

  it('an Expired ERROR event relists at once and delivers the difference as deletes, updates and adds', async () => {
    script(api, [
      (_r, res) => json(res, 200, list('10', [cm('a', '2'), cm('b', '3'), cm('same', '4')])),
      (_r, res) => json(res, 200, list('22', [cm('a', '20'), cm('same', '4'), cm('c', '21')])),
    ], [
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(line('ERROR', status(410, 'Expired', 'too old resource version: 10 (20)')));
      },
    ]);
    const events: string[] = [];
    const clock = fakeClock();
    const inf = createInformer<KObject>({ client, ref: REF, log, clock, onEvent: (e) => events.push(describeEv(e)) });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await waitFor('the watch after the relist', () => watchesOf().length === 2);
    assert.deepEqual(events, ['add a@2', 'add b@3', 'add same@4', 'delete b@3', 'update a@20', 'add c@21']);
    assert.equal(watchesOf()[1]!.query.get('resourceVersion'), '22');
    assert.deepEqual(clock.sleeps, [], 'the first 410 does not wait');
    ac.abort();
    await running;
  });

  it('an HTTP 410 answer to the watch also relists', async () => {
    script(api, [
      (_r, res) => json(res, 200, list('10', [cm('a', '2')])),
      (_r, res) => json(res, 200, list('30', [])),
    ], [(res) => json(res, 410, status(410, 'Expired', 'too old resource version: 10 (20)'))]);
    const events: string[] = [];
    const inf = createInformer<KObject>({ client, ref: REF, log, clock: fakeClock(), onEvent: (e) => events.push(describeEv(e)) });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await waitFor('the watch after the relist', () => watchesOf().length === 2);
    assert.deepEqual(events, ['add a@2', 'delete a@2']);
    ac.abort();
    await running;
  });

  it('other failures retry with growing back-off on the injected clock until the list succeeds', async () => {
    const fail = (_r: Recorded, res: ServerResponse) => json(res, 500, status(500, 'InternalError', 'boom'));
    script(api, [fail, fail, (_r, res) => json(res, 200, list('5', [cm('a', '1')]))], []);
    const clock = fakeClock();
    const inf = createInformer<KObject>({ client, ref: REF, log, clock, random: () => 0.5 });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    await waitFor('the first back-off', () => clock.pending() === 1);
    assert.deepEqual(clock.sleeps, [800]);
    assert.equal(inf.hasSynced(), false);
    await clock.advance(800);
    await waitFor('the second back-off', () => clock.sleeps.length === 2 && clock.pending() === 1);
    assert.deepEqual(clock.sleeps, [800, 1600]);
    await clock.advance(1600);
    await inf.synced(ac.signal);
    assert.equal(inf.get('default/a')?.metadata.resourceVersion, '1');
    ac.abort();
    await running;
  });

  it('synced rejects when the signal aborts before the first list, and run still resolves', async () => {
    script(api, [], []); // every list fails
    const clock = fakeClock();
    const inf = createInformer<KObject>({ client, ref: REF, log, clock });
    const ac = new AbortController();
    const running = inf.run(ac.signal);
    const synced = inf.synced(ac.signal);
    await waitFor('a back-off', () => clock.pending() === 1);
    ac.abort(new Error('stop'));
    await assert.rejects(synced, /stop/);
    await running;
    assert.equal(clock.pending(), 0, 'no timer outlives run');
  });
});
