/** Port-forward stream pairing over a real SPDY session pair, with a fake upstream connection. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { createPortForwardPairs, type UpstreamPort } from '../../../src/apiserver/handlers/portforward-pairs.js';
import { portForwardMode, parsePortsQuery, v4Upstream } from '../../../src/apiserver/handlers/portforward.js';
import { createValve, type Pausable, type Valve } from '../../../src/streaming/flow.js';
import { SpdySession, type SpdyStream } from '../../../src/streaming/spdy/index.js';

class FakeUpstream extends EventEmitter<{ data: [Buffer]; error: [string]; close: [] }> implements UpstreamPort {
  written: Buffer[] = [];
  closed = false;
  paused = false;
  constructor(readonly port: number) { super(); }
  pause() { this.paused = true; }
  resume() { this.paused = false; }
  write(d: Buffer, flushed?: () => void) { this.written.push(d); flushed?.(); }
  buffered() { return 0; }
  close() { if (this.closed) return; this.closed = true; setImmediate(() => this.emit('close')); }
  text() { return Buffer.concat(this.written).toString(); }
}

function setup(dial: (port: number) => Promise<UpstreamPort>, pairTimeoutMs?: number, valve?: Valve, inbound?: Pausable) {
  let server!: SpdySession;
  const client = new SpdySession({ role: 'client', send: (b) => setImmediate(() => server.receive(b)) });
  const pairs = createPortForwardPairs({ dial, pairTimeoutMs, valve, inbound });
  server = new SpdySession({ role: 'server', send: (b) => setImmediate(() => client.receive(b)), onStream: pairs.onStream });
  const open = async (type: string, requestid: string, port = '80') => client.open({ streamtype: type, port, requestid });
  return { client, open };
}

/** Everything a stream receives until its FIN. */
function readAll(s: SpdyStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (d) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts).toString()));
    s.on('reset', (c) => reject(new Error(`reset ${c}`)));
  });
}

const tick = (ms = 10) => new Promise((r) => setTimeout(r, ms));

describe('port-forward stream pairing', () => {
  it('pairs error and data streams by request id and pipes data both ways', async () => {
    const ups: FakeUpstream[] = [];
    const { open } = setup(async (port) => { const u = new FakeUpstream(port); ups.push(u); return u; });
    const err = await open('error', '0');
    err.end();
    const errText = readAll(err);
    const data = await open('data', '0');
    const got = readAll(data);
    data.write(Buffer.from('GET / HTTP/1.0\r\n\r\n'));
    await tick();
    assert.equal(ups.length, 1);
    assert.equal(ups[0]!.port, 80);
    assert.equal(ups[0]!.text(), 'GET / HTTP/1.0\r\n\r\n');
    ups[0]!.emit('data', Buffer.from('HTTP/1.0 200 OK\r\n\r\nhi'));
    ups[0]!.close();
    assert.equal(await got, 'HTTP/1.0 200 OK\r\n\r\nhi');
    assert.equal(await errText, '', 'no error: the error stream just ends');
  });

  it('keeps concurrent connections apart, whatever order their streams arrive in', async () => {
    const ups = new Map<number, FakeUpstream>();
    const { open } = setup(async (port) => { const u = new FakeUpstream(port); ups.set(port, u); return u; });
    const e1 = await open('error', '1', '81');
    const e2 = await open('error', '2', '82');
    const d2 = await open('data', '2', '82');
    const d1 = await open('data', '1', '81');
    e1.end(); e2.end();
    d1.write(Buffer.from('one'));
    d2.write(Buffer.from('two'));
    await tick();
    assert.equal(ups.get(81)!.text(), 'one');
    assert.equal(ups.get(82)!.text(), 'two');
  });

  it('bytes sent while the upstream connection is being made are delivered first', async () => {
    let release!: () => void;
    const up = new FakeUpstream(80);
    const { open } = setup(() => new Promise((r) => { release = () => r(up); }));
    (await open('error', '0')).end();
    const data = await open('data', '0');
    data.write(Buffer.from('early '));
    await tick();
    release();
    await tick();
    data.write(Buffer.from('late'));
    await tick();
    assert.equal(up.text(), 'early late');
  });

  it('a failed dial and an upstream error are written on the error stream, then both streams end', async () => {
    const { open } = setup(async () => { throw new Error('error forwarding port 80 to pod: connection refused'); });
    const err = await open('error', '0');
    err.end();
    const text = readAll(err);
    const data = await open('data', '0');
    assert.equal(await readAll(data), '');
    assert.equal(await text, 'error forwarding port 80 to pod: connection refused');

    const up = new FakeUpstream(80);
    const s2 = setup(async () => up);
    const err2 = await s2.open('error', '0');
    err2.end();
    const text2 = readAll(err2);
    await s2.open('data', '0');
    await tick();
    up.emit('error', 'dial tcp4 127.0.0.1:80: connect: connection refused');
    up.close();
    assert.match(await text2, /connection refused/);
  });

  it('the client ending its data stream closes the upstream connection', async () => {
    const up = new FakeUpstream(80);
    const { open } = setup(async () => up);
    (await open('error', '0')).end();
    const data = await open('data', '0');
    await tick();
    data.end();
    await tick();
    assert.equal(up.closed, true);
  });

  it('pauses the pod\'s side while the client\'s transport is full', async () => {
    let buffered = 0;
    const valve = createValve({ buffered: () => buffered, high: 10, low: 2 });
    const up = new FakeUpstream(80);
    const { open } = setup(async () => up, undefined, valve);
    (await open('error', '0')).end();
    await open('data', '0');
    await tick();
    buffered = 50;
    up.emit('data', Buffer.from('x'.repeat(50)));
    assert.equal(up.paused, true);
    buffered = 0;
    valve.progress();
    assert.equal(up.paused, false);
  });

  it('pauses the client\'s transport while the pod\'s side holds too much, and lets go when it closes', async () => {
    const up = new FakeUpstream(80);
    up.buffered = () => 2 << 20;
    const inbound = { paused: false, pause() { this.paused = true; }, resume() { this.paused = false; } };
    const { open } = setup(async () => up, undefined, undefined, inbound);
    (await open('error', '0')).end();
    const data = await open('data', '0');
    await tick();
    data.write(Buffer.from('upload'));
    await tick();
    assert.equal(inbound.paused, true);
    up.close();
    await tick();
    assert.equal(inbound.paused, false);
  });

  it('a lone stream times out with a message; bad stream headers are refused', async () => {
    const { open } = setup(async () => new FakeUpstream(80), 30);
    const err = await open('error', '9');
    err.end();
    assert.equal(await readAll(err), 'timed out waiting for streams');
    await assert.rejects(open('stdin', '3'), /refused stream/);
    await assert.rejects(open('data', '4', '0'), /refused stream/);
    await assert.rejects(open('data', '5', 'http'), /refused stream/);
  });
});

