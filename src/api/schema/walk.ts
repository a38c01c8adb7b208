/**
 * Schema navigation shared by strict decoding, strategic merge and server-side apply.
 * Every function is tolerant: a missing or unknown schema is `undefined`, which callers treat as
 * "anything goes" (the way upstream treats `x-kubernetes-preserve-unknown-fields`).
 */
import type { Schema, SchemaSet } from './types.js';

const REF_PREFIX = '#/components/schemas/';
/** Refs can chain (a wrapper pointing at an alias); stop long before a cycle could hurt. */
const MAX_REF_DEPTH = 16;

/**
 * Follows `$ref` and `allOf` wrappers. Field-level keys on the wrapper (description, patch strategy,
 * list type) win over the target's, because OpenAPI puts per-field extensions on the wrapper.
 */
export function resolveSchema(schema: Schema | undefined, set: SchemaSet, depth = 0): Schema | undefined {
  if (!schema || depth > MAX_REF_DEPTH) return schema;
  if (!schema.$ref && !schema.allOf) return schema;
  // Every write walks its object against the schema, resolving the same wrappers again and again;
  // a set is never changed once built (the registry makes a new one), so results are cached per set.
  let cache = resolved.get(set);
  if (!cache) resolved.set(set, (cache = new WeakMap()));
  if (cache.has(schema)) return cache.get(schema);
  const out = resolveUncached(schema, set, depth);
  if (out) Object.freeze(out);
  cache.set(schema, out);
  return out;
}

const resolved = new WeakMap<SchemaSet, WeakMap<Schema, Schema | undefined>>();

function resolveUncached(schema: Schema, set: SchemaSet, depth: number): Schema | undefined {
  const { $ref, allOf, ...own } = schema;
  let base: Schema = {};
  if ($ref) {
    const target = $ref.startsWith(REF_PREFIX) ? set[$ref.slice(REF_PREFIX.length)] : undefined;
    if (!target) return Object.keys(own).length ? own : undefined;
    base = resolveSchema(target, set, depth + 1) ?? {};
  }
  for (const part of allOf ?? []) base = mergeSchemas(base, resolveSchema(part, set, depth + 1) ?? {});
  return { ...base, ...own };
}

/** The named schema, resolved; accepts a schema object too so callers can pass either. */
export function rootSchema(root: Schema | string | undefined, set: SchemaSet): Schema | undefined {
  return resolveSchema(typeof root === 'string' ? set[root] : root, set);
}

/** Schema of `key` inside an object schema: declared property first, then additionalProperties. */
export function childSchema(schema: Schema | undefined, key: string, set: SchemaSet): Schema | undefined {
  const s = resolveSchema(schema, set);
  if (!s) return undefined;
  const prop = s.properties?.[key];
  if (prop) return resolveSchema(prop, set);
  return typeof s.additionalProperties === 'object' ? resolveSchema(s.additionalProperties, set) : undefined;
}

/** Schema of the items of an array schema. */
export function itemSchema(schema: Schema | undefined, set: SchemaSet): Schema | undefined {
  return resolveSchema(resolveSchema(schema, set)?.items, set);
}

export type ListSemantics = { type: 'map'; keys: string[] } | { type: 'set' } | { type: 'atomic' };

/**
 * How server-side apply treats a list. `x-kubernetes-list-type` decides; without it, a list tagged
 * for strategic merge is treated the same way (upstream derives one from the other for built-ins),
 * and anything else is atomic.
 */
export function listSemantics(schema: Schema | undefined, set: SchemaSet): ListSemantics {
  const s = resolveSchema(schema, set);
  const listType = s?.['x-kubernetes-list-type'];
  const mergeKey = s?.['x-kubernetes-patch-merge-key'];
  if (listType === 'map') {
    const keys = s?.['x-kubernetes-list-map-keys'] ?? (mergeKey ? [mergeKey] : []);
    return keys.length ? { type: 'map', keys } : { type: 'atomic' };
  }
  if (listType === 'set') return { type: 'set' };
  if (listType === 'atomic') return { type: 'atomic' };
  const merges = (s?.['x-kubernetes-patch-strategy'] ?? '').split(',').includes('merge');
  if (merges && mergeKey) return { type: 'map', keys: [mergeKey] };
  if (merges) return { type: 'set' };
  return { type: 'atomic' };
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  const properties = a.properties || b.properties ? { ...a.properties, ...b.properties } : undefined;
  return { ...a, ...b, ...(properties ? { properties } : {}) };
}
