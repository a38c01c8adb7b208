/**
 * Field sets for server-side apply, in the FieldsV1 vocabulary of structured-merge-diff:
 * a path is a list of elements `f:<field>`, `k:{"name":"nginx"}` (list-map item, keys sorted),
 * `v:"x"` (set item) and `i:3` (item of a list without keys). A set is keyed by the JSON of the path.
 *
 * Which paths an object contributes mirrors upstream `ToFieldSet`: every scalar and atomic value,
 * every list-map/set item (the item itself, written `.` in FieldsV1), every entry of a map that has
 * no declared properties (labels, annotations), and every empty object or explicit null.
 */
import type { Schema, SchemaSet } from '../schema/types.js';
import { childSchema, itemSchema, listSemantics, resolveSchema } from '../schema/walk.js';
import { isObject } from './value.js';

export type Path = string[];

export interface FieldInfo {
  path: Path;
  value: unknown;
  /** Leaves compare by value; the other members (items, map entries) only by presence. */
  leaf: boolean;
}

export const pathKey = (p: Path): string => JSON.stringify(p);

/** Every path `obj` sets, with its value. */
export function collectFields(obj: unknown, schema: Schema | undefined, set: SchemaSet): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>();
  const add = (path: Path, value: unknown, leaf: boolean): void => void out.set(pathKey(path), { path, value, leaf });
  const visit = (value: unknown, sch: Schema | undefined, path: Path): void => {
    const s = resolveSchema(sch, set);
    if (isObject(value)) {
      if (s?.['x-kubernetes-map-type'] === 'atomic') return add(path, value, true);
      for (const [k, v] of Object.entries(value)) {
        const p = [...path, `f:${k}`];
        visit(v, childSchema(s, k, set), p);
        const empty = v === null || (isObject(v) && Object.keys(v).length === 0);
        if (empty) add(p, v, true);
        else if (!s?.properties?.[k] && (isObject(v) || Array.isArray(v))) add(p, v, false);
      }
      return;
    }
    if (Array.isArray(value)) {
      if (listSemantics(s, set).type === 'atomic') return add(path, value, true);
      const items = itemSchema(s, set);
      value.forEach((item, i) => {
        const p = [...path, itemElement(item, i, s, set)];
        visit(item, items, p);
        if (isObject(item) || Array.isArray(item)) add(p, item, false);
      });
      return;
    }
    if (path.length) add(path, value, true);
  };
  visit(obj, schema, []);
  return out;
}

/** The path element naming `item` (at `index`) inside a list with schema `list`. */
export function itemElement(item: unknown, index: number, list: Schema | undefined, set: SchemaSet): string {
  const sem = listSemantics(list, set);
  if (sem.type === 'set') return `v:${JSON.stringify(item)}`;
  if (sem.type !== 'map' || !isObject(item)) return `i:${index}`;
  const props = itemSchema(list, set)?.properties;
  const key: Record<string, unknown> = {};
  // A missing key field falls back to its schema default (ports' protocol defaults to "TCP").
  for (const k of [...sem.keys].sort()) {
    const v = item[k] ?? resolveSchema(props?.[k], set)?.default;
    if (v !== undefined) key[k] = v;
  }
  return Object.keys(key).length ? `k:${JSON.stringify(key)}` : `i:${index}`;
}

/** Encodes member paths as a FieldsV1 tree; a member that also has children gets `.`. */
export function toFieldsV1(paths: Iterable<Path>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const nodes: Array<Record<string, unknown>> = [];
  for (const path of paths) {
    let node = root;
    for (const pe of path) node = (node[pe] ??= {}) as Record<string, unknown>;
    nodes.push(node);
  }
  for (const node of nodes) if (Object.keys(node).length) node['.'] = {};
  return sortTree(root);
}

/** Decodes a FieldsV1 tree into member paths. */
export function fromFieldsV1(tree: unknown, prefix: Path = []): Path[] {
  if (!isObject(tree)) return [];
  const out: Path[] = [];
  for (const [pe, sub] of Object.entries(tree)) {
    if (pe === '.') continue;
    const p = [...prefix, pe];
    if (!isObject(sub) || Object.keys(sub).length === 0 || Object.hasOwn(sub, '.')) out.push(p);
    out.push(...fromFieldsV1(sub, p));
  }
  return out;
}

/** Path as upstream prints it in conflicts: `.spec.containers[name="nginx"].image`, `[="x"]`, `[0]`. */
export function pathString(path: Path): string {
  return path.map((pe) => {
    const body = pe.slice(2);
    if (pe.startsWith('f:')) return `.${body}`;
    if (pe.startsWith('v:')) return `[=${body}]`;
    if (pe.startsWith('i:')) return `[${body}]`;
    const key = JSON.parse(body) as Record<string, unknown>;
    return `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
  }).join('');
}

/** `.` first, then fields, keys, values and indices, each alphabetically: stable output. */
function sortTree(node: Record<string, unknown>): Record<string, unknown> {
  const rank = (k: string) => (k === '.' ? 0 : 1 + 'fkvi'.indexOf(k[0]));
  const keys = Object.keys(node).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, sortTree(node[k] as Record<string, unknown>)]));
}