describe('port-forward request forms', () => {
  const req = (headers: Record<string, string>, method = 'GET') => ({ method, headers });
  it('tells the SPDY tunnel, the SPDY upgrade and the v4 WebSocket apart', () => {
    assert.equal(portForwardMode(req({ upgrade: 'websocket', 'sec-websocket-protocol': 'SPDY/3.1+portforward.k8s.io' })), 'spdy-websocket');
    assert.equal(portForwardMode(req({ upgrade: 'websocket', 'sec-websocket-protocol': 'v5.channel.k8s.io, v4.channel.k8s.io' })), 'v4-websocket');
    assert.equal(portForwardMode(req({ upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'portforward.k8s.io' }, 'POST')), 'spdy');
    assert.throws(() => portForwardMode(req({ upgrade: 'websocket', 'sec-websocket-protocol': 'v5.channel.k8s.io' })), /served over WebSocket/);
    assert.throws(() => portForwardMode(req({ upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v4.channel.k8s.io' }, 'POST')), /SPDY/);
  });

  it('checks ports like the kubelet', () => {
    assert.deepEqual(parsePortsQuery(new URLSearchParams('ports=80,8080')), [80, 8080]);
    assert.deepEqual(parsePortsQuery(new URLSearchParams('ports=80&ports=81')), [80, 81]);
    for (const bad of ['', 'ports=', 'ports=0', 'ports=65536', 'ports=http']) {
      assert.throws(() => parsePortsQuery(new URLSearchParams(bad)), (e: { status?: { code?: number } }) => e.status?.code === 400, bad);
    }
  });

  it('a kubelet v4 session drops the port header of each channel and reports error text at the end', () => {
    const ws = new EventEmitter() as EventEmitter & { send: (d: Buffer) => void; close: () => void; readyState: number };
    const sent: Buffer[] = [];
    Object.assign(ws, { send: (d: Buffer) => sent.push(d), close: () => ws.emit('close'), readyState: 1 });
    const up = v4Upstream(ws as never);
    const data: string[] = [];
    const errors: string[] = [];
    up.on('data', (d) => data.push(d.toString()));
    up.on('error', (e) => errors.push(e));
    ws.emit('message', Buffer.from([0, 0x50, 0]));
    ws.emit('message', Buffer.from([1, 0x50, 0]));
    ws.emit('message', Buffer.from('\x00hello', 'latin1'));
    ws.emit('message', Buffer.from('\x01boom', 'latin1'));
    up.write(Buffer.from('x'));
    ws.emit('close');
    assert.deepEqual(data, ['hello']);
    assert.deepEqual(errors, ['boom']);
    assert.deepEqual(sent.map((b) => b.toString('hex')), ['0078']);
  });
});
