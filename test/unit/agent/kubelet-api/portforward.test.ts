/** The kubelet API's port-forward: URL and port checks, sandbox lookup, and the SPDY ↔ v4 bridge. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { bridgePorts, parsePortForwardUrl, resolveSandboxId } from '../../../../src/agent/kubelet-api/portforward.js';
import type { SpdyConnection } from '../../../../src/agent/kubelet-api/spdy-dial.js';
import type { PodSandbox } from '../../../../src/agent/cri/types.js';
import { SpdySession, type SpdyStream } from '../../../../src/streaming/spdy/index.js';

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

describe('kubelet port-forward requests', () => {
  it('parses namespace, pod and ports; refuses bad ports in the kubelet\'s words', () => {
    assert.deepEqual(parsePortForwardUrl(new URL('https://k/portForward/ns/web?ports=80,8080')), { namespace: 'ns', pod: 'web', ports: [80, 8080] });
    assert.throws(() => parsePortForwardUrl(new URL('https://k/portForward/ns/web')), /query parameter "port" is required/);
    assert.throws(() => parsePortForwardUrl(new URL('https://k/portForward/ns/web?ports=0')), /port "0" must be > 0/);
    assert.throws(() => parsePortForwardUrl(new URL('https://k/portForward/ns/web?ports=x')), /unable to parse "x" as a port/);
    assert.throws(() => parsePortForwardUrl(new URL('https://k/portForward/ns')), /404 page not found/);
  });

  it('picks the newest ready sandbox of the pod; none is a 404', async () => {
    const sb = (id: string, state: PodSandbox['state'], createdAt: number) => ({ id, state, createdAt }) as PodSandbox;
    const cri = { listPodSandbox: async () => [sb('old', 'SANDBOX_READY', 1), sb('dead', 'SANDBOX_NOTREADY', 9), sb('new', 'SANDBOX_READY', 5)] };
    assert.equal(await resolveSandboxId(cri, { namespace: 'ns', pod: 'web' }), 'new');
    await assert.rejects(resolveSandboxId({ listPodSandbox: async () => [] }, { namespace: 'ns', pod: 'web' }), (e: { code?: number }) => e.code === 404);
  });
});

/** A fake API-server-side WebSocket recording what the bridge sends. */
function fakeDown() {
  const ws = new EventEmitter() as EventEmitter & { readyState: number; sent: Buffer[]; send: (d: Buffer) => void; close: () => void; terminate: () => void };
  Object.assign(ws, {
    readyState: 1, sent: [],
    send: (d: Buffer) => ws.sent.push(d),
    close: () => { if (ws.readyState === 3) return; ws.readyState = 3; ws.emit('close'); },
    terminate: () => ws.close(),
  });
  return ws;
}

describe('kubelet port-forward bridge', () => {
  it('opens each channel with the port, carries data both ways, passes error text and closes when the runtime is done', async () => {
    // A stand-in for containerd's streaming server: a SPDY server session that echoes, then fails.
    let runtime!: SpdySession;
    const byType = new Map<string, SpdyStream>();
    const client = new SpdySession({ role: 'client', send: (b) => setImmediate(() => runtime.receive(b)) });
    runtime = new SpdySession({
      role: 'server', send: (b) => setImmediate(() => client.receive(b)),
      onStream: (s) => { byType.set(s.headers.streamtype!, s); s.reply(); },
    });
    let closedConn = false;
    const conn: SpdyConnection = { session: client, protocol: 'portforward.k8s.io', close: () => { closedConn = true; }, closed: new Promise(() => {}), pause: () => {}, resume: () => {}, buffered: () => 0, onDrain: () => {} };
    const error = await client.open({ streamtype: 'error', port: '8080', requestid: '0' });
    error.end();
    const data = await client.open({ streamtype: 'data', port: '8080', requestid: '0' });
    const down = fakeDown();
    bridgePorts(down as never, conn, [{ port: 8080, data, error }], new AbortController().signal);
    assert.deepEqual(down.sent.map((b) => b.toString('hex')), ['00901f', '01901f']);

    const got: Buffer[] = [];
    byType.get('data')!.on('data', (d) => got.push(d));
    down.emit('message', Buffer.from('\x00ping', 'latin1'));
    await tick();
    assert.equal(Buffer.concat(got).toString(), 'ping');
    byType.get('data')!.write(Buffer.from('pong'));
    byType.get('error')!.end(Buffer.from('connection refused'));
    byType.get('data')!.end();
    await tick();
    assert.deepEqual(down.sent.slice(2).map((b) => b.toString('latin1')), ['\x00pong', '\x01connection refused']);
    assert.equal(down.readyState, 3, 'closed once both streams ended');
    assert.equal(closedConn, true);
  });
});
