/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), driven by the OpenAPI schema's
 * `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` instead of Go struct tags.
 * Spec: kubernetes/community sig-api-machinery/strategic-merge-patch.md.
 *
 * Maps merge recursively and `null` deletes. Where the schema says nothing (unknown field, or a
 * preserve-unknown-fields subtree) the result is the same as a JSON merge patch: maps merge, lists
 * are replaced. Directives handled on maps: `$patch: replace|merge|delete`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`; list directives live in
 * strategic-list.ts.
 */
import type { Schema, SchemaSet } from '../schema/types.js';
import { StatusError, badRequest } from '../errors.js';
import { childSchema, rootSchema } from '../schema/walk.js';
import { mergeList, reorderList, withoutDirectives } from './strategic-list.js';
import { clone, deepEqual, isObject, type JsonObject } from './value.js';

const DELETE_FROM = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

/** Returns the patched copy of `original`; throws a `StatusError` for a malformed patch. */
export function applyStrategicMergePatch(original: unknown, patch: unknown, root: Schema | string | undefined, set: SchemaSet): unknown {
  if (!isObject(patch)) throw badRequest('invalid JSON document: a strategic merge patch must be a JSON object');
  const base = isObject(original) ? clone(original) : {};
  return mergeMap(base, patch, rootSchema(root, set), set) ?? {};
}

function mergeMap(orig: JsonObject, patch: JsonObject, schema: Schema | undefined, set: SchemaSet): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return withoutDirectives(patch) as JsonObject;
  if (directive !== undefined && directive !== 'merge') {
    throw badRequest(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const out: JsonObject = { ...orig };
  applyRetainKeys(out, patch);
  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM)) continue;
    if (!Array.isArray(values)) throw badRequest('invalid patch format of primitive list');
    const field = key.slice(DELETE_FROM.length);
    const live = out[field];
    if (Array.isArray(live)) out[field] = live.filter((v) => !values.some((d) => deepEqual(d, v)));
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const merged = mergeValue(out[key], value, childSchema(schema, key, set), set, orderFor(patch, key));
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const field = key.slice(SET_ORDER.length);
    const live = out[field];
    if (!Object.hasOwn(patch, field) && Array.isArray(live)) {
      out[field] = reorderList(live, orderFor(patch, field) ?? [], childSchema(schema, field, set));
    }
  }
  return out;
}

function mergeValue(orig: unknown, value: unknown, schema: Schema | undefined, set: SchemaSet, order: unknown[] | undefined): unknown {
  if (isObject(value)) {
    if ((schema?.['x-kubernetes-patch-strategy'] ?? '').split(',').includes('replace')) return withoutDirectives(value);
    return mergeMap(isObject(orig) ? orig : {}, value, schema, set);
  }
  if (Array.isArray(value)) {
    const mergeItem = (o: JsonObject, p: JsonObject, s: Schema | undefined) => mergeMap(o, p, s, set);
    return mergeList(Array.isArray(orig) ? orig : undefined, value, schema, set, order, mergeItem);
  }
  return value;
}

function orderFor(patch: JsonObject, field: string): unknown[] | undefined {
  const order = patch[SET_ORDER + field];
  if (order === undefined) return undefined;
  if (!Array.isArray(order)) throw badRequest('invalid patch format of setElementOrder list');
  return order;
}

/** `$retainKeys`: clear every live field the patch does not list (used to switch union members). */
function applyRetainKeys(out: JsonObject, patch: JsonObject): void {
  const retain = patch.$retainKeys;
  if (retain === undefined) return;
  if (!Array.isArray(retain) || !retain.every((k) => typeof k === 'string')) throw badRequest('invalid patch format of retainKeys');
  // A field cleared with `null` may be absent from the list (kubectl sends exactly that).
  for (const [k, v] of Object.entries(patch)) {
    if (!k.startsWith('$') && v !== null && !retain.includes(k)) throw retainMismatch();
  }
  for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
}

/** Upstream answers a patch whose content contradicts its own `$retainKeys` with a generic 422. */
function retainMismatch(): StatusError {
  return new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
    details: { causes: [{ reason: 'UnexpectedServerResponse', message: "patch content doesn't match retainKeys list" }] },
  });
}
