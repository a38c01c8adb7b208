/** CustomResourceDefinitions through the real kubectl: establish, serve with printer columns, validate, explain, delete. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCluster, type TestCluster } from './helpers/cluster.js';

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.kite.dev
spec:
  group: example.kite.dev
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      subresources: { status: {} }
      additionalPrinterColumns:
        - { name: Color, type: string, jsonPath: .spec.color }
        - { name: Size, type: integer, jsonPath: .spec.size }
        - { name: Age, type: date, jsonPath: .metadata.creationTimestamp }
      schema:
        openAPIV3Schema:
          type: object
          description: A Widget is a thing made in the e2e test.
          properties:
            spec:
              type: object
              description: WidgetSpec is the desired widget.
              properties:
                color: { type: string, enum: [red, blue], default: red, description: Colour of the widget. }
                size: { type: integer, maximum: 10, description: Size of the widget in units. }
`;

const widget = (name: string, spec: string) => `
apiVersion: example.kite.dev/v1
kind: Widget
metadata: { name: ${name}, namespace: default }
spec: ${spec}
`;

describe('CustomResourceDefinitions through kubectl', () => {
  let c: TestCluster;
  before(async () => { c = await startCluster(); });
  after(async () => { await c.stop(); });

  it('a CRD applied with kubectl becomes established', async () => {
    await c.k(['apply', '-f', '-'], { input: CRD });
    const out = await c.k(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.kite.dev']);
    assert.match(out, /customresourcedefinition.apiextensions.k8s.io\/widgets.example.kite.dev condition met/);
  });

  it('custom resources are created, defaulted and listed with the printer columns', async () => {
    await c.k(['apply', '-f', '-'], { input: widget('w1', '{ size: 3 }') });
    const out = await c.k(['get', 'widgets']);
    const [header, row] = out.trim().split('\n');
    assert.match(header!, /^NAME\s+COLOR\s+SIZE\s+AGE$/);
    assert.match(row!, /^w1\s+red\s+3\s+\d+s$/);
    assert.match(await c.k(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.color}']), /^red$/);
  });

  it('an invalid custom resource is rejected with a 422 naming the field', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: widget('w2', '{ color: pink, size: 11 }') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Widget "w2" is invalid/);
    assert.match(r.stderr, /spec.color: Unsupported value: "pink": supported values: "red", "blue"/);
    assert.match(r.stderr, /spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10/);
  });

  it('kubectl explain shows the schema descriptions', async () => {
    const out = await c.k(['explain', 'widgets.spec']);
    assert.match(out, /KIND:\s+Widget/);
    assert.match(out, /WidgetSpec is the desired widget\./);
    assert.match(out, /color\s+<string>/);
    assert.match(out, /Colour of the widget\./);
    assert.match(out, /Size of the widget in units\./);
  });

  it('deleting the CRD removes the resource type', async () => {
    await c.k(['delete', 'crd', 'widgets.example.kite.dev', '--timeout=30s']);
    // kubectl caches discovery for hours; api-resources refreshes it (as a new kubectl would fetch it).
    assert.doesNotMatch(await c.k(['api-resources']), /widgets/);
    const r = await c.kubectl(['get', 'widgets']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /the server doesn't have a resource type "widgets"/);
  });
});
