/**
 * The list half of strategic merge patch: merging by `x-kubernetes-patch-merge-key`, unioning
 * primitive sets, the `$patch: replace|delete` list directives, and element order.
 *
 * Order follows apimachinery rather than "append new items": items named in the patch (or in
 * `$setElementOrder/<field>`) keep the patch's order, and server-only items are slotted in front of
 * the first patch item that comes after them in the live list. So a container added by
 * `kubectl patch` lands *before* the existing ones, as the upstream docs show.
 */
import type { Schema, SchemaSet } from '../schema/types.js';
import { badRequest } from '../errors.js';
import { itemSchema } from '../schema/walk.js';
import { deepEqual, isObject, type JsonObject } from './value.js';

/** Merges one list item (a map) into its live counterpart; `undefined` means "delete it". */
export type MergeItem = (orig: JsonObject, patch: JsonObject, schema: Schema | undefined) => JsonObject | undefined;

export function mergeList(
  orig: unknown[] | undefined, patch: unknown[], schema: Schema | undefined, set: SchemaSet,
  order: unknown[] | undefined, mergeItem: MergeItem,
): unknown[] {
  const replaceAt = patch.findIndex((i) => isObject(i) && i.$patch === 'replace');
  if (replaceAt >= 0) return withoutDirectives(patch.filter((_, i) => i !== replaceAt)) as unknown[];
  const strategy = (schema?.['x-kubernetes-patch-strategy'] ?? '').split(',');
  if (!strategy.includes('merge')) return withoutDirectives(patch) as unknown[];
  const base = orig ?? [];
  const mergeKey = schema?.['x-kubernetes-patch-merge-key'];
  if (!patch.some(isObject) && !base.some(isObject)) {
    const merged = base.filter((v, i) => base.findIndex((w) => deepEqual(v, w)) === i);
    for (const v of patch) if (!merged.some((w) => deepEqual(v, w))) merged.push(v);
    return normalizeOrder(merged, order ?? patch, base, primitiveKey);
  }
  // Upstream rejects a mergeable list of maps without a key; replacing keeps the request usable.
  if (!mergeKey) return withoutDirectives(patch) as unknown[];
  const keyOf = mapKey(mergeKey);
  const items = itemSchema(schema, set);
  let result = base.slice();
  for (const item of patch) {
    if (!isObject(item)) throw badRequest(`unable to merge a primitive into a list of maps keyed by ${mergeKey}`);
    if (!Object.hasOwn(item, mergeKey)) {
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    }
    const at = result.findIndex((r) => isObject(r) && deepEqual(r[mergeKey], item[mergeKey]));
    if (item.$patch === 'delete') {
      // "Delete operation will delete all entries in the list that match the merge key."
      result = result.filter((r) => !(isObject(r) && deepEqual(r[mergeKey], item[mergeKey])));
      continue;
    }
    const merged = mergeItem(at >= 0 && isObject(result[at]) ? (result[at] as JsonObject) : {}, item, items);
    if (at < 0) {
      if (merged) result.push(merged);
    } else if (merged) result[at] = merged;
    else result.splice(at, 1);
  }
  const patchOrder = patch.filter((i) => !(isObject(i) && i.$patch === 'delete'));
  return normalizeOrder(result, order ?? patchOrder, base, keyOf);
}

/** `$setElementOrder/<field>` without a patch list for that field: reorder the live list only. */
export function reorderList(list: unknown[], order: unknown[], schema: Schema | undefined): unknown[] {
  const mergeKey = schema?.['x-kubernetes-patch-merge-key'];
  return normalizeOrder(list, order, list, mergeKey && list.some(isObject) ? mapKey(mergeKey) : primitiveKey);
}

/** Deep copy without `$` directives, for values taken literally (`$patch: replace`, atomic lists). */
export function withoutDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((i) => !(isObject(i) && Object.keys(i).every((k) => k.startsWith('$')))).map(withoutDirectives);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = withoutDirectives(x);
  return out;
}

type KeyOf = (item: unknown) => string;
const primitiveKey: KeyOf = (v) => JSON.stringify(v);
const mapKey = (mergeKey: string): KeyOf => (v) => JSON.stringify(isObject(v) ? v[mergeKey] : v);

/**
 * Items named in `order` come in that order; the others keep their live order and are placed before
 * the first ordered item that follows them in the live list (both must be in the live list to compare).
 */
function normalizeOrder(merged: unknown[], order: unknown[], live: unknown[], keyOf: KeyOf): unknown[] {
  const orderPos = firstPositions(order, keyOf);
  const livePos = firstPositions(live, keyOf);
  const pos = (m: Map<string, number>, v: unknown) => m.get(keyOf(v)) ?? Number.POSITIVE_INFINITY;
  const ordered = merged.filter((v) => orderPos.has(keyOf(v))).sort((a, b) => pos(orderPos, a) - pos(orderPos, b));
  const serverOnly = merged.filter((v) => !orderPos.has(keyOf(v))).sort((a, b) => pos(livePos, a) - pos(livePos, b));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < ordered.length) {
    const takeServer = j >= ordered.length
      || (i < serverOnly.length && livePos.has(keyOf(serverOnly[i])) && livePos.has(keyOf(ordered[j]))
        && pos(livePos, serverOnly[i]) < pos(livePos, ordered[j]));
    out.push(takeServer ? serverOnly[i++] : ordered[j++]);
  }
  return out;
}

function firstPositions(list: unknown[], keyOf: KeyOf): Map<string, number> {
  const m = new Map<string, number>();
  list.forEach((v, i) => { if (!m.has(keyOf(v))) m.set(keyOf(v), i); });
  return m;
}
