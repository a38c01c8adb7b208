/**
 * Indexed completion mode (upstream `indexed_job_utils.go`): each pod carries its completion index
 * in the `batch.kubernetes.io/job-completion-index` annotation and label, gets hostname
 * `<job>-<index>` and the `JOB_COMPLETION_INDEX` variable; the Job completes once every index in
 * [0, completions) has a succeeded pod, listed in `status.completedIndexes` as ranges ("0-2,4").
 */
import type { Pod } from '../api/registry/core-types.js';
import { isActive } from './job-pod-control.js';

export const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

export function podIndex(p: Pod): number | undefined {
  const v = p.metadata.annotations?.[INDEX_KEY] ?? p.metadata.labels?.[INDEX_KEY];
  return v !== undefined && /^[0-9]+$/.test(v) ? Number(v) : undefined;
}

export function parseIndexes(s: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? '').split(',').filter(Boolean)) {
    const [a, b = a] = part.split('-').map(Number) as [number, number?];
    for (let i = a; i <= (b ?? a) && i < completions; i++) out.add(i);
  }
  return out;
}

export function formatIndexes(set: Set<number>): string {
  const xs = [...set].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    out.push(j > i ? `${xs[i]}-${xs[j]}` : `${xs[i]}`);
    i = j + 1;
  }
  return out.join(',');
}

export interface IndexedPlan { succeeded: Set<number>; create: number[]; remove: Pod[] }

/**
 * Which indexes still need a pod and which active pods are surplus (a duplicate of an index, an
 * index already done, or out of range). `want` is how many pods may be active.
 */
export function planIndexed(pods: Pod[], completions: number, previous: string | undefined, want: number): IndexedPlan {
  const succeeded = parseIndexes(previous, completions);
  for (const p of pods) {
    const i = podIndex(p);
    if (p.status?.phase === 'Succeeded' && i !== undefined && i < completions) succeeded.add(i);
  }
  const remove: Pod[] = [];
  const running = new Set<number>();
  for (const p of pods.filter(isActive)) {
    const i = podIndex(p);
    if (i === undefined || i >= completions || succeeded.has(i) || running.has(i)) remove.push(p);
    else running.add(i);
  }
  const create: number[] = [];
  for (let i = 0; i < completions && running.size + create.length < want; i++) {
    if (!succeeded.has(i) && !running.has(i)) create.push(i);
  }
  return { succeeded, create, remove };
}

/** Stamps the index on a new pod as upstream's `addCompletionIndexEnvVariables` & co. do. */
export function applyIndex(pod: Pod, jobName: string, index: number): void {
  const v = String(index);
  pod.metadata.annotations = { ...pod.metadata.annotations, [INDEX_KEY]: v };
  pod.metadata.labels = { ...pod.metadata.labels, [INDEX_KEY]: v };
  pod.spec.hostname ??= `${jobName}-${v}`;
  const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${INDEX_KEY}']` } } };
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    if (!c.env?.some((e) => e.name === env.name)) c.env = [...(c.env ?? []), structuredClone(env)];
  }
}
