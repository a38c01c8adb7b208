/**
 * Raw HTTPS requests to a kite server with the admin client certificate from its kubeconfig, for
 * tests that must send bodies, headers and paths no well-behaved client would send.
 */
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RawRequest {
  body?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Send the body with Transfer-Encoding: chunked (no Content-Length), in 64 KiB writes. */
  chunked?: boolean;
}

export interface RawClient {
  request(method: string, path: string, o?: RawRequest): Promise<RawResponse>;
  close(): void;
}

interface Kubeconfig {
  clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export async function rawClient(kubeconfig: string, o: { maxSockets?: number } = {}): Promise<RawClient> {
  const kc = parse(await readFile(kubeconfig, 'utf8')) as Kubeconfig;
  const base = new URL(kc.clusters[0]!.cluster.server);
  const agent = new https.Agent({
    ca: b64(kc.clusters[0]!.cluster['certificate-authority-data']),
    cert: b64(kc.users[0]!.user['client-certificate-data']),
    key: b64(kc.users[0]!.user['client-key-data']),
    keepAlive: true,
    maxSockets: o.maxSockets ?? 32,
  });
  const request = (method: string, path: string, r: RawRequest = {}) => new Promise<RawResponse>((resolve, reject) => {
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    const headers: Record<string, string> = { Accept: 'application/json', ...(r.headers ?? {}) };
    if (body && !r.chunked) headers['Content-Length'] ??= String(body.length);
    const req = https.request({ host: base.hostname, port: base.port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        if (/json/.test(String(res.headers['content-type'] ?? ''))) {
          try { json = JSON.parse(text); } catch { json = undefined; }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.setTimeout(r.timeoutMs ?? 15_000, () => req.destroy(new Error(`${method} ${path}: no response in ${r.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    if (body && r.chunked) {
      for (let i = 0; i < body.length; i += 65536) req.write(body.subarray(i, i + 65536));
      req.end();
    } else req.end(body);
  });
  return { request, close: () => agent.destroy() };
}
