import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject } from '../../../../src/api/types/index.js';
import { compileCrValidator } from '../../../../src/apiserver/crd/validation.js';
import { widgetSchema } from './fixtures.js';

const validate = compileCrValidator(widgetSchema());
const cr = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: 'example.kite.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { name: 'a', ...spec }, ...extra });
const messages = (o: KObject) => validate(o).map((e) => `${e.field}: ${e.message}`);

describe('custom resource validation', () => {
  it('a valid object has no errors (metadata, apiVersion and kind are not judged here)', () => {
    assert.deepEqual(validate(cr({ size: 10, color: 'red', port: 'http', note: null, extra: { any: [1] }, when: '2024-01-01T00:00:00Z' })), []);
    assert.deepEqual(validate(cr({ port: 8080 })), []);
  });

  it('wrong types name the field and the JSON type sent', () => {
    assert.deepEqual(validate(cr({ size: 'big' })), [{
      type: 'FieldValueTypeInvalid', field: 'spec.size',
      message: 'Invalid value: "string": spec.size in body must be of type integer: "string"',
    }]);
    assert.deepEqual(messages(cr({ port: true })), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
    assert.deepEqual(messages(cr({ name: null })), ['spec.name: Invalid value: "null": spec.name in body must be of type string: "null"']);
  });

  it('enum, bounds, length and pattern use kube-openapi wording', () => {
    assert.deepEqual(validate(cr({ color: 'pink' })), [{
      type: 'FieldValueNotSupported', field: 'spec.color', message: 'Unsupported value: "pink": supported values: "red", "blue"',
    }]);
    assert.deepEqual(messages(cr({ size: 11 })), ['spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10']);
    assert.deepEqual(messages(cr({ size: 0 })), ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1']);
    assert.deepEqual(messages(cr({ ratio: 1 })), ['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1']);
    assert.deepEqual(messages(cr({ name: 'much-too-long' })), ['spec.name: Too long: may not be more than 8 bytes']);
    assert.deepEqual(messages(cr({ labels: { a: 'ok', b: 'NO' } })), [`spec.labels.b: Invalid value: "NO": spec.labels.b in body should match '^[a-z]+$'`]);
    assert.deepEqual(messages(cr({ when: 'yesterday' })), ['spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"']);
  });

  it('missing required fields are reported at their own path, inside lists too', () => {
    assert.deepEqual(validate(cr({ name: undefined, parts: [{ id: 'x' }, { weight: 2 }] })), [
      { type: 'FieldValueRequired', field: 'spec.name', message: 'Required value' },
      { type: 'FieldValueRequired', field: 'spec.parts[1].id', message: 'Required value' },
    ]);
  });

  it('reports every error at once', () => {
    assert.deepEqual(messages(cr({ size: 99, color: 'pink' })).length, 2);
  });

  it('anyOf failures are reported once, without the branch errors', () => {
    const v = compileCrValidator({ type: 'object', properties: { spec: { type: 'object', properties: { x: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]+%$' }] } } } } });
    assert.deepEqual(v(cr({ x: '5' })).map((e) => e.message), ['Invalid value: "5": spec.x in body must validate at least one schema (anyOf)']);
  });
});
