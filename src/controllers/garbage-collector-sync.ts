/**
 * What the garbage collector does for one queue key (upstream `attemptToDeleteItem`,
 * `processDeletingDependentsItem` and `attemptToOrphan`). The graph says where to look; every
 * write is decided on objects just read from the API and made with a precondition (uid on
 * delete, resourceVersion on patch), so a stale graph can cost a retry but never a wrong delete.
 *
 * - An object whose owners are all gone is deleted (an owner counts as gone when a live GET by
 *   name finds nothing or an object with another uid). With some owners left, references to the
 *   gone ones — and to owners waiting in the foreground — are removed instead.
 * - An owner being deleted in the foreground (`foregroundDeletion` finalizer) has its dependents
 *   deleted; once none with `blockOwnerDeletion` remains, the finalizer is removed.
 * - An owner being deleted with the `orphan` finalizer has its reference removed from every
 *   dependent, then the finalizer.
 * Not done (upstream does): detecting foreground cycles, and events for invalid owner namespaces.
 */
import type { Logger } from 'pino';
import type { KObject, OwnerReference } from '../api/types/index.js';
import { isConflict, isNotFound, type KubeClient } from '../client/index.js';
import type { GcDiscovery, GcType } from './garbage-collector-discovery.js';
import { deletingDependents, FOREGROUND, ORPHAN, type GcGraph, type GcNode } from './garbage-collector-graph.js';

export interface GcSyncDeps {
  client: Pick<KubeClient, 'get' | 'patch' | 'delete'>;
  graph: GcGraph;
  discovery: () => GcDiscovery | undefined;
  /** Queues another key (a dependent to delete) without waiting for it. */
  enqueue: (key: string) => void;
  log: Logger;
}

type Owner = { ref: OwnerReference; state: 'solid' | 'dangling' | 'waiting' };

/** Owners known to be gone, by uid (uids are never reused, so this never goes stale). */
const ABSENT_CACHE = 1000;

