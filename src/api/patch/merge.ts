/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge recursively, `null`
 * deletes, anything else (lists included) replaces. Used by `kubectl label/annotate/scale`, by
 * `patch --type=merge`, and by strategic merge wherever the schema is unknown.
 */
import { clone, isObject } from './value.js';

/** Returns a new document; neither argument is modified or aliased. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(clone(target), patch);
}

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isObject(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeInto(out[k], v);
  }
  return out;
}
