/**
 * RFC 6902 JSON patch (`application/json-patch+json`, sent by `kubectl patch --type=json`).
 * Errors follow kube-apiserver: a patch that is not a list of operations is 400 BadRequest; an
 * operation that cannot be applied (failed `test`, missing path) is 422 Invalid with the generic
 * message kubectl prints as "The request is invalid: the server rejected our request due to an
 * error in our request", the detail being in the cause.
 */
import { StatusError, badRequest, tooLarge } from '../errors.js';
import { clone, deepEqual, isObject } from './value.js';

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** Upstream's guard against patches that would take too long to apply. */
const MAX_OPERATIONS = 10000;

/** Applies every operation in order to a copy of `doc`; all-or-nothing. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (ops.length > MAX_OPERATIONS) {
    throw tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`);
  }
  let out = clone(doc);
  for (const raw of ops) {
    if (!isObject(raw)) throw badRequest('json: cannot unmarshal non-object into Go value of type jsonpatch.Operation');
    out = applyOp(out, raw);
  }
  return out;
}

function applyOp(doc: unknown, op: Record<string, unknown>): unknown {
  const path = pointer(op, 'path');
  switch (op.op) {
    case 'add':
      return add(doc, path, needValue(op), 'add');
    case 'remove':
      return remove(doc, path, 'remove');
    case 'replace':
      if (!exists(doc, path)) throw opFailed(`replace operation does not apply: doc is missing key: ${op.path}`);
      return add(remove(doc, path, 'replace'), path, needValue(op), 'replace');
    case 'move': {
      const from = pointer(op, 'from');
      if (!exists(doc, from)) throw opFailed(`move operation does not apply: doc is missing from path: ${op.from}`);
      if (path.length > from.length && from.every((s, i) => s === path[i])) {
        throw opFailed(`move operation does not apply: "from" ${op.from} is a prefix of "path" ${op.path}`);
      }
      const value = get(doc, from);
      return add(remove(doc, from, 'move'), path, value, 'move');
    }
    case 'copy': {
      const from = pointer(op, 'from');
      if (!exists(doc, from)) throw opFailed(`copy operation does not apply: doc is missing from path: ${op.from}`);
      return add(doc, path, clone(get(doc, from)), 'copy');
    }
    case 'test':
      if (!exists(doc, path) || !deepEqual(get(doc, path), needValue(op))) throw opFailed(`testing value ${op.path} failed`);
      return doc;
    default:
      throw opFailed(`Unexpected kind: ${String(op.op)}`);
  }
}

/** The 422 kube-apiserver returns for an operation that does not apply. */
function opFailed(detail: string): StatusError {
  return new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid',
    message: 'the server rejected our request due to an error in our request',
    details: { causes: [{ reason: 'UnexpectedServerResponse', message: detail }] },
  });
}

function needValue(op: Record<string, unknown>): unknown {
  if (!Object.hasOwn(op, 'value')) throw opFailed(`${String(op.op)} operation does not apply: missing value`);
  return op.value;
}

/** Splits a JSON pointer (RFC 6901): `~1` is `/` and `~0` is `~`, decoded in that order. */
function pointer(op: Record<string, unknown>, field: 'path' | 'from'): string[] {
  const p = op[field];
  if (typeof p !== 'string') throw opFailed(`${String(op.op)} operation does not apply: missing ${field}`);
  if (p === '') return [];
  if (!p.startsWith('/')) throw opFailed(`${String(op.op)} operation does not apply: invalid JSON pointer ${JSON.stringify(p)}`);
  return p.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function arrayIndex(seg: string, len: number, allowEnd: boolean): number | undefined {
  if (allowEnd && seg === '-') return len;
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) return undefined;
  const i = Number(seg);
  return i < len || (allowEnd && i === len) ? i : undefined;
}

function child(container: unknown, seg: string): { ok: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    const i = arrayIndex(seg, container.length, false);
    return i === undefined ? { ok: false } : { ok: true, value: container[i] };
  }
  if (isObject(container) && Object.hasOwn(container, seg)) return { ok: true, value: container[seg] };
  return { ok: false };
}

function exists(doc: unknown, path: string[]): boolean {
  let cur = doc;
  for (const seg of path) {
    const c = child(cur, seg);
    if (!c.ok) return false;
    cur = c.value;
  }
  return true;
}

const get = (doc: unknown, path: string[]): unknown => path.reduce((cur, seg) => child(cur, seg).value, doc);

function parentOf(doc: unknown, path: string[], verb: string): unknown {
  const parentPath = path.slice(0, -1);
  if (!exists(doc, parentPath)) throw opFailed(`${verb} operation does not apply: doc is missing path: "/${path.join('/')}"`);
  return get(doc, parentPath);
}

function add(doc: unknown, path: string[], value: unknown, verb: string): unknown {
  if (path.length === 0) return clone(value);
  const parent = parentOf(doc, path, verb);
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, true);
    if (i === undefined) throw opFailed(`${verb} operation does not apply: index out of range: "/${path.join('/')}"`);
    parent.splice(i, 0, clone(value));
  } else if (isObject(parent)) {
    parent[last] = clone(value);
  } else {
    throw opFailed(`${verb} operation does not apply: doc is missing path: "/${path.join('/')}"`);
  }
  return doc;
}

function remove(doc: unknown, path: string[], verb: string): unknown {
  if (path.length === 0 || !exists(doc, path)) {
    throw opFailed(`${verb} operation does not apply: doc is missing key: /${path.join('/')}`);
  }
  const parent = get(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return doc;
}
