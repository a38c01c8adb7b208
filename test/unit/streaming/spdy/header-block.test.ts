/** SPDY/3 header blocks: serialization and one zlib context per direction across many frames. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameReader } from '../../../../src/streaming/spdy/frames.js';
import { HeaderCodec, parseHeaders, serializeHeaders } from '../../../../src/streaming/spdy/header-block.js';

// Two SYN_STREAMs as a peer sends them (compressed by zlib level 9 with the SPDY dictionary, one
// context, sync-flushed per block, like kubectl's error + data streams). The second block is 14
// bytes: it only inflates with the context the first one left behind.
const GOLDEN = [
  '800300010000003c0000000100000000000078f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45a024cc64610024398b209198094adc8c0600000000ffff',
  '800300010000001800000003000000000000c2aa15540a2512d209000000ffff',
];

describe('SPDY header blocks', () => {
  it('serializes pairs with 32-bit lengths and lowercase names', () => {
    assert.equal(serializeHeaders({ StreamType: 'data' }).toString('hex'), '00000001' + '0000000a' + Buffer.from('streamtype').toString('hex') + '00000004' + Buffer.from('data').toString('hex'));
    assert.deepEqual(parseHeaders(serializeHeaders({ a: '1', 'x-multi': 'v1\0v2' })), { a: '1', 'x-multi': 'v1\0v2' });
    assert.throws(() => parseHeaders(Buffer.from('0000000200000001', 'hex')), /truncated/);
  });

  it('inflates a peer\'s blocks that share one compression context (golden bytes)', async () => {
    const codec = new HeaderCodec();
    const frames = new FrameReader().push(Buffer.from(GOLDEN.join(''), 'hex'));
    const blocks = frames.map((f) => (f.type === 'syn_stream' ? f.block : Buffer.alloc(0)));
    assert.deepEqual(await codec.decode(blocks[0]!), { streamtype: 'error', port: '80', requestid: '0' });
    assert.deepEqual(await codec.decode(blocks[1]!), { streamtype: 'data', port: '80', requestid: '0' });
    codec.close();
    // A fresh context cannot read the second block alone.
    const fresh = new HeaderCodec();
    await assert.rejects(fresh.decode(blocks[1]!));
    fresh.close();
  });

  it('round-trips many blocks in order through one context each way, later blocks shrinking', async () => {
    const a = new HeaderCodec();
    const b = new HeaderCodec();
    const sizes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const h = { streamtype: i % 2 ? 'data' : 'error', port: '8080', requestid: String(i >> 1) };
      const block = await a.encode(h);
      sizes.push(block.length);
      assert.deepEqual(await b.decode(block), h);
    }
    assert.ok(sizes[19]! < sizes[0]!, `later blocks reuse the context: ${sizes.join(',')}`);
    a.close();
    b.close();
  });

  it('encodes concurrently-called blocks in call order', async () => {
    const a = new HeaderCodec();
    const b = new HeaderCodec();
    const hs = Array.from({ length: 10 }, (_, i) => ({ n: String(i) }));
    const blocks = await Promise.all(hs.map((h) => a.encode(h)));
    for (const [i, block] of blocks.entries()) assert.deepEqual(await b.decode(block), hs[i]);
    a.close();
    b.close();
  });
});
