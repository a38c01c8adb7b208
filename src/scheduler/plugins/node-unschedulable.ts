/** NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate it. */
import type { NodeInfo } from '../node-info.js';
import { tolerates } from './taint-toleration.js';
import type { Filter, PodCtx } from './types.js';

const REASON = ['node(s) were unschedulable'] as const;
const CORDON_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export const nodeUnschedulable: Filter = {
  name: 'NodeUnschedulable',
  filter(p: PodCtx, n: NodeInfo) {
    if (!n.unschedulable) return null;
    return p.tolerations.some((t) => tolerates(t, CORDON_TAINT)) ? null : REASON;
  },
};
