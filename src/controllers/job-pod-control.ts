/**
 * Pod helpers shared by the Job, DaemonSet and StatefulSet controllers (a stand-in for the shared
 * `pod-control.ts` that is being written beside it; swap the imports over once it lands):
 * - `podFromTemplate` — a pod from a workload's template with a controller ownerReference;
 * - pod state predicates as upstream's `podutil` defines them;
 * - `createPendingPods` — client-go's "expectations" as an overlay: pods this controller created
 *   or deleted that its informer has not reported yet, so a reconcile that runs on a stale cache
 *   (e.g. woken by its own status write) neither creates a second batch nor re-counts deletions.
 */
import type { Pod, PodTemplateSpec } from '../api/registry/core-types.js';
import type { KObject, OwnerReference } from '../api/types/index.js';
import type { InformerEvent } from './informer.js';

export const PODS = { group: '', version: 'v1', plural: 'pods' } as const;

/** A controller ownerReference to `owner` (garbage collection and adoption key off it). */
export const controllerRef = (owner: KObject, apiVersion: string, kind: string): OwnerReference => ({
  apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true,
});

/** The controlling ownerReference of `obj`, if it is of `kind`. */
export const controllerOf = (obj: KObject, kind: string): OwnerReference | undefined =>
  obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === kind);

export const isControlledBy = (obj: KObject, owner: KObject): boolean =>
  !!owner.metadata.uid && obj.metadata.ownerReferences?.some((r) => r.controller && r.uid === owner.metadata.uid) === true;

/** Template labels, annotations and finalizers become the pod's; the spec is copied as is. */
export function podFromTemplate(t: PodTemplateSpec | undefined, owner: KObject, ref: OwnerReference, name: { name?: string; generateName?: string }): Pod {
  const tm = t?.metadata ?? {};
  const meta: KObject['metadata'] = { ...name, namespace: owner.metadata.namespace, ownerReferences: [ref] };
  if (tm.labels) meta.labels = { ...tm.labels };
  if (tm.annotations) meta.annotations = { ...tm.annotations };
  if (tm.finalizers) meta.finalizers = [...tm.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: structuredClone(t?.spec ?? { containers: [] }) };
}

const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);
export const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
export const isTerminating = (p: Pod): boolean => !!p.metadata.deletionTimestamp;
/** Counts toward a controller's replicas: neither finished nor being deleted. */
export const isActive = (p: Pod): boolean => !isTerminal(p) && !isTerminating(p);
export const isReady = (p: Pod): boolean => condition(p, 'Ready')?.status === 'True';
export const isRunningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isReady(p);

/** Ready for at least `minReadySeconds` (by the Ready condition's lastTransitionTime). */
export function isAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const c = condition(p, 'Ready') as { status: string; lastTransitionTime?: string } | undefined;
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

/** ms until a ready pod becomes available, if it is not yet (for requeueing). */
export function untilAvailable(p: Pod, minReadySeconds: number, now: number): number | undefined {
  const c = condition(p, 'Ready') as { status: string; lastTransitionTime?: string } | undefined;
  if (c?.status !== 'True' || !minReadySeconds || !c.lastTransitionTime) return undefined;
  const left = Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 - now;
  return left > 0 ? left : undefined;
}

export interface PendingPods {
  created(owner: string, pod: Pod): void;
  deleted(owner: string, pod: Pod): void;
  /** Feed every pod informer event here; it settles what the cache now shows. */
  observe(e: InformerEvent<Pod>): void;
  /** The cached pods of `owner` plus its unobserved creations, minus its unobserved deletions. */
  view(owner: string, cached: Pod[]): Pod[];
}

/** `ttlMs` bounds how long an unobserved write is trusted (upstream's expectations timeout: 5 min). */
export function createPendingPods(now: () => number, ttlMs = 5 * 60_000): PendingPods {
  const adds = new Map<string, Map<string, { pod: Pod; at: number }>>();
  const dels = new Map<string, Map<string, number>>();
  const byUid = new Map<string, string>(); // uid → owner key
  const bucket = <V>(m: Map<string, Map<string, V>>, k: string) => { let b = m.get(k); if (!b) m.set(k, (b = new Map())); return b; };
  const forget = (uid: string, fromDeletes: boolean) => {
    const owner = byUid.get(uid);
    if (owner === undefined) return;
    adds.get(owner)?.delete(uid);
    if (fromDeletes) dels.get(owner)?.delete(uid);
    if (!adds.get(owner)?.has(uid) && !dels.get(owner)?.has(uid)) byUid.delete(uid);
  };
  return {
    created(owner, pod) {
      const uid = pod.metadata.uid;
      if (!uid) return;
      bucket(adds, owner).set(uid, { pod, at: now() });
      byUid.set(uid, owner);
    },
    deleted(owner, pod) {
      const uid = pod.metadata.uid;
      if (!uid) return;
      bucket(dels, owner).set(uid, now());
      byUid.set(uid, owner);
    },
    observe(e) {
      const uid = e.obj.metadata.uid;
      if (uid) forget(uid, e.type === 'delete');
    },
    view(owner, cached) {
      const t = now();
      const a = adds.get(owner);
      const d = dels.get(owner);
      for (const [uid, v] of a ?? []) if (t - v.at > ttlMs) { a!.delete(uid); forget(uid, false); }
      for (const [uid, at] of d ?? []) if (t - at > ttlMs) { d!.delete(uid); forget(uid, true); }
      const seen = new Set(cached.map((p) => p.metadata.uid));
      // The watch may report a write before its HTTP response arrives: settle such entries here.
      for (const uid of a?.keys() ?? []) if (seen.has(uid)) forget(uid, false);
      for (const uid of d?.keys() ?? []) if (!seen.has(uid)) forget(uid, true);
      const out = cached.filter((p) => !d?.has(p.metadata.uid ?? ''));
      for (const [uid, v] of a ?? []) if (!seen.has(uid)) out.push(v.pod);
      if (a && !a.size) adds.delete(owner);
      if (d && !d.size) dels.delete(owner);
      return out;
    },
  };
}

export interface OwnedPods {
  observe(e: InformerEvent<Pod>): void;
  /** Pods whose controller ownerReference names `ownerUid`, read from the informer cache. */
  list(ownerUid: string | undefined, get: (key: string) => Pod | undefined): Pod[];
}

/** An owner-uid → pod-key index, so a reconcile does not scan every pod in the cluster. */
export function createOwnedPods(kind: string): OwnedPods {
  const index = new Map<string, Set<string>>();
  const keyOf = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
  const remove = (p: Pod) => {
    const uid = controllerOf(p, kind)?.uid;
    const set = uid ? index.get(uid) : undefined;
    set?.delete(keyOf(p));
    if (uid && set && !set.size) index.delete(uid);
  };
  return {
    observe(e) {
      if (e.type !== 'add') remove(e.type === 'update' ? e.old : e.obj);
      const uid = e.type === 'delete' ? undefined : controllerOf(e.obj, kind)?.uid;
      if (uid) { let s = index.get(uid); if (!s) index.set(uid, (s = new Set())); s.add(keyOf(e.obj)); }
    },
    list(ownerUid, get) {
      const out: Pod[] = [];
      for (const k of (ownerUid && index.get(ownerUid)) || []) { const p = get(k); if (p) out.push(p); }
      return out;
    },
  };
}
