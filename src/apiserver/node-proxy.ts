/**
 * Calls a node's kubelet API (the agent's HTTPS server on `status.daemonEndpoints.kubeletEndpoint`)
 * over mutual TLS: the cluster CA verifies the node's serving certificate and the API server presents
 * its kubelet-client certificate. A 2xx body is streamed to the client chunk by chunk; an error
 * reply becomes a Status carrying the kubelet's plain-text message, as kubectl expects.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, serviceUnavailable, StatusError } from '../api/errors.js';

export interface NodeTarget { host: string; port: number }

export interface NodeProxy {
  /** The cluster CA and the kubelet-client cert, for callers that dial the node themselves (exec). */
  readonly tls: { ca: string; cert: string; key: string };
  /** GETs `path` from the node and streams it into `res`; resolves when the body ended or `signal` aborted. */
  streamGet(target: NodeTarget, path: string, res: ServerResponse, signal: AbortSignal): Promise<void>;
}

/** `tls.ca` is the cluster CA; `cert`/`key` a client cert the kubelet API accepts (CN kube-apiserver-kubelet-client). */
export function createNodeProxy(o: { tls: { ca: string; cert: string; key: string }; timeoutMs?: number }): NodeProxy {
  return {
    tls: o.tls,
    async streamGet(target, path, res, signal) {
      const up = await request(o, target, path, signal);
      const code = up.statusCode ?? 500;
      if (code < 200 || code > 299) throw toError(code, await readCapped(up, 64 * 1024));
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
      res.flushHeaders();
      await pump(up, res, signal);
    },
  } satisfies NodeProxy;
}

function request(o: { tls: { ca: string; cert: string; key: string }; timeoutMs?: number }, t: NodeTarget, path: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: t.host, port: t.port, path, method: 'GET', ca: o.tls.ca, cert: o.tls.cert, key: o.tls.key, signal,
      headers: { Accept: 'text/plain' }, agent: false,
    }, resolve);
    // Only the wait for headers is bounded: a followed log may stay silent for hours.
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error('timed out waiting for the kubelet')));
    req.once('response', () => req.setTimeout(0));
    req.on('error', (e) => reject(signal.aborted ? e : serviceUnavailable(`error dialing backend: ${e.message}`)));
    req.end();
  });
}

/** Copies the upstream body, one write per chunk (Node flushes each on a chunked response). */
async function pump(up: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const stop = () => up.destroy();
  signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const chunk of up) {
      if (res.destroyed) break;
      if (!res.write(chunk as Buffer)) await new Promise((r) => { res.once('drain', r); res.once('close', r); });
    }
  } catch (e) {
    // The client leaving or the server stopping ends the copy; anything else cuts the reply short.
    if (!signal.aborted) res.destroy(e as Error);
    return;
  } finally {
    signal.removeEventListener('abort', stop);
    up.destroy();
  }
  if (!res.destroyed) res.end();
}

async function readCapped(up: IncomingMessage, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of up) {
    if (n < max) parts.push(c as Buffer);
    n += (c as Buffer).length;
  }
  return Buffer.concat(parts).toString('utf8').slice(0, max).trim();
}

function toError(code: number, text: string): StatusError {
  if (code === 400) return badRequest(text);
  if (code === 404) return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: text, reason: 'NotFound', code: 404 });
  if (code === 401 || code === 403) return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `the kubelet refused the API server: ${text}`, reason: 'InternalError', code: 500 });
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: text || `the kubelet answered ${code}`, reason: 'InternalError', code: 500 });
}
