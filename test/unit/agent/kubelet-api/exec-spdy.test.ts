/**
 * exec over SPDY to a stand-in streaming server: a local HTTP server that answers the SPDY upgrade
 * (as containerd's does) and plays the runtime's side of remotecommand v4 with a SpdySession.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bridgeExecSpdy, openExecStreams } from '../../../../src/agent/kubelet-api/exec-spdy.js';
import { dialSpdy } from '../../../../src/agent/kubelet-api/spdy-dial.js';
import { SpdySession, type SpdyStream } from '../../../../src/streaming/spdy/index.js';

/** The runtime's view of one session: its streams by type, in the order they were opened. */
interface RuntimeSession { streams: Map<string, SpdyStream>; order: string[]; socket: Socket }

function fakeDown() {
  const ws = new EventEmitter() as EventEmitter & { sent: Buffer[]; closed: boolean; send: (d: Buffer) => void; close: () => void };
  Object.assign(ws, {
    sent: [], closed: false,
    send: (d: Buffer) => ws.sent.push(d),
    close: () => { if (ws.closed) return; ws.closed = true; ws.emit('close'); },
  });
  return ws;
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('exec over SPDY', () => {
  let server: http.Server;
  let url: string;
  const sessions: RuntimeSession[] = [];

  before(async () => {
    server = http.createServer((_req, res) => { res.writeHead(400).end('upgrade required'); });
    server.on('upgrade', (req, socket: Socket) => {
      const offered = String(req.headers['x-stream-protocol-version'] ?? '');
      if (req.headers.upgrade !== 'SPDY/3.1' || !offered.includes('v4.channel.k8s.io')) { socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'); return; }
      socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n');
      const rs: RuntimeSession = { streams: new Map(), order: [], socket };
      sessions.push(rs);
      const session = new SpdySession({
        role: 'server', send: (b) => socket.write(b),
        onStream: (s) => { rs.streams.set(s.headers.streamtype!, s); rs.order.push(s.headers.streamtype!); s.reply(); },
      });
      socket.on('data', (b: Buffer) => session.receive(b));
      socket.on('end', () => socket.end());
      socket.on('close', () => session.destroy());
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/exec/token`;
  });
  after(() => {
    for (const s of sessions) s.socket.destroy();
    server.closeAllConnections();
    server.close();
  });

  it('opens the streams client-go opens, in its order (no stderr with a TTY)', async () => {
    const conn = await dialSpdy(url, ['v4.channel.k8s.io']);
    assert.equal(conn.protocol, 'v4.channel.k8s.io');
    await openExecStreams(conn, { stdin: true, stdout: true, stderr: true, tty: false });
    await openExecStreams(conn, { stdin: true, stdout: true, stderr: true, tty: true });
    await tick();
    assert.deepEqual(sessions.at(-1)!.order, ['error', 'stdin', 'stdout', 'stderr', 'error', 'stdin', 'stdout', 'resize']);
    conn.close();
  });

  it('carries stdin, its end, resizes and output; sends the status after the output, then closes', async () => {
    const conn = await dialSpdy(url, ['v4.channel.k8s.io']);
    const streams = await openExecStreams(conn, { stdin: true, stdout: true, stderr: false, tty: true });
    await tick();
    const rs = sessions.at(-1)!;
    const down = fakeDown();
    const done = bridgeExecSpdy(down, conn, streams, { downV5: true });
    const stdin: Buffer[] = [];
    let stdinEnded = false;
    const resizes: string[] = [];
    rs.streams.get('stdin')!.on('data', (d) => stdin.push(d)).on('end', () => { stdinEnded = true; });
    rs.streams.get('resize')!.on('data', (d) => resizes.push(d.toString()));
    down.emit('message', Buffer.from('\x00hello', 'latin1'));
    down.emit('message', Buffer.from('\x04{"Width":120,"Height":40}', 'latin1'));
    down.emit('message', Buffer.from([0xff, 0]));
    await tick();
    assert.equal(Buffer.concat(stdin).toString(), 'hello');
    assert.equal(stdinEnded, true, 'ff 00 ends the runtime\'s stdin stream');
    assert.deepEqual(resizes, ['{"Width":120,"Height":40}']);
    assert.equal(down.closed, false, 'the session outlives stdin');

    const status = '{"metadata":{},"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"4"}]}}';
    rs.streams.get('error')!.end(Buffer.from(status));
    rs.streams.get('stdout')!.write(Buffer.from('after-eof\n'));
    await tick();
    assert.equal(down.closed, false, 'the status waits for stdout to end');
    rs.streams.get('stdout')!.end();
    await done;
    assert.deepEqual(down.sent.map((b) => [b[0], b.subarray(1).toString()]), [[1, 'after-eof\n'], [3, status]]);
  });

  it('a runtime connection that dies without a status is reported as a failure', async () => {
    const conn = await dialSpdy(url, ['v4.channel.k8s.io']);
    const streams = await openExecStreams(conn, { stdin: false, stdout: true, stderr: true, tty: false });
    await tick();
    const down = fakeDown();
    const done = bridgeExecSpdy(down, conn, streams, { downV5: true });
    sessions.at(-1)!.socket.destroy();
    await done;
    const last = down.sent.at(-1)!;
    assert.equal(last[0], 3);
    assert.match(last.subarray(1).toString(), /"status":"Failure".*without a status/);
  });

  it('a server that refuses the upgrade is an error naming its reply', async () => {
    await assert.rejects(dialSpdy(url, ['v5.channel.k8s.io']), /answered 400|400/);
  });
});
