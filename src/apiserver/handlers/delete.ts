/**
 * DELETE of one object or a collection: preconditions, graceful deletion of bound pods,
 * finalizers (mark with deletionTimestamp, delete once they are gone), dryRun.
 */
import { badRequest, conflict, forbidden } from '../../api/errors.js';
import { nowRfc3339 } from '../../api/meta.js';
import type { KObject } from '../../api/types/index.js';
import { readBody } from '../body.js';
import type { RequestCtx } from '../context.js';
import { groupResource } from '../context.js';
import { selectorFilter } from '../filters.js';
import { nonNegativeInt } from '../query.js';
import { writeJson } from '../respond.js';
import { reply } from './read.js';
import { finalizeIfDone, hasFinalizers } from './update-flow.js';
import { writeOptions } from './write-options.js';
import { hookFor } from '../write-hooks.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

async function readDeleteOptions(ctx: RequestCtx): Promise<DeleteOptions> {
  const buf = await readBody(ctx.req);
  let o: DeleteOptions = {};
  if (buf.length) {
    try { o = JSON.parse(buf.toString('utf8')) as DeleteOptions; } catch { throw badRequest('error decoding DeleteOptions: invalid JSON'); }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw badRequest('DeleteOptions must be an object');
  }
  const q = ctx.query;
  const gp = nonNegativeInt('gracePeriodSeconds', q.get('gracePeriodSeconds'));
  if (gp !== undefined) o.gracePeriodSeconds = gp;
  const pp = q.get('propagationPolicy');
  if (pp) o.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
  if (o.gracePeriodSeconds !== undefined && (!Number.isInteger(o.gracePeriodSeconds) || o.gracePeriodSeconds < 0)) {
    throw badRequest(`gracePeriodSeconds: Invalid value: ${o.gracePeriodSeconds}: must be a non-negative integer`);
  }
  if (o.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(o.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${o.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  return o;
}

const GC_FINALIZERS: Record<string, string | undefined> = { Orphan: 'orphan', Foreground: 'foregroundDeletion', Background: undefined };

/** Seconds of grace a pod gets: only pods on a node that may still be running need any (k8s podStrategy). */
function graceSeconds(obj: KObject, o: DeleteOptions): number {
  if (obj.kind !== 'Pod') return 0;
  const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return o.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

export async function deleteObject(ctx: RequestCtx, ns: string | undefined, name: string, o: DeleteOptions, dryRun: boolean): Promise<KObject> {
  const { def, deps } = ctx;
  let deleted: KObject | undefined;
  const { object } = await deps.objects.update(def, ns, name, (cur) => {
    if (o.preconditions?.uid && o.preconditions.uid !== cur.metadata.uid) {
      throw conflict(groupResource(def), name, `Precondition failed: UID in precondition: ${o.preconditions.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    if (o.preconditions?.resourceVersion && o.preconditions.resourceVersion !== cur.metadata.resourceVersion) {
      throw conflict(groupResource(def), name, `Precondition failed: ResourceVersion in precondition: ${o.preconditions.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
    }
    const grace = graceSeconds(cur, o);
    const next = structuredClone(cur);
    // Orphan and Foreground hand the object to the garbage collector through a finalizer (k8s
    // BeforeDelete): it strips dependents' owner references, or deletes them, then removes it.
    const gcFinalizer = !cur.metadata.deletionTimestamp && o.propagationPolicy ? GC_FINALIZERS[o.propagationPolicy] : undefined;
    if (gcFinalizer && !next.metadata.finalizers?.includes(gcFinalizer)) {
      next.metadata.finalizers = [...(next.metadata.finalizers ?? []).filter((f) => !Object.values(GC_FINALIZERS).includes(f)), gcFinalizer];
    }
    const pending = hasFinalizers(next) || grace > 0;
    if (!pending) { deleted = cur; return cur; }
    const now = deps.now();
    const remaining = cur.metadata.deletionTimestamp ? Math.max(0, (Date.parse(cur.metadata.deletionTimestamp) - now.getTime()) / 1000) : Infinity;
    if (!cur.metadata.deletionTimestamp || grace < remaining) {
      next.metadata.deletionTimestamp = nowRfc3339(new Date(now.getTime() + grace * 1000));
      next.metadata.deletionGracePeriodSeconds = grace;
    }
    if (def.kind === 'Namespace') next.status = { ...(next.status as object), phase: 'Terminating' };
    return dryRun ? cur : next;
  });
  if (dryRun) return object;
  if (deleted) {
    const gone = await deps.objects.delete(def, object);
    if (!gone) return deleteObject(ctx, ns, name, o, dryRun); // changed meanwhile: decide again
    hookFor(deps.writeHooks, def)?.deleted(gone);
    return gone;
  }
  return finalizeIfDone(ctx, object);
}

/** kube-apiserver's NamespaceLifecycle admission keeps these forever. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

export async function handleDelete(ctx: RequestCtx): Promise<void> {
  if (ctx.info.subresource) throw badRequest(`subresource ${ctx.info.subresource} does not support delete`);
  if (ctx.def.kind === 'Namespace' && !ctx.def.group && IMMORTAL_NAMESPACES.has(ctx.info.name ?? '')) {
    throw forbidden(`namespaces "${ctx.info.name}" is forbidden: this namespace may not be deleted`, { group: '', resource: 'namespaces' }, ctx.info.name);
  }
  const o = await readDeleteOptions(ctx);
  const { dryRun } = writeOptions(ctx, o);
  const obj = await deleteObject(ctx, ctx.info.namespace, ctx.info.name as string, o, dryRun);
  reply(ctx, obj);
}

export async function handleDeleteCollection(ctx: RequestCtx): Promise<void> {
  const o = await readDeleteOptions(ctx);
  const { dryRun } = writeOptions(ctx, o);
  const { def, deps, info } = ctx;
  const list = await deps.objects.list(def, info.namespace, { filter: selectorFilter(def, ctx.query) });
  const items: KObject[] = [];
  for (const it of list.items) {
    try {
      items.push(await deleteObject(ctx, it.metadata.namespace, it.metadata.name as string, o, dryRun));
    } catch (e) {
      if ((e as { status?: { code?: number } }).status?.code !== 404) throw e;
    }
  }
  writeJson(ctx.res, 200, { ...list, items });
}
