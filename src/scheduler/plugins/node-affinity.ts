/**
 * NodeAffinity: spec.nodeSelector and the required node affinity terms filter (terms are ORed,
 * the requirements inside one term ANDed; an empty term matches nothing); preferred terms add
 * their weight to the score. Covers `kubernetes.io/os` and every other node label.
 */
import type { NodeInfo } from '../node-info.js';
import type { Filter, NodeSelectorRequirement, NodeSelectorTerm, PodCtx, Scorer } from './types.js';

const REASON = ["node(s) didn't match Pod's node affinity/selector"] as const;
const INT = /^[+-]?\d+$/;

/** One requirement against a label (or field) map, with the API's six operators. */
export function matchRequirement(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return has && values.includes(v!);
    case 'NotIn': return !has || !values.includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': case 'Lt': {
      if (!has || values.length !== 1 || !INT.test(v!) || !INT.test(values[0]!)) return false;
      const [a, b] = [BigInt(v!), BigInt(values[0]!)];
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

export function matchTerm(t: NodeSelectorTerm, n: NodeInfo): boolean {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  if (!exprs.every((r) => matchRequirement(r, n.labels))) return false;
  return fields.every((r) => r.key === 'metadata.name' && matchRequirement(r, { 'metadata.name': n.name }));
}

export const nodeAffinity: Filter = {
  name: 'NodeAffinity',
  filter(p: PodCtx, n: NodeInfo) {
    if (p.nodeSelector) {
      for (const [k, v] of Object.entries(p.nodeSelector)) if (n.labels[k] !== v) return REASON;
    }
    if (p.required && !p.required.some((t) => matchTerm(t, n))) return REASON;
    return null;
  },
};

export const nodeAffinityScore: Scorer = {
  name: 'NodeAffinity',
  weight: 2,
  normalize: 'max',
  score(p: PodCtx, n: NodeInfo) {
    let sum = 0;
    for (const t of p.preferred) if (t.weight && matchTerm(t.preference, n)) sum += t.weight;
    return sum;
  },
};
