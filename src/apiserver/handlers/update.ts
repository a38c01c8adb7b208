/** PUT of an object, its status, or its scale. */
import { badRequest, notFound } from '../../api/errors.js';
import type { RequestCtx } from '../context.js';
import { groupResource } from '../context.js';
import { readObject, reconcileNamespace } from './decode.js';
import { reply } from './read.js';
import { applyScale, readScale } from './scale.js';
import { checkPrecondition, updateFlow } from './update-flow.js';
import { checkUnknownFields, writeOptions } from './write-options.js';
import { writeJson } from '../respond.js';

export async function handleUpdate(ctx: RequestCtx): Promise<void> {
  const { info, def } = ctx;
  if (info.subresource === 'scale') {
    const scale = await readObject(ctx, { apiVersion: 'autoscaling/v1', kind: 'Scale' });
    const opts = writeOptions(ctx);
    const updated = await updateFlow(ctx, { dryRun: opts.dryRun, manager: opts.fieldManager }, (cur) => {
      checkPrecondition(ctx, scale, cur);
      return applyScale(def, cur, scale);
    });
    return writeJson(ctx.res, 200, readScale(def, updated));
  }
  if (info.subresource && info.subresource !== 'status') throw badRequest(`subresource ${info.subresource} does not support update`);
  const obj = await readObject(ctx);
  const opts = writeOptions(ctx);
  if (obj.metadata.name !== undefined && obj.metadata.name !== info.name) {
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${info.name})`);
  }
  obj.metadata.name = info.name;
  reconcileNamespace(ctx, obj);
  checkUnknownFields(ctx, obj, opts.fieldValidation);
  const exists = await ctx.deps.objects.tryGet(def, info.namespace, info.name as string);
  if (!exists) throw notFound(groupResource(def), info.name as string);
  const updated = await updateFlow(ctx, { dryRun: opts.dryRun, manager: opts.fieldManager }, (cur) => {
    checkPrecondition(ctx, obj, cur);
    return obj;
  });
  reply(ctx, updated);
}
