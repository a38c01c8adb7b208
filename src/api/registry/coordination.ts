/** coordination.k8s.io/v1 Leases (node heartbeats, leader election); columns as kubectl's `printLease`. */
import { gvkName } from '../schema/dsl.js';
import { validateLease, type Lease } from '../validation/misc.js';
import { ageColumn, col, nameColumn } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

export const leases = defineResource<Lease>({
  group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', namespaced: true,
  schema: gvkName('coordination.k8s.io', 'v1', 'Lease'), validate: validateLease,
  columns: [nameColumn, col('Holder', (o) => o.spec?.holderIdentity ?? ''), ageColumn],
});

export const coordinationResources: AnyResourceDef[] = [leases];
