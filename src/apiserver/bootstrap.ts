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

const NODE_RULES = [
  { apiGroups: [''], resources: ['nodes'], verbs: [...READ, 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['nodes/status'], verbs: ['update', 'patch'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['pods'], verbs: [...READ, 'delete'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['update', 'patch'] },
  { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['configmaps', 'secrets', 'persistentvolumeclaims', 'persistentvolumes'], verbs: READ },
  { apiGroups: [''], resources: ['services', 'endpoints'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
  { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', ...READ] },
];

const CLUSTER_ROLES: KObject[] = [
  clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }]),
  clusterRole('system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*', '/version', '/version/'], verbs: ['get'] }]),
  clusterRole('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }]),
  clusterRole('system:basic-user', [
    { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
    { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
  ]),
  // What a joining machine may do with its bootstrap token: ask for its client certificate.
  clusterRole('system:node-bootstrapper', [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', ...READ] }]),
  // What `kite agent` (kubelet, Service proxy, cluster DNS) needs with its node certificate. Upstream
  // narrows this per node with the Node authorizer (a node sees only its own pods' secrets, …); Kite
  // has no Node authorizer yet, so every node may do this for every node.
  clusterRole('system:node', NODE_RULES),
  clusterRole('view', [{ apiGroups: ['', 'apps', 'batch', 'policy', 'discovery.k8s.io', 'coordination.k8s.io'], resources: ['*'], verbs: READ }]),
  clusterRole('edit', [{ apiGroups: ['', 'apps', 'batch', 'policy', 'discovery.k8s.io', 'coordination.k8s.io'], resources: ['*'], verbs: ['*'] }]),
  clusterRole('admin', [{ apiGroups: ['', 'apps', 'batch', 'policy', 'discovery.k8s.io', 'coordination.k8s.io', RBAC], resources: ['*'], verbs: ['*'] }]),
];

const CLUSTER_ROLE_BINDINGS: KObject[] = [
  groupBinding('cluster-admin', 'cluster-admin', 'system:masters'),
  groupBinding('system:discovery', 'system:discovery', 'system:authenticated'),
  groupBinding('system:basic-user', 'system:basic-user', 'system:authenticated'),
  groupBinding('system:public-info-viewer', 'system:public-info-viewer', 'system:authenticated'),
  groupBinding('system:node-bootstrapper', 'system:node-bootstrapper', 'system:bootstrappers'),
  groupBinding('system:node', 'system:node', 'system:nodes'),
];

/** kubeadm's: anyone may read kube-public/cluster-info (the CA a joining machine verifies with its token). */
const CLUSTER_INFO_ROLE: KObject = {
  metadata: { name: 'kite:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
  rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-info'], verbs: ['get'] }],
};
const CLUSTER_INFO_BINDING: KObject = {
  metadata: { name: 'kite:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
  roleRef: { apiGroup: RBAC, kind: 'Role', name: 'kite:bootstrap-signer-clusterinfo' },
  subjects: [{ apiGroup: RBAC, kind: 'User', name: 'system:anonymous' }],
};

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
  await ensure(RBAC, 'v1', 'roles', CLUSTER_INFO_ROLE);
  await ensure(RBAC, 'v1', 'rolebindings', CLUSTER_INFO_BINDING);
}
