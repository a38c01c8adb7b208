/**
 * One pass of node health monitoring for one node (upstream `monitorNodeHealth` for a single node
 * plus the tainting passes): a silent node's conditions go Unknown, its taints follow its
 * conditions, and the pods on a node that is not Ready are marked `Ready=False` (MarkPodsNotReady)
 * so Services stop sending them traffic while the taint manager waits out their tolerations.
 * Returns when to look again: health is judged against time, so every node is re-checked each period.
 */
import { nowRfc3339 } from '../api/meta.js';
import type { Pod } from '../api/registry/core-types.js';
import type { KObject } from '../api/types/index.js';
import type { KubeClient, ResourceRef } from '../client/index.js';
import type { Clock } from './clock.js';
import type { EventRecorder } from './deps.js';
import { staleConditions, type HealthTracker } from './node-lifecycle-health.js';
import { desiredTaints, readyCondition, type LifecycleNode, type NodeCondition } from './node-lifecycle-taints.js';

export const NODES: ResourceRef = { group: '', version: 'v1', plural: 'nodes' };
export const NODE_LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: 'kube-node-lease' };
const pods = (namespace: string | undefined): ResourceRef => ({ group: '', version: 'v1', plural: 'pods', namespace });

export interface NodeLease extends KObject { spec?: { renewTime?: string; leaseDurationSeconds?: number; holderIdentity?: string } }

export interface NodeMonitorOptions {
  /** Silence after which a node that has reported before goes Unknown (upstream nodeMonitorGracePeriod). */
  gracePeriodMs: number;
  /** Silence allowed to a node that never posted a Ready condition (upstream nodeStartupGracePeriod). */
  startupGracePeriodMs: number;
  /** How often each node is re-checked (upstream nodeMonitorPeriod). */
  monitorPeriodMs: number;
}

export interface NodeMonitorDeps {
  client: Pick<KubeClient, 'update' | 'updateStatus'>;
  node(name: string): LifecycleNode | undefined;
  lease(name: string): NodeLease | undefined;
  podsOnNode(name: string): Pod[];
  recorder: EventRecorder;
  clock: Pick<Clock, 'now'>;
  health: HealthTracker;
}

export function createNodeMonitor(d: NodeMonitorDeps, o: NodeMonitorOptions): (name: string) => Promise<number | undefined> {
  return async (name) => {
    const cached = d.node(name);
    if (!cached) { d.health.forget(name); return undefined; }
    const now = d.clock.now();
    const nowIso = nowRfc3339(new Date(now));
    const ready = readyCondition(cached);
    const silence = d.health.silenceMs(name, d.lease(name)?.spec?.renewTime, ready?.lastHeartbeatTime, now);
    let node = cached;

    if (silence > (ready ? o.gracePeriodMs : o.startupGracePeriodMs)) {
      const conditions = staleConditions(node, nowIso);
      if (conditions) {
        const next = structuredClone(node);
        next.status = { ...next.status, conditions };
        node = await d.client.updateStatus<LifecycleNode>(NODES, next);
        if (ready?.status === 'True') d.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      }
    }

    const taints = desiredTaints(node, nowIso);
    if (taints) {
      const next = structuredClone(node);
      next.spec = { ...next.spec, taints };
      if (!taints.length) delete next.spec.taints;
      node = await d.client.update<LifecycleNode>(NODES, next);
    }

    const status = readyCondition(node)?.status;
    if (status === 'False' || status === 'Unknown') await markPodsNotReady(d, name, nowIso);
    return o.monitorPeriodMs;
  };
}

/** upstream `MarkPodsNotReady`: flips the Ready condition of every pod still claiming Ready on this node. */
async function markPodsNotReady(d: NodeMonitorDeps, nodeName: string, nowIso: string): Promise<void> {
  for (const pod of d.podsOnNode(nodeName)) {
    if (pod.spec.nodeName !== nodeName) continue;
    const cond = pod.status?.conditions?.find((c) => c.type === 'Ready') as NodeCondition | undefined;
    if (cond?.status !== 'True') continue;
    const next = structuredClone(pod);
    const c = next.status!.conditions!.find((x) => x.type === 'Ready') as NodeCondition;
    c.status = 'False';
    c.lastTransitionTime = nowIso;
    await d.client.updateStatus(pods(pod.metadata.namespace), next);
    d.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
}
