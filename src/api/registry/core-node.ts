/** Registry entry for nodes, with kubectl's printNode columns. */
import { defaultNode } from '../defaults/core.js';
import { gvkName } from '../schema/dsl.js';
import { validateNode } from '../validation/core-misc.js';
import { ageColumn, col, nameColumn } from './columns.js';
import type { Node } from './core-types.js';
import { defineResource } from './types.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** `Ready`/`NotReady`/`Unknown` from the Ready condition, plus `SchedulingDisabled` when cordoned. */
function nodeStatus(n: Node): string {
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (n.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` keys and the legacy `kubernetes.io/role` value, sorted. */
function nodeRoles(n: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const address = (n: Node, type: string) => n.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
const info = (n: Node, f: 'osImage' | 'kernelVersion' | 'containerRuntimeVersion') => n.status?.nodeInfo?.[f] || '<unknown>';

export const nodes = defineResource<Node>({
  group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false,
  shortNames: ['no'], subresources: { status: true },
  schema: gvkName('', 'v1', 'Node'),
  columns: [
    nameColumn,
    col('Status', nodeStatus, { description: 'The status of the node' }),
    col('Roles', nodeRoles, { description: 'The roles of the node' }),
    ageColumn,
    col('Version', (n) => n.status?.nodeInfo?.kubeletVersion ?? '', { description: 'Kubelet Version reported by the node.' }),
    col('Internal-IP', (n) => address(n, 'InternalIP'), { priority: 1, description: 'List of addresses reachable to the node.' }),
    col('External-IP', (n) => address(n, 'ExternalIP'), { priority: 1, description: 'List of addresses reachable to the node.' }),
    col('OS-Image', (n) => info(n, 'osImage'), { priority: 1, description: 'OS Image reported by the node from /etc/os-release.' }),
    col('Kernel-Version', (n) => info(n, 'kernelVersion'), { priority: 1, description: "Kernel Version reported by the node from 'uname -r'." }),
    col('Container-Runtime', (n) => info(n, 'containerRuntimeVersion'), { priority: 1, description: 'ContainerRuntime Version reported by the node through runtime remote API.' }),
  ],
  fieldSelectors: { 'spec.unschedulable': (n) => String(n.spec?.unschedulable ?? false) },
  defaults: defaultNode,
  validate: validateNode,
});
