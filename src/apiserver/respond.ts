/** Writing JSON and Status replies. All replies are JSON, whatever the client prefers (notes §2). */
import type { ServerResponse } from 'node:http';
import { internal, isStatusError } from '../api/errors.js';
import type { Status } from '../api/types/index.js';

export function writeJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  if (res.headersSent) { res.end(); return; }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function writeText(res: ServerResponse, code: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Maps any thrown value to a Status; unknown errors become 500 without leaking stacks. */
export function toStatus(e: unknown): { status: Status; unexpected: boolean } {
  if (isStatusError(e)) return { status: e.status, unexpected: false };
  return { status: internal(e instanceof Error ? e.message : String(e)).status, unexpected: true };
}

export function writeStatus(res: ServerResponse, status: Status): void {
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(status.details.retryAfterSeconds);
  writeJson(res, status.code, status, headers);
}
