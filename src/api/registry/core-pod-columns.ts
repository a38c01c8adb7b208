/**
 * `kubectl get pods` columns, following kubectl's printPod (pkg/printers/internalversion/printers.go):
 * the Status cell walks init containers, then containers from last to first, so the first
 * container's reason wins; deletion turns it into Terminating (or Unknown on an unreachable node).
 */
import { age, ageColumn, col, nameColumn } from './columns.js';
import type { Column } from './types.js';
import type { Container, ContainerStatus, Pod } from './core-types.js';

interface Summary { ready: number; total: number; reason: string; restarts: number; lastRestart?: string }

const later = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : Date.parse(b) > Date.parse(a) ? b : a);
const sidecar = (c: Container | undefined) => c?.restartPolicy === 'Always';
const isTrue = (pod: Pod, type: string) => (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** Reason for a terminated container without a reason: `Signal:9` or `ExitCode:1`. */
const exitReason = (t: { exitCode: number; signal?: number }, prefix = '') => (t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`);

/** Walks init containers; returns true while the pod is still initializing (reason set in `s`). */
function initStatus(pod: Pod, s: Summary, sidecarRestarts: { n: number; last?: string }): boolean {
  const specs = new Map((pod.spec?.initContainers ?? []).map((c) => [c.name, c]));
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < statuses.length; i++) {
    const c = statuses[i]!;
    s.restarts += c.restartCount ?? 0;
    s.lastRestart = later(s.lastRestart, c.lastState?.terminated?.finishedAt);
    if (sidecar(specs.get(c.name))) {
      sidecarRestarts.n += c.restartCount ?? 0;
      sidecarRestarts.last = later(sidecarRestarts.last, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated, wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar(specs.get(c.name)) && c.started) { if (c.ready) s.ready++; continue; }
    if (term) s.reason = term.reason ? `Init:${term.reason}` : exitReason(term, 'Init:');
    else if (wait?.reason && wait.reason !== 'PodInitializing') s.reason = `Init:${wait.reason}`;
    else s.reason = `Init:${i}/${pod.spec?.initContainers?.length ?? 0}`;
    return true;
  }
  return false;
}

function containerStatus(pod: Pod, s: Summary, statuses: ContainerStatus[]): void {
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i]!;
    s.restarts += c.restartCount ?? 0;
    s.lastRestart = later(s.lastRestart, c.lastState?.terminated?.finishedAt);
    const wait = c.state?.waiting, term = c.state?.terminated;
    if (wait?.reason) s.reason = wait.reason;
    else if (term?.reason) s.reason = term.reason;
    else if (term) s.reason = exitReason(term);
    else if (c.ready && c.state?.running) { hasRunning = true; s.ready++; }
  }
  // A pod whose main container completed but a sidecar still runs is not "Completed".
  if (s.reason === 'Completed' && hasRunning) s.reason = isTrue(pod, 'Ready') ? 'Running' : 'NotReady';
}

function summarize(pod: Pod): Summary {
  const initSpecs = pod.spec?.initContainers ?? [];
  const s: Summary = {
    ready: 0, restarts: 0,
    total: (pod.spec?.containers?.length ?? 0) + initSpecs.filter(sidecar).length,
    reason: pod.status?.reason || pod.status?.phase || '',
  };
  if ((pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) s.reason = 'SchedulingGated';
  const sidecarRestarts = { n: 0, last: undefined as string | undefined };
  const initializing = initStatus(pod, s, sidecarRestarts);
  if (!initializing || isTrue(pod, 'Initialized')) {
    s.restarts = sidecarRestarts.n;
    s.lastRestart = sidecarRestarts.last;
    containerStatus(pod, s, pod.status?.containerStatuses ?? []);
  }
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') s.reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) s.reason = 'Terminating';
  return s;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (!gates.length) return '<none>';
  const conds = pod.status?.conditions ?? [];
  const ok = gates.filter((g) => conds.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${ok}/${gates.length}`;
}

export const podColumns: Column<Pod>[] = [
  nameColumn,
  col('Ready', (p) => { const s = summarize(p); return `${s.ready}/${s.total}`; }, { description: 'The aggregate readiness state of this pod for accepting traffic.' }),
  col('Status', (p) => summarize(p).reason, { description: 'The aggregate status of the containers in this pod.' }),
  col('Restarts', (p, now) => {
    const s = summarize(p);
    return s.restarts && s.lastRestart ? `${s.restarts} (${age(s.lastRestart, now)} ago)` : String(s.restarts);
  }, { description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.' }),
  ageColumn,
  col('IP', (p) => p.status?.podIPs?.[0]?.ip || p.status?.podIP || '<none>', { priority: 1, description: 'podIP address allocated to the pod. Routable at least within the cluster.' }),
  col('Node', (p) => p.spec?.nodeName || '<none>', { priority: 1, description: 'NodeName indicates in which node this pod is scheduled.' }),
  col('Nominated Node', (p) => p.status?.nominatedNodeName || '<none>', { priority: 1, description: 'nominatedNodeName is set when this pod preempts other pods on the node, but it cannot be scheduled right away.' }),
  col('Readiness Gates', readinessGates, { priority: 1, description: 'If specified, all readiness gates will be evaluated for pod readiness.' }),
];
