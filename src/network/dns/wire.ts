/**
 * Wire-level helpers shared by the listeners and the forwarder: TCP's two-byte length framing,
 * header-only error replies for packets that do not decode, and the UDP size limit (512 bytes, or
 * the client's EDNS buffer size up to 4096).
 */
import * as dns from 'dns-packet';

export const MAX_UDP_PAYLOAD = 4096;
/** What we advertise upstream: the DNS Flag Day 2020 size that avoids IP fragmentation. */
export const EDNS_PAYLOAD = 1232;

export function frame(msg: Buffer): Buffer {
  const len = Buffer.alloc(2);
  len.writeUInt16BE(msg.length);
  return Buffer.concat([len, msg]);
}

/**
 * Splits TCP stream data into whole messages. `push` returns the complete ones; a partial
 * message waits for more data. The buffer never holds more than one maximal message.
 */
export function createFrameReader(): { push(chunk: Buffer): Buffer[] } {
  let buf: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const out: Buffer[] = [];
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        out.push(buf.subarray(2, 2 + len));
        buf = buf.subarray(2 + len);
      }
      return out;
    },
  };
}

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export type RcodeName = keyof typeof RCODE;
export const rcodeFlag = (r: RcodeName): number => RCODE[r];

/**
 * A reply carrying only the header (and the question when it decoded) for a query we cannot or will
 * not answer; undefined when the bytes are not a query at all (too short, or already a response).
 */
export function errorReply(msg: Buffer, rcode: RcodeName): Buffer | undefined {
  if (msg.length < 12) return undefined;
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000) return undefined;
  const out = Buffer.alloc(12);
  msg.copy(out, 0, 0, 2);
  // QR=1, keep opcode and RD, set RA, and the rcode.
  out.writeUInt16BE(0x8000 | (flags & 0x7900) | 0x0080 | RCODE[rcode], 2);
  return out;
}

/** The UDP payload limit a query allows its answer (RFC 6891 §6.2.5). */
export function udpLimit(query: dns.Packet): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  if (!opt || opt.type !== 'OPT') return 512;
  return Math.min(MAX_UDP_PAYLOAD, Math.max(512, opt.udpPayloadSize || 512));
}

/** Encodes a response; over UDP, one larger than `limit` loses its records and gets TC so the client retries over TCP. */
export function encodeResponse(p: dns.Packet, limit: number | undefined): Buffer {
  const full = dns.encode(p);
  if (limit === undefined || full.length <= limit) return full;
  const opt = (p.additionals ?? []).filter((a) => a.type === 'OPT');
  return dns.encode({ ...p, flags: (p.flags ?? 0) | dns.TRUNCATED_RESPONSE, answers: [], authorities: [], additionals: opt });
}
