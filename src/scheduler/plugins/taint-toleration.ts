/**
 * TaintToleration: NoSchedule and NoExecute taints must each be tolerated; PreferNoSchedule
 * taints only lower the score (fewer untolerated ones score higher).
 */
import type { Taint, Toleration } from '../../api/registry/core-types.js';
import type { NodeInfo } from '../node-info.js';
import type { Filter, PodCtx, Scorer } from './types.js';

/** Upstream's ToleratesTaint: empty effect/key are wildcards; Exists ignores the value. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

const hard = (effect: string) => effect === 'NoSchedule' || effect === 'NoExecute';

export const taintToleration: Filter = {
  name: 'TaintToleration',
  filter(p: PodCtx, n: NodeInfo) {
    for (const taint of n.taints) {
      if (!hard(taint.effect)) continue;
      if (!p.tolerations.some((t) => tolerates(t, taint))) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
    }
    return null;
  },
};

export const taintTolerationScore: Scorer = {
  name: 'TaintToleration',
  weight: 3,
  normalize: 'reverse',
  score(p: PodCtx, n: NodeInfo) {
    let count = 0;
    for (const taint of n.taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      // only tolerations that could apply to PreferNoSchedule count, as upstream
      if (!p.tolerations.some((t) => (!t.effect || t.effect === 'PreferNoSchedule') && tolerates(t, taint))) count++;
    }
    return count;
  },
};
