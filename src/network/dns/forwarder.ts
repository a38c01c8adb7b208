/**
 * Forwards questions outside the cluster to the upstream resolvers (CoreDNS's `forward` plugin,
 * simplified): UDP first, TCP when the answer is truncated; a timeout, SERVFAIL, REFUSED or garbage
 * moves on to the next upstream; the one that last answered is tried first next time. Each query uses
 * a fresh socket and a random ID, and an answer must come from the upstream's address and echo the
 * ID and question, so spoofed packets are ignored.
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dns from 'dns-packet';
import type { Logger } from 'pino';
import type { Rcode, Resolution } from './cluster-answer.js';
import type { Upstream } from './upstreams.js';
import { createFrameReader, EDNS_PAYLOAD, frame } from './wire.js';

export interface Forwarder {
  /** The upstream answer; SERVFAIL (never a throw) when every upstream failed. `bytes` is its wire size. */
  resolve(q: dns.Question): Promise<{ r: Resolution; bytes: number }>;
}

const RCODES: Rcode[] = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
const rcodeOf = (p: dns.DecodedPacket): Rcode => RCODES[(p.flags ?? 0) & 0xf] ?? 'SERVFAIL';
/** Answers that say "this server could not help": ask the next one. */
const RETRY_ON = new Set<Rcode>(['SERVFAIL', 'REFUSED', 'NOTIMP', 'FORMERR']);

export const servfail = (): Resolution => ({ rcode: 'SERVFAIL', authoritative: false, answers: [], authorities: [], additionals: [] });

interface Reply { p: dns.DecodedPacket; bytes: number }

function matches(p: dns.DecodedPacket, id: number, q: dns.Question): boolean {
  const pq = p.questions?.[0];
  return p.type === 'response' && p.id === id && !!pq && pq.type === q.type && pq.name.toLowerCase() === q.name.toLowerCase();
}

/** Settles once: clears the timer and the abort listener, then closes the socket. */
function settle<T>(o: { timeoutMs: number; signal?: AbortSignal; close: () => void; resolve: (v: T) => void; reject: (e: Error) => void }) {
  let settled = false;
  const finish = (err: Error | undefined, v?: T) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    o.close();
    if (err) o.reject(err); else o.resolve(v!);
  };
  const onAbort = () => finish(new Error('cluster DNS stopping'));
  const timer = setTimeout(() => finish(new Error(`timeout after ${o.timeoutMs} ms`)), o.timeoutMs);
  if (o.signal?.aborted) queueMicrotask(onAbort); else o.signal?.addEventListener('abort', onAbort, { once: true });
  return finish;
}

function udpExchange(u: Upstream, msg: Buffer, id: number, q: dns.Question, timeoutMs: number, signal?: AbortSignal): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(u.family === 6 ? 'udp6' : 'udp4');
    const finish = settle<Reply>({ timeoutMs, signal, close: () => sock.close(), resolve, reject });
    sock.on('error', (err) => finish(err));
    sock.on('message', (data, rinfo) => {
      if (rinfo.address !== u.address || rinfo.port !== u.port) return;
      let p: dns.DecodedPacket;
      try { p = dns.decode(data); } catch { return; }
      if (matches(p, id, q)) finish(undefined, { p, bytes: data.length });
    });
    sock.send(msg, u.port, u.address, (err) => { if (err) finish(err); });
  });
}

function tcpExchange(u: Upstream, msg: Buffer, id: number, q: dns.Question, timeoutMs: number, signal?: AbortSignal): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: u.address, port: u.port });
    const reader = createFrameReader();
    const finish = settle<Reply>({ timeoutMs, signal, close: () => sock.destroy(), resolve, reject });
    sock.on('error', (err) => finish(err));
    sock.on('close', () => finish(new Error('connection closed before an answer')));
    sock.on('connect', () => sock.write(frame(msg)));
    sock.on('data', (chunk) => {
      for (const m of reader.push(chunk)) {
        let p: dns.DecodedPacket;
        try { p = dns.decode(m); } catch (err) { finish(err as Error); return; }
        if (matches(p, id, q)) { finish(undefined, { p, bytes: m.length }); return; }
      }
    });
  });
}

export function createForwarder(o: { upstreams: Upstream[]; timeoutMs?: number; log: Logger; signal?: AbortSignal }): Forwarder {
  const timeoutMs = o.timeoutMs ?? 1500;
  let preferred = 0;

  async function ask(u: Upstream, q: dns.Question): Promise<Reply> {
    const id = randomInt(0, 0x10000);
    const msg = dns.encode({
      type: 'query', id, flags: dns.RECURSION_DESIRED, questions: [{ name: q.name, type: q.type, class: q.class ?? 'IN' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
    });
    const reply = await udpExchange(u, msg, id, q, timeoutMs, o.signal);
    return reply.p.flag_tc ? tcpExchange(u, msg, id, q, timeoutMs, o.signal) : reply;
  }

  return {
    async resolve(q) {
      const n = o.upstreams.length;
      let last: { r: Resolution; bytes: number } | undefined;
      for (let i = 0; i < n && !o.signal?.aborted; i++) {
        const idx = (preferred + i) % n;
        const u = o.upstreams[idx]!;
        try {
          const { p, bytes } = await ask(u, q);
          const r: Resolution = {
            rcode: rcodeOf(p), authoritative: false,
            answers: p.answers ?? [], authorities: p.authorities ?? [],
            additionals: (p.additionals ?? []).filter((a) => a.type !== 'OPT'),
          };
          if (RETRY_ON.has(r.rcode)) { last = { r, bytes }; continue; }
          preferred = idx;
          return { r, bytes };
        } catch (err) {
          o.log.debug({ err, upstream: `${u.address}:${u.port}`, name: q.name }, 'upstream DNS query failed');
        }
      }
      return { r: last ? { ...last.r, rcode: 'SERVFAIL' } : servfail(), bytes: 0 };
    },
  };
}
