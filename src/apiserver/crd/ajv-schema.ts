/**
 * Turns a CRD's structural OpenAPI v3 schema into the JSON Schema (draft-07) ajv understands:
 * `nullable` becomes a `null` type, `x-kubernetes-int-or-string` becomes integer|string, OpenAPI's
 * boolean `exclusiveMaximum`/`exclusiveMinimum` become draft-07 numbers, and formats Kite does not
 * check are dropped (upstream ignores unknown formats too). `default` is not used by ajv: defaulting
 * runs before validation (defaulting.ts).
 */
import { isIPv4, isIPv6 } from 'node:net';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Formats checked on strings; the numeric OpenAPI formats only describe width and are accepted as is. */
export const FORMATS: Record<string, RegExp | ((s: string) => boolean) | { type: 'number'; validate: () => boolean }> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  uuid: /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  int32: { type: 'number', validate: () => true },
  int64: { type: 'number', validate: () => true },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
};

/** Root fields the generic object-meta checks own; the CRD schema may not constrain them. */
const ROOT_OWNED = ['apiVersion', 'kind', 'metadata'];

export function toAjvSchema(root: Obj): Obj {
  const out = convert(root);
  if (isObj(out.properties)) out.properties = Object.fromEntries(Object.entries(out.properties).filter(([k]) => !ROOT_OWNED.includes(k)));
  if (Array.isArray(out.required)) out.required = out.required.filter((k) => !ROOT_OWNED.includes(String(k)));
  return out;
}

function convert(s: unknown): Obj {
  if (!isObj(s)) return {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-') || k === 'nullable' || k === 'default' || k === 'example' || k === 'externalDocs') continue;
    if (k === 'properties' && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, convert(ps)]));
    else if (k === 'items' || k === 'not' || (k === 'additionalProperties' && isObj(v))) out[k] = convert(v);
    else if ((k === 'allOf' || k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) out[k] = v.map(convert);
    else if (k === 'format' && !(typeof v === 'string' && v in FORMATS)) continue;
    else if (k === 'exclusiveMaximum' || k === 'exclusiveMinimum') continue;
    else out[k] = v;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') { out.exclusiveMaximum = s.maximum; delete out.maximum; }
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  if (typeof s.exclusiveMaximum === 'number') out.exclusiveMaximum = s.exclusiveMaximum;
  if (typeof s.exclusiveMinimum === 'number') out.exclusiveMinimum = s.exclusiveMinimum;
  if (s['x-kubernetes-int-or-string'] === true) out.type = ['integer', 'string'];
  if (s.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}
