/**
 * Strict field validation (`fieldValidation=Strict|Warn`) against the OpenAPI schema.
 *
 * `unknownFields` names fields the schema does not declare, in the form kube-apiserver's strict
 * decoder reports them (`unknown field "spec.template.spec.containers[0].foo"`). Only the outermost
 * unknown field is reported; its content is not inspected further.
 *
 * `typeErrors` reports JSON type mismatches in kube-openapi's wording, as upstream returns them for
 * custom resources: `spec.replicas: Invalid value: "string": spec.replicas in body must be of type
 * integer: "string"` (the value shown is the JSON type that was sent). `null` is not checked:
 * upstream decodes it as "unset" for built-in kinds.
 *
 * A missing schema, `x-kubernetes-preserve-unknown-fields`, `additionalProperties: true` and an
 * object schema with neither properties nor additionalProperties all accept anything; the last is
 * deliberately lenient so a schema written loosely never rejects valid objects.
 */
import type { FieldError } from '../types/index.js';
import type { Schema, SchemaSet } from './types.js';
import { fieldErr } from '../errors.js';
import { META } from './dsl.js';
import { resolveSchema, rootSchema } from './walk.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
/** Fields every `x-kubernetes-embedded-resource` object may carry without declaring them. */
const EMBEDDED = ['apiVersion', 'kind', 'metadata'];

export function unknownFields(obj: unknown, root: Schema | string, set: SchemaSet): string[] {
  const out: string[] = [];
  walkUnknown(obj, rootSchema(root, set), '', set, out, false);
  return out;
}

/**
 * Removes undeclared fields in place (what decoding into typed structs does with `fieldValidation`
 * Warn or Ignore) and returns their paths, as `unknownFields` reports them.
 */
export function pruneUnknownFields(obj: unknown, root: Schema | string, set: SchemaSet): string[] {
  const out: string[] = [];
  walkUnknown(obj, rootSchema(root, set), '', set, out, true);
  return out;
}

function walkUnknown(value: unknown, schema: Schema | undefined, path: string, set: SchemaSet, out: string[], prune: boolean): void {
  const s = resolveSchema(schema, set);
  if (!s || s['x-kubernetes-int-or-string']) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkUnknown(item, s.items, `${path}[${i}]`, set, out, prune));
    return;
  }
  if (!isObj(value) || (!s.properties && s.additionalProperties === undefined)) return;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  for (const [key, v] of Object.entries(value)) {
    const prop = s.properties?.[key];
    if (prop) walkUnknown(v, prop, join(path, key), set, out, prune);
    else if (embedded && EMBEDDED.includes(key)) {
      if (key === 'metadata') walkUnknown(v, set[`${META}.ObjectMeta`], join(path, key), set, out, prune);
    } else if (typeof s.additionalProperties === 'object') walkUnknown(v, s.additionalProperties, join(path, key), set, out, prune);
    else if (s.additionalProperties !== true && !s['x-kubernetes-preserve-unknown-fields']) {
      out.push(join(path, key));
      if (prune) delete value[key];
    }
  }
}

export function typeErrors(obj: unknown, root: Schema | string, set: SchemaSet): FieldError[] {
  const out: FieldError[] = [];
  walkTypes(obj, rootSchema(root, set), '', set, out);
  return out;
}

function walkTypes(value: unknown, schema: Schema | undefined, path: string, set: SchemaSet, out: FieldError[]): void {
  const s = resolveSchema(schema, set);
  if (!s || value === null || value === undefined) return;
  const actual = jsonType(value);
  const expected = s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type;
  if (expected && !typeMatches(expected, value)) {
    const where = path || '<root>';
    out.push(fieldErr.typeInvalid(where, actual, `${where} in body must be of type ${expected}: "${actual}"`));
    return;
  }
  if (Array.isArray(value)) value.forEach((item, i) => walkTypes(item, s.items, `${path}[${i}]`, set, out));
  else if (isObj(value)) {
    for (const [key, v] of Object.entries(value)) {
      const prop = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      walkTypes(v, prop, join(path, key), set, out);
    }
  }
}

function typeMatches(expected: string, value: unknown): boolean {
  switch (expected) {
    case 'integer,string': return typeof value === 'string' || Number.isInteger(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return isObj(value);
    default: return true;
  }
}

/** The JSON type name kube-openapi prints for a value (whole numbers are "integer"). */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
