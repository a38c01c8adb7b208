/** SPDY/3.1 frame codec: every frame type round-trips, golden bytes, frames split across messages. */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { encodeFrame, FrameReader, SpdyProtocolError, type Frame } from '../../../../src/streaming/spdy/frames.js';
import { SPDY3_DICTIONARY } from '../../../../src/streaming/spdy/dictionary.js';

const SAMPLES: Frame[] = [
  { type: 'data', streamId: 5, fin: false, data: Buffer.from('hello') },
  { type: 'data', streamId: 0x7fffffff, fin: true, data: Buffer.alloc(0) },
  { type: 'syn_stream', streamId: 1, associatedId: 0, priority: 7, slot: 0, fin: false, unidirectional: true, block: Buffer.from([1, 2, 3]) },
  { type: 'syn_stream', streamId: 3, associatedId: 1, priority: 2, slot: 9, fin: true, unidirectional: false, block: Buffer.alloc(0) },
  { type: 'syn_reply', streamId: 1, fin: true, block: Buffer.from([9, 9]) },
  { type: 'rst_stream', streamId: 3, status: 5 },
  { type: 'settings', clear: true, entries: [{ flags: 1, id: 4, value: 100 }, { flags: 0, id: 7, value: 65536 }] },
  { type: 'settings', clear: false, entries: [] },
  { type: 'ping', id: 0xfffffffe },
  { type: 'goaway', lastGoodStreamId: 41, status: 1 },
  { type: 'headers', streamId: 7, fin: false, block: Buffer.from('x') },
  { type: 'window_update', streamId: 0, delta: 0x7fffffff },
  { type: 'unknown', controlType: 10, flags: 0, payload: Buffer.from([0, 0]) },
];

describe('SPDY frame codec', () => {
  it('round-trips every frame type', () => {
    for (const f of SAMPLES) assert.deepEqual(new FrameReader().push(encodeFrame(f)), [f], f.type);
  });

  it('writes control frames as version 3 with the type, flags and 24-bit length (golden bytes)', () => {
    // kubectl's first bytes on a port-forward tunnel are `80 03 00 01`: a version-3 SYN_STREAM.
    const syn = encodeFrame({ type: 'syn_stream', streamId: 1, associatedId: 0, priority: 0, slot: 0, fin: false, unidirectional: false, block: Buffer.from([0xaa]) });
    assert.equal(syn.toString('hex'), '80030001' + '0000000b' + '00000001' + '00000000' + '0000' + 'aa');
    assert.equal(encodeFrame({ type: 'ping', id: 1 }).toString('hex'), '80030006' + '00000004' + '00000001');
    assert.equal(encodeFrame({ type: 'rst_stream', streamId: 3, status: 5 }).toString('hex'), '800300030000000800000003' + '00000005');
    assert.equal(encodeFrame({ type: 'data', streamId: 3, fin: true, data: Buffer.from('ab') }).toString('hex'), '00000003' + '01000002' + '6162');
    assert.equal(encodeFrame({ type: 'goaway', lastGoodStreamId: 3, status: 0 }).toString('hex'), '80030007' + '00000008' + '00000003' + '00000000');
    assert.equal(encodeFrame({ type: 'window_update', streamId: 1, delta: 4096 }).toString('hex'), '80030009' + '00000008' + '00000001' + '00001000');
  });

  it('reassembles frames split across messages at every byte boundary', () => {
    const wire = Buffer.concat(SAMPLES.map(encodeFrame));
    for (const step of [1, 2, 3, 7, 8, 9, 64]) {
      const r = new FrameReader();
      const got: Frame[] = [];
      for (let off = 0; off < wire.length; off += step) got.push(...r.push(wire.subarray(off, off + step)));
      assert.deepEqual(got, SAMPLES, `step ${step}`);
      assert.equal(r.buffered, 0);
    }
  });

  it('keeps a partial frame until the rest arrives', () => {
    const wire = encodeFrame({ type: 'data', streamId: 1, fin: false, data: Buffer.from('abcdef') });
    const r = new FrameReader();
    assert.deepEqual(r.push(wire.subarray(0, 10)), []);
    assert.equal(r.buffered, 10);
    assert.equal(r.push(wire.subarray(10)).length, 1);
  });

  it('refuses another SPDY version and truncated control frames', () => {
    const v2 = Buffer.from('800200060000000400000001', 'hex');
    assert.throws(() => new FrameReader().push(v2), SpdyProtocolError);
    const shortRst = Buffer.from('80030003000000020000', 'hex');
    assert.throws(() => new FrameReader().push(shortRst), SpdyProtocolError);
  });

  it('the header dictionary is the spec\'s 1423 bytes', () => {
    assert.equal(SPDY3_DICTIONARY.length, 1423);
    assert.equal(crypto.createHash('sha256').update(SPDY3_DICTIONARY).digest('hex'), '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
  });
});
