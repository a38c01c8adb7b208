/** The agent's exec bridge: frames pass through, `ff 00` ends the runtime's socket once output is quiet. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bridgeExec, type FrameSocket } from '../../../../src/agent/kubelet-api/exec-bridge.js';

class FakeSocket extends EventEmitter implements FrameSocket {
  sent: Buffer[] = [];
  closed: number | undefined;
  send(d: Buffer): void { this.sent.push(d); }
  close(code?: number): void {
    if (this.closed !== undefined) return;
    this.closed = code ?? 1005;
    queueMicrotask(() => this.emit('close'));
  }
}
const f = (ch: number, s = '') => Buffer.concat([Buffer.from([ch]), Buffer.from(s)]);

describe('bridgeExec', () => {
  it('copies stdin/resize up and output/status down, dropping empty channel-open frames', async () => {
    const down = new FakeSocket();
    const up = new FakeSocket();
    const done = bridgeExec(down, up, { downV5: true });
    down.emit('message', f(0, 'in'));
    down.emit('message', f(4, '{"Width":80,"Height":24}'));
    up.emit('message', f(1));
    up.emit('message', f(1, 'out'));
    up.emit('message', f(3, '{"status":"Success"}'));
    assert.deepEqual(up.sent.map((b) => b.toString('latin1')), ['\0in', '\x04{"Width":80,"Height":24}']);
    assert.deepEqual(down.sent.map((b) => b.toString('latin1')), ['\x01out', '\x03{"status":"Success"}']);
    up.close(1000);
    await done;
    assert.equal(down.closed, 1000);
  });

  it('after `ff 00` stops stdin and closes the runtime socket once output is quiet', async () => {
    const down = new FakeSocket();
    const up = new FakeSocket();
    const done = bridgeExec(down, up, { downV5: true, quietMs: 30 });
    down.emit('message', f(0, 'x'));
    down.emit('message', Buffer.from([255, 0]));
    down.emit('message', f(0, 'late'));
    up.emit('message', f(1, 'x'));
    await sleep(10);
    assert.equal(up.closed, undefined, 'output resets the quiet timer');
    await done;
    assert.equal(up.closed, 1000);
    assert.equal(down.closed, 1000);
    assert.deepEqual(up.sent.map((b) => b.toString('latin1')), ['\0x']);
  });

  it('ignores channel 255 on a v4 client, and the client leaving closes the runtime side', async () => {
    const down = new FakeSocket();
    const up = new FakeSocket();
    const done = bridgeExec(down, up, { downV5: false, quietMs: 5 });
    down.emit('message', Buffer.from([255, 0]));
    await sleep(20);
    assert.equal(up.closed, undefined);
    down.close(1000);
    await done;
    assert.equal(up.closed, 1000);
  });

  it('the abort signal ends both sides', async () => {
    const down = new FakeSocket();
    const up = new FakeSocket();
    const ac = new AbortController();
    const done = bridgeExec(down, up, { downV5: true, signal: ac.signal });
    ac.abort();
    await done;
    assert.equal(up.closed, 1000);
    assert.equal(down.closed, 1000);
  });
});
