/**
 * Objects every cluster starts with (k8s's bootstrap controllers): the four system namespaces and the
 * RBAC roles kubectl and clients expect. Idempotent: existing objects are left alone.
 */
import { isStatusError } from '../api/errors.js';
import type { Registry } from '../api/registry/registry.js';
import { prepareCreate } from '../api/strategy.js';
import type { KObject } from '../api/types/index.js';
import type { ObjectStore } from './rest/objects.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const RBAC = 'rbac.authorization.k8s.io';

function clusterRole(name: string, rules: unknown[]): KObject {
  return { metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } }, rules };
}

function groupBinding(name: string, role: string, group: string): KObject {
  return {
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: RBAC, kind: 'Group', name: group }],
  };
}

const READ = ['get', 'list', 'watch'];

const CLUSTER_ROLES: KObject[] = [
  clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]),
  clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*', '/version', '/version/'], verbs: ['get'] }]),
  clusterRole('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
  clusterRole('system:basic-user', [
    { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
  ]),
  clusterRole('view', [{ apiGroups: ['', 'apps', 'batch', 'policy', 'discovery.k8s.io', 'coordination.k8s.io'], resources: ['*'], verbs: READ }]),
  clusterRole('edit', [{ apiGroups: ['', 'apps', 'batch', 'policy', 'discovery.k8s.io', 'coordination.k8s.io'], resources: ['*'], verbs: ['*'] }]),
  clusterRole('admin', [{ apiGroups: ['', 'apps', 'batch', 'policy', 'discovery.k8s.io', 'coordination.k8s.io', RBAC], resources: ['*'], verbs: ['*'] }]),
];

const CLUSTER_ROLE_BINDINGS: KObject[] = [
  groupBinding('cluster-admin', 'cluster-admin', 'system:masters'),
  groupBinding('system:discovery', 'system:discovery', 'system:authenticated'),
  groupBinding('system:basic-user', 'system:basic-user', 'system:authenticated'),
  groupBinding('system:public-info-viewer', 'system:public-info-viewer', 'system:authenticated'),
];

export async function bootstrapCluster(objects: ObjectStore, registry: Registry, now: () => Date): Promise<void> {
  const ensure = async (group: string, version: string, plural: string, obj: KObject) => {
    const def = registry.lookup(group, version, plural);
    if (!def) return;
    try {
      await objects.create(def, prepareCreate(def, obj, { now: now() }));
    } catch (e) {
      if (!isStatusError(e) || e.status.reason !== 'AlreadyExists') throw e;
    }
  };
  for (const name of SYSTEM_NAMESPACES) await ensure('', 'v1', 'namespaces', { metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  for (const r of CLUSTER_ROLES) await ensure(RBAC, 'v1', 'clusterroles', r);
  for (const b of CLUSTER_ROLE_BINDINGS) await ensure(RBAC, 'v1', 'clusterrolebindings', b);
}
