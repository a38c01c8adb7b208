/**
 * PATCH in the four content types (notes §5): JSON patch, merge patch, strategic merge patch and
 * server-side apply (which creates a missing object). Patches to `scale` act on the Scale object.
 */
import { badRequest, unsupportedMediaType } from '../../api/errors.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, serverSideApply } from '../../api/patch/index.js';
import type { KObject } from '../../api/types/index.js';
import { mediaType, parseJson, parseYamlBody, readBody } from '../body.js';
import type { RequestCtx } from '../context.js';
import { apiVersionOf } from '../context.js';
import { writeJson } from '../respond.js';
import { createObject, requireNamespace } from './create.js';
import { asObject, reconcileNamespace } from './decode.js';
import { reply } from './read.js';
import { applyScale, readScale } from './scale.js';
import { checkPrecondition, updateFlow } from './update-flow.js';
import { checkUnknownFields, writeOptions } from './write-options.js';

type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+json': 'apply',
};

function patchTypeOf(ctx: RequestCtx): PatchType {
  const t = PATCH_TYPES[mediaType(ctx.req)];
  if (!t) throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_TYPES).join(', ')}`);
  // Custom resources have no Go struct to carry patch strategies, so upstream refuses SMP for them.
  if (t === 'strategic' && (ctx.def as { owner?: string }).owner) {
    throw unsupportedMediaType('strategic merge patch is not supported for custom resources; use a merge or JSON patch');
  }
  return t;
}

function patchObject(ctx: RequestCtx, type: Exclude<PatchType, 'apply'>, doc: KObject, patch: unknown, schema: string): KObject {
  let out: unknown;
  if (type === 'json') out = applyJsonPatch(doc, patch);
  else if (type === 'merge') out = applyMergePatch(doc, patch);
  else out = applyStrategicMergePatch(doc, patch, schema, ctx.deps.registry.schemas());
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw badRequest('the patch produced a value that is not an object');
  const o = out as KObject;
  if (!o.metadata || typeof o.metadata !== 'object') throw badRequest('metadata: Required value: the patch removed metadata');
  return o;
}

export async function handlePatch(ctx: RequestCtx): Promise<void> {
  const { info, def } = ctx;
  const type = patchTypeOf(ctx);
  const buf = await readBody(ctx.req);
  if (buf.length === 0) throw badRequest('the request body is empty');
  const patch = type === 'apply' ? parseYamlBody(buf) : parseJson(buf);
  const opts = writeOptions(ctx);
  if (info.subresource && info.subresource !== 'status' && info.subresource !== 'scale') {
    throw badRequest(`subresource ${info.subresource} does not support patch`);
  }
  if (type === 'apply') return handleApply(ctx, patch, opts);
  if (type !== 'json' && (patch === null || typeof patch !== 'object' || Array.isArray(patch))) {
    throw badRequest('the patch must be a JSON object');
  }

  if (info.subresource === 'scale') {
    const updated = await updateFlow(ctx, { dryRun: opts.dryRun, manager: opts.fieldManager }, (cur) => {
      const scale = patchObject(ctx, type === 'strategic' ? 'merge' : type, readScale(def, cur), patch, 'io.k8s.api.autoscaling.v1.Scale');
      checkPrecondition(ctx, scale, cur);
      return applyScale(def, cur, scale);
    });
    return writeJson(ctx.res, 200, readScale(def, updated));
  }
  const updated = await updateFlow(ctx, { dryRun: opts.dryRun, manager: opts.fieldManager }, (cur) => {
    const next = patchObject(ctx, type, cur, patch, def.schema);
    checkPrecondition(ctx, next, cur);
    reconcileName(ctx, next);
    checkUnknownFields(ctx, next, opts.fieldValidation);
    return next;
  });
  reply(ctx, updated);
}

function reconcileName(ctx: RequestCtx, o: KObject): void {
  if (o.metadata.name !== ctx.info.name) throw badRequest(`metadata.name: Invalid value: "${o.metadata.name}": field is immutable`);
  reconcileNamespace(ctx, o);
}

async function handleApply(ctx: RequestCtx, patch: unknown, opts: ReturnType<typeof writeOptions>): Promise<void> {
  const { info, def, deps } = ctx;
  if (!ctx.query.get('fieldManager')) {
    throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw badRequest('the apply patch must be an object');
  const applied = asObject(patch as Record<string, unknown>, { apiVersion: apiVersionOf(def), kind: def.kind });
  if (applied.metadata.name !== undefined && applied.metadata.name !== info.name) {
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${info.name})`);
  }
  applied.metadata.name = info.name;
  reconcileNamespace(ctx, applied);
  checkUnknownFields(ctx, applied, opts.fieldValidation);
  const force = ctx.query.get('force') === 'true';
  const ssa = (live: KObject | undefined) => serverSideApply({
    live, applied, manager: opts.fieldManager, force, apiVersion: apiVersionOf(def),
    subresource: info.subresource, rootSchema: def.schema, set: deps.registry.schemas(), now: deps.now(),
  });
  const existing = await deps.objects.tryGet(def, info.namespace, info.name as string);
  if (!existing && !info.subresource) {
    await requireNamespace(deps, info.namespace, true);
    const created = await createObject(ctx, ssa(undefined), undefined, opts.dryRun);
    return reply(ctx, created, 201);
  }
  const updated = await updateFlow(ctx, { dryRun: opts.dryRun }, (cur) => ssa(cur));
  reply(ctx, updated);
}
