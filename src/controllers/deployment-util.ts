/**
 * Deployment arithmetic and ReplicaSet bookkeeping (upstream `deployment/util/deployment_util.go`):
 * maxSurge/maxUnavailable resolution, replica sums, the orderings the rollout relies on, and the
 * revision / desired-replicas / max-replicas annotations on ReplicaSets.
 */
import type { DeploymentObj, ReplicaSetObj } from './replicaset-types.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';
/** Upstream `MaxRevHistoryLengthInChars`. */
const MAX_REV_HISTORY_CHARS = 2000;
/** Deployment annotations that are not copied onto its ReplicaSets (upstream `annotationsToSkip`). */
const SKIP_COPY = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);

export const replicasOf = (o: { spec: { replicas?: number } } | undefined): number => o?.spec.replicas ?? 0;
export const isRollingUpdate = (d: DeploymentObj): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** Upstream `GetScaledValueFromIntOrPercent`. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** Upstream `ResolveFenceposts`: surge rounds up, unavailable down; both zero becomes 0/1. */
export function resolveFenceposts(d: DeploymentObj): { surge: number; unavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const desired = replicasOf(d);
  const surge = scaledValue(ru.maxSurge ?? '25%', desired, true);
  const unavailable = scaledValue(ru.maxUnavailable ?? '25%', desired, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

export const maxSurge = (d: DeploymentObj): number => (isRollingUpdate(d) ? resolveFenceposts(d).surge : 0);

export function maxUnavailable(d: DeploymentObj): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, replicasOf(d));
}

type MaybeRS = ReplicaSetObj | undefined;
const sum = (rss: MaybeRS[], f: (rs: ReplicaSetObj) => number | undefined) => rss.reduce((n, rs) => n + (rs ? f(rs) ?? 0 : 0), 0);
export const specReplicasSum = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.spec.replicas);
export const actualReplicasSum = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.status?.replicas);
export const readyReplicasSum = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.status?.readyReplicas);
export const availableReplicasSum = (rss: MaybeRS[]): number => sum(rss, (rs) => rs.status?.availableReplicas);
export const filterActive = (rss: MaybeRS[]): ReplicaSetObj[] => rss.filter((rs): rs is ReplicaSetObj => !!rs && replicasOf(rs) > 0);

const created = (rs: ReplicaSetObj) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;
/** Upstream `ReplicaSetsByCreationTimestamp`: oldest first, ties by name. */
export const byCreation = (a: ReplicaSetObj, b: ReplicaSetObj): number =>
  created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
/** Larger first; equal sizes newer first (scaling up) or older first (scaling down). */
export const bySizeNewer = (a: ReplicaSetObj, b: ReplicaSetObj): number => replicasOf(b) - replicasOf(a) || byCreation(b, a);
export const bySizeOlder = (a: ReplicaSetObj, b: ReplicaSetObj): number => replicasOf(b) - replicasOf(a) || byCreation(a, b);

/** The revision annotation, or undefined when missing or not a number. */
export function revisionOf(o: { metadata: { annotations?: Record<string, string> } } | undefined): number | undefined {
  const v = o?.metadata.annotations?.[REVISION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
export const byRevision = (a: ReplicaSetObj, b: ReplicaSetObj): number => (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreation(a, b);
export const maxRevision = (rss: ReplicaSetObj[]): number => Math.max(0, ...rss.map((rs) => revisionOf(rs) ?? 0));

/** Sets desired-replicas and max-replicas; true when either changed. */
export function setReplicasAnnotations(rs: ReplicaSetObj, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  const changed = a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
  a[DESIRED_REPLICAS] = String(desired);
  a[MAX_REPLICAS] = String(max);
  return changed;
}
export const replicasAnnotationsNeedUpdate = (rs: ReplicaSetObj, desired: number, max: number): boolean =>
  rs.metadata.annotations?.[DESIRED_REPLICAS] !== String(desired) || rs.metadata.annotations?.[MAX_REPLICAS] !== String(max);

/**
 * Upstream `SetNewReplicaSetAnnotations`: copies the Deployment's own annotations, raises the
 * revision (remembering the one it replaces in revision-history, capped at 2000 characters) and,
 * for a set being created, the replicas annotations. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObj, rs: ReplicaSetObj, newRevision: number, exists: boolean): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldRevision = a[REVISION];
  const oldNum = oldRevision === undefined ? 0 : /^\d+$/.test(oldRevision) ? Number(oldRevision) : undefined;
  if (oldNum === undefined) return false; // a set with a garbled revision is left as it is
  if (oldNum < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision) {
      const history = a[REVISION_HISTORY] ? a[REVISION_HISTORY].split(',') : [];
      let total = (a[REVISION_HISTORY]?.length ?? 0) + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_REV_HISTORY_CHARS && start < history.length) total -= history[start++]!.length + 1;
      if (total <= MAX_REV_HISTORY_CHARS) a[REVISION_HISTORY] = [...history.slice(start), oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}
