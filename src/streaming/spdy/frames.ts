/**
 * SPDY/3.1 framing (SPDY draft 3.1, section 2.2): every frame has an 8-byte header. A control frame
 * starts with the C bit, version 3 and its type, a data frame with its stream id; both then carry
 * 8 bits of flags and a 24-bit length. Header blocks (SYN_STREAM, SYN_REPLY, HEADERS) are carried
 * here still compressed: `header-block.ts` owns the session's zlib contexts, which must see every
 * block in order. `FrameReader` accepts bytes in any split (WebSocket messages need not align with
 * frames) and yields whole frames.
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1, SYN_REPLY: 2, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, HEADERS: 8, WINDOW_UPDATE: 9,
} as const;

/** FLAG_FIN on DATA, SYN_STREAM, SYN_REPLY and HEADERS: the sender's last frame on this stream. */
export const FLAG_FIN = 0x01;
/** FLAG_UNIDIRECTIONAL on SYN_STREAM: the receiver must not send on this stream. */
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes (section 2.6.3). */
export const RstStatus = {
  PROTOCOL_ERROR: 1, INVALID_STREAM: 2, REFUSED_STREAM: 3, UNSUPPORTED_VERSION: 4, CANCEL: 5, INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7, STREAM_IN_USE: 8, STREAM_ALREADY_CLOSED: 9, FRAME_TOO_LARGE: 11,
} as const;

/** The largest frame payload the reader accepts (the field allows 16 MiB; nothing here needs more). */
export const MAX_FRAME_PAYLOAD = 1 << 24;

export type Frame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | { type: 'syn_stream'; streamId: number; associatedId: number; priority: number; slot: number; fin: boolean; unidirectional: boolean; block: Buffer }
  | { type: 'syn_reply'; streamId: number; fin: boolean; block: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; clear: boolean; entries: Array<{ flags: number; id: number; value: number }> }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; block: Buffer }
  | { type: 'window_update'; streamId: number; delta: number }
  /** A control frame of a type this codec does not know (the spec says: ignore it). */
  | { type: 'unknown'; controlType: number; flags: number; payload: Buffer };

/** A frame the peer sent that breaks the framing rules; the session answers with GOAWAY. */
export class SpdyProtocolError extends Error {}

const ID_MASK = 0x7fffffff;

