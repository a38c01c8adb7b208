/**
 * The garbage collector's view of ownership (upstream's GraphBuilder, slimmed): every watched
 * object by uid with its ownerReferences, and for each owner uid the uids of its dependents —
 * also for owners never seen or already gone, which is how their dependents are found.
 *
 * `observe` applies one informer event and returns the work it makes necessary, as queue keys:
 * - `delete:<uid>` — re-check an object: its owners may be gone, or waiting for it to go
 *   (foreground), or it is itself waiting for its own dependents;
 * - `orphan:<uid>` — an owner being deleted with the `orphan` finalizer.
 * The graph is only a hint: every decision to delete is checked against the live API.
 */
import type { KObject, OwnerReference } from '../api/types/index.js';
import type { InformerEvent } from './informer.js';
import type { GcType } from './garbage-collector-discovery.js';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export interface GcNode {
  uid: string;
  type: GcType;
  namespace?: string;
  name: string;
  owners: OwnerReference[];
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
  finalizers: string[];
}

export const deleteKey = (uid: string) => `delete:${uid}`;
export const orphanKey = (uid: string) => `orphan:${uid}`;

/** Being deleted in the foreground: dependents go first, held by the `foregroundDeletion` finalizer. */
export const deletingDependents = (n: Pick<GcNode, 'deleting' | 'finalizers'>) => n.deleting && n.finalizers.includes(FOREGROUND);

export interface GcGraph {
  observe(type: GcType, e: InformerEvent<KObject>): string[];
  node(uid: string): GcNode | undefined;
  /** Observed objects that list `uid` among their owners. */
  dependents(uid: string): GcNode[];
  size(): number;
}

export function createGcGraph(): GcGraph {
  const nodes = new Map<string, GcNode>();
  const deps = new Map<string, Set<string>>();

  const link = (owner: string, dep: string) => {
    let s = deps.get(owner);
    if (!s) deps.set(owner, (s = new Set()));
    s.add(dep);
  };
  const unlink = (owner: string, dep: string) => {
    const s = deps.get(owner);
    if (s?.delete(dep) && !s.size) deps.delete(owner);
  };
  /** An owner waiting in the foreground must re-check once a dependent stops blocking it. */
  const ownerWaiting = (uid: string) => { const n = nodes.get(uid); return n !== undefined && deletingDependents(n); };

  function upsert(type: GcType, obj: KObject, out: Set<string>) {
    const m = obj.metadata;
    const uid = m.uid as string;
    const old = nodes.get(uid);
    const node: GcNode = {
      uid, type, namespace: m.namespace, name: m.name ?? '', owners: m.ownerReferences ?? [],
      deleting: Boolean(m.deletionTimestamp), finalizers: m.finalizers ?? [],
    };
    nodes.set(uid, node);
    for (const o of old?.owners ?? []) {
      const now = node.owners.find((x) => x.uid === o.uid);
      if (!now) unlink(o.uid, uid);
      if (o.blockOwnerDeletion && !now?.blockOwnerDeletion && ownerWaiting(o.uid)) out.add(deleteKey(o.uid));
    }
    for (const o of node.owners) {
      link(o.uid, uid);
      // an owner not (yet) observed may be gone; an owner deleting in the foreground waits for us
      const on = nodes.get(o.uid);
      if (!on || deletingDependents(on)) out.add(deleteKey(uid));
    }
    if (node.deleting && node.finalizers.includes(ORPHAN)) out.add(orphanKey(uid));
    if (deletingDependents(node)) {
      out.add(deleteKey(uid));
      for (const d of deps.get(uid) ?? []) out.add(deleteKey(d));
    }
  }

  function remove(obj: KObject, out: Set<string>) {
    const uid = obj.metadata.uid as string;
    const node = nodes.get(uid);
    if (!node) return;
    nodes.delete(uid);
    for (const o of node.owners) {
      unlink(o.uid, uid);
      if (ownerWaiting(o.uid)) out.add(deleteKey(o.uid));
    }
    for (const d of deps.get(uid) ?? []) out.add(deleteKey(d));
  }

  return {
    observe(type, e) {
      const out = new Set<string>();
      if (!e.obj.metadata.uid) return [];
      if (e.type === 'delete') remove(e.obj, out);
      else upsert(type, e.obj, out);
      return [...out];
    },
    node: (uid) => nodes.get(uid),
    dependents: (uid) => [...deps.get(uid) ?? []].map((d) => nodes.get(d)).filter((n): n is GcNode => n !== undefined),
    size: () => nodes.size,
  } satisfies GcGraph;
}
