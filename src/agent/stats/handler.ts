/**
 * The HTTP side of the stats provider, for the kubelet API server to mount at `/stats/summary`
 * (authentication and authorization are that server's job). GET only; 503 until the first
 * sampling round has finished, so a caller never mistakes "not measured yet" for zero usage.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Summary } from '../../api/types/stats-summary.js';

export function statsSummaryHandler(latest: () => Summary | undefined): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const send = (code: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(405, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'MethodNotAllowed', code: 405, message: `${req.method} not allowed` });
      return;
    }
    const s = latest();
    if (!s) {
      send(503, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: 'stats not collected yet' });
      return;
    }
    // `only_cpu_and_memory=true` (metrics-server's query) changes nothing: CPU and memory is all there is.
    send(200, s);
  };
}
