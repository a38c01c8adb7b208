/**
 * SPDY/3 name/value header blocks (section 2.6.10): a 32-bit pair count, then per pair a 32-bit
 * length + name and a 32-bit length + value (several values of one name are joined by NUL). Names
 * are lowercase on the wire. The whole block is zlib-compressed with the SPDY dictionary, and the
 * spec requires ONE compression context per direction for the whole session: each block is a
 * sync-flushed continuation of the same zlib stream, so block N only inflates after blocks 1..N-1.
 *
 * Node's zlib offers persistent contexts only as async streams, so `HeaderCodec` serializes its
 * calls: callers await each block in frame order (the session does this with promise chains).
 */
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError } from './frames.js';

/** Header names (lowercase) → values; a multi-valued header keeps its NUL-joined form. */
export type SpdyHeaders = Record<string, string>;

/** The largest header block accepted after inflating (guards against zlib bombs). */
const MAX_BLOCK = 256 * 1024;

export function serializeHeaders(h: SpdyHeaders): Buffer {
  const entries = Object.entries(h);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function parseHeaders(b: Buffer): SpdyHeaders {
  const out: SpdyHeaders = {};
  let off = 0;
  const take = (): Buffer => {
    if (b.length - off < 4) throw new SpdyProtocolError('truncated header block');
    const len = b.readUInt32BE(off);
    off += 4;
    if (b.length - off < len) throw new SpdyProtocolError('truncated header block');
    const s = b.subarray(off, off + len);
    off += len;
    return s;
  };
  if (b.length < 4) throw new SpdyProtocolError('truncated header block');
  const count = b.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const name = take().toString('utf8');
    const value = take().toString('utf8');
    if (!name) throw new SpdyProtocolError('empty header name');
    out[name.toLowerCase()] = value;
  }
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** One direction's zlib stream, fed one block at a time; each call resolves with that block's output. */
class ZlibContext {
  private readonly out: Buffer[] = [];
  private outSize = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;
  /** Rejects the block in flight: after an error zlib never calls the flush callback. */
  private abort: ((e: Error) => void) | undefined;

  constructor(private readonly z: zlib.Deflate | zlib.Inflate, private readonly limit: number) {
    z.on('data', (c: Buffer) => { this.out.push(c); this.outSize += c.length; });
    z.on('error', (e: Error) => {
      this.failure = new SpdyProtocolError(`header block does not inflate: ${e.message}`);
      this.abort?.(this.failure);
    });
  }

  run(input: Buffer): Promise<Buffer> {
    const p = this.tail.then(() => new Promise<Buffer>((resolve, reject) => {
      if (this.failure) { reject(this.failure); return; }
      this.abort = reject;
      this.z.write(input);
      this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.abort = undefined;
        const b = Buffer.concat(this.out, this.outSize);
        this.out.length = 0;
        this.outSize = 0;
        if (this.failure) reject(this.failure);
        else if (b.length > this.limit) reject(new SpdyProtocolError(`header block of ${b.length} bytes is too large`));
        else resolve(b);
      });
    }));
    this.tail = p.catch(() => undefined);
    return p;
  }

  close(): void { this.z.close(); }
}

/** The session's two header contexts: `encode` for blocks we send, `decode` for blocks we receive. */
export class HeaderCodec {
  private readonly deflate = new ZlibContext(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY }), Infinity);
  private readonly inflate = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }), MAX_BLOCK);

  /** Compresses a block; call in the order the frames go on the wire. */
  encode(h: SpdyHeaders): Promise<Buffer> { return this.deflate.run(serializeHeaders(h)); }

  /** Inflates a received block; call in the order the frames arrived. */
  async decode(block: Buffer): Promise<SpdyHeaders> {
    // No bytes at all is no headers, and leaves the context untouched.
    if (block.length === 0) return {};
    return parseHeaders(await this.inflate.run(block));
  }

  close(): void {
    this.deflate.close();
    this.inflate.close();
  }
}
