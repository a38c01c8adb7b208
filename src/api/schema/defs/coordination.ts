/** coordination.k8s.io/v1 schemas: Lease (node heartbeats and leader election). */
import { gvkName, int, obj, objectMetaRef, ref, str, time } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const n = (k: string) => gvkName('coordination.k8s.io', 'v1', k);

export const coordinationSchemas: SchemaSet = {
  [n('Lease')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaRef(),
    spec: ref(n('LeaseSpec'), 'spec contains the specification of the Lease.'),
  }, 'Lease defines a lease concept.', { 'x-kubernetes-group-version-kind': [{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }] }),
  [n('LeaseSpec')]: obj({
    holderIdentity: str('holderIdentity contains the identity of the holder of a current lease.'),
    leaseDurationSeconds: int('leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.'),
    acquireTime: time('acquireTime is a time when the current lease was acquired.'),
    renewTime: time('renewTime is a time when the current holder of a lease has last updated the lease.'),
    leaseTransitions: int('leaseTransitions is the number of transitions of a lease between holders.'),
    strategy: str('Strategy indicates the strategy for picking the leader for coordinated leader election.'),
    preferredHolder: str('PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'),
  }, 'LeaseSpec is a specification of a Lease.'),
};
