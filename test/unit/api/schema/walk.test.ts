import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { childSchema, itemSchema, listSemantics, resolveSchema, rootSchema } from '../../../../src/api/schema/index.js';
import { DEPLOYMENT, schemas } from './fixtures.js';

describe('schema walk', () => {
  it('resolves an allOf-wrapped $ref and keeps the wrapper’s field-level extensions', () => {
    const spec = childSchema(rootSchema(DEPLOYMENT, schemas), 'spec', schemas);
    const strategy = childSchema(spec, 'strategy', schemas);
    assert.equal(strategy?.['x-kubernetes-patch-strategy'], 'retainKeys');
    assert.equal(strategy?.description, 'Strategy.');
    assert.deepEqual(Object.keys(strategy?.properties ?? {}), ['type', 'rollingUpdate']);
  });

  it('gives additionalProperties for map keys and undefined for undeclared fields', () => {
    const meta = childSchema(rootSchema(DEPLOYMENT, schemas), 'metadata', schemas);
    const labels = childSchema(meta, 'labels', schemas);
    assert.deepEqual(childSchema(labels, 'any-key', schemas), { type: 'string' });
    assert.equal(childSchema(meta, 'bogus', schemas), undefined);
  });

  it('treats a $ref to a missing schema as unknown', () => {
    assert.equal(resolveSchema({ $ref: '#/components/schemas/nope' }, schemas), undefined);
    assert.equal(childSchema({ $ref: '#/components/schemas/nope' }, 'x', schemas), undefined);
  });

  it('finds list item schemas through refs', () => {
    const podSpec = rootSchema('io.k8s.api.core.v1.PodSpec', schemas);
    const container = itemSchema(childSchema(podSpec, 'containers', schemas), schemas);
    assert.deepEqual(childSchema(container, 'image', schemas), { type: 'string', description: undefined });
  });

  it('classifies lists as map (with keys), set or atomic', () => {
    const container = rootSchema('io.k8s.api.core.v1.Container', schemas);
    assert.deepEqual(listSemantics(childSchema(container, 'ports', schemas), schemas), { type: 'map', keys: ['containerPort', 'protocol'] });
    assert.deepEqual(listSemantics(childSchema(container, 'command', schemas), schemas), { type: 'atomic' });
    const meta = rootSchema('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', schemas);
    assert.deepEqual(listSemantics(childSchema(meta, 'finalizers', schemas), schemas), { type: 'set' });
    assert.deepEqual(listSemantics({ type: 'array', 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'uid' }, schemas),
      { type: 'map', keys: ['uid'] });
    assert.deepEqual(listSemantics(undefined, schemas), { type: 'atomic' });
  });
});
