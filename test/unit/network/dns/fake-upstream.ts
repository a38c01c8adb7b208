/**
 * An upstream DNS server for tests: UDP and TCP on 127.0.0.1 (same port), answering with a
 * function of the question. `reply` may return 'drop' (never answer: a timeout), a rcode, or records.
 */
import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import * as dns from 'dns-packet';

export type FakeReply = 'drop' | { rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'; answers?: dns.Answer[]; authorities?: dns.Answer[]; tcOverUdp?: boolean };

export interface FakeUpstream {
  port: number;
  address: string;
  /** Questions seen, as `name type transport`. */
  seen: string[];
  close(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function answer(q: dns.DecodedPacket, r: Exclude<FakeReply, 'drop'>, truncate: boolean): Buffer {
  return dns.encode({
    type: 'response', id: q.id, flags: dns.RECURSION_AVAILABLE | (truncate ? dns.TRUNCATED_RESPONSE : 0) | RCODE[r.rcode ?? 'NOERROR'],
    questions: q.questions, answers: truncate ? [] : r.answers ?? [], authorities: truncate ? [] : r.authorities ?? [],
  });
}

export async function startFakeUpstream(reply: (q: dns.Question, transport: 'udp' | 'tcp') => FakeReply): Promise<FakeUpstream> {
  // The UDP port is free but its TCP twin may be taken by another process: try a few ports.
  for (let attempt = 0; ; attempt++) {
    try { return await startOnce(reply); } catch (err) { if (attempt >= 5) throw err; }
  }
}

async function startOnce(reply: (q: dns.Question, transport: 'udp' | 'tcp') => FakeReply): Promise<FakeUpstream> {
  const seen: string[] = [];
  const handle = (msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined => {
    const q = dns.decode(msg);
    const question = q.questions![0]!;
    seen.push(`${question.name} ${question.type} ${transport}`);
    const r = reply(question, transport);
    if (r === 'drop') return undefined;
    return answer(q, r, transport === 'udp' && r.tcOverUdp === true);
  };
  const udp = createSocket('udp4');
  await new Promise<void>((res) => udp.bind(0, '127.0.0.1', () => res()));
  const port = udp.address().port;
  udp.on('message', (msg, rinfo) => {
    const out = handle(msg, 'udp');
    if (out) udp.send(out, rinfo.port, rinfo.address);
  });
  const conns = new Set<Socket>();
  const tcp = createServer((c) => {
    conns.add(c);
    c.on('close', () => conns.delete(c));
    c.on('error', () => c.destroy());
    let buf = Buffer.alloc(0);
    c.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        const out = handle(msg, 'tcp');
        if (out) { const len = Buffer.alloc(2); len.writeUInt16BE(out.length); c.write(Buffer.concat([len, out])); }
      }
    });
  });
  try {
    await new Promise<void>((res, rej) => { tcp.once('error', rej); tcp.listen(port, '127.0.0.1', () => res()); });
  } catch (err) {
    udp.close();
    throw err;
  }
  return {
    port, address: '127.0.0.1', seen,
    close: async () => {
      for (const c of conns) c.destroy();
      await Promise.all([new Promise<void>((r) => udp.close(() => r())), new Promise<void>((r) => tcp.close(() => r()))]);
    },
  };
}

/** Sends one raw query over UDP and returns the decoded answer (or undefined after `timeoutMs`). */
export async function udpQuery(port: number, q: dns.Packet | Buffer, address = '127.0.0.1', timeoutMs = 2000): Promise<dns.DecodedPacket | undefined> {
  const sock = createSocket('udp4');
  const msg = Buffer.isBuffer(q) ? q : dns.encode({ type: 'query', id: 4242, flags: dns.RECURSION_DESIRED, ...q });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      sock.on('message', (m) => { clearTimeout(timer); try { resolve(dns.decode(m)); } catch (e) { reject(e); } });
      sock.send(msg, port, address);
    });
  } finally {
    sock.close();
  }
}

export const rcodeOf = (p: dns.DecodedPacket): string => (p as unknown as { rcode: string }).rcode;
