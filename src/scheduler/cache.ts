/**
 * The scheduler's view of the cluster (upstream's scheduler cache): one NodeInfo per node, fed by
 * the node and pod informers, plus *assumed* pods — pods the scheduler has decided to place and is
 * binding, counted on their node at once so that the next decisions, made before the binding's
 * watch event arrives, do not over-commit the same node. The watch event confirms an assumed pod;
 * a failed binding forgets it.
 */
import type { Node, Pod } from '../api/registry/core-types.js';
import { addPod, newNodeInfo, removePod, setNode, type NodeInfo } from './node-info.js';
import { podInfo, type PodInfo } from './pod-info.js';

export interface SchedulerCache {
  setNode(node: Node): void;
  removeNode(name: string): void;
  /** A pod bound to a node (spec.nodeName set) as the informer reports it; confirms an assumed pod. */
  setPod(pod: Pod): void;
  removePod(key: string): void;
  assume(p: PodInfo, nodeName: string): void;
  /** Undoes `assume` (binding failed); a pod the informer has confirmed meanwhile is kept. */
  forget(key: string): void;
  isAssumed(key: string): boolean;
  /** Bound or assumed. */
  hasPod(key: string): boolean;
  /** Nodes that exist, in a stable order (changes only when nodes come and go). */
  nodes(): readonly NodeInfo[];
}

interface Entry { info: NodeInfo; exists: boolean; index: number }

export function createSchedulerCache(): SchedulerCache {
  const byName = new Map<string, Entry>();
  const list: NodeInfo[] = [];
  const pods = new Map<string, { info: PodInfo; assumed: boolean }>();

  const entry = (name: string): Entry => {
    let e = byName.get(name);
    if (!e) {
      // pods can arrive before their node: keep their sums on a node that does not exist yet
      e = { info: newNodeInfo({ metadata: { name } }), exists: false, index: -1 };
      byName.set(name, e);
    }
    return e;
  };

  const place = (info: PodInfo, assumed: boolean) => {
    const old = pods.get(info.key);
    if (old) drop(info.key);
    pods.set(info.key, { info, assumed });
    addPod(entry(info.nodeName).info, info);
  };

  const drop = (key: string) => {
    const old = pods.get(key);
    if (!old) return;
    pods.delete(key);
    const e = byName.get(old.info.nodeName);
    if (!e) return;
    removePod(e.info, key);
    if (!e.exists && e.info.pods.size === 0) byName.delete(old.info.nodeName);
  };

  return {
    setNode(node) {
      const e = entry(node.metadata.name ?? '');
      setNode(e.info, node);
      if (!e.exists) {
        e.exists = true;
        e.index = list.length;
        list.push(e.info);
      }
    },
    removeNode(name) {
      const e = byName.get(name);
      if (!e?.exists) return;
      // swap-remove keeps the list dense without shifting 1,000 entries
      const last = list.pop()!;
      if (last !== e.info) {
        list[e.index] = last;
        byName.get(last.name)!.index = e.index;
      }
      e.exists = false;
      e.index = -1;
      if (e.info.pods.size === 0) byName.delete(name);
    },
    setPod(pod) { place(podInfo(pod), false); },
    removePod: drop,
    assume(p, nodeName) { place({ ...p, nodeName }, true); },
    forget(key) { if (pods.get(key)?.assumed) drop(key); },
    isAssumed: (key) => pods.get(key)?.assumed === true,
    hasPod: (key) => pods.has(key),
    nodes: () => list,
  } satisfies SchedulerCache;
}
