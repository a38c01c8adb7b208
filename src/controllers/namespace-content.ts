/**
 * Deletes everything in one namespace, one resource type at a time (in parallel), then counts
 * what is left: objects still present (often held by finalizers or grace periods) and which
 * finalizers hold them. Deletion uses Background propagation so owners go at once and the
 * garbage collector removes dependents (upstream namespace deleter does the same).
 */
import type { KObject } from '../api/types/index.js';
import { isNotFound, resourcePath, type KubeClient } from '../client/index.js';
import type { ContentType } from './namespace-discovery.js';

export interface ContentState {
  /** Type name (`configmaps`, `deployments.apps`) → objects that remain. */
  remaining: Map<string, number>;
  /** Finalizer → number of remaining objects that carry it. */
  finalizers: Map<string, number>;
  /** `type: message` for each type whose deletion or listing failed. */
  failures: string[];
}

/** Types handled at once: quick on a local server without flooding it (upstream goes one by one). */
const PARALLEL = 8;
const BACKGROUND = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } as const;

async function deleteAll(client: Pick<KubeClient, 'raw' | 'list' | 'delete'>, t: ContentType, ns: string, signal?: AbortSignal): Promise<KObject[]> {
  const ref = { ...t.ref, namespace: ns };
  if (t.deleteCollection) {
    await client.raw('DELETE', resourcePath(ref), BACKGROUND, undefined, { signal });
  } else {
    for (const it of (await client.list(ref, { signal })).items) {
      await client.delete(ref, it.metadata.name as string, { propagationPolicy: 'Background', signal })
        .catch((e: unknown) => { if (!isNotFound(e)) throw e; });
    }
  }
  // re-list: deletion of objects with finalizers or grace periods only marks them
  return (await client.list(ref, { signal })).items;
}

export async function deleteNamespaceContent(
  client: Pick<KubeClient, 'raw' | 'list' | 'delete'>, ns: string, types: ContentType[], signal?: AbortSignal,
): Promise<ContentState> {
  const results: Array<PromiseSettledResult<KObject[]>> = [];
  for (let i = 0; i < types.length; i += PARALLEL) {
    results.push(...await Promise.allSettled(types.slice(i, i + PARALLEL).map((t) => deleteAll(client, t, ns, signal))));
  }
  const state: ContentState = { remaining: new Map(), finalizers: new Map(), failures: [] };
  results.forEach((r, i) => {
    const t = types[i]!;
    if (r.status === 'rejected') {
      // a type that vanished (CRD deleted meanwhile) holds no content
      if (!isNotFound(r.reason)) state.failures.push(`${t.name}: ${(r.reason as Error)?.message ?? String(r.reason)}`);
      return;
    }
    if (!r.value.length) return;
    state.remaining.set(t.name, r.value.length);
    for (const it of r.value) for (const f of it.metadata.finalizers ?? []) state.finalizers.set(f, (state.finalizers.get(f) ?? 0) + 1);
  });
  return state;
}