export function createGcSync(d: GcSyncDeps): (key: string, signal: AbortSignal) => Promise<void> {
  const absent = new Set<string>();
  const markAbsent = (uid: string) => {
    absent.add(uid);
    if (absent.size > ABSENT_CACHE) absent.delete(absent.values().next().value as string);
  };
  const refOf = (t: GcType, ns?: string) => ({ ...t.ref, namespace: t.namespaced ? ns : undefined });

  /** The live object behind a node, or undefined when it is gone or replaced (another uid). */
  async function live(n: Pick<GcNode, 'type' | 'namespace' | 'name' | 'uid'>, signal: AbortSignal): Promise<KObject | undefined> {
    try {
      const o = await d.client.get(refOf(n.type, n.namespace), n.name, { signal });
      return o.metadata.uid === n.uid ? o : undefined;
    } catch (e) { if (isNotFound(e)) return undefined; throw e; }
  }

  async function classify(item: KObject, ref: OwnerReference, signal: AbortSignal): Promise<Owner> {
    if (absent.has(ref.uid)) return { ref, state: 'dangling' };
    const t = d.discovery()?.resolve(ref.apiVersion, ref.kind);
    // unknown kinds may be CRDs not served yet: retry later rather than guess
    if (!t) throw new Error(`cannot resolve owner kind ${ref.kind} (${ref.apiVersion})`);
    // a namespaced owner cannot own a cluster-scoped object: upstream treats the reference as dangling
    if (t.namespaced && !item.metadata.namespace) return { ref, state: 'dangling' };
    const owner = await live({ type: t, namespace: item.metadata.namespace, name: ref.name, uid: ref.uid }, signal);
    if (!owner) { markAbsent(ref.uid); return { ref, state: 'dangling' }; }
    const waiting = deletingDependents({ deleting: Boolean(owner.metadata.deletionTimestamp), finalizers: owner.metadata.finalizers ?? [] });
    return { ref, state: waiting ? 'waiting' : 'solid' };
  }

  async function patchMeta(n: GcNode, rv: string | undefined, meta: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    try {
      await d.client.patch(refOf(n.type, n.namespace), n.name, 'merge', { metadata: { resourceVersion: rv, ...meta } }, { signal });
    } catch (e) { if (!isNotFound(e)) throw e; }
  }

  async function removeFinalizer(n: GcNode, obj: KObject, f: string, signal: AbortSignal): Promise<void> {
    const rest = (obj.metadata.finalizers ?? []).filter((x) => x !== f);
    d.log.debug({ object: n.name, finalizer: f }, 'removing finalizer');
    await patchMeta(n, obj.metadata.resourceVersion, { finalizers: rest.length ? rest : null }, signal);
  }

  async function deleteObject(n: GcNode, policy: 'Background' | 'Foreground' | 'Orphan', signal: AbortSignal): Promise<void> {
    d.log.info({ kind: n.type.kind, namespace: n.namespace, name: n.name, policy }, 'deleting object whose owners are gone');
    try {
      await d.client.delete(refOf(n.type, n.namespace), n.name, { propagationPolicy: policy, preconditions: { uid: n.uid }, signal });
    } catch (e) { if (!isNotFound(e) && !isConflict(e)) throw e; } // gone or replaced meanwhile: nothing to do
  }

  /** Foreground: delete dependents; release the owner once none blocks it. */
  async function deletingDependentsItem(n: GcNode, obj: KObject, signal: AbortSignal): Promise<void> {
    const blocking = d.graph.dependents(n.uid).filter((x) => x.owners.some((o) => o.uid === n.uid && o.blockOwnerDeletion));
    if (!blocking.length) return removeFinalizer(n, obj, FOREGROUND, signal);
    for (const dep of d.graph.dependents(n.uid)) if (!deletingDependents(dep)) d.enqueue(`delete:${dep.uid}`);
  }

  async function attemptToDelete(uid: string, signal: AbortSignal): Promise<void> {
    const n = d.graph.node(uid);
    if (!n) return;
    // quick answer from the graph: every owner is there (where it may be) and none waits for us
    const settled = n.owners.every((o) => {
      const on = d.graph.node(o.uid);
      return on && (!on.type.namespaced || on.namespace === n.namespace) && !deletingDependents(on);
    });
    if ((settled || n.deleting) && !deletingDependents(n)) return;
    const item = await live(n, signal);
    if (!item) return;
    const fin = item.metadata.finalizers ?? [];
    if (item.metadata.deletionTimestamp) {
      if (fin.includes(FOREGROUND)) await deletingDependentsItem(n, item, signal);
      return;
    }
    const refs = item.metadata.ownerReferences ?? [];
    if (!refs.length) return;
    const owners: Owner[] = [];
    for (const r of refs) owners.push(await classify(item, r, signal));
    const solid = owners.filter((o) => o.state === 'solid');
    const gone = owners.filter((o) => o.state !== 'solid').map((o) => o.ref.uid);
    if (solid.length) {
      if (!gone.length) return;
      const keep = refs.filter((r) => !gone.includes(r.uid));
      d.log.debug({ object: item.metadata.name, removed: gone }, 'removing references to owners that are gone or deleting');
      return patchMeta(n, item.metadata.resourceVersion, { ownerReferences: keep }, signal);
    }
    // an owner waits for us and we have dependents of our own: they go first (foreground)
    if (owners.some((o) => o.state === 'waiting') && d.graph.dependents(uid).length) return deleteObject(n, 'Foreground', signal);
    const policy = fin.includes(ORPHAN) ? 'Orphan' : fin.includes(FOREGROUND) ? 'Foreground' : 'Background';
    return deleteObject(n, policy, signal);
  }

  async function attemptToOrphan(uid: string, signal: AbortSignal): Promise<void> {
    const n = d.graph.node(uid);
    if (!n) return;
    const owner = await live(n, signal);
    if (!owner?.metadata.deletionTimestamp || !owner.metadata.finalizers?.includes(ORPHAN)) return;
    for (const dep of d.graph.dependents(uid)) {
      const obj = await live(dep, signal);
      const refs = obj?.metadata.ownerReferences ?? [];
      if (!obj || !refs.some((r) => r.uid === uid)) continue;
      const keep = refs.filter((r) => r.uid !== uid);
      await patchMeta(dep, obj.metadata.resourceVersion, { ownerReferences: keep.length ? keep : null }, signal);
    }
    await removeFinalizer(n, owner, ORPHAN, signal);
  }

  return async (key, signal) => {
    const i = key.indexOf(':');
    const verb = key.slice(0, i);
    const uid = key.slice(i + 1);
    if (verb === 'orphan') await attemptToOrphan(uid, signal);
    else await attemptToDelete(uid, signal);
  };
}
