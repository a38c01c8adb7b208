/** Failed API calls as values carrying the server's `Status`, so callers branch on reason/code, not on text. */
import type { Status } from '../api/types/index.js';

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? `request failed with ${status.code}`);
    this.name = 'ApiError';
  }
  get code(): number { return this.status.code; }
  get reason(): string { return this.status.reason ?? ''; }
}

const REASONS: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 406: 'NotAcceptable',
  409: 'Conflict', 410: 'Expired', 415: 'UnsupportedMediaType', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError',
  503: 'ServiceUnavailable', 504: 'Timeout',
};

/** The server's Status when the body is one; else a Status synthesised from the HTTP code (as client-go does). */
export function statusFromResponse(code: number, body: string): Status {
  try {
    const s = JSON.parse(body) as Partial<Status>;
    if (s && s.kind === 'Status') return { ...s, code: s.code || code } as Status;
  } catch { /* not JSON: fall through */ }
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code,
    reason: REASONS[code] ?? (code >= 500 ? 'InternalError' : 'Unknown'),
    message: body.trim() || `the server responded with HTTP ${code}`,
  };
}

const codeOf = (e: unknown) => (e instanceof ApiError ? e.code : undefined);
/** 410 Gone / Expired: the resourceVersion or continue token is too old; the caller must relist. */
export const isExpired = (e: unknown): boolean => codeOf(e) === 410 || (e instanceof ApiError && e.reason === 'Expired');
export const isNotFound = (e: unknown): boolean => codeOf(e) === 404;
export const isConflict = (e: unknown): boolean => codeOf(e) === 409;
