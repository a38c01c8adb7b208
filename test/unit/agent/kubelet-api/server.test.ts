import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createApiLogLookup, issueKubeletServingCert, KubeletApiError, startKubeletApi } from '../../../../src/agent/kubelet-api/index.js';
import type { KubeClient } from '../../../../src/client/index.js';
import { ApiError } from '../../../../src/client/index.js';
import { createCa } from '../../../../src/pki/ca.js';
import { issueClientCert } from '../../../../src/pki/index.js';

const log = pino({ level: 'silent' });
const line = (i: number) => `2026-01-01T00:00:0${i}.000000000Z stdout F line ${i}\n`;

interface CS { name: string; restartCount: number; state?: Record<string, { reason?: string }>; lastState?: Record<string, { exitCode?: number }> }
const podObj = (statuses: CS[]) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u1' },
  spec: { nodeName: 'edge-1', containers: [{ name: 'app' }, { name: 'side' }] },
  status: { containerStatuses: statuses },
});

function fakeClient(current: () => unknown): KubeClient {
  return {
    get: async (_ref: unknown, name: string) => {
      if (name !== 'p') throw new ApiError({ kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' } as never);
      return current();
    },
  } as unknown as KubeClient;
}

describe('container log lookup', () => {
  let podsDir: string;
  before(async () => {
    podsDir = await mkdtemp(join(tmpdir(), 'kite-kapi-'));
    const d = join(podsDir, 'default_p_u1', 'app');
    await mkdir(d, { recursive: true });
    await writeFile(join(d, '0.log'), line(1));
    await writeFile(join(d, '1.log'), line(2));
  });
  after(async () => { await rm(podsDir, { recursive: true, force: true }); });
  const req = (o: { container?: string; previous?: boolean; pod?: string } = {}) =>
    ({ namespace: 'default', pod: o.pod ?? 'p', container: o.container ?? 'app', previous: o.previous ?? false });
  const sig = new AbortController().signal;

  it('a running container\'s newest attempt, and the one before with previous', async () => {
    let pod = podObj([{ name: 'app', restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 0 } } }]);
    const lookup = createApiLogLookup({ client: fakeClient(() => pod), podsDir, nodeName: 'edge-1' });
    const cur = await lookup(req(), sig);
    assert.equal(cur.file, join(podsDir, 'default_p_u1', 'app', '1.log'));
    assert.equal(await cur.running(), true);
    assert.equal((await lookup(req({ previous: true }), sig)).file, join(podsDir, 'default_p_u1', 'app', '0.log'));
    pod = podObj([{ name: 'app', restartCount: 1, state: { terminated: {} } }]);
    assert.equal(await cur.running(), false);
  });

  it('the kubelet\'s errors: waiting to start, no previous, unknown container, unknown pod', async () => {
    const pod = podObj([{ name: 'app', restartCount: 0, state: { running: {} } }, { name: 'side', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }]);
    const lookup = createApiLogLookup({ client: fakeClient(() => pod), podsDir, nodeName: 'edge-1' });
    const err = (code: number, msg: string) => (e: unknown) => e instanceof KubeletApiError && e.code === code && e.message === msg;
    await assert.rejects(lookup(req({ container: 'side' }), sig), err(400, 'container "side" in pod "p" is waiting to start: ContainerCreating'));
    await assert.rejects(lookup(req({ previous: true }), sig), err(400, 'previous terminated container "app" in pod "p" not found'));
    await assert.rejects(lookup(req({ container: 'nope' }), sig), err(400, 'container nope is not valid for pod p'));
    await assert.rejects(lookup(req({ pod: 'gone' }), sig), (e: unknown) => e instanceof KubeletApiError && e.code === 404);
  });

  it('a crash-looping container shows its last terminated attempt, also as previous', async () => {
    const pod = podObj([{ name: 'app', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } }]);
    const lookup = createApiLogLookup({ client: fakeClient(() => pod), podsDir, nodeName: 'edge-1' });
    assert.equal((await lookup(req(), sig)).file, join(podsDir, 'default_p_u1', 'app', '1.log'));
    assert.equal((await lookup(req({ previous: true }), sig)).file, join(podsDir, 'default_p_u1', 'app', '1.log'));
  });
});

describe('kubelet API server', () => {
  let ca: { cert: string; key: string };
  let client: { cert: string; key: string };
  let stranger: { cert: string; key: string };
  let dir: string;
  const life = new AbortController();
  let port = 0;
  let done: Promise<void>;

  before(async () => {
    ca = await createCa({ commonName: 'test-ca', days: 1, now: new Date() });
    client = await issueClientCert({ caCert: ca.cert, caKey: ca.key }, { commonName: 'kube-apiserver-kubelet-client', organizations: [] });
    stranger = await issueClientCert({ caCert: ca.cert, caKey: ca.key }, { commonName: 'system:node:other', organizations: ['system:nodes'] });
    dir = await mkdtemp(join(tmpdir(), 'kite-kapi-srv-'));
    await writeFile(join(dir, '0.log'), line(1) + line(2) + line(3));
    const tls = await issueKubeletServingCert({ caCert: ca.cert, caKey: ca.key, nodeName: 'edge-1', ips: ['127.0.0.1'] });
    const running = await startKubeletApi({
      tls, hosts: ['127.0.0.1'], port: 0, log,
      lookup: async (r) => {
        if (r.container !== 'app') throw new KubeletApiError(400, `container "${r.container}" in pod "${r.pod}" is waiting to start: ContainerCreating`);
        return { file: join(dir, '0.log'), running: async () => false };
      },
    }, life.signal);
    port = running.port;
    done = running.done;
  });
  after(async () => {
    life.abort();
    await done;
    await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string, cert = client) => new Promise<{ code: number; type?: string; body: string }>((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, path, ca: ca.cert, cert: cert.cert, key: cert.key, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    }).on('error', reject);
  });

  it('serves containerLogs as text/plain with the kubelet\'s options', async () => {
    const r = await get('/containerLogs/default/p/app?tailLines=2&timestamps=true');
    assert.equal(r.code, 200);
    assert.equal(r.type, 'text/plain');
    assert.equal(r.body, '2026-01-01T00:00:02.000000000Z line 2\n2026-01-01T00:00:03.000000000Z line 3\n');
  });

  it('errors are plain text with the kubelet\'s status codes', async () => {
    assert.deepEqual(await get('/containerLogs/default/p/side'), { code: 400, type: 'text/plain; charset=utf-8', body: 'container "side" in pod "p" is waiting to start: ContainerCreating' });
    assert.equal((await get('/containerLogs/default/p/app?tailLines=x')).code, 400);
    assert.equal((await get('/pods')).code, 404);
  });

  it('refuses CA-signed clients that are neither the API server nor an admin, and clients without a cert', async () => {
    assert.equal((await get('/containerLogs/default/p/app', stranger)).code, 403);
    await assert.rejects(new Promise((resolve, reject) => {
      https.get({ host: '127.0.0.1', port, path: '/containerLogs/default/p/app', ca: ca.cert, agent: false }, resolve).on('error', reject);
    }));
  });
});
