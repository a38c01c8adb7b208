/**
 * The fixed order in which every write is prepared (k8s `rest.BeforeCreate` / `BeforeUpdate`):
 * system metadata → status isolation → defaults → generic meta validation → kind validation.
 * Pure: the API server does the I/O around it.
 */
import { invalid } from './errors.js';
import { initSystemMeta, keepSystemMeta, specOf, validateMetaUpdate, validateObjectMeta } from './meta.js';
import type { AnyResourceDef } from './registry/types.js';
import type { KObject } from './types/index.js';

export interface WriteContext {
  now: Date;
  /** Subresource being written (`status`, `scale`, ...) or undefined for the main resource. */
  subresource?: string;
}

const hasStatusSubresource = (def: AnyResourceDef) => def.statusIsolated ?? Boolean(def.subresources?.status);

function typeMeta(def: AnyResourceDef): { apiVersion: string; kind: string } {
  return { apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind };
}

function failIfInvalid(def: AnyResourceDef, obj: KObject, errs: ReturnType<typeof validateObjectMeta>): void {
  if (errs.length) throw invalid(def.kind, def.group, obj.metadata.name ?? '', errs);
}

export function prepareCreate(def: AnyResourceDef, obj: KObject, ctx: WriteContext): KObject {
  const o = structuredClone(obj);
  Object.assign(o, typeMeta(def));
  initSystemMeta(o.metadata, ctx.now);
  // Kinds whose status is owned by controllers start with an empty status.
  if (hasStatusSubresource(def) && def.kind !== 'Node') delete o.status;
  def.prepareForCreate?.(o);
  def.defaults?.(o);
  failIfInvalid(def, o, [...validateObjectMeta(def, o.metadata), ...(def.validate?.(o) ?? [])]);
  return o;
}

/**
 * `next` is the client's desired object (already patched if this is a PATCH); `old` the stored one.
 * Returns the object to store. For the status subresource only `.status` is taken from `next`.
 */
export function prepareUpdate(def: AnyResourceDef, next: KObject, old: KObject, ctx: WriteContext): KObject {
  let o: KObject;
  if (ctx.subresource === 'status') {
    o = { ...structuredClone(old), status: structuredClone(next.status) };
    if (next.status === undefined) delete o.status;
  } else {
    o = structuredClone(next);
    Object.assign(o, typeMeta(def));
    if (hasStatusSubresource(def)) {
      if (old.status === undefined) delete o.status;
      else o.status = structuredClone(old.status);
    }
  }
  keepSystemMeta(o.metadata, old.metadata);
  if (ctx.subresource !== 'status') def.prepareForUpdate?.(o, old);
  def.defaults?.(o);
  if (specOf(o) !== specOf(old)) o.metadata.generation = (old.metadata.generation ?? 0) + 1;
  failIfInvalid(def, o, [
    ...validateObjectMeta(def, o.metadata),
    ...validateMetaUpdate(o.metadata, old.metadata),
    ...(def.validate?.(o, old) ?? []),
  ]);
  return o;
}
