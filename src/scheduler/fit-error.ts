/**
 * The message of an unschedulable pod, worded as kube-scheduler's FitError.Error():
 * `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.`
 * — "<count> <reason>" per distinct reason, sorted as strings (Go's sort.Strings), joined by ", ".
 * Kite does not preempt, so upstream's " preemption: …" suffix is not added.
 */

/** Counts of each reason over all nodes (a node may contribute several, e.g. cpu and memory). */
export type Diagnosis = Map<string, number>;

export function addReasons(d: Diagnosis, reasons: readonly string[]): void {
  for (const r of reasons) d.set(r, (d.get(r) ?? 0) + 1);
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  const parts = [...d].map(([reason, n]) => `${n} ${reason}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `0/${numAllNodes} nodes are available:${parts.length ? ` ${parts.join(', ')}.` : ''}`;
}

/** Upstream's ErrNoNodesAvailable, a scheduler error rather than an unschedulable verdict. */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';
