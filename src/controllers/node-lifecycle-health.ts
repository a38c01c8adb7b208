/**
 * Node health as upstream's `tryUpdateNodeHealth` judges it. A node is alive while either of its
 * heartbeats changes: the Lease in `kube-node-lease` (renewTime) or the Ready condition's
 * lastHeartbeatTime. Changes are stamped with the controller's own clock when it sees them, never
 * with the timestamps inside the objects: edge nodes' clocks drift, and a control plane that
 * restarts gives every node a fresh grace period instead of evicting on stale data.
 */
import type { NodeCondition, LifecycleNode } from './node-lifecycle-taints.js';

/** What the last heartbeat looked like and when (controller clock) it last changed. */
interface Probe { at: number; lease?: string; heartbeat?: string }

export interface HealthTracker {
  /** Records the current heartbeats; returns ms since the node last showed a sign of life. */
  silenceMs(name: string, leaseRenewTime: string | undefined, readyHeartbeat: string | undefined, now: number): number;
  forget(name: string): void;
}

export function createHealthTracker(): HealthTracker {
  const probes = new Map<string, Probe>();
  return {
    silenceMs(name, lease, heartbeat, now) {
      const p = probes.get(name);
      if (!p || p.lease !== lease || p.heartbeat !== heartbeat) {
        probes.set(name, { at: now, lease, heartbeat });
        return 0;
      }
      return now - p.at;
    },
    forget: (name) => { probes.delete(name); },
  };
}

const CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * The conditions of a node whose kubelet went silent: each one Unknown with reason
 * `NodeStatusUnknown` ("Kubelet stopped posting node status."), and missing ones added as
 * `NodeStatusNeverUpdated`. Undefined when they already say so.
 */
export function staleConditions(n: LifecycleNode, nowIso: string): NodeCondition[] | undefined {
  const conds = structuredClone(n.status?.conditions ?? []);
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({
        type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.',
        lastHeartbeatTime: n.metadata.creationTimestamp ?? nowIso, lastTransitionTime: nowIso,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowIso });
      changed = true;
    }
  }
  return changed ? conds : undefined;
}
