/**
 * Structural pruning and defaulting of custom resources, in upstream's order: fields the schema
 * does not declare are dropped (unless `x-kubernetes-preserve-unknown-fields`), `null` in a
 * non-nullable field is dropped, then absent properties with a `default` are filled — only inside
 * objects that exist, recursing into existing objects, map values and list items.
 *
 * Pruning follows the same leniency as the strict unknown-field check (api/schema/strict.ts): an
 * object schema with neither `properties` nor `additionalProperties` keeps everything, so what
 * `fieldValidation=Strict` accepts is never silently dropped.
 */
import type { KObject } from '../../api/types/index.js';

type Obj = Record<string, unknown>;
interface S {
  type?: string; properties?: Record<string, S>; additionalProperties?: S | boolean; items?: S;
  default?: unknown; nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean; 'x-kubernetes-int-or-string'?: boolean; 'x-kubernetes-embedded-resource'?: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Root fields every kind carries; the generic metadata handling owns them. */
const TYPE_AND_META = ['apiVersion', 'kind', 'metadata'];

/** Returns the in-place pruning + defaulting function for one version's schema. */
export function structuralDefaulter(openAPIV3Schema: Record<string, unknown> | undefined): (o: KObject) => void {
  const root = (openAPIV3Schema ?? {}) as S;
  return (o) => {
    prune(o, root, true);
    applyDefaults(o, root, true);
  };
}

function prune(value: unknown, s: S | undefined, keepTypeMeta: boolean): void {
  if (!s || s['x-kubernetes-int-or-string']) return;
  if (Array.isArray(value)) {
    for (const item of value) prune(item, s.items, false);
    return;
  }
  if (!isObj(value)) return;
  const keepMeta = keepTypeMeta || s['x-kubernetes-embedded-resource'] === true;
  const open = s['x-kubernetes-preserve-unknown-fields'] === true || s.additionalProperties === true
    || (!s.properties && s.additionalProperties === undefined);
  for (const [k, v] of Object.entries(value)) {
    if (keepMeta && TYPE_AND_META.includes(k)) continue;
    const child = s.properties?.[k] ?? (isObj(s.additionalProperties) ? s.additionalProperties as S : undefined);
    if (!child) { if (!open) delete value[k]; continue; }
    if (v === null && !child.nullable) { delete value[k]; continue; }
    prune(v, child, false);
  }
}

function applyDefaults(value: unknown, s: S | undefined, isRoot: boolean): void {
  if (!s) return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(item, s.items, false);
    return;
  }
  if (!isObj(value)) return;
  for (const [k, child] of Object.entries(s.properties ?? {})) {
    if (isRoot && TYPE_AND_META.includes(k)) continue;
    if (value[k] === undefined && child.default !== undefined) value[k] = structuredClone(child.default);
    if (value[k] !== undefined) applyDefaults(value[k], child, false);
  }
  if (isObj(s.additionalProperties)) {
    for (const [k, v] of Object.entries(value)) if (!s.properties?.[k]) applyDefaults(v, s.additionalProperties, false);
  }
}
