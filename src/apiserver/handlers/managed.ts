/** Managed-fields bookkeeping for ordinary (non-apply) writes, in one place for every write path. */
import { recordUpdate } from '../../api/patch/index.js';
import type { KObject } from '../../api/types/index.js';
import type { RequestCtx } from '../context.js';
import { apiVersionOf } from '../context.js';

export function trackUpdate(ctx: RequestCtx, old: KObject | undefined, updated: KObject, manager: string): KObject {
  return recordUpdate({
    old, updated, manager,
    apiVersion: apiVersionOf(ctx.def),
    subresource: ctx.info.subresource,
    rootSchema: ctx.def.schema,
    set: ctx.deps.registry.schemas(),
    now: ctx.deps.now(),
  });
}
