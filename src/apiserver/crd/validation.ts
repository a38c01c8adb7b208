/**
 * Validation of custom resources by their CRD's structural schema, compiled once per served version
 * with ajv and reported as Kubernetes field errors in kube-openapi's wording, e.g.
 * `spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10`.
 * Metadata, apiVersion and kind are left to the generic object-meta checks.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { fieldErr } from '../../api/errors.js';
import type { FieldError, KObject } from '../../api/types/index.js';
import { FORMATS, toAjvSchema } from './ajv-schema.js';

export type CrValidator = (o: KObject) => FieldError[];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Throws when the schema cannot be compiled (bad pattern, malformed keyword). */
export function compileCrValidator(openAPIV3Schema: Record<string, unknown> | undefined): CrValidator {
  // A fresh instance per schema: ajv caches compiled schemas for its lifetime, and CRDs come and go.
  const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, logger: false, formats: FORMATS });
  const check = ajv.compile(toAjvSchema(openAPIV3Schema ?? {}));
  return (o) => (check(o) ? [] : toFieldErrors(check.errors ?? [], o));
}

function toFieldErrors(errors: ErrorObject[], root: unknown): FieldError[] {
  // Branch failures inside anyOf/oneOf are noise: the composition's own error says it.
  const relevant = errors.filter((e) => !/\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath));
  // Like kube-openapi, a value of the wrong type is reported for its type only.
  const typeBroken = new Set(relevant.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of relevant) {
    if (e.keyword !== 'type' && typeBroken.has(e.instancePath)) continue;
    const fe = toFieldError(e, fieldPath(e.instancePath, root));
    const key = `${fe.field}\0${fe.message}`;
    if (!seen.has(key)) { seen.add(key); out.push(fe); }
  }
  return out;
}

function toFieldError(e: ErrorObject, path: string): FieldError {
  const where = path || '<root>';
  const p = e.params as Record<string, unknown>;
  const v = e.data;
  const invalid = (detail: string) => fieldErr.invalid(where, v, `${where} in body ${detail}`);
  switch (e.keyword) {
    case 'type': {
      const expected = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).filter((t) => t !== 'null').join(',');
      const actual = jsonType(v);
      return fieldErr.typeInvalid(where, actual, `${where} in body must be of type ${expected}: "${actual}"`);
    }
    case 'required': return fieldErr.required(join(path, String(p.missingProperty)));
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).filter((a) => a !== null).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
      return fieldErr.notSupported(where, v, allowed);
    }
    case 'maximum': return invalid(`should be less than ${p.comparison === '<' ? '' : 'or equal to '}${p.limit}`);
    case 'exclusiveMaximum': return invalid(`should be less than ${p.limit}`);
    case 'minimum': return invalid(`should be greater than ${p.comparison === '>' ? '' : 'or equal to '}${p.limit}`);
    case 'exclusiveMinimum': return invalid(`should be greater than ${p.limit}`);
    case 'maxLength': return fieldErr.tooLong(where, Number(p.limit));
    case 'minLength': return invalid(`should be at least ${p.limit} chars long`);
    case 'pattern': return invalid(`should match '${p.pattern}'`);
    case 'multipleOf': return invalid(`should be a multiple of ${p.multipleOf}`);
    case 'maxItems': return tooMany(where, Array.isArray(v) ? v.length : 0, Number(p.limit), 'items');
    case 'minItems': return invalid(`should have at least ${p.limit} items`);
    case 'maxProperties': return tooMany(where, isObj(v) ? Object.keys(v).length : 0, Number(p.limit), 'properties');
    case 'minProperties': return invalid(`should have at least ${p.limit} properties`);
    case 'uniqueItems': return fieldErr.duplicate(`${where}[${String(p.j)}]`, Array.isArray(v) ? v[Number(p.j)] : v);
    case 'format': return invalid(`must be of type ${p.format}: ${JSON.stringify(v)}`);
    case 'anyOf': return invalid('must validate at least one schema (anyOf)');
    case 'oneOf': return invalid('must validate one and only one schema (oneOf)');
    case 'not': return invalid('must not validate the schema (not)');
    case 'additionalProperties': return fieldErr.forbidden(join(path, String(p.additionalProperty)), 'field not declared in schema');
    default: return invalid(e.message ?? `failed ${e.keyword}`);
  }
}

/** field.TooMany's wording; FieldError has no dedicated type for it, so it travels as Invalid. */
function tooMany(field: string, actual: number, max: number, what: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: `Too many: ${actual}: must have at most ${max} ${what}` };
}

/** JSON pointer → `spec.items[0].name`, using the data to tell list indices from map keys. */
function fieldPath(pointer: string, root: unknown): string {
  let path = '';
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) { path += `[${seg}]`; cur = cur[Number(seg)]; }
    else { path = join(path, seg); cur = isObj(cur) ? cur[seg] : undefined; }
  }
  return path;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The JSON type name kube-openapi prints (whole numbers are "integer"). */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
