/** SPDY sessions: a client and a server wired back to back, with the bytes split arbitrarily. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, FrameReader, RstStatus, type Frame } from '../../../../src/streaming/spdy/frames.js';
import { SpdySession, type SpdyStream } from '../../../../src/streaming/spdy/session.js';

/** Two sessions whose bytes reach each other asynchronously, in chunks of `split` bytes. */
function pair(split: number, onStream: (s: SpdyStream) => void) {
  let server!: SpdySession;
  const deliver = (to: () => SpdySession) => (b: Buffer) => {
    for (let off = 0; off < b.length; off += split) {
      const chunk = Buffer.from(b.subarray(off, off + split));
      setImmediate(() => to().receive(chunk));
    }
  };
  const client = new SpdySession({ role: 'client', send: deliver(() => server) });
  server = new SpdySession({ role: 'server', send: deliver(() => client), onStream });
  return { client, server };
}

function collect(s: SpdyStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (d) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts).toString()));
    s.on('reset', (code) => reject(new Error(`reset ${code}`)));
  });
}

describe('SPDY session', () => {
  for (const split of [1, 5, 4096]) {
    it(`opens streams, carries data both ways and half-closes (chunks of ${split})`, async () => {
      const { client } = pair(split, (s) => {
        s.reply();
        // An echo server that upper-cases, then ends its half when the client ends.
        s.on('data', (d) => s.write(Buffer.from(d.toString().toUpperCase())));
        s.on('end', () => s.end());
      });
      const streams = await Promise.all([1, 2, 3].map((i) => client.open({ streamtype: 'data', requestid: String(i) })));
      assert.deepEqual(streams.map((s) => s.id), [1, 3, 5]);
      const results = streams.map((s) => collect(s));
      streams.forEach((s, i) => { s.write(Buffer.from(`hello ${i}`)); s.end(); });
      assert.deepEqual(await Promise.all(results), ['HELLO 0', 'HELLO 1', 'HELLO 2']);
      assert.equal(client.streamCount, 0);
    });
  }

  it('passes the headers of a peer-opened stream and splits large writes into frames', async () => {
    let seen: Record<string, string> = {};
    const big = Buffer.alloc(200_000, 7);
    const { client } = pair(65536, (s) => { seen = s.headers; s.reply(); s.end(big); });
    const s = await client.open({ StreamType: 'error', port: '80' });
    const got = await new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      s.on('data', (d) => parts.push(d));
      s.on('end', () => resolve(Buffer.concat(parts)));
    });
    assert.deepEqual(seen, { streamtype: 'error', port: '80' });
    assert.ok(got.equals(big));
  });

  it('a reset reaches the other side and rejects an open the server refuses', async () => {
    let serverSide: SpdyStream | undefined;
    const { client } = pair(7, (s) => {
      if (s.headers.refuse) { s.reset(RstStatus.REFUSED_STREAM); return; }
      serverSide = s;
      s.reply();
    });
    await assert.rejects(client.open({ refuse: 'yes' }), /refused stream 1/);
    const s = await client.open({ ok: 'yes' });
    const reset = new Promise<number>((resolve) => serverSide!.on('reset', resolve));
    s.reset();
    assert.equal(await reset, RstStatus.CANCEL);
  });

  it('echoes the peer\'s PING and refuses a stream id from the wrong side', async () => {
    const sent: Frame[] = [];
    const reader = new FrameReader();
    const server = new SpdySession({ role: 'server', send: (b) => sent.push(...reader.push(b)), onStream: (s) => s.reply() });
    server.receive(encodeFrame({ type: 'ping', id: 7 }));
    server.receive(encodeFrame({ type: 'ping', id: 8 }));
    // An even id is the server's to use: a client must not open it.
    server.receive(encodeFrame({ type: 'syn_stream', streamId: 2, associatedId: 0, priority: 0, slot: 0, fin: false, unidirectional: false, block: Buffer.alloc(0) }));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(sent, [{ type: 'ping', id: 7 }, { type: 'rst_stream', streamId: 2, status: RstStatus.PROTOCOL_ERROR }]);
  });

  it('after GOAWAY it refuses new streams and ends once the open ones finish', async () => {
    let closed = false;
    let serverStream: SpdyStream | undefined;
    let server!: SpdySession;
    const reader = new FrameReader();
    const toClient: Frame[] = [];
    const client = new SpdySession({ role: 'client', send: (b) => setImmediate(() => server.receive(b)) });
    server = new SpdySession({
      role: 'server', send: (b) => { toClient.push(...reader.push(b)); client.receive(b); },
      onStream: (s) => { serverStream = s; s.reply(); }, onClose: () => { closed = true; },
    });
    const s = await client.open({});
    server.receive(encodeFrame({ type: 'goaway', lastGoodStreamId: 0, status: 0 }));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(closed, false, 'one stream is still open');
    s.end();
    serverStream!.end();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(closed, true);
  });

  it('a protocol error ends the session with GOAWAY', async () => {
    const sent: Frame[] = [];
    const reader = new FrameReader();
    let err: Error | undefined;
    const server = new SpdySession({ role: 'server', send: (b) => sent.push(...reader.push(b)), onClose: (e) => { err = e; } });
    server.receive(Buffer.from('800200060000000400000001', 'hex'));
    assert.match(String(err), /unsupported SPDY version 2/);
    assert.equal(sent[0]?.type, 'goaway');
    assert.equal(server.closed, true);
  });
});
