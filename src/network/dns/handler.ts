/**
 * Bytes in, bytes out: decodes a query, resolves its one question and encodes the answer. Anything
 * malformed gets FORMERR (or is dropped when it is not even a query header), other opcodes NOTIMP,
 * other classes than IN REFUSED; nothing a client sends can throw out of here. UDP answers larger than
 * the client's limit are truncated with TC set.
 */
import * as dns from 'dns-packet';
import type { Resolution } from './cluster-answer.js';
import { EDNS_PAYLOAD, encodeResponse, errorReply, rcodeFlag, udpLimit } from './wire.js';

export type QueryHandler = (msg: Buffer, transport: 'udp' | 'tcp') => Promise<Buffer | undefined>;

export function createQueryHandler(o: { resolve: (q: dns.Question) => Promise<Resolution>; ready?: Promise<void> }): QueryHandler {
  return async (msg, transport) => {
    let query: dns.DecodedPacket;
    try { query = dns.decode(msg); } catch { return errorReply(msg, 'FORMERR'); }
    if (query.type !== 'query') return undefined;
    const opcode = (msg.readUInt16BE(2) >> 11) & 0xf;
    if (opcode !== 0) return errorReply(msg, 'NOTIMP');
    const q = query.questions?.[0];
    if (query.questions?.length !== 1 || !q) return errorReply(msg, 'FORMERR');
    if ((q.class ?? 'IN') !== 'IN') return errorReply(msg, 'REFUSED');

    await o.ready;
    let r: Resolution;
    try { r = await o.resolve(q); } catch { r = { rcode: 'SERVFAIL', authoritative: false, answers: [], authorities: [], additionals: [] }; }

    const opt = query.additionals?.some((a) => a.type === 'OPT');
    const flags = (query.flags ?? 0) & dns.RECURSION_DESIRED | dns.RECURSION_AVAILABLE
      | (r.authoritative ? dns.AUTHORITATIVE_ANSWER : 0) | rcodeFlag(r.rcode);
    const answer: dns.Packet = {
      type: 'response', id: query.id, flags, questions: [q],
      answers: r.answers, authorities: r.authorities,
      additionals: [...r.additionals, ...(opt ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] } as dns.Answer] : [])],
    };
    try {
      return encodeResponse(answer, transport === 'udp' ? udpLimit(query) : undefined);
    } catch {
      return errorReply(msg, 'SERVFAIL');
    }
  };
}
