/** Opaque continue tokens: the list revision and the last key returned, base64-encoded JSON. */
import { badRequest } from '../../api/errors.js';

export interface ContinueToken { rev: number; after: string }

export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 1, rv: t.rev, start: t.after })).toString('base64url');
}

export function decodeContinue(s: string): ContinueToken {
  try {
    const j = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { v?: number; rv?: number; start?: string };
    if (j.v !== 1 || typeof j.rv !== 'number' || typeof j.start !== 'string') throw new Error('shape');
    return { rev: j.rv, after: j.start };
  } catch {
    throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
}
