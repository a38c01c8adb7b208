/**
 * Which nodes a DaemonSet runs on (upstream `daemon_controller.go` `NodeShouldRunDaemonPod` and
 * `util/daemonset_util.go`): the template's nodeName / nodeSelector / required node affinity must
 * match, and every NoSchedule/NoExecute taint must be tolerated by the template's tolerations plus
 * the ones every daemon pod gets (not-ready/unreachable NoExecute, disk/memory/pid-pressure and
 * unschedulable NoSchedule, network-unavailable with hostNetwork). Node readiness does not matter.
 * A pod already on a node whose only untolerated taints are NoSchedule keeps running.
 * Daemon pods are pinned by required node affinity `metadata.name In [node]` (the default
 * scheduler places them), replacing the template's node affinity terms as upstream does.
 */
import type { Node, Pod, PodSpec, Taint, Toleration } from '../api/registry/core-types.js';

export const NODES = { group: '', version: 'v1', plural: 'nodes' } as const;

export interface NodeSelectorRequirement { key: string; operator: string; values?: string[] }
export interface NodeSelectorTerm { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }
interface NodeAffinity { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] }; [k: string]: unknown }
interface Affinity { nodeAffinity?: NodeAffinity; [k: string]: unknown }

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const vs = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && vs.includes(value);
    case 'NotIn': return value === undefined || !vs.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt': case 'Lt': {
      const a = Number(value), b = Number(vs[0]);
      if (value === undefined || !/^-?[0-9]+$/.test(value) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** Terms are ORed, requirements within a term ANDed; an empty term matches nothing. */
export function nodeMatchesTerms(node: Node, terms: NodeSelectorTerm[]): boolean {
  const labels = node.metadata.labels ?? {};
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (!exprs.length && !fields.length) return false;
    return exprs.every((r) => requirementMatches(r, labels[r.key]))
      && fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined));
  });
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.key) return false; // an empty key is only valid with Exists
  return (t.value ?? '') === (taint.value ?? '');
}

const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The template's tolerations plus the daemon ones it lacks (upstream `AddOrUpdateDaemonPodTolerations`). */
export function daemonTolerations(spec: PodSpec | undefined): Toleration[] {
  const out = [...(spec?.tolerations ?? [])];
  const extra = spec?.hostNetwork ? [...DAEMON_TOLERATIONS, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : DAEMON_TOLERATIONS;
  for (const t of extra) if (!out.some((o) => o.key === t.key && o.effect === t.effect)) out.push({ ...t });
  return out;
}

export interface Eligibility { shouldRun: boolean; shouldContinueRunning: boolean }

export function nodeEligibility(node: Node, spec: PodSpec | undefined): Eligibility {
  const no = { shouldRun: false, shouldContinueRunning: false };
  if (spec?.nodeName && spec.nodeName !== node.metadata.name) return no;
  const labels = node.metadata.labels ?? {};
  if (Object.entries(spec?.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return no;
  const terms = (spec?.affinity as Affinity | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !nodeMatchesTerms(node, terms)) return no;
  const tols = daemonTolerations(spec);
  const untolerated = (node.spec?.taints ?? []).filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tols.some((x) => tolerates(x, t)));
  if (!untolerated.length) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: !untolerated.some((t) => t.effect === 'NoExecute') };
}

/** The node a daemon pod is for: its nodeName, else its `metadata.name In [x]` affinity (upstream `GetTargetNodeName`). */
export function targetNode(p: Pod): string | undefined {
  if (p.spec.nodeName) return p.spec.nodeName;
  const terms = (p.spec.affinity as Affinity | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const f = terms?.length === 1 ? terms[0]!.matchFields : undefined;
  const r = f?.length === 1 ? f[0]! : undefined;
  return r?.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1 ? r.values[0] : undefined;
}

/** Pins a daemon pod's spec to one node (upstream `ReplaceDaemonSetPodNodeNameNodeAffinity`). */
export function pinToNode(spec: PodSpec, node: string): void {
  const affinity = (spec.affinity ?? {}) as Affinity;
  const na = (affinity.nodeAffinity ??= {});
  na.requiredDuringSchedulingIgnoredDuringExecution = {
    ...na.requiredDuringSchedulingIgnoredDuringExecution,
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
  };
  spec.affinity = affinity;
  spec.tolerations = daemonTolerations(spec);
}
