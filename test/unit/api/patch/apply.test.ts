import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordUpdate, serverSideApply } from '../../../../src/api/patch/index.js';
import { StatusError } from '../../../../src/api/errors.js';
import type { KObject } from '../../../../src/api/types/index.js';
import { DEPLOYMENT, schemas } from '../schema/fixtures.js';

const T0 = new Date('2024-05-01T10:00:00.123Z');
const T1 = new Date('2024-05-01T11:00:00Z');
const common = { apiVersion: 'apps/v1', rootSchema: DEPLOYMENT, set: schemas };

const deploy = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec });
const nginx = (image = 'nginx:1.25', extra: Record<string, unknown> = {}) =>
  ({ template: { spec: { containers: [{ name: 'nginx', image, ...extra }] } } });

const apply = (applied: KObject, live?: KObject, manager = 'kubectl', force = false, now = T1) =>
  serverSideApply({ ...common, live, applied, manager, force, now });

describe('serverSideApply', () => {
  it('creates the object with one Apply entry shaped like upstream’s', () => {
    const out = apply(deploy({ replicas: 1, ...nginx() }), undefined, 'kubectl', false, T0);
    assert.deepEqual(out.spec, { replicas: 1, ...nginx() });
    assert.deepEqual(out.metadata.managedFields, [{
      manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: '2024-05-01T10:00:00Z', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': {
        'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} },
      } } } } },
    }]);
  });

  it('refuses to change a field another manager owns, naming manager and field', () => {
    const live = recordUpdate({ ...common, updated: deploy({ replicas: 1 }), manager: 'kubectl-client-side-apply', now: T0 });
    assert.throws(() => apply(deploy({ replicas: 3 }), live), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.equal(e.status.code, 409);
      assert.equal(e.status.reason, 'Conflict');
      assert.equal(e.status.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
      assert.deepEqual(e.status.details?.causes, [{
        reason: 'FieldManagerConflict', field: '.spec.replicas', message: 'conflict with "kubectl-client-side-apply" using apps/v1',
      }]);
      return true;
    });
  });

  it('lists several conflicts grouped by manager', () => {
    const live = recordUpdate({ ...common, updated: deploy({ replicas: 1, ...nginx() }), manager: 'edit', now: T0 });
    assert.throws(() => apply(deploy({ replicas: 3, ...nginx('nginx:2') }), live), (e: unknown) =>
      e instanceof StatusError && e.status.message === 'Apply failed with 2 conflicts: conflicts with "edit" using apps/v1:\n'
        + '- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image');
  });

  it('shares ownership without conflict when the applied value is unchanged', () => {
    const live = recordUpdate({ ...common, updated: deploy({ replicas: 1 }), manager: 'other', now: T0 });
    const out = apply(deploy({ replicas: 1 }), live);
    assert.deepEqual(out.metadata.managedFields?.map((m) => [m.manager, m.operation, m.fieldsV1]), [
      ['kubectl', 'Apply', { 'f:spec': { 'f:replicas': {} } }],
      ['other', 'Update', { 'f:spec': { 'f:replicas': {} } }],
    ]);
  });

  it('force takes ownership of conflicting fields from the other manager', () => {
    const live = recordUpdate({ ...common, updated: deploy({ replicas: 1, ...nginx() }), manager: 'kubectl-client-side-apply', now: T0 });
    const out = apply(deploy({ replicas: 3 }), live, 'kubectl', true);
    assert.equal((out.spec as { replicas: number }).replicas, 3);
    assert.deepEqual(out.metadata.managedFields?.map((m) => [m.manager, m.fieldsV1]), [
      ['kubectl', { 'f:spec': { 'f:replicas': {} } }],
      ['kubectl-client-side-apply', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': {
        'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } }],
    ]);
  });

  it('removes a field the manager no longer applies when nobody else owns it', () => {
    const first = apply(deploy({ replicas: 2, ...nginx('nginx:1', { env: [{ name: 'A', value: 'a' }] }) }, { labels: { app: 'web' } }));
    const second = apply(deploy(nginx('nginx:1')), first);
    assert.deepEqual(second.spec, { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1', env: [] }] } } });
    assert.deepEqual(second.metadata.labels, {});
    assert.deepEqual(second.metadata.managedFields?.[0].fieldsV1, { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': {
      'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } });
  });

  it('keeps a no-longer-applied field that another manager also owns', () => {
    const first = apply(deploy({ replicas: 2 }));
    const shared = recordUpdate({ ...common, old: first, updated: { ...first, spec: { replicas: 2, paused: true } }, manager: 'x', now: T1 });
    const coOwned = apply(deploy({ replicas: 2 }), shared, 'other-applier');
    const out = apply(deploy({}), coOwned);
    assert.equal((out.spec as { replicas: number }).replicas, 2);
  });

  it('merges applied list items into live ones by their list-map keys', () => {
    const live = recordUpdate({ ...common, manager: 'ctl', now: T0, updated: deploy({ template: { spec: { containers: [
      { name: 'side', image: 'busybox' },
      { name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }] },
    ] } } }) });
    const out = apply(deploy({ template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 8080 }] }] } } }), live);
    assert.deepEqual((out.spec as { template: unknown }).template, { spec: { containers: [
      { name: 'side', image: 'busybox' },
      { name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 8080 }] },
    ] } });
    assert.deepEqual(out.metadata.managedFields?.[0].fieldsV1, { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': {
      'k:{"name":"nginx"}': { '.': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
    } } } } });
  });

  it('gives fields of an object without managedFields to before-first-apply', () => {
    assert.throws(() => apply(deploy({ replicas: 3 }), deploy({ replicas: 1 })),
      (e: unknown) => e instanceof StatusError && e.status.message === 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });
});

