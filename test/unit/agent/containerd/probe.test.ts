import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { containerdNotReady, grpcUnary, waitContainerdReady } from '../../../../src/agent/containerd/probe.js';

/** A fake containerd socket: answers the two Version calls; the CRI one fails until `criReady`. */
function fakeContainerd(sock: string) {
  const state = { criReady: false, paths: [] as string[], bodies: [] as Buffer[] };
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const p = String(headers[':path']);
    state.paths.push(p);
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      state.bodies.push(Buffer.concat(chunks));
      const ok = p === '/containerd.services.version.v1.Version/Version' || (p === '/runtime.v1.RuntimeService/Version' && state.criReady);
      if (!ok) {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '2', 'grpc-message': 'server is not initialized yet' }, { endStream: true });
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 2, 0x0a, 0x00]));
    });
  });
  return { state, server, listen: () => new Promise<void>((r) => server.listen(sock, r)) };
}

describe('containerd readiness probe', () => {
  let dir: string, sock: string, fake: ReturnType<typeof fakeContainerd>;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kite-probe-'));
    sock = path.join(dir, 'c.sock');
    fake = fakeContainerd(sock);
  });
  after(async () => {
    await new Promise((r) => fake.server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing socket is not ready, with the connect error as the reason', async () => {
    assert.match((await containerdNotReady(sock))!, /ENOENT/);
  });

  it('a unary call frames the request and reads grpc-status from trailers or trailers-only headers', async () => {
    await fake.listen();
    const r = await grpcUnary(sock, '/runtime.v1.RuntimeService/Version', Uint8Array.from([0x0a, 0x02, 0x76, 0x31]));
    assert.deepEqual([r.status, r.message], [2, 'server is not initialized yet']);
    assert.deepEqual([...fake.state.bodies.at(-1)!], [0, 0, 0, 0, 4, 0x0a, 0x02, 0x76, 0x31]);
    const v = await grpcUnary(sock, '/containerd.services.version.v1.Version/Version', new Uint8Array(0));
    assert.equal(v.status, 0);
    assert.deepEqual([...v.body], [0x0a, 0x00]);
  });

  it('not ready until the CRI plugin answers, then ready', async () => {
    assert.match((await containerdNotReady(sock))!, /CRI Version: grpc status 2 server is not initialized yet/);
    setTimeout(() => { fake.state.criReady = true; }, 150);
    const ac = new AbortController();
    assert.equal(await waitContainerdReady(sock, ac.signal, 5000, 20), undefined);
  });

  it('waiting stops when the signal aborts and returns the last reason', async () => {
    fake.state.criReady = false;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    assert.match((await waitContainerdReady(sock, ac.signal, 10_000, 20))!, /not initialized/);
    assert.ok(Date.now() - t0 < 2000);
  });
});
