/** rbac.authorization.k8s.io/v1 schemas: roles, bindings and their parts. */
import { arr, gvkName, labelSelectorRef, obj, ref, str } from '../dsl.js';
import { kindSchema } from './meta.js';
import type { Schema, SchemaSet } from '../types.js';

const G = 'rbac.authorization.k8s.io';
const n = (k: string) => gvkName(G, 'v1', k);

const kind = (k: string, description: string, props: Record<string, Schema>, required?: string[]): Schema =>
  kindSchema(G, 'v1', k, description, props, required ? { required } : {});

const strings = (d: string) => arr(str(), d);
const rules = arr(ref(n('PolicyRule')), 'Rules holds all the PolicyRules for this role.');
const subjects = arr(ref(n('Subject')), 'Subjects holds references to the objects the role applies to.');
const roleRef = (d: string) => ref(n('RoleRef'), d);

export const rbacSchemas: SchemaSet = {
  [n('PolicyRule')]: obj({
    verbs: strings('Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. \'*\' represents all verbs.'),
    apiGroups: strings('APIGroups is the name of the APIGroup that contains the resources. "" represents the core API group and "*" represents all API groups.'),
    resources: strings('Resources is a list of resources this rule applies to. \'*\' represents all resources.'),
    resourceNames: strings('ResourceNames is an optional white list of names that the rule applies to.'),
    nonResourceURLs: strings('NonResourceURLs is a set of partial urls that a user should have access to.'),
  }, 'PolicyRule holds information that describes a policy rule.', { required: ['verbs'] }),
  [n('Subject')]: obj({
    kind: str('Kind of object being referenced: "User", "Group", or "ServiceAccount".'),
    apiGroup: str('APIGroup holds the API group of the referenced subject.'),
    name: str('Name of the object being referenced.'),
    namespace: str('Namespace of the referenced object.'),
  }, 'Subject contains a reference to the object or user identities a role binding applies to.', { required: ['kind', 'name'], 'x-kubernetes-map-type': 'atomic' }),
  [n('RoleRef')]: obj({
    apiGroup: str('APIGroup is the group for the resource being referenced.'),
    kind: str('Kind is the type of resource being referenced.'),
    name: str('Name is the name of resource being referenced.'),
  }, 'RoleRef contains information that points to the role being used.', { required: ['apiGroup', 'kind', 'name'], 'x-kubernetes-map-type': 'atomic' }),
  [n('AggregationRule')]: obj({
    clusterRoleSelectors: arr(labelSelectorRef(), 'ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.'),
  }, 'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole.'),
  [n('Role')]: kind('Role', 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', { rules }),
  [n('ClusterRole')]: kind('ClusterRole', 'ClusterRole is a cluster level, logical grouping of PolicyRules.', {
    rules: { ...rules, description: 'Rules holds all the PolicyRules for this ClusterRole.' },
    aggregationRule: ref(n('AggregationRule'), 'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole.'),
  }),
  [n('RoleBinding')]: kind('RoleBinding', 'RoleBinding references a role, but does not contain it.', {
    subjects, roleRef: roleRef('RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. Immutable.'),
  }, ['roleRef']),
  [n('ClusterRoleBinding')]: kind('ClusterRoleBinding', 'ClusterRoleBinding references a ClusterRole, but not contain it.', {
    subjects, roleRef: roleRef('RoleRef can only reference a ClusterRole in the global namespace. Immutable.'),
  }, ['roleRef']),
};
