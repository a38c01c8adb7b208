/**
 * Bringing a ReplicaSet's pod count to spec.replicas (upstream `manageReplicas`). Creations go in
 * slow-start batches of 1, 2, 4, … so a template the API refuses costs one failed call, not
 * hundreds; deletions pick pods by `podsToDelete`'s ranking and run in parallel. Expectations are
 * raised before any write so the informer's lag cannot trigger a second round of the same writes.
 */
import type { KubeClient } from '../client/index.js';
import type { EventRecorder } from './deps.js';
import { createPodFromTemplate, deletePod, isNamespaceTerminating } from './pod-control.js';
import type { Expectations } from './replicaset-expectations.js';
import { podsToDelete } from './replicaset-rank.js';
import { controllerRef, type Pod, type ReplicaSetObj } from './replicaset-types.js';

/** Upstream `BurstReplicas`: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/**
 * Runs `fn` `count` times in batches that double from `initial`; stops after the first batch with
 * a failure. Returns the number of successful calls and the first error (upstream `slowStartBatch`).
 */
export async function slowStartBatch(count: number, initial: number, fn: () => Promise<void>): Promise<{ ok: number; err?: Error }> {
  let remaining = count;
  let ok = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    ok += batch - failed.length;
    if (failed.length) return { ok, err: failed[0]!.reason as Error };
    remaining -= batch;
  }
  return { ok };
}

export interface ManageDeps {
  client: Pick<KubeClient, 'create' | 'delete'>;
  recorder: EventRecorder;
  expectations: Expectations;
}

export const podKey = (p: Pod): string => `${p.metadata.namespace}/${p.metadata.name}`;

/** Creates or deletes pods so `pods` (the set's active pods) reaches spec.replicas. */
export async function manageReplicas(d: ManageDeps, key: string, rs: ReplicaSetObj, pods: Pod[], related: Pod[], signal?: AbortSignal): Promise<void> {
  const diff = pods.length - (rs.spec.replicas ?? 0);
  const ns = rs.metadata.namespace ?? '';
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    const template = rs.spec.template;
    if (!template) throw new Error('ReplicaSet has no pod template');
    d.expectations.expectCreations(key, n);
    const ref = controllerRef(rs, 'apps/v1', 'ReplicaSet');
    const { ok, err } = await slowStartBatch(n, 1, async () => {
      try {
        await createPodFromTemplate(d.client, template, rs, ns, { controllerRef: ref, recorder: d.recorder, signal });
      } catch (e) {
        // the namespace is going away; its deletion will remove this set too (upstream)
        if (!isNamespaceTerminating(e)) throw e;
      }
    });
    // creates never attempted (or failed) will never be observed
    for (let i = ok; i < n; i++) d.expectations.creationObserved(key);
    if (err) throw err;
  } else if (diff > 0) {
    const victims = podsToDelete(pods, related, Math.min(diff, BURST_REPLICAS));
    d.expectations.expectDeletions(key, victims.map(podKey));
    const results = await Promise.allSettled(victims.map(async (p) => {
      try {
        if (await deletePod(d.client, p, rs, { recorder: d.recorder, signal })) return;
      } catch (e) {
        // the informer will not see this deletion
        d.expectations.deletionObserved(key, podKey(p));
        throw e;
      }
      d.expectations.deletionObserved(key, podKey(p)); // already gone
    }));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason as Error;
  }
}
