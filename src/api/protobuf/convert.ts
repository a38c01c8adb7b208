/**
 * Turns a decoded protobufjs message into the JSON object Go's encoding/json
 * would print for the same Go struct:
 * - scalars Go writes even when zero are dropped when zero (`omitempty`),
 *   unless the field carries `(keep)` (pointer, or zero is a legal value);
 * - `(inline)` fields (Go embedded structs) are merged into the parent;
 * - Time → RFC3339 (seconds), MicroTime → RFC3339 with microseconds, an empty
 *   Time (Go's zero time) → null; IntOrString → number or string; Quantity →
 *   string; bytes → base64; int64 → number; ExtraValue → string array;
 *   FieldsV1 → its embedded JSON.
 */
import protobuf from 'protobufjs';
import { badRequest } from '../errors.js';

type Obj = Record<string, unknown>;

// Go's time.Time range (years 1..9999); also keeps Date from producing "+010000-..." strings.
const MIN_SECONDS = -62135596800;
const MAX_SECONDS = 253402300799;

export function messageToJson(type: protobuf.Type, msg: Obj): Obj {
  const out: Obj = {};
  for (const field of type.fieldsArray) {
    if (!Object.hasOwn(msg, field.name)) continue;
    const raw = msg[field.name];
    let value: unknown;
    if (field.map) {
      const entries = Object.entries(raw as Obj);
      if (entries.length === 0) continue;
      value = Object.fromEntries(entries.map(([k, v]) => [k, fieldValue(field, v)]));
    } else if (field.repeated) {
      const items = raw as unknown[];
      if (items.length === 0) continue;
      value = items.map((v) => fieldValue(field, v));
    } else {
      if (!field.resolvedType && !field.options?.['(keep)'] && isZero(raw)) continue;
      value = fieldValue(field, raw);
    }
    if (field.options?.['(inline)'] && isObj(value)) Object.assign(out, value);
    else out[field.name] = value;
  }
  return out;
}

function fieldValue(field: protobuf.Field, v: unknown): unknown {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) return special(t, v as Obj);
  if (field.type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if (field.type === 'int64' || field.type === 'uint64' || field.type === 'sint64') return toNumber(v);
  return v;
}

function special(type: protobuf.Type, m: Obj): unknown {
  switch (type.fullName) {
    case '.meta.Time': return time(m, false);
    case '.meta.MicroTime': return time(m, true);
    case '.resource.Quantity': return own(m, 'string', '') || '0'; // Go's zero Quantity prints "0"
    case '.intstr.IntOrString':
      return Object.hasOwn(m, 'type') && toNumber(m.type) === 1 ? own(m, 'strVal', '') : own(m, 'intVal', 0);
    case '.authentication.ExtraValue':
    case '.authorization.ExtraValue': return [...((m.items as string[] | undefined) ?? [])];
    case '.meta.FieldsV1': return fieldsV1(m);
    default: return messageToJson(type, m);
  }
}

function time(m: Obj, micro: boolean): string | null {
  if (!Object.hasOwn(m, 'seconds') && !Object.hasOwn(m, 'nanos')) return null; // Go's zero time
  const seconds = Object.hasOwn(m, 'seconds') ? toNumber(m.seconds) : 0;
  const nanos = Object.hasOwn(m, 'nanos') ? (m.nanos as number) : 0;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
    throw badRequest(`invalid timestamp in protobuf body: seconds=${seconds} nanos=${nanos}`);
  }
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${base}Z`;
}

function fieldsV1(m: Obj): unknown {
  const raw = m.Raw as Uint8Array | undefined;
  if (!raw || raw.length === 0) return {};
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw badRequest('invalid managedFields fieldsV1 in protobuf body: not JSON');
  }
}

const own = (m: Obj, key: string, dflt: unknown): unknown => (Object.hasOwn(m, key) ? m[key] : dflt);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// int64 arrives as a Long (protobufjs uses the `long` package when installed) or a number.
function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(String(v));
}

function isZero(v: unknown): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (v instanceof Uint8Array) return v.length === 0;
  return typeof v === 'object' && v !== null && String(v) === '0'; // Long zero
}
