import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCrdServing } from '../../../../src/apiserver/crd/index.js';
import type { KObject } from '../../../../src/api/types/index.js';
import { widgetCrd } from './fixtures.js';

const now = new Date('2024-01-01T01:00:00Z');
const widget = (o: Partial<KObject> = {}): KObject => ({
  apiVersion: 'example.kite.dev/v1', kind: 'Widget',
  metadata: { name: 'w1', namespace: 'default', creationTimestamp: '2024-01-01T00:55:00Z' },
  spec: { name: 'a', size: 4, color: 'blue' },
  status: { startTime: '2024-01-01T00:30:00Z', conditions: [{ type: 'Synced', status: 'False' }, { type: 'Ready', status: 'True' }] },
  ...o,
});

describe('buildCrdServing', () => {
  it('maps names, scope, subresources and the schema component of each served version', () => {
    const crd = widgetCrd();
    crd.spec.versions.push({ name: 'v2', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } });
    const { defs, schemas } = buildCrdServing(crd);
    assert.equal(defs.length, 1, 'unserved v2 is not registered');
    const d = defs[0]!;
    assert.deepEqual(
      { g: d.group, v: d.version, k: d.kind, p: d.plural, s: d.singular, lk: d.listKind, ns: d.namespaced, sn: d.shortNames, c: d.categories },
      { g: 'example.kite.dev', v: 'v1', k: 'Widget', p: 'widgets', s: 'widget', lk: 'WidgetList', ns: true, sn: ['wd'], c: ['all'] },
    );
    assert.deepEqual(d.subresources, { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } });
    assert.equal(d.schema, 'dev.kite.example.v1.Widget');
    const s = schemas['dev.kite.example.v1.Widget']!;
    assert.deepEqual(s['x-kubernetes-group-version-kind'], [{ group: 'example.kite.dev', version: 'v1', kind: 'Widget' }]);
    assert.equal(s.properties?.apiVersion?.type, 'string');
    assert.equal(s.properties?.kind?.type, 'string');
    assert.deepEqual(s.properties?.metadata?.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.equal(s.properties?.spec?.properties?.size?.description, 'Size in units.');
  });

  it('builds Name + printer columns (no Age), evaluating filters, dates and priority', () => {
    const d = buildCrdServing(widgetCrd()).defs[0]!;
    const cols = d.columns!;
    assert.deepEqual(cols.map((c) => c.name), ['Name', 'Size', 'Ready', 'Color', 'Started']);
    assert.deepEqual(cols.map((c) => c.value(widget(), now)), ['w1', 4, 'True', 'blue', '30m']);
    assert.deepEqual(cols.map((c) => c.priority ?? 0), [0, 0, 0, 1, 0]);
    assert.equal(cols[3]!.description, 'the colour');
    assert.equal(cols[1]!.description, 'Custom resource definition column (in JSONPath format): .spec.size');
    assert.deepEqual(cols.map((c) => c.value(widget({ spec: {}, status: {} }), now)), ['w1', null, null, null, null]);
  });

  it('a version without printer columns gets Name and Age', () => {
    const crd = widgetCrd();
    delete crd.spec.versions[0]!.additionalPrinterColumns;
    const cols = buildCrdServing(crd).defs[0]!.columns!;
    assert.deepEqual(cols.map((c) => c.name), ['Name', 'Age']);
    assert.deepEqual(cols.map((c) => c.value(widget(), now)), ['w1', '5m']);
  });

  it('cluster scope and explicit singular/listKind are honoured', () => {
    const crd = widgetCrd({ names: { plural: 'gadgets', singular: 'gizmo', kind: 'Gadget', listKind: 'GadgetCollection' } });
    crd.spec.scope = 'Cluster';
    const d = buildCrdServing(crd).defs[0]!;
    assert.deepEqual([d.namespaced, d.singular, d.listKind, d.shortNames], [false, 'gizmo', 'GadgetCollection', undefined]);
  });

  it('selectableFields become field selectors', () => {
    const crd = widgetCrd();
    crd.spec.versions[0]!.selectableFields = [{ jsonPath: '.spec.color' }];
    const d = buildCrdServing(crd).defs[0]!;
    assert.equal(d.fieldSelectors?.['spec.color']?.(widget()), 'blue');
  });

  it('a schema ajv cannot compile makes building throw', () => {
    const crd = widgetCrd();
    crd.spec.versions[0]!.schema = { openAPIV3Schema: { type: 'object', properties: { a: { type: 'string', pattern: '(' } } } };
    assert.throws(() => buildCrdServing(crd));
  });
});
