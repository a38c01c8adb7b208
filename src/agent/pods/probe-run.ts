/**
 * One probe attempt (upstream `prober.runProbe`): exec through CRI ExecSync (exit 0 passes),
 * httpGet (a status in 200–399 passes; redirects are not followed), tcpSocket (a connection passes),
 * each bounded by `timeoutSeconds`. The target host is the probe's `host`, else the pod IP — which
 * for pods on the node's network is 127.0.0.1, so probes never leave the machine.
 */
import { request } from 'node:http';
import { request as requestTls } from 'node:https';
import { connect } from 'node:net';
import type { Container } from '../../api/registry/core-types.js';
import type { RuntimeService } from '../cri/index.js';

export interface ProbeSpec {
  exec?: { command?: string[] };
  httpGet?: { port: number | string; path?: string; host?: string; scheme?: string; httpHeaders?: Array<{ name: string; value: string }> };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number };
  initialDelaySeconds?: number; timeoutSeconds?: number; periodSeconds?: number; successThreshold?: number; failureThreshold?: number;
}

export interface ProbeTarget { containerId: string; container: Container; host: string }
export interface ProbeOutcome { ok: boolean; output: string }

function resolvePort(port: number | string, c: Container): number {
  if (typeof port === 'number') return port;
  const named = c.ports?.find((p) => p.name === port)?.containerPort;
  const n = named ?? Number(port);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`port ${port} not found in container ${c.name}`);
  return n;
}

function httpProbe(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const req = (url.protocol === 'https:' ? requestTls : request)(url, {
      method: 'GET', headers: { 'user-agent': 'kube-probe/1.32', accept: '*/*', ...headers }, timeout: timeoutMs, rejectUnauthorized: false,
    }, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      resolve({ ok: code >= 200 && code < 400, output: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => req.destroy(new Error(`Get "${url.href}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    req.on('error', (e) => resolve({ ok: false, output: e.message }));
    req.end();
  });
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutMs });
    s.once('connect', () => { s.destroy(); resolve({ ok: true, output: '' }); });
    s.once('timeout', () => { s.destroy(); resolve({ ok: false, output: `dial tcp ${host}:${port}: i/o timeout` }); });
    s.once('error', (e) => resolve({ ok: false, output: `dial tcp ${host}:${port}: ${e.message}` }));
  });
}

export async function runProbe(cri: Pick<RuntimeService, 'execSync'>, p: ProbeSpec, t: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutS = p.timeoutSeconds ?? 1;
  try {
    if (p.exec) {
      const r = await cri.execSync(t.containerId, p.exec.command ?? [], timeoutS);
      const out = Buffer.concat([r.stdout, r.stderr]).toString('utf8').trim();
      return { ok: r.exitCode === 0, output: out || `command ${JSON.stringify(p.exec.command ?? [])} exited with ${r.exitCode}` };
    }
    if (p.httpGet) {
      const h = p.httpGet;
      const host = h.host || t.host;
      const url = new URL(`${(h.scheme ?? 'HTTP').toLowerCase()}://${host.includes(':') ? `[${host}]` : host}:${resolvePort(h.port, t.container)}`);
      const path = h.path ?? '/';
      url.pathname = path.split('?')[0]!;
      if (path.includes('?')) url.search = path.slice(path.indexOf('?'));
      const headers = Object.fromEntries((h.httpHeaders ?? []).map((x) => [x.name.toLowerCase(), x.value]));
      return await httpProbe(url, headers, timeoutS * 1000);
    }
    if (p.tcpSocket) return await tcpProbe(p.tcpSocket.host || t.host, resolvePort(p.tcpSocket.port, t.container), timeoutS * 1000);
    return { ok: false, output: 'probe type not supported (grpc probes are not implemented yet)' };
  } catch (e) {
    return { ok: false, output: e instanceof Error ? e.message : String(e) };
  }
}
