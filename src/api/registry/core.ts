/**
 * The core/v1 ("" group) resources served under /api/v1. Entries live by concern in core-*.ts;
 * this list fixes their order in discovery. ReplicationControllers are deliberately not served
 * (Deployments replace them); Binding is the pods/binding subresource, not a resource.
 */
import { configMaps, events, namespaces, secrets, serviceAccounts } from './core-misc.js';
import { nodes } from './core-node.js';
import { podTemplates, pods } from './core-pod.js';
import { endpoints, services } from './core-service.js';
import { limitRanges, persistentVolumeClaims, persistentVolumes, resourceQuotas } from './core-storage.js';
import type { AnyResourceDef } from './types.js';

export const coreResources: AnyResourceDef[] = [
  configMaps, endpoints, events, limitRanges, namespaces, nodes, persistentVolumeClaims, persistentVolumes,
  pods, podTemplates, resourceQuotas, secrets, serviceAccounts, services,
];
