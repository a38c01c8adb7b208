/**
 * A tiny HTTPS fake of the API server on 127.0.0.1 for client and informer tests: each request
 * is recorded and answered by the test's handler. Certificates come from Kite's own PKI.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePki } from '../../../src/pki/index.js';

export interface Recorded { method: string; path: string; query: URLSearchParams; body: string; headers: IncomingMessage['headers'] }
export type Handler = (r: Recorded, res: ServerResponse) => void | Promise<void>;

export interface FakeApi {
  url: string;
  ca: string;
  requests: Recorded[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export const status = (code: number, reason: string, message: string) =>
  ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });

export async function startFakeApi(): Promise<FakeApi> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kite-fake-api-'));
  const pki = await ensurePki(dir, { hostnames: [], ips: [] });
  let handler: Handler = (_r, res) => json(res, 404, status(404, 'NotFound', 'no handler'));
  const requests: Recorded[] = [];
  const server: Server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'https://x');
      const r: Recorded = { method: req.method ?? '', path: u.pathname, query: u.searchParams, body, headers: req.headers };
      requests.push(r);
      Promise.resolve(handler(r, res)).catch((e: unknown) => { res.destroy(e as Error); });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`, ca: pki.caCert, requests,
    handle(h) { handler = h; },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
