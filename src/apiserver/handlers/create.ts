/** POST to a collection: decode, check, default, validate, record managers, store (or not, on dryRun). */
import { alreadyExists, forbidden, isStatusError, notFound } from '../../api/errors.js';
import { generateNameSuffix } from '../../api/meta.js';
import { prepareCreate } from '../../api/strategy.js';
import type { KObject } from '../../api/types/index.js';
import type { ApiDeps, RequestCtx } from '../context.js';
import { checkUnknownFields, writeOptions } from './write-options.js';
import { readObject, reconcileNamespace } from './decode.js';
import { admitQuota } from './admit-quota.js';
import { trackUpdate } from './managed.js';
import { reply } from './read.js';
import { hookFor } from '../write-hooks.js';

/** Writes into a missing namespace fail with 404; into a terminating one with 403 (k8s NamespaceLifecycle). */
export async function requireNamespace(deps: ApiDeps, ns: string | undefined, creating: boolean): Promise<void> {
  if (!ns) return;
  const obj = await deps.namespaces.get(ns);
  if (!obj) throw notFound({ group: '', resource: 'namespaces' }, ns);
  if (creating && obj.metadata.deletionTimestamp) {
    throw forbidden(`unable to create new content in namespace ${ns} because it is being terminated`);
  }
}

export async function handleCreate(ctx: RequestCtx): Promise<void> {
  const obj = await readObject(ctx);
  const opts = writeOptions(ctx);
  reconcileNamespace(ctx, obj);
  checkUnknownFields(ctx, obj, opts.fieldValidation);
  await requireNamespace(ctx.deps, obj.metadata.namespace, true);
  const created = await createObject(ctx, obj, opts.fieldManager, opts.dryRun);
  reply(ctx, created, 201);
}

/** Shared by POST and by server-side apply / PUT when they create. */
export async function createObject(ctx: RequestCtx, obj: KObject, manager: string | undefined, dryRun: boolean): Promise<KObject> {
  const generate = !obj.metadata.name && obj.metadata.generateName;
  for (let attempt = 0; ; attempt++) {
    const candidate = structuredClone(obj);
    if (generate) candidate.metadata.name = `${obj.metadata.generateName}${generateNameSuffix()}`;
    let prepared = prepareCreate(ctx.def, candidate, { now: ctx.deps.now() });
    if (manager) prepared = trackUpdate(ctx, undefined, prepared, manager);
    const held = hookFor(ctx.deps.writeHooks, ctx.def)?.admit(prepared, undefined);
    try {
      await admitQuota(ctx, prepared, dryRun);
      if (dryRun) {
        const existing = await ctx.deps.objects.tryGet(ctx.def, prepared.metadata.namespace, prepared.metadata.name ?? '');
        if (existing) throw alreadyExists({ group: ctx.def.group, resource: ctx.def.plural }, prepared.metadata.name ?? '');
        held?.revert();
        return prepared;
      }
      const created = await ctx.deps.objects.create(ctx.def, prepared);
      held?.commit();
      return created;
    } catch (e) {
      held?.revert();
      if (!generate || attempt >= 4 || !isStatusError(e) || e.status.reason !== 'AlreadyExists') throw e;
    }
  }
}
