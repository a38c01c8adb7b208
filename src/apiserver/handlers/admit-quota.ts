/**
 * ResourceQuota admission's I/O: read the namespace's quotas, let the pure check decide, and charge
 * each quota with a compare-and-swap that re-checks against its current usage (two racing creates
 * cannot both fit). If the object's own write then fails, usage stays high until the quota controller
 * recounts, as upstream.
 */
import type { KObject } from '../../api/types/index.js';
import { checkQuota, quotaForbidden } from '../admission/index.js';
import type { RequestCtx } from '../context.js';

export async function admitQuota(ctx: RequestCtx, obj: KObject, dryRun: boolean): Promise<void> {
  const ns = obj.metadata.namespace;
  const quotaDef = ctx.deps.registry.lookup('', 'v1', 'resourcequotas');
  if (!ns || !quotaDef) return;
  const quotas = (await ctx.deps.objects.list(quotaDef, ns)).items;
  if (!quotas.length) return;
  const resource = { group: ctx.def.group, plural: ctx.def.plural };
  const now = ctx.deps.now().getTime();
  const r = checkQuota(quotas, obj, resource, now);
  if (!r.allowed) throw quotaForbidden(resource, obj.metadata.name ?? '', r.message);
  if (dryRun) return;
  for (const q of r.charged) {
    await ctx.deps.objects.update(quotaDef, ns, q.metadata.name as string, (cur) => {
      const again = checkQuota([cur], obj, resource, now);
      if (!again.allowed) throw quotaForbidden(resource, obj.metadata.name ?? '', again.message);
      return again.charged[0] ?? cur;
    });
  }
}