describe('recordUpdate', () => {
  it('on create, the writer owns every field it set except server-maintained ones and status', () => {
    const created = deploy({ replicas: 1 }, { labels: { app: 'web' }, uid: 'u1', resourceVersion: '5', generation: 1, finalizers: ['f'] });
    const out = recordUpdate({ ...common, updated: { ...created, status: { replicas: 0 } }, manager: 'kubectl-create', now: T0 });
    assert.deepEqual(out.metadata.managedFields, [{
      manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2024-05-01T10:00:00Z', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:finalizers': { 'v:"f"': {} }, 'f:labels': { 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } },
    }]);
  });

  it('moves changed fields to the writer and drops managers left owning nothing', () => {
    const v1 = recordUpdate({ ...common, updated: deploy({ replicas: 1 }), manager: 'a', now: T0 });
    const v2 = recordUpdate({ ...common, old: v1, updated: { ...v1, spec: { replicas: 5 } }, manager: 'b', now: T1 });
    assert.deepEqual(v2.metadata.managedFields, [{
      manager: 'b', operation: 'Update', apiVersion: 'apps/v1', time: '2024-05-01T11:00:00Z', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    }]);
  });

  it('keeps the entry time when the writer’s fields do not change', () => {
    const v1 = recordUpdate({ ...common, updated: deploy({ replicas: 1 }), manager: 'a', now: T0 });
    const v2 = recordUpdate({ ...common, old: v1, updated: v1, manager: 'a', now: T1 });
    assert.equal(v2.metadata.managedFields?.[0].time, '2024-05-01T10:00:00Z');
  });

  it('through the status subresource, tracks only status fields with the subresource recorded', () => {
    const v1 = recordUpdate({ ...common, updated: deploy({ replicas: 1 }), manager: 'a', now: T0 });
    const v2 = recordUpdate({ ...common, old: v1, updated: { ...v1, spec: { replicas: 9 }, status: { replicas: 1 } },
      manager: 'controller', subresource: 'status', now: T1 });
    assert.deepEqual(v2.metadata.managedFields?.map((m) => [m.manager, m.subresource, m.fieldsV1]), [
      ['a', undefined, { 'f:spec': { 'f:replicas': {} } }],
      ['controller', 'status', { 'f:status': { 'f:replicas': {} } }],
    ]);
  });
});
