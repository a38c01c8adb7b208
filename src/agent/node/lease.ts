/**
 * The node's heartbeat Lease in `kube-node-lease` (the node lifecycle controller watches its
 * renewTime). Renewal is a merge patch of the spec; a missing Lease (first start, or deleted by
 * someone) is created, owned by the Node so deleting the Node removes it (the sim's builder).
 */
import { isNotFound, type KubeClient, type ResourceRef } from '../../client/index.js';
import { NODE_LEASE_NAMESPACE, nodeLease } from '../sim/node-object.js';

export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', namespace: NODE_LEASE_NAMESPACE };

export async function renewNodeLease(
  client: Pick<KubeClient, 'patch' | 'create'>,
  o: { name: string; nodeUid?: string; durationSeconds: number; now: number },
  signal: AbortSignal,
): Promise<void> {
  const lease = nodeLease(o.name, o.nodeUid, o.durationSeconds, o.now);
  try {
    await client.patch(LEASES, o.name, 'merge', { spec: lease.spec }, { signal });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await client.create(LEASES, lease, { signal });
  }
}
