/**
 * The whole `kubectl logs` path in one process: an HTTP server running `handlePodLog` with a fake
 * object store, the node proxy over mutual TLS, and the agent's kubelet API reading real files.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { issueKubeletServingCert, KubeletApiError, startKubeletApi } from '../../../src/agent/kubelet-api/index.js';
import { notFound } from '../../../src/api/errors.js';
import { handlePodLog } from '../../../src/apiserver/handlers/logs.js';
import { createNodeProxy } from '../../../src/apiserver/node-proxy.js';
import type { RequestCtx } from '../../../src/apiserver/context.js';
import { toStatus, writeStatus } from '../../../src/apiserver/respond.js';
import { createCa } from '../../../src/pki/ca.js';
import { issueClientCert } from '../../../src/pki/index.js';

const log = pino({ level: 'silent' });
const line = (i: number) => `2026-01-01T00:00:${String(i).padStart(2, '0')}.000000000Z stdout F line ${i}\n`;

describe('pod log handler through the node proxy to the kubelet API', () => {
  const life = new AbortController();
  let dir: string;
  let kubeletDone: Promise<void>;
  let api: http.Server;
  let apiPort = 0;
  let running = true;
  // Counts the kubelet side's "still running?" checks: they stop once no follower is left.
  let runningChecks = 0;
  const pods: Record<string, unknown> = {};
  let node: unknown;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kite-logs-proxy-'));
    await writeFile(join(dir, 'app.log'), line(1) + line(2) + line(3));
    const ca = await createCa({ commonName: 'test-ca', days: 1, now: new Date() });
    const kubelet = await startKubeletApi({
      tls: await issueKubeletServingCert({ caCert: ca.cert, caKey: ca.key, nodeName: 'edge-1', ips: ['127.0.0.1'] }),
      hosts: ['127.0.0.1'], port: 0, log, pollMs: 20,
      lookup: async (r) => {
        if (r.container === 'sidecar') throw new KubeletApiError(400, `container "sidecar" in pod "${r.pod}" is waiting to start: ContainerCreating`);
        return { file: join(dir, `${r.container}.log`), running: async () => { runningChecks++; return running; } };
      },
    }, life.signal);
    kubeletDone = kubelet.done;
    node = { metadata: { name: 'edge-1' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } } } };
    const client = await issueClientCert({ caCert: ca.cert, caKey: ca.key }, { commonName: 'kube-apiserver-kubelet-client', organizations: [] });
    const proxy = createNodeProxy({ tls: { ca: ca.cert, ...client } });
    const pod = (name: string, containers: string[], extra: Record<string, unknown> = {}) => ({
      metadata: { name, namespace: 'default', ...extra }, spec: { nodeName: 'edge-1', containers: containers.map((c) => ({ name: c })) },
    });
    pods.single = pod('single', ['app']);
    pods.two = pod('two', ['app', 'sidecar']);
    pods.annotated = pod('annotated', ['sidecar', 'app'], { annotations: { 'kubectl.kubernetes.io/default-container': 'app' } });
    pods.pending = { metadata: { name: 'pending', namespace: 'default' }, spec: { containers: [{ name: 'app' }] } };
    api = http.createServer((req, res) => {
      const url = new URL(`http://x${req.url}`);
      const name = url.pathname.split('/')[6]!;
      const ctx = {
        req, res, query: url.searchParams, info: { verb: 'get', namespace: 'default', resource: 'pods', name, subresource: 'log' },
        def: { plural: 'pods', group: '' },
        deps: {
          signal: life.signal,
          registry: { lookup: () => ({ plural: 'nodes', group: '' }) },
          objects: {
            get: async (def: { plural: string }, _ns: string | undefined, n: string) => {
              const o = def.plural === 'nodes' ? node : pods[n];
              if (!o) throw notFound({ group: '', resource: def.plural }, n);
              return o;
            },
          },
        },
      } as unknown as RequestCtx;
      handlePodLog(ctx, proxy).catch((e: unknown) => { if (res.headersSent) res.end(); else writeStatus(res, toStatus(e).status); });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', () => r()));
    apiPort = (api.address() as { port: number }).port;
  });
  after(async () => {
    life.abort();
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
    await kubeletDone;
    await rm(dir, { recursive: true, force: true });
  });

  const get = (pod: string, q = '') => new Promise<{ code: number; type?: string; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: apiPort, path: `/api/v1/namespaces/default/pods/${pod}/log${q}`, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    }).on('error', reject);
  });
  const message = (body: string) => (JSON.parse(body) as { message: string }).message;

  it('streams the only container\'s log with tail and timestamps', async () => {
    running = false;
    assert.deepEqual(await get('single'), { code: 200, type: 'text/plain', body: 'line 1\nline 2\nline 3\n' });
    assert.equal((await get('single', '?tailLines=1&timestamps=true')).body, '2026-01-01T00:00:03.000000000Z line 3\n');
  });

  it('picks the container: named, annotated default, or a 400 listing the choices', async () => {
    assert.equal((await get('two', '?container=app')).body, 'line 1\nline 2\nline 3\n');
    assert.equal((await get('annotated')).body, 'line 1\nline 2\nline 3\n');
    const r = await get('two');
    assert.equal(r.code, 400);
    assert.equal(message(r.body), 'a container name must be specified for pod two, choose one of: [app sidecar]');
    assert.equal(message((await get('two', '?container=nope')).body), 'container nope is not valid for pod two');
  });

  it('passes the kubelet\'s refusal on as a 400 Status; an unscheduled pod is a 400 too', async () => {
    const r = await get('two', '?container=sidecar');
    assert.equal(r.code, 400);
    assert.equal(message(r.body), 'container "sidecar" in pod "two" is waiting to start: ContainerCreating');
    assert.equal(message((await get('pending')).body), 'pod pending does not have a host assigned');
    assert.equal((await get('missing')).code, 404);
    assert.match(message((await get('single', '?tailLines=-2')).body), /^tailLines/);
  });

  it('follow delivers appended lines as they are written and ends when the container stops', async () => {
    running = true;
    const chunks: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: apiPort, path: '/api/v1/namespaces/default/pods/single/log?follow=true&tailLines=1', agent: false }, (res) => {
        res.on('data', (d: Buffer) => chunks.push(d.toString()));
        res.on('end', () => resolve());
      }).on('error', reject);
    });
    for (let i = 0; i < 50 && chunks.join('') !== 'line 3\n'; i++) await sleep(20);
    assert.equal(chunks.join(''), 'line 3\n');
    await appendFile(join(dir, 'app.log'), line(4));
    for (let i = 0; i < 50 && chunks.join('') !== 'line 3\nline 4\n'; i++) await sleep(20);
    assert.equal(chunks.join(''), 'line 3\nline 4\n', 'the new line arrives while the stream stays open');
    running = false;
    await ended;
  });

  it('a client leaving a follow ends the upstream stream', async () => {
    running = true;
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: apiPort, path: '/api/v1/namespaces/default/pods/single/log?follow=true', agent: false }, (res) => {
        res.once('data', () => { req.destroy(); resolve(); });
      });
      req.on('error', (e) => { if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e); });
    });
    await sleep(100);
    const seen = runningChecks;
    await sleep(1500);
    assert.equal(runningChecks, seen, 'the kubelet API stopped following once the client left');
    running = false;
  });
});
