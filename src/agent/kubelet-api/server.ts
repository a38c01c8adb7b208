/**
 * The agent's kubelet API: an HTTPS server on the node's kubelet port that only the API server calls
 * (mutual TLS against the cluster CA). It serves `GET /containerLogs/<ns>/<pod>/<container>` with the
 * kubelet's query options; errors are plain text with 400/404 as the kubelet sends them.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import type { LogOptions } from './cri-log.js';
import { parseRfc3339Ns } from './cri-log.js';
import { KubeletApiError, type LogLookup } from './lookup.js';
import { streamContainerLog } from './read-logs.js';
import { rejectUpgrade, type UpgradeHandler } from './exec.js';

/** The identity the API server presents (or any `system:masters` member, e.g. the admin cert). */
export const KUBELET_CLIENT_CN = 'kube-apiserver-kubelet-client';

export interface KubeletApiOptions {
  /** Serving certificate for the node's name and IPs, and the CA that signs accepted client certs. */
  tls: { cert: string; key: string; ca: string };
  /** Addresses to listen on (the node IP and 127.0.0.1); duplicates are ignored. */
  hosts: string[];
  /** 10250 upstream; 0 picks a free port (tests), the same one on every host. */
  port: number;
  lookup: LogLookup;
  /** Further handlers by exact path, e.g. `/stats/summary` (same mutual-TLS check as the logs). */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
  /** WebSocket upgrades by first path segment, e.g. `exec` and `attach` (same mutual-TLS check). */
  upgrades?: Record<string, UpgradeHandler>;
  log: Logger;
  now?: () => Date;
  /** Follow poll interval (tests shorten it). */
  pollMs?: number;
}

export interface RunningKubeletApi {
  port: number;
  /** Settles once `signal` aborted and every listener and stream has closed. */
  done: Promise<void>;
}

export async function startKubeletApi(o: KubeletApiOptions, signal: AbortSignal): Promise<RunningKubeletApi> {
  const handler = (req: IncomingMessage, res: ServerResponse) => { void handle(o, req, res, signal); };
  const servers: https.Server[] = [];
  let port = o.port;
  try {
    for (const host of [...new Set(o.hosts)]) {
      const s = https.createServer({ cert: o.tls.cert, key: o.tls.key, ca: o.tls.ca, requestCert: true, rejectUnauthorized: true }, handler);
      s.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        socket.on('error', () => socket.destroy());
        if (!allowed(req)) { rejectUpgrade(socket, 403, 'Forbidden'); return; }
        const seg = /^\/([^/?]+)\//.exec(req.url ?? '')?.[1] ?? '';
        const up = o.upgrades?.[seg];
        if (!up) { rejectUpgrade(socket, 404, '404 page not found'); return; }
        up(req, socket, head, signal);
      });
      await new Promise<void>((resolve, reject) => { s.once('error', reject); s.listen(port, host, () => resolve()); });
      servers.push(s);
      port = (s.address() as AddressInfo).port;
    }
  } catch (e) {
    for (const s of servers) s.close();
    throw e;
  }
  const done = new Promise<void>((resolve) => {
    const stop = () => {
      let open = servers.length;
      if (!open) resolve();
      for (const s of servers) {
        s.close(() => { if (--open === 0) resolve(); });
        s.closeAllConnections();
      }
    };
    if (signal.aborted) stop(); else signal.addEventListener('abort', stop, { once: true });
  });
  o.log.info({ port, hosts: o.hosts }, 'kubelet API listening');
  return { port, done };
}

async function handle(o: KubeletApiOptions, req: IncomingMessage, res: ServerResponse, serverSignal: AbortSignal): Promise<void> {
  const life = new AbortController();
  const abort = () => life.abort();
  res.once('close', abort);
  serverSignal.addEventListener('abort', abort, { once: true });
  try {
    if (!allowed(req)) throw new KubeletApiError(403, 'Forbidden');
    const url = new URL(`https://kubelet${req.url ?? '/'}`);
    const route = o.routes?.[url.pathname];
    if (route) { route(req, res); return; }
    const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!m) throw new KubeletApiError(404, '404 page not found');
    if (req.method !== 'GET') throw new KubeletApiError(400, `method ${req.method ?? ''} not allowed`);
    const [namespace, pod, container] = m.slice(1).map(decodeURIComponent) as [string, string, string];
    const opts = parseLogOptions(url.searchParams, (o.now ?? (() => new Date()))());
    const source = await o.lookup({ namespace, pod, container, previous: opts.previous }, life.signal);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'X-Content-Type-Options': 'nosniff' });
    res.flushHeaders();
    await streamContainerLog({ source, opts, signal: life.signal, pollMs: o.pollMs, write: (b) => write(res, b) });
    res.end();
  } catch (e) {
    if (res.headersSent) { res.destroy(); return; }
    const known = e instanceof KubeletApiError;
    if (!known) o.log.error({ err: e, url: req.url }, 'kubelet API request failed');
    res.writeHead(known ? e.code : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(known ? e.message : 'internal error');
  } finally {
    serverSignal.removeEventListener('abort', abort);
  }
}

/** Only the API server: a CA-signed cert (checked in the handshake) naming it or a cluster admin. */
function allowed(req: IncomingMessage): boolean {
  const sock = req.socket as TLSSocket;
  if (!sock.authorized) return false;
  const subj = sock.getPeerCertificate().subject as { CN?: string | string[]; O?: string | string[] } | undefined;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return list(subj?.CN).includes(KUBELET_CLIENT_CN) || list(subj?.O).includes('system:masters');
}

function write(res: ServerResponse, b: Buffer): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  if (res.write(b)) return Promise.resolve();
  return new Promise((r) => { res.once('drain', r); res.once('close', r); });
}

/** The kubelet's query options; a value that does not parse is a 400 naming the option. */
function parseLogOptions(q: URLSearchParams, now: Date): LogOptions {
  const bool = (k: string) => {
    const v = q.get(k);
    if (v === null || v === '' || v === 'false' || v === '0') return false;
    if (v === 'true' || v === '1') return true;
    throw new KubeletApiError(400, `${k}: invalid boolean value "${v}"`);
  };
  const int = (k: string, min: number) => {
    const v = q.get(k);
    if (v === null || v === '') return undefined;
    if (!/^-?\d+$/.test(v) || Number(v) < min) throw new KubeletApiError(400, `${k}: invalid value "${v}", must be an integer >= ${min}`);
    return Number(v);
  };
  const tailLines = int('tailLines', 0);
  const limitBytes = int('limitBytes', 1);
  const sinceSeconds = int('sinceSeconds', 1);
  const sinceTime = q.get('sinceTime');
  let sinceNs: bigint | undefined;
  if (sinceTime) {
    sinceNs = parseRfc3339Ns(sinceTime);
    if (sinceNs === undefined) throw new KubeletApiError(400, `sinceTime: invalid RFC 3339 time "${sinceTime}"`);
  }
  if (sinceSeconds !== undefined) sinceNs = BigInt(now.getTime() - sinceSeconds * 1000) * 1_000_000n;
  return { follow: bool('follow'), previous: bool('previous'), timestamps: bool('timestamps'), tailLines, limitBytes, sinceNs };
}