function checkLength(n: number): void {
  if (n >= MAX_FRAME_PAYLOAD) throw new RangeError(`SPDY frame payload of ${n} bytes is over the 24-bit length`);
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  checkLength(payload.length);
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  h.writeUInt16BE(type, 2);
  h.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([h, payload]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** Encodes one frame; header-carrying frames take their already-compressed block. */
export function encodeFrame(f: Frame): Buffer {
  switch (f.type) {
    case 'data': {
      checkLength(f.data.length);
      const h = Buffer.alloc(8);
      h.writeUInt32BE(f.streamId & ID_MASK, 0);
      h.writeUInt32BE(((f.fin ? FLAG_FIN : 0) << 24 | f.data.length) >>> 0, 4);
      return Buffer.concat([h, f.data]);
    }
    case 'syn_stream': {
      const p = Buffer.alloc(10);
      p.writeUInt32BE(f.streamId & ID_MASK, 0);
      p.writeUInt32BE(f.associatedId & ID_MASK, 4);
      p[8] = (f.priority & 0x7) << 5;
      p[9] = f.slot & 0xff;
      return controlFrame(FrameType.SYN_STREAM, (f.fin ? FLAG_FIN : 0) | (f.unidirectional ? FLAG_UNIDIRECTIONAL : 0), Buffer.concat([p, f.block]));
    }
    case 'syn_reply':
      return controlFrame(FrameType.SYN_REPLY, f.fin ? FLAG_FIN : 0, Buffer.concat([u32(f.streamId & ID_MASK), f.block]));
    case 'headers':
      return controlFrame(FrameType.HEADERS, f.fin ? FLAG_FIN : 0, Buffer.concat([u32(f.streamId & ID_MASK), f.block]));
    case 'rst_stream':
      return controlFrame(FrameType.RST_STREAM, 0, u32(f.streamId & ID_MASK, f.status));
    case 'settings': {
      const p = Buffer.alloc(4 + f.entries.length * 8);
      p.writeUInt32BE(f.entries.length, 0);
      f.entries.forEach((e, i) => {
        p.writeUInt32BE(((e.flags & 0xff) << 24 | (e.id & 0xffffff)) >>> 0, 4 + i * 8);
        p.writeUInt32BE(e.value >>> 0, 8 + i * 8);
      });
      return controlFrame(FrameType.SETTINGS, f.clear ? 1 : 0, p);
    }
    case 'ping':
      return controlFrame(FrameType.PING, 0, u32(f.id));
    case 'goaway':
      return controlFrame(FrameType.GOAWAY, 0, u32(f.lastGoodStreamId & ID_MASK, f.status));
    case 'window_update':
      return controlFrame(FrameType.WINDOW_UPDATE, 0, u32(f.streamId & ID_MASK, f.delta & ID_MASK));
    case 'unknown':
      return controlFrame(f.controlType, f.flags, f.payload);
  }
}

/** Decodes one frame's payload; `header` is its 8-byte frame header. */
function decodeFrame(header: Buffer, p: Buffer): Frame {
  const flags = header[4]!;
  const fin = (flags & FLAG_FIN) !== 0;
  if ((header[0]! & 0x80) === 0) return { type: 'data', streamId: header.readUInt32BE(0) & ID_MASK, fin, data: p };
  const version = header.readUInt16BE(0) & 0x7fff;
  if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
  const type = header.readUInt16BE(2);
  const need = (n: number) => { if (p.length < n) throw new SpdyProtocolError(`control frame type ${type} too short (${p.length} bytes)`); };
  switch (type) {
    case FrameType.SYN_STREAM:
      need(10);
      return {
        type: 'syn_stream', streamId: p.readUInt32BE(0) & ID_MASK, associatedId: p.readUInt32BE(4) & ID_MASK,
        priority: p[8]! >> 5, slot: p[9]!, fin, unidirectional: (flags & FLAG_UNIDIRECTIONAL) !== 0, block: p.subarray(10),
      };
    case FrameType.SYN_REPLY:
      need(4);
      return { type: 'syn_reply', streamId: p.readUInt32BE(0) & ID_MASK, fin, block: p.subarray(4) };
    case FrameType.HEADERS:
      need(4);
      return { type: 'headers', streamId: p.readUInt32BE(0) & ID_MASK, fin, block: p.subarray(4) };
    case FrameType.RST_STREAM:
      need(8);
      return { type: 'rst_stream', streamId: p.readUInt32BE(0) & ID_MASK, status: p.readUInt32BE(4) };
    case FrameType.SETTINGS: {
      need(4);
      const n = p.readUInt32BE(0);
      if (p.length !== 4 + n * 8) throw new SpdyProtocolError(`SETTINGS frame length ${p.length} does not match ${n} entries`);
      const entries = Array.from({ length: n }, (_, i) => ({
        flags: p[4 + i * 8]!, id: p.readUInt32BE(4 + i * 8) & 0xffffff, value: p.readUInt32BE(8 + i * 8),
      }));
      return { type: 'settings', clear: (flags & 1) !== 0, entries };
    }
    case FrameType.PING:
      need(4);
      return { type: 'ping', id: p.readUInt32BE(0) };
    case FrameType.GOAWAY:
      need(8);
      return { type: 'goaway', lastGoodStreamId: p.readUInt32BE(0) & ID_MASK, status: p.readUInt32BE(4) };
    case FrameType.WINDOW_UPDATE:
      need(8);
      return { type: 'window_update', streamId: p.readUInt32BE(0) & ID_MASK, delta: p.readUInt32BE(4) & ID_MASK };
    default:
      return { type: 'unknown', controlType: type, flags, payload: p };
  }
}

/** Accumulates bytes and returns the whole frames they complete; a partial frame waits for more. */
export class FrameReader {
  private pending: Buffer[] = [];
  private size = 0;

  push(bytes: Buffer): Frame[] {
    if (bytes.length) { this.pending.push(bytes); this.size += bytes.length; }
    const frames: Frame[] = [];
    let buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.size);
    let off = 0;
    while (buf.length - off >= 8) {
      const len = buf.readUInt32BE(off + 4) & 0xffffff;
      if (buf.length - off < 8 + len) break;
      // Copies, so a frame's data never pins (or sees later changes to) the caller's buffer.
      frames.push(decodeFrame(buf.subarray(off, off + 8), Buffer.from(buf.subarray(off + 8, off + 8 + len))));
      off += 8 + len;
    }
    buf = buf.subarray(off);
    this.pending = buf.length ? [buf] : [];
    this.size = buf.length;
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get buffered(): number { return this.size; }
}
