/**
 * Server-side apply and field ownership (`metadata.managedFields`), after
 * kubernetes.io/docs/reference/using-api/server-side-apply and structured-merge-diff.
 *
 * `serverSideApply` merges a manager's applied configuration into the live object, refuses to change
 * a field another manager owns unless forced (409 naming each field), removes fields the manager
 * applied before but no longer applies when nobody else owns them, and records the manager's new
 * `Apply` entry. `recordUpdate` gives the writer of an ordinary create/update/patch ownership of
 * what it changed. Fields that identify or are maintained by the server (name, namespace, uid,
 * resourceVersion, generation, creationTimestamp, managedFields, apiVersion, kind) are never owned;
 * `status` is owned only through the status subresource and nothing else is owned through it.
 */
import type { KObject, StatusCause } from '../types/index.js';
import type { Schema, SchemaSet } from '../schema/types.js';
import { applyConflict, type GroupResource } from '../errors.js';
import { rootSchema } from '../schema/walk.js';
import { collectFields, pathString, type FieldInfo, type Path } from './fieldset.js';
import { decodeManaged, encodeManaged, managerLabel, sameManager, type Manager } from './managed.js';
import { mergeApplied, removePaths } from './ssa-merge.js';
import { clone, deepEqual } from './value.js';

interface Common {
  manager: string;
  apiVersion: string;
  subresource?: string;
  rootSchema: Schema | string;
  set: SchemaSet;
  now: Date;
}

export interface ApplyOptions extends Common {
  live?: KObject;
  applied: KObject;
  force: boolean;
  /** For the conflict error's details; upstream leaves them empty. */
  resource?: GroupResource;
}

export interface UpdateOptions extends Common {
  old?: KObject;
  updated: KObject;
}

/** Upstream's name for the owner of everything that existed before managedFields were tracked. */
const BEFORE_FIRST_APPLY = 'before-first-apply';
const SERVER_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion']);

export function serverSideApply(o: ApplyOptions): KObject {
  const schema = rootSchema(o.rootSchema, o.set);
  const applied = { ...o.applied, metadata: { ...o.applied.metadata } };
  delete applied.metadata.managedFields;
  const appliedFields = tracked(applied, schema, o);
  const managers = decodeManaged(o.live?.metadata.managedFields);
  if (o.live && managers.length === 0) {
    managers.push({ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: o.apiVersion, fields: keysOf(tracked(o.live, schema, o)) });
  }
  const id = { manager: o.manager, operation: 'Apply' as const, subresource: o.subresource };
  let me = managers.find((m) => sameManager(m, id));
  const previous = me?.fields ?? new Map<string, Path>();
  const merged = mergeApplied(o.live ? clone(o.live) : {}, applied, schema, o.set) as KObject;

  const { changed } = compare(o.live ? tracked(o.live, schema, o) : new Map(), tracked(merged, schema, o));
  const conflicts = managers.filter((m) => m !== me).flatMap((m) => [...m.fields].filter(([k]) => changed.has(k)).map(([, p]) => ({ m, p })));
  if (conflicts.length && !o.force) throw conflictError(conflicts, o, applied);
  for (const { m, p } of conflicts) m.fields.delete(JSON.stringify(p));

  const others = managers.filter((m) => m !== me).flatMap((m) => [...m.fields.values()]);
  const ownedElsewhere = (p: Path) => others.some((q) => q.length >= p.length && p.every((pe, i) => pe === q[i]));
  const dropped = [...previous].filter(([k, p]) => !appliedFields.has(k) && !ownedElsewhere(p)).map(([, p]) => p);
  removePaths(merged, dropped, schema, o.set);

  if (!me) managers.push((me = { ...id, fields: new Map() }));
  Object.assign(me, { apiVersion: o.apiVersion, time: rfc3339(o.now), fields: keysOf(appliedFields) });
  return withManaged(merged, managers);
}

