/**
 * Spreading of a controller's pods (upstream's SelectorSpread, reduced to the owner): a node with
 * fewer pods of the same controller scores higher, so a Deployment's replicas land on different
 * nodes. Pods without a controller score the same everywhere.
 */
import type { NodeInfo } from '../node-info.js';
import type { PodCtx, Scorer } from './types.js';

export const controllerSpread: Scorer = {
  name: 'SelectorSpread',
  weight: 2,
  normalize: 'reverse',
  score(p: PodCtx, n: NodeInfo) {
    return p.info.ownerUid ? n.owners.get(p.info.ownerUid) ?? 0 : 0;
  },
};
