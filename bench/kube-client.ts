/**
 * A minimal HTTPS client for the Kite API built from its kubeconfig: the client certificate and the
 * pinned CA, one keep-alive agent. It is deliberately thinner than @kubernetes/client-node so that the
 * numbers measure the server, not a client library's serialization and retry layers.
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface KubeResponse { status: number; body: string }

export interface KubeClient {
  /** One request with an optional JSON body; resolves with the whole response body. */
  request(method: string, path: string, o?: { body?: unknown; accept?: string; contentType?: string }): Promise<KubeResponse>;
  /** Like `request` but throws unless the status is 2xx, and parses the JSON body. */
  json<T = unknown>(method: string, path: string, o?: { body?: unknown; accept?: string; contentType?: string }): Promise<T>;
  /** Opens a long-lived GET (a watch) and resolves once the response headers arrived. */
  stream(path: string): Promise<{ res: IncomingMessage; cancel: () => void }>;
  close(): void;
}

interface Kubeconfig {
  clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
}

const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export async function connectKube(kubeconfigPath: string, maxSockets: number): Promise<KubeClient> {
  const kc = parse(await readFile(kubeconfigPath, 'utf8')) as Kubeconfig;
  const cluster = kc.clusters[0]!.cluster;
  const user = kc.users[0]!.user;
  const base = new URL(cluster.server);
  // One agent for everything: keep-alive so TLS handshakes are paid once per socket, not per op.
  const agent = new https.Agent({
    keepAlive: true, maxSockets, maxFreeSockets: maxSockets,
    ca: unb64(cluster['certificate-authority-data']),
    cert: unb64(user['client-certificate-data']),
    key: unb64(user['client-key-data']),
  });
  const opts = (method: string, path: string, headers: Record<string, string>): https.RequestOptions => ({
    method, host: base.hostname, port: base.port, path, agent, headers,
  });

  const request: KubeClient['request'] = (method, path, o = {}) => new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const headers: Record<string, string> = { Accept: o.accept ?? 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = o.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const req = https.request(opts(method, path, headers), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });

  return {
    request,
    async json<T>(method: string, path: string, o?: { body?: unknown; accept?: string; contentType?: string }) {
      const r = await request(method, path, o);
      if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: HTTP ${r.status}: ${r.body.slice(0, 300)}`);
      return JSON.parse(r.body) as T;
    },
    stream: (path) => new Promise((resolve, reject) => {
      const req = https.request(opts('GET', path, { Accept: 'application/json' }), (res) => {
        if (res.statusCode !== 200) { req.destroy(); reject(new Error(`GET ${path}: HTTP ${res.statusCode}`)); return; }
        resolve({ res, cancel: () => req.destroy() });
      });
      // After cancel() the request errors with a reset; rejecting an already-settled promise is a no-op.
      req.on('error', reject);
      req.end();
    }),
    close: () => agent.destroy(),
  };
}
