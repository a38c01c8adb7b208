import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customResourceDefinitions } from '../../../../src/api/registry/apiextensions.js';
import { authResources } from '../../../../src/api/registry/auth.js';
import { endpointSlices } from '../../../../src/api/registry/discovery.js';
import { podDisruptionBudgets } from '../../../../src/api/registry/policy.js';
import { roleBindings } from '../../../../src/api/registry/rbac.js';
import { storageClasses } from '../../../../src/api/registry/storage.js';
import type { KObject } from '../../../../src/api/types/index.js';
import type { Column } from '../../../../src/api/registry/types.js';
import type { CustomResourceDefinition } from '../../../../src/api/validation/misc.js';

const NOW = new Date('2024-05-01T12:00:00Z');
const cells = <T extends KObject>(cols: Column<T>[] | undefined, o: T, wide = false) =>
  (cols ?? []).filter((c) => wide || !c.priority).map((c) => c.value(o, NOW));

function crd(name: string, over: Partial<NonNullable<CustomResourceDefinition['spec']>> = {}): CustomResourceDefinition {
  const o: CustomResourceDefinition = {
    metadata: { name, creationTimestamp: '2024-04-30T08:15:00Z' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      ...over,
    },
  };
  customResourceDefinitions.defaults?.(o);
  return o;
}

describe('storage.k8s.io StorageClass', () => {
  it('defaults reclaimPolicy/volumeBindingMode and marks the default class after its name', () => {
    const sc = {
      metadata: { name: 'local-path', creationTimestamp: '2024-05-01T10:00:00Z', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
    };
    storageClasses.defaults?.(sc);
    assert.deepEqual(cells(storageClasses.columns, sc), ['local-path (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '120m']);
    assert.deepEqual(storageClasses.validate?.(sc), []);
  });

  it('parameters cannot change on update', () => {
    const old = { metadata: { name: 'x' }, provisioner: 'p', parameters: { a: '1' } };
    assert.deepEqual(storageClasses.validate?.({ ...old, parameters: { a: '2' } }, old), [
      { type: 'FieldValueForbidden', field: 'parameters', message: 'Forbidden: updates to parameters are forbidden.' },
    ]);
  });
});

describe('apiextensions.k8s.io CustomResourceDefinition', () => {
  it('a well-formed CRD is valid and defaults singular and listKind', () => {
    const o = crd('widgets.example.com');
    assert.deepEqual(customResourceDefinitions.validate?.(o), []);
    assert.deepEqual(o.spec?.names, { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
    assert.deepEqual(cells(customResourceDefinitions.columns, o), ['widgets.example.com', '2024-04-30T08:15:00Z']);
  });

  it('the name must be <plural>.<group>', () => {
    assert.deepEqual(customResourceDefinitions.validate?.(crd('widget.example.com')), [{
      type: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group',
    }]);
  });

  it('needs exactly one storage version and a known scope', () => {
    const none = crd('widgets.example.com', { versions: [] });
    assert.deepEqual(customResourceDefinitions.validate?.(none), [{
      type: 'FieldValueRequired', field: 'spec.versions', message: 'Required value: must have exactly one version marked as storage version',
    }]);
    const two = crd('widgets.example.com', {
      scope: 'Global',
      versions: ['v1', 'v2'].map((name) => ({ name, served: true, storage: true, schema: { openAPIV3Schema: {} } })),
    });
    assert.deepEqual(customResourceDefinitions.validate?.(two)?.map((e) => `${e.field}: ${e.message}`), [
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      'spec.versions: Invalid value: ["v1","v2"]: must have exactly one version marked as storage version',
    ]);
  });
});

describe('other groups', () => {
  it('RoleBinding prints Kind/name and, wide, subjects by kind', () => {
    const rb = {
      metadata: { name: 'read', namespace: 'dev', creationTimestamp: '2024-05-01T11:59:30Z' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'dev' }],
    };
    roleBindings.defaults?.(rb);
    assert.deepEqual(roleBindings.validate?.(rb), []);
    assert.deepEqual(cells(roleBindings.columns, rb, true), ['read', 'ClusterRole/view', '30s', 'alice', 'devs', 'dev/ci']);
  });

  it('PodDisruptionBudget prints N/A for the unset bound', () => {
    const pdb = { metadata: { name: 'web', creationTimestamp: '2024-05-01T12:00:00Z' }, spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } };
    assert.deepEqual(cells(podDisruptionBudgets.columns, pdb), ['web', '50%', 'N/A', 1, '0s']);
  });

  it('EndpointSlice shows three endpoints and a count of the rest', () => {
    const es = {
      metadata: { name: 'web-abc' }, addressType: 'IPv4', ports: [{ port: 80 }],
      endpoints: [{ addresses: ['10.0.0.1', '10.0.0.2'] }, { addresses: ['10.0.0.3'] }, { addresses: ['10.0.0.4', '10.0.0.5'] }],
    };
    assert.deepEqual(cells(endpointSlices.columns, es), ['web-abc', 'IPv4', '80', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...', '<unknown>']);
  });

  it('reviews are virtual, cluster-scoped and create-only', () => {
    assert.deepEqual(authResources.map((r) => [r.plural, r.virtual, r.namespaced, r.verbs]), [
      ['selfsubjectaccessreviews', true, false, ['create']],
      ['selfsubjectrulesreviews', true, false, ['create']],
      ['subjectaccessreviews', true, false, ['create']],
      ['selfsubjectreviews', true, false, ['create']],
      ['tokenreviews', true, false, ['create']],
    ]);
  });
});
