/**
 * Writes pod status to the API server only when it changed (upstream `status.Manager`): the new
 * status is compared with what the pod shows (and with what this agent last wrote, in case the
 * server normalised something); a change is a strategic merge patch of `pods/<name>/status`
 * carrying the pod's uid, so a pod recreated under the same name is never given another's status.
 * Strategic merge keeps fields and conditions others own; fields this agent dropped from one of its
 * conditions are sent as null, and podIPs/hostIPs are replaced when they change.
 */
import type { Pod } from '../../api/registry/core-types.js';
import { isNotFound, resourcePath, type KubeClient } from '../../client/index.js';
import type { ApiPodStatus } from './status.js';

const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };
const OWNED = ['phase', 'conditions', 'hostIP', 'hostIPs', 'podIP', 'podIPs', 'startTime', 'qosClass', 'initContainerStatuses', 'containerStatuses'] as const;
const OUR_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** JSON with sorted object keys, for comparisons that ignore key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

type Cond = { type: string; [k: string]: unknown };

/** The part of a stored status this agent owns, in the shape it writes. */
function owned(status: Record<string, unknown> | undefined, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of OWNED) if (status?.[k] !== undefined) out[k] = status[k];
  if (Array.isArray(out.conditions)) {
    out.conditions = (out.conditions as Cond[]).filter((c) => OUR_CONDITIONS.has(c.type))
      .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  }
  return out;
}

function patchBody(pod: Pod, next: ApiPodStatus): Record<string, unknown> {
  const old = (pod.status ?? {}) as Record<string, unknown>;
  const oldConds = (old.conditions ?? []) as Cond[];
  const conditions = next.conditions.map((c) => {
    const prev = oldConds.find((o) => o.type === c.type);
    const nulls = Object.fromEntries(['reason', 'message'].filter((k) => prev?.[k] !== undefined && !(k in c)).map((k) => [k, null]));
    return { ...c, ...nulls };
  });
  const body: Record<string, unknown> = { ...next, conditions };
  for (const k of ['podIPs', 'hostIPs'] as const) {
    const list = next[k];
    if (list && old[k] !== undefined && canonical(old[k]) !== canonical(list)) body[k] = [{ $patch: 'replace' }, ...list];
  }
  return body;
}

export interface StatusWriter {
  /** Patches the pod's status if it differs; resolves true when a write happened. */
  write(pod: Pod, next: ApiPodStatus, signal?: AbortSignal): Promise<boolean>;
  forget(uid: string): void;
}

export function createStatusWriter(client: Pick<KubeClient, 'raw'>): StatusWriter {
  const lastWritten = new Map<string, string>();
  return {
    async write(pod, next, signal) {
      const uid = pod.metadata.uid ?? '';
      const want = canonical(owned(next as unknown as Record<string, unknown>, next.conditions.map((c) => c.type)));
      const have = canonical(owned(pod.status as Record<string, unknown> | undefined, next.conditions.map((c) => c.type)));
      if (want === have || lastWritten.get(uid) === want) return false;
      const path = resourcePath({ group: '', version: 'v1', plural: 'pods', namespace: pod.metadata.namespace }, pod.metadata.name, 'status');
      try {
        await client.raw('PATCH', path, { metadata: { uid }, status: patchBody(pod, next) }, STRATEGIC, { signal });
      } catch (e) {
        if (isNotFound(e)) return false; // deleted meanwhile: the next sync tears it down
        throw e;
      }
      lastWritten.set(uid, want);
      return true;
    },
    forget(uid) { lastWritten.delete(uid); },
  };
}
