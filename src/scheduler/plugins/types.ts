/**
 * The plugin shapes (upstream's Filter and Score extension points, reduced to functions). A pod's
 * own data is prepared once per attempt (`PodCtx`), so running a plugin on a node costs a few
 * comparisons against that node's precomputed `NodeInfo`.
 */
import type { Pod, Toleration } from '../../api/registry/core-types.js';
import type { NodeInfo } from '../node-info.js';
import type { PodInfo } from '../pod-info.js';

export interface NodeSelectorRequirement { key: string; operator: string; values?: string[] }
export interface NodeSelectorTerm { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }
export interface PreferredTerm { weight: number; preference: NodeSelectorTerm }

export interface PodCtx {
  pod: Pod;
  info: PodInfo;
  tolerations: Toleration[];
  nodeSelector?: Record<string, string>;
  /** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, if set. */
  required?: NodeSelectorTerm[];
  preferred: PreferredTerm[];
}

/** Upstream plugin names, for logs. */
export interface Filter {
  name: string;
  /** The reasons the pod does not fit (as kube-scheduler words them), or null when it fits. */
  filter(p: PodCtx, n: NodeInfo): readonly string[] | null;
}

export interface Scorer {
  name: string;
  weight: number;
  /** A raw score; 0–100 unless `normalize` says how to map it there across the scored nodes. */
  score(p: PodCtx, n: NodeInfo): number;
  /** `max`: scaled so the highest raw score is 100; `reverse`: 100 minus that (fewer is better). */
  normalize?: 'max' | 'reverse';
}

/** Builds the per-attempt pod context. */
export function podCtx(pod: Pod, info: PodInfo): PodCtx {
  const affinity = (pod.spec.affinity as { nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredTerm[];
  } } | undefined)?.nodeAffinity;
  const req = affinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    pod, info,
    tolerations: pod.spec.tolerations ?? [],
    nodeSelector: pod.spec.nodeSelector && Object.keys(pod.spec.nodeSelector).length ? pod.spec.nodeSelector : undefined,
    required: req ? req.nodeSelectorTerms ?? [] : undefined,
    preferred: affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
  };
}
