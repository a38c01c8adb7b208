/**
 * rbac.authorization.k8s.io/v1 resources. Names are path segments (upstream `ValidateRBACName`), so
 * `system:controller:foo` is valid. kubectl has no printer for roles: they get Name, Created At.
 */
import { defaultBinding } from '../defaults/misc.js';
import { gvkName } from '../schema/dsl.js';
import {
  validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding, type Binding, type Role,
} from '../validation/rbac.js';
import { createdAtColumn } from './apiextensions.js';
import { ageColumn, col, nameColumn } from './columns.js';
import { defineResource, type AnyResourceDef, type Column } from './types.js';

const G = 'rbac.authorization.k8s.io';
const base = { group: G, version: 'v1', nameRule: 'pathSegment' } as const;

/** `rbac.SubjectsStrings`: one cell per subject kind, service accounts as `namespace/name`. */
const subjects = (o: Binding, kind: string) => (o.subjects ?? []).filter((s) => s.kind === kind)
  .map((s) => (kind === 'ServiceAccount' && s.namespace ? `${s.namespace}/${s.name}` : s.name ?? '')).join(', ');

const bindingColumns: Column<Binding>[] = [
  nameColumn,
  col('Role', (o) => `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`),
  ageColumn,
  col('Users', (o) => subjects(o, 'User'), { priority: 1 }),
  col('Groups', (o) => subjects(o, 'Group'), { priority: 1 }),
  col('ServiceAccounts', (o) => subjects(o, 'ServiceAccount'), { priority: 1 }),
];

export const roles = defineResource<Role>({
  ...base, kind: 'Role', plural: 'roles', singular: 'role', namespaced: true,
  schema: gvkName(G, 'v1', 'Role'), validate: validateRole, columns: [nameColumn, createdAtColumn],
});

export const clusterRoles = defineResource<Role>({
  ...base, kind: 'ClusterRole', plural: 'clusterroles', singular: 'clusterrole', namespaced: false,
  schema: gvkName(G, 'v1', 'ClusterRole'), validate: validateClusterRole, columns: [nameColumn, createdAtColumn],
});

export const roleBindings = defineResource<Binding>({
  ...base, kind: 'RoleBinding', plural: 'rolebindings', singular: 'rolebinding', namespaced: true,
  schema: gvkName(G, 'v1', 'RoleBinding'), defaults: defaultBinding, validate: validateRoleBinding, columns: bindingColumns,
});

export const clusterRoleBindings = defineResource<Binding>({
  ...base, kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', singular: 'clusterrolebinding', namespaced: false,
  schema: gvkName(G, 'v1', 'ClusterRoleBinding'), defaults: defaultBinding, validate: validateClusterRoleBinding, columns: bindingColumns,
});

export const rbacResources: AnyResourceDef[] = [roles, clusterRoles, roleBindings, clusterRoleBindings];
