/**
 * HTTPS to one API server over a keep-alive agent: buffered requests for ordinary verbs and a
 * raw response stream for watches. Non-2xx answers become `ApiError`s here, in one place.
 */
import https from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { ApiError, statusFromResponse } from './errors.js';

export interface TransportOptions {
  server: string;
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
  userAgent?: string;
  /** Ordinary (non-watch) requests fail after this long without progress; default 60 s. */
  timeoutMs?: number;
}

export interface SendOptions {
  body?: string;
  headers?: OutgoingHttpHeaders;
  signal?: AbortSignal;
  /** Streams (watches) are long-lived: no idle timeout. */
  stream?: boolean;
}

export interface Transport {
  /** Resolves with the response once its headers arrived; 2xx only. */
  open(method: string, path: string, o?: SendOptions): Promise<IncomingMessage>;
  /** The whole 2xx response body and its content type. */
  send(method: string, path: string, o?: SendOptions): Promise<{ body: string; contentType: string }>;
  close(): void;
}

async function readAll(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let s = '';
  for await (const chunk of res) s += chunk as string;
  return s;
}

export function createTransport(o: TransportOptions): Transport {
  const base = new URL(o.server);
  if (base.protocol !== 'https:') throw new Error(`server ${o.server}: only https is supported`);
  const agent = new https.Agent({ keepAlive: true, ca: o.ca, cert: o.cert, key: o.key });
  const prefix = base.pathname.replace(/\/$/, '');
  const timeoutMs = o.timeoutMs ?? 60_000;

  const open = (method: string, path: string, so: SendOptions = {}) => new Promise<IncomingMessage>((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { accept: 'application/json', 'user-agent': o.userAgent ?? 'kite', ...so.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (so.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(so.body);
    }
    const req = https.request({
      protocol: 'https:', hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || 443,
      path: prefix + path, method, headers, agent, signal: so.signal,
    }, (res) => {
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 300) { resolve(res); return; }
      readAll(res).then((text) => reject(new ApiError(statusFromResponse(code, text))), reject);
    });
    // a watch may sit idle for minutes between events; a reused keep-alive socket must not carry
    // over the idle timeout of an earlier ordinary request
    if (so.stream) req.setTimeout(0);
    else req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no response in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(so.body);
  });

  return {
    open,
    async send(method, path, so) {
      const res = await open(method, path, so);
      const body = await readAll(res);
      return { body, contentType: String(res.headers['content-type'] ?? '') };
    },
    close() { agent.destroy(); },
  } satisfies Transport;
}