export function recordUpdate(o: UpdateOptions): KObject {
  const schema = rootSchema(o.rootSchema, o.set);
  const fromBody = o.subresource ? [] : o.updated.metadata.managedFields ?? [];
  const managers = decodeManaged(fromBody.length ? fromBody : o.old?.metadata.managedFields);
  const { changed, removed } = compare(o.old ? tracked(o.old, schema, o) : new Map(), tracked(o.updated, schema, o));
  const id = { manager: o.manager, operation: 'Update' as const, apiVersion: o.apiVersion, subresource: o.subresource };
  let me = managers.find((m) => sameManager(m, id));
  if (!me) managers.push((me = { ...id, fields: new Map() }));
  for (const m of managers) {
    if (m === me) continue;
    for (const k of [...changed.keys(), ...removed]) m.fields.delete(k);
  }
  const before = new Set(me.fields.keys());
  for (const [k, p] of changed) me.fields.set(k, p);
  for (const k of removed) me.fields.delete(k);
  const same = before.size === me.fields.size && [...before].every((k) => me.fields.has(k));
  if (!same || !me.time) me.time = rfc3339(o.now);
  return withManaged(o.updated, managers);
}

/** Paths whose value appeared or changed (`changed`, with their path) and paths that disappeared. */
function compare(before: Map<string, FieldInfo>, after: Map<string, FieldInfo>) {
  const changed = new Map<string, Path>();
  for (const [k, f] of after) {
    const old = before.get(k);
    if (!old || (f.leaf && !deepEqual(old.value, f.value))) changed.set(k, f.path);
  }
  const removed = [...before.keys()].filter((k) => !after.has(k));
  return { changed, removed };
}

function tracked(obj: unknown, schema: Schema | undefined, o: { set: SchemaSet; subresource?: string }): Map<string, FieldInfo> {
  const all = collectFields(trackedPart(obj, o.subresource), schema, o.set);
  for (const [k, f] of all) if (!isTracked(f.path, o.subresource)) all.delete(k);
  return all;
}

/**
 * The part of `obj` whose fields `isTracked` can keep, so the walk skips the rest: a status update
 * never looks at spec, and no update walks `managedFields` itself (often the biggest map of a pod).
 */
function trackedPart(obj: unknown, subresource?: string): unknown {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return obj;
  const o = obj as Record<string, unknown>;
  if (subresource === 'status') return 'status' in o ? { status: o.status } : {};
  const { status: _s, apiVersion: _a, kind: _k, metadata, ...rest } = o;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return metadata === undefined ? rest : { ...rest, metadata };
  const kept = Object.fromEntries(Object.entries(metadata).filter(([k]) => !SERVER_META.has(k)));
  return { ...rest, metadata: kept };
}

function isTracked(path: Path, subresource?: string): boolean {
  const [top, second] = path;
  if (subresource === 'status') return top === 'f:status';
  if (top === 'f:status' || top === 'f:apiVersion' || top === 'f:kind') return false;
  if (top === 'f:metadata') return second !== undefined && !SERVER_META.has(second.slice(2));
  return true;
}

const keysOf = (fields: Map<string, FieldInfo>) => new Map([...fields].map(([k, f]) => [k, f.path]));

function withManaged(obj: KObject, managers: Manager[]): KObject {
  const entries = encodeManaged(managers);
  const { managedFields: _, ...rest } = obj.metadata;
  return { ...obj, metadata: entries.length ? { ...rest, managedFields: entries } : rest };
}

/** RFC 3339 with whole seconds, as Kubernetes serialises metav1.Time. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function conflictError(conflicts: Array<{ m: Manager; p: Path }>, o: ApplyOptions, applied: KObject) {
  const causes: StatusCause[] = conflicts.map(({ m, p }) =>
    ({ reason: 'FieldManagerConflict', message: `conflict with ${managerLabel(m)}`, field: pathString(p) }));
  let message: string;
  if (conflicts.length === 1) message = `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`;
  else {
    // Upstream groups several conflicts by manager, managers sorted by label.
    const byManager = new Map<string, string[]>();
    for (const c of causes) byManager.set(c.message!, [...(byManager.get(c.message!) ?? []), c.field!]);
    const parts = [...byManager].sort(([a], [b]) => (a < b ? -1 : 1)).map(([label, fields]) =>
      [`${label.replace(/^conflict/, 'conflicts')}:`, ...fields.map((f) => `- ${f}`)].join('\n'));
    message = `Apply failed with ${conflicts.length} conflicts: ${parts.join('\n')}`;
  }
  const gr = o.resource ?? { group: o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '', resource: '' };
  return applyConflict(gr, applied.metadata.name ?? '', message, causes);
}
