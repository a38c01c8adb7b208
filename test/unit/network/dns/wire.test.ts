import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as dns from 'dns-packet';
import { createFrameReader, encodeResponse, errorReply, frame, udpLimit } from '../../../../src/network/dns/wire.js';

describe('DNS wire helpers', () => {
  it('the TCP frame reader returns whole messages however the stream is split', () => {
    const a = Buffer.from('first message');
    const b = Buffer.from('second');
    const stream = Buffer.concat([frame(a), frame(b)]);
    const reader = createFrameReader();
    const got: string[] = [];
    for (let i = 0; i < stream.length; i += 3) for (const m of reader.push(stream.subarray(i, i + 3))) got.push(m.toString());
    assert.deepEqual(got, ['first message', 'second']);
  });

  it('an error reply keeps the ID, opcode and RD of the query and sets QR and the rcode', () => {
    const q = Buffer.alloc(12);
    q.writeUInt16BE(0xbeef, 0);
    q.writeUInt16BE(0x0100, 2);
    const r = errorReply(q, 'FORMERR')!;
    assert.equal(r.readUInt16BE(0), 0xbeef);
    assert.equal(r.readUInt16BE(2), 0x8181);
    q.writeUInt16BE(0x8100, 2);
    assert.equal(errorReply(q, 'FORMERR'), undefined, 'responses get no reply');
  });

  it('UDP answers beyond the limit lose their records and get TC; the EDNS size raises the limit up to 4096', () => {
    const answers = Array.from({ length: 40 }, (_, i) => ({ type: 'A' as const, name: 'big.test', ttl: 5, data: `192.0.2.${i}` }));
    const p: dns.Packet = { type: 'response', id: 1, questions: [{ name: 'big.test', type: 'A' }], answers };
    const small = dns.decode(encodeResponse(p, 512));
    assert.equal(small.flag_tc, true);
    assert.equal(small.answers?.length, 0);
    assert.equal(dns.decode(encodeResponse(p, 4096)).answers?.length, 40);
    assert.equal(udpLimit({}), 512);
    const opt = (size: number): dns.Packet => ({ additionals: [{ type: 'OPT', name: '.', udpPayloadSize: size, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] });
    assert.equal(udpLimit(opt(1232)), 1232);
    assert.equal(udpLimit(opt(65000)), 4096);
    assert.equal(udpLimit(opt(100)), 512);
  });
});
