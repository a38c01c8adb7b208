/**
 * Adoption and release of dependents by selector (upstream `ControllerRefManager.ClaimObject`),
 * generic over the dependent kind: the ReplicaSet controller claims pods, the Deployment
 * controller claims ReplicaSets. An orphan that matches is adopted (a controller ownerReference is
 * added); an owned object that no longer matches is released (its reference removed). Both are
 * strategic-merge patches that carry the dependent's uid, so they cannot land on a namesake.
 */
import type { KObject, OwnerReference } from '../api/types/index.js';
import { ApiError, isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import { controllerOf } from './replicaset-types.js';

export interface ClaimOptions<T extends KObject> {
  client: Pick<KubeClient, 'patch'>;
  /** The owner as cached; `ownerRef` is the controller reference to set on adopted objects. */
  owner: KObject;
  ownerRef: OwnerReference;
  /** Where the dependents live (namespaced ref), for the patches. */
  ref: ResourceRef;
  matches: (o: T) => boolean;
  /** Re-reads the owner before the first adoption: a stale cache must not adopt for a deleted owner. */
  recheckOwner: () => Promise<KObject>;
  signal?: AbortSignal;
}

/** Upstream `RecheckDeletionTimestamp`: throws unless the fresh owner is the same, live object. */
export async function canAdopt(o: { recheckOwner: () => Promise<KObject>; owner: KObject }): Promise<void> {
  const fresh = await o.recheckOwner();
  const { kind = 'owner', name } = { kind: o.owner.kind, name: o.owner.metadata.name };
  if (fresh.metadata.uid !== o.owner.metadata.uid) {
    throw new Error(`original ${kind} ${name} is gone: got uid ${fresh.metadata.uid}, wanted ${o.owner.metadata.uid}`);
  }
  if (fresh.metadata.deletionTimestamp) throw new Error(`${kind} ${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
}

/**
 * Returns the objects the owner controls after adopting and releasing. Failures other than the
 * object being gone (or, for release, already released: 422) are collected and thrown after all
 * objects were tried, so the caller re-queues.
 */
export async function claimObjects<T extends KObject>(o: ClaimOptions<T>, objs: T[]): Promise<T[]> {
  const owned: T[] = [];
  const errors: Error[] = [];
  let adoptable: Promise<void> | undefined;
  const ownerDeleting = Boolean(o.owner.metadata.deletionTimestamp);
  const patch = (obj: T, refs: unknown[]) => o.client.patch<T>({ ...o.ref, namespace: obj.metadata.namespace }, obj.metadata.name ?? '', 'strategic',
    { metadata: { ownerReferences: refs, uid: obj.metadata.uid } }, { signal: o.signal });

  for (const obj of objs) {
    const ref = controllerOf(obj);
    try {
      if (ref) {
        if (ref.uid !== o.owner.metadata.uid) continue; // someone else's
        if (o.matches(obj)) { owned.push(obj); continue; }
        if (ownerDeleting) continue;
        await patch(obj, [{ $patch: 'delete', uid: o.owner.metadata.uid }]);
        continue;
      }
      if (ownerDeleting || !o.matches(obj) || obj.metadata.deletionTimestamp) continue;
      if (obj.metadata.namespace !== o.owner.metadata.namespace) continue;
      adoptable ??= canAdopt(o);
      await adoptable;
      owned.push(await patch(obj, [o.ownerRef]));
    } catch (e) {
      // gone, or (release) no longer ours: nothing to do
      if (isNotFound(e) || (ref && e instanceof ApiError && e.code === 422)) continue;
      errors.push(e as Error);
    }
  }
  if (errors.length) throw new AggregateError(errors, errors.map((e) => e.message).join('; '));
  return owned;
}
