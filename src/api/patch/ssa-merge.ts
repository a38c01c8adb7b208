/**
 * How server-side apply combines a manager's applied configuration with the live object, and how
 * it removes fields a manager stopped applying. Unlike strategic merge there are no directives: the
 * applied object is the manager's whole intent, lists merge by `x-kubernetes-list-map-keys`, sets
 * union, and everything else (atomic lists, scalars) is taken from the applied object.
 */
import type { Schema, SchemaSet } from '../schema/types.js';
import { childSchema, itemSchema, listSemantics, resolveSchema } from '../schema/walk.js';
import { itemElement, type Path } from './fieldset.js';
import { clone, deepEqual, isObject } from './value.js';

/** Live items keep their place; applied items not yet live are appended in applied order. */
export function mergeApplied(live: unknown, applied: unknown, schema: Schema | undefined, set: SchemaSet): unknown {
  const s = resolveSchema(schema, set);
  if (isObject(applied)) {
    if (s?.['x-kubernetes-map-type'] === 'atomic') return clone(applied);
    const out: Record<string, unknown> = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      // An explicit null in an applied config means "unset"; the manager still owns the field.
      if (v === null) delete out[k];
      else out[k] = mergeApplied(out[k], v, childSchema(s, k, set), set);
    }
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const sem = listSemantics(s, set);
    if (sem.type === 'set') return [...live, ...applied.filter((v) => !live.some((w) => deepEqual(v, w)))];
    if (sem.type === 'map') {
      const items = itemSchema(s, set);
      const out = live.slice();
      const keys = out.map((item, i) => itemElement(item, i, s, set));
      applied.forEach((item, i) => {
        const pe = itemElement(item, i, s, set);
        const at = pe.startsWith('k:') ? keys.indexOf(pe) : -1;
        if (at >= 0) out[at] = mergeApplied(out[at], item, items, set);
        else {
          out.push(mergeApplied(undefined, item, items, set));
          keys.push(pe);
        }
      });
      return out;
    }
  }
  return isObject(applied) || Array.isArray(applied) ? clone(applied) : applied;
}

/** Deletes each path (field, map entry or list item) from `obj` in place; missing paths are ignored. */
export function removePaths(obj: unknown, paths: Path[], schema: Schema | undefined, set: SchemaSet): void {
  // Shallowest first: removing an item's key field first would make the item itself unfindable;
  // children of something already removed are simply not found.
  for (const path of [...paths].sort((a, b) => a.length - b.length)) removePath(obj, path, schema, set);
}

function removePath(root: unknown, path: Path, schema: Schema | undefined, set: SchemaSet): void {
  let cur = root;
  let s = resolveSchema(schema, set);
  for (let i = 0; i < path.length; i++) {
    const pe = path[i];
    const last = i === path.length - 1;
    if (pe.startsWith('f:')) {
      if (!isObject(cur)) return;
      const k = pe.slice(2);
      if (last) delete cur[k];
      else {
        s = childSchema(s, k, set);
        cur = cur[k];
      }
      continue;
    }
    if (!Array.isArray(cur)) return;
    const list = s;
    const at = cur.findIndex((item, j) => itemElement(item, j, list, set) === pe);
    if (at < 0) return;
    if (last) cur.splice(at, 1);
    else {
      s = itemSchema(list, set);
      cur = cur[at];
    }
  }
}
