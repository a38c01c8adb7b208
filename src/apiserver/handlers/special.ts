/** Subresources with their own semantics: pods/binding, pods/eviction, namespaces/finalize. */
import { badRequest, conflict, tooManyRequests } from '../../api/errors.js';
import { nowRfc3339 } from '../../api/meta.js';
import { labelSelectorFromObject, matchLabels } from '../../api/selectors/index.js';
import type { KObject } from '../../api/types/index.js';
import type { RequestCtx } from '../context.js';
import { groupResource } from '../context.js';
import { writeJson } from '../respond.js';
import { readObject } from './decode.js';
import { deleteObject, type DeleteOptions } from './delete.js';
import { reply } from './read.js';
import { finalizeIfDone } from './update-flow.js';
import { handleTokenRequest, type TokenSigner } from '../sa-auth.js';

const success = (code = 201) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });

export async function handleSpecialSubresource(ctx: RequestCtx, signer?: TokenSigner): Promise<void> {
  const { info } = ctx;
  if (info.resource === 'serviceaccounts' && info.subresource === 'token' && info.verb === 'create' && signer) return handleTokenRequest(ctx, signer);
  if (info.resource === 'pods' && info.subresource === 'binding' && info.verb === 'create') return bind(ctx);
  if (info.resource === 'pods' && info.subresource === 'eviction' && info.verb === 'create') return evict(ctx);
  if (info.resource === 'namespaces' && info.subresource === 'finalize' && info.verb === 'update') return finalizeNamespace(ctx);
  throw badRequest(`${info.resource}/${info.subresource} does not support ${info.verb}`);
}

async function bind(ctx: RequestCtx): Promise<void> {
  const binding = await readObject(ctx, { apiVersion: 'v1', kind: 'Binding' });
  const target = binding.target as { kind?: string; name?: string } | undefined;
  if (!target?.name) throw badRequest('target.name: Required value');
  if (target.kind && target.kind !== 'Node') throw badRequest(`target.kind: Unsupported value: "${target.kind}": supported values: "Node"`);
  const name = info(ctx);
  await ctx.deps.objects.update(ctx.def, ctx.info.namespace, name, (pod) => {
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (pod.metadata.deletionTimestamp) throw conflict(groupResource(ctx.def), name, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw conflict(groupResource(ctx.def), name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = target.name;
    pod.spec = spec;
    const status = (pod.status ?? {}) as { conditions?: Array<Record<string, unknown>> };
    const conds = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowRfc3339(ctx.deps.now()) });
    pod.status = { ...status, conditions: conds };
    return pod;
  });
  writeJson(ctx.res, 201, success());
}

const info = (ctx: RequestCtx) => ctx.info.name as string;

/** Eviction honours PodDisruptionBudgets: 429 when none is allowed, else the budget is spent and the pod deleted. */
async function evict(ctx: RequestCtx): Promise<void> {
  const ev = await readObject(ctx, { apiVersion: 'policy/v1', kind: 'Eviction' });
  const name = info(ctx);
  const pod = await ctx.deps.objects.get(ctx.def, ctx.info.namespace, name);
  const pdbDef = ctx.deps.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (pdbDef && phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp) {
    const pdbs = (await ctx.deps.objects.list(pdbDef, ctx.info.namespace)).items.filter((p) => {
      const sel = (p.spec as { selector?: Parameters<typeof labelSelectorFromObject>[0] } | undefined)?.selector;
      return sel && matchLabels(labelSelectorFromObject(sel), pod.metadata.labels);
    });
    if (pdbs.length > 1) throw badRequest('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = pdbs[0];
    if (pdb) await spendDisruption(ctx, pdb, name);
  }
  const opts = (ev.deleteOptions ?? {}) as DeleteOptions;
  await deleteObject(ctx, ctx.info.namespace, name, opts, Array.isArray(opts.dryRun) && opts.dryRun.length > 0);
  writeJson(ctx.res, 201, success());
}

/**
 * Spends one disruption and records the pod in `status.disruptedPods`, so the disruption controller
 * does not count it healthy again before its deletion shows (upstream's eviction REST handler).
 */
async function spendDisruption(ctx: RequestCtx, pdb: KObject, podName: string): Promise<void> {
  const pdbDef = ctx.deps.registry.lookup('policy', 'v1', 'poddisruptionbudgets')!;
  await ctx.deps.objects.update(pdbDef, pdb.metadata.namespace, pdb.metadata.name as string, (cur) => {
    const status = (cur.status ?? {}) as { disruptionsAllowed?: number; observedGeneration?: number; disruptedPods?: Record<string, string> };
    if ((status.observedGeneration ?? 0) < (cur.metadata.generation ?? 1) || (status.disruptionsAllowed ?? 0) <= 0) {
      throw tooManyRequests(`Cannot evict pod as it would violate the pod's disruption budget.`, 10);
    }
    const disruptedPods = { ...status.disruptedPods, [podName]: nowRfc3339(ctx.deps.now()) };
    cur.status = { ...status, disruptionsAllowed: (status.disruptionsAllowed ?? 0) - 1, disruptedPods };
    return cur;
  });
}

async function finalizeNamespace(ctx: RequestCtx): Promise<void> {
  const ns = await readObject(ctx, { apiVersion: 'v1', kind: 'Namespace' });
  const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers) ?? [];
  const { object } = await ctx.deps.objects.update(ctx.def, undefined, info(ctx), (cur) => {
    cur.spec = { ...(cur.spec as object), finalizers };
    return cur;
  });
  reply(ctx, await finalizeIfDone(ctx, object));
}
