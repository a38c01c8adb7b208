/** exec over SPDY at the API server: which upgrades it takes and which streams it waits for. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedStreams, wantsSpdyExec } from '../../../src/apiserver/handlers/exec-spdy.js';

describe('exec over SPDY', () => {
  it('takes SPDY upgrades offering v4 and refuses SPDY without it', () => {
    assert.equal(wantsSpdyExec({ upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v4.channel.k8s.io,v3.channel.k8s.io' }), true);
    assert.equal(wantsSpdyExec({ upgrade: 'websocket' }), false);
    assert.throws(() => wantsSpdyExec({ upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v2.channel.k8s.io' }), /no common protocol/);
  });

  it('expects the streams client-go opens: error first, no stderr but a resize stream with a TTY', () => {
    assert.deepEqual(expectedStreams(new URLSearchParams('stdin=true&stdout=true&stderr=true')), ['error', 'stdin', 'stdout', 'stderr']);
    assert.deepEqual(expectedStreams(new URLSearchParams('stdin=true&stdout=true&stderr=true&tty=true')), ['error', 'stdin', 'stdout', 'resize']);
    assert.deepEqual(expectedStreams(new URLSearchParams('stdout=1')), ['error', 'stdout']);
  });
});
