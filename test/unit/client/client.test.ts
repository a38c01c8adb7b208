import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KObject, WatchEvent } from '../../../src/api/types/index.js';
import { ApiError, createKubeClient, isExpired, type KubeClient } from '../../../src/client/index.js';
import { json, startFakeApi, status, type FakeApi } from './fake-api.js';

const CM = { group: '', version: 'v1', plural: 'configmaps', namespace: 'default' };
const DEPLOY = { group: 'apps', version: 'v1', plural: 'deployments', namespace: 'prod' };
const cm = (name: string, rv = '1'): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', resourceVersion: rv } });

describe('KubeClient against a fake API server', () => {
  let api: FakeApi;
  let client: KubeClient;
  before(async () => {
    api = await startFakeApi();
    client = createKubeClient({ server: api.url, ca: api.ca, token: 'secret-token', userAgent: 'kite-test/1' });
  });
  after(async () => { client.close(); await api.close(); });
  beforeEach(() => { api.requests.length = 0; });

  it('get builds the namespaced path and sends the bearer token and user agent', async () => {
    api.handle((_r, res) => json(res, 200, cm('a')));
    const got = await client.get(CM, 'a');
    assert.equal(got.metadata.name, 'a');
    const r = api.requests[0]!;
    assert.equal(r.method, 'GET');
    assert.equal(r.path, '/api/v1/namespaces/default/configmaps/a');
    assert.equal(r.headers.authorization, 'Bearer secret-token');
    assert.equal(r.headers['user-agent'], 'kite-test/1');
  });

  it('a non-2xx Status answer throws ApiError carrying code, reason and message', async () => {
    api.handle((_r, res) => json(res, 404, status(404, 'NotFound', 'deployments.apps "web" not found')));
    const err = await client.get(DEPLOY, 'web').catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 404);
    assert.equal(err.reason, 'NotFound');
    assert.equal(err.message, 'deployments.apps "web" not found');
    assert.equal(api.requests[0]!.path, '/apis/apps/v1/namespaces/prod/deployments/web');
  });

  it('a non-JSON error body becomes a Status named after the HTTP code', async () => {
    api.handle((_r, res) => { res.writeHead(503, { 'content-type': 'text/plain' }); res.end('overloaded\n'); });
    const err = await client.list(CM).catch((e: unknown) => e) as ApiError;
    assert.deepEqual([err.code, err.reason, err.message], [503, 'ServiceUnavailable', 'overloaded']);
  });

  it('list passes selectors, paging and resourceVersion as query parameters', async () => {
    api.handle((_r, res) => json(res, 200, { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [cm('a')] }));
    const l = await client.list(CM, { labelSelector: 'app=web', fieldSelector: 'metadata.name=a', limit: 500, continue: 'tok', resourceVersion: '0' });
    assert.equal(l.items.length, 1);
    const q = Object.fromEntries(api.requests[0]!.query);
    assert.deepEqual(q, { labelSelector: 'app=web', fieldSelector: 'metadata.name=a', limit: '500', continue: 'tok', resourceVersion: '0' });
  });

  it('create, update and updateStatus use POST, PUT and PUT …/status with a JSON body', async () => {
    api.handle((r, res) => json(res, r.method === 'POST' ? 201 : 200, JSON.parse(r.body)));
    await client.create(CM, cm('a'), { fieldManager: 'kite' });
    await client.update(CM, cm('a', '3'));
    await client.updateStatus(DEPLOY, { metadata: { name: 'web', namespace: 'prod' } });
    assert.deepEqual(api.requests.map((r) => `${r.method} ${r.path}`), [
      'POST /api/v1/namespaces/default/configmaps', 'PUT /api/v1/namespaces/default/configmaps/a', 'PUT /apis/apps/v1/namespaces/prod/deployments/web/status',
    ]);
    assert.equal(api.requests[0]!.query.get('fieldManager'), 'kite');
    assert.equal(api.requests[1]!.headers['content-type'], 'application/json');
    assert.equal(JSON.parse(api.requests[1]!.body).metadata.resourceVersion, '3');
  });

  it('patch sends the content type of each patch type; apply needs a field manager', async () => {
    api.handle((_r, res) => json(res, 200, cm('a')));
    await client.patch(CM, 'a', 'merge', { data: { x: '1' } });
    await client.patch(CM, 'a', 'json', [{ op: 'add', path: '/data/y', value: '2' }]);
    await client.patch(CM, 'a', 'strategic', { data: { z: '3' } });
    await client.patch(CM, 'a', 'apply', cm('a'), { fieldManager: 'kite', force: true });
    assert.deepEqual(api.requests.map((r) => r.headers['content-type']), [
      'application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml',
    ]);
    assert.equal(api.requests[3]!.query.get('force'), 'true');
    await assert.rejects(client.patch(CM, 'a', 'apply', {}), /fieldManager/);
  });

  it('delete sends DeleteOptions with the propagation policy and preconditions', async () => {
    api.handle((_r, res) => json(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 }));
    await client.delete(CM, 'a', { propagationPolicy: 'Background', preconditions: { uid: 'u1' } });
    const r = api.requests[0]!;
    assert.equal(r.method, 'DELETE');
    assert.deepEqual(JSON.parse(r.body), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid: 'u1' } });
  });

  it('raw parses JSON answers and returns other bodies as text', async () => {
    api.handle((r, res) => {
      if (r.path === '/readyz') { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); } else json(res, 200, { kind: 'APIGroupList', groups: [] });
    });
    assert.deepEqual(await client.raw('GET', '/apis'), { kind: 'APIGroupList', groups: [] });
    assert.equal(await client.raw('GET', '/readyz'), 'ok');
  });
});

