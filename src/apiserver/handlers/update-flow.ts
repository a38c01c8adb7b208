/**
 * The read-modify-write shared by PUT and PATCH on a resource or its status/scale subresource:
 * the caller turns the current object into the client's desired one; this prepares, records managers,
 * skips no-op writes, honours dryRun and completes deletion when the last finalizer goes.
 */
import { isDeepStrictEqual } from 'node:util';
import { conflict } from '../../api/errors.js';
import { prepareUpdate } from '../../api/strategy.js';
import type { KObject } from '../../api/types/index.js';
import type { RequestCtx } from '../context.js';
import { groupResource } from '../context.js';
import { trackUpdate } from './managed.js';
import { hookFor, type HeldAllocation } from '../write-hooks.js';

export interface UpdateFlowOptions {
  dryRun: boolean;
  /** Manager recorded in managedFields; undefined when the desired object already carries them (apply). */
  manager?: string;
}

/** A resourceVersion or uid in the client's object is a precondition (409 when it differs). */
export function checkPrecondition(ctx: RequestCtx, desired: KObject, cur: KObject): void {
  const uid = desired.metadata.uid;
  if (uid && uid !== cur.metadata.uid) {
    throw conflict(groupResource(ctx.def), cur.metadata.name ?? '', `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${cur.metadata.uid}`);
  }
  const rv = desired.metadata.resourceVersion;
  if (rv && rv !== cur.metadata.resourceVersion) throw conflict(groupResource(ctx.def), cur.metadata.name ?? '');
}

const withoutManaged = (o: KObject) => {
  const { managedFields: _m, resourceVersion: _rv, ...meta } = o.metadata;
  return JSON.parse(JSON.stringify({ ...o, metadata: meta })) as unknown;
};

export async function updateFlow(
  ctx: RequestCtx, opts: UpdateFlowOptions, desire: (cur: KObject) => KObject | Promise<KObject>,
): Promise<KObject> {
  const { def, info, deps } = ctx;
  // Allocations are held per attempt: a compare-and-swap retry gives back the previous attempt's.
  const hook = info.subresource ? undefined : hookFor(deps.writeHooks, def);
  let held: HeldAllocation | undefined;
  const compute = async (cur: KObject): Promise<KObject> => {
    held?.revert();
    held = undefined;
    const desired = await desire(cur);
    let next = prepareUpdate(def, desired, cur, { now: deps.now(), subresource: info.subresource });
    if (hook && !cur.metadata.deletionTimestamp) held = hook.admit(next, cur);
    // A write that changes nothing but manager timestamps is not a write (no new resourceVersion).
    if (isDeepStrictEqual(withoutManaged(next), withoutManaged(cur))) return cur;
    if (opts.manager) next = trackUpdate(ctx, cur, next, opts.manager);
    return next;
  };
  if (opts.dryRun) {
    const cur = await deps.objects.get(def, info.namespace, info.name as string);
    try { return await compute(cur); } finally { held?.revert(); }
  }
  let object: KObject;
  try {
    ({ object } = await deps.objects.update(def, info.namespace, info.name as string, compute));
  } catch (e) {
    held?.revert();
    throw e;
  }
  held?.commit();
  return finalizeIfDone(ctx, object);
}

/**
 * An object marked for deletion is removed once its finalizers are gone, unless it is a pod still in its
 * grace period: then its node agent removes it (with grace 0) once the containers have stopped.
 */
export async function finalizeIfDone(ctx: RequestCtx, obj: KObject): Promise<KObject> {
  if (!obj.metadata.deletionTimestamp || hasFinalizers(obj) || (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0) return obj;
  const gone = await ctx.deps.objects.delete(ctx.def, obj);
  if (gone) hookFor(ctx.deps.writeHooks, ctx.def)?.deleted(gone);
  return gone ?? obj;
}

/** metadata.finalizers, plus a Namespace's spec.finalizers (drained by the namespace controller). */
export function hasFinalizers(obj: KObject): boolean {
  if ((obj.metadata.finalizers?.length ?? 0) > 0) return true;
  return obj.kind === 'Namespace' && ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers?.length ?? 0) > 0;
}