describe('KubeClient.watch', () => {
  let api: FakeApi;
  let client: KubeClient;
  before(async () => { api = await startFakeApi(); client = createKubeClient({ server: api.url, ca: api.ca }); });
  after(async () => { client.close(); await api.close(); });
  beforeEach(() => { api.requests.length = 0; });

  const collect = async (it: AsyncIterable<WatchEvent>) => { const out: WatchEvent[] = []; for await (const e of it) out.push(e); return out; };

  it('splits events on newlines however the stream is chunked and ends when the server closes', async () => {
    const lines = [
      JSON.stringify({ type: 'ADDED', object: cm('a', '5') }),
      JSON.stringify({ type: 'MODIFIED', object: cm('a', '6') }),
      JSON.stringify({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '7' } } }),
    ];
    const wire = `${lines.join('\n')}\n`;
    api.handle(async (_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // cut inside the first event, exactly at a newline, and inside a multi-byte boundary-free tail
      for (const [a, b] of [[0, 10], [10, lines[0]!.length + 1], [lines[0]!.length + 1, wire.length - 3], [wire.length - 3, wire.length]] as const) {
        res.write(wire.slice(a, b));
        await sleep(5);
      }
      res.end();
    });
    const evs = await collect(client.watch(CM, { resourceVersion: '4', allowWatchBookmarks: true, timeoutSeconds: 300 }));
    assert.deepEqual(evs.map((e) => `${e.type} ${(e.object as KObject).metadata.resourceVersion}`), ['ADDED 5', 'MODIFIED 6', 'BOOKMARK 7']);
    assert.deepEqual(Object.fromEntries(api.requests[0]!.query), { watch: 'true', resourceVersion: '4', allowWatchBookmarks: 'true', timeoutSeconds: '300' });
  });

  it('aborting the signal ends the iteration without an error and closes the connection', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((r) => { closed = r; });
    api.handle((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: cm('a', '5') })}\n`);
      res.on('close', closed); // never ends on its own
    });
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const e of client.watch(CM, {}, ac.signal)) { seen.push(e.type); ac.abort(); }
    assert.deepEqual(seen, ['ADDED']);
    await serverSawClose;
  });

  it('an HTTP 410 answer throws an Expired ApiError', async () => {
    api.handle((_r, res) => json(res, 410, status(410, 'Expired', 'too old resource version: 5 (120)')));
    const err = await collect(client.watch(CM, { resourceVersion: '5' })).catch((e: unknown) => e);
    assert.ok(isExpired(err));
  });

  it('an undecodable line throws so the caller re-watches instead of losing an event', async () => {
    api.handle((_r, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"type":"ADDED",\nnot json\n'); });
    await assert.rejects(collect(client.watch(CM, {})), /undecodable event/);
  });
});
