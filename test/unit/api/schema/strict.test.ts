import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { typeErrors, unknownFields } from '../../../../src/api/schema/index.js';
import { DEPLOYMENT, WIDGET, schemas } from './fixtures.js';

const deployment = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec });

describe('unknownFields', () => {
  it('reports undeclared fields with kube-apiserver’s paths', () => {
    const obj = deployment({
      foo: 1,
      template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', imagee: 'y' }] } },
    });
    assert.deepEqual(unknownFields(obj, DEPLOYMENT, schemas), ['spec.foo', 'spec.template.spec.containers[1].imagee']);
  });

  it('reports only the outermost unknown field', () => {
    assert.deepEqual(unknownFields(deployment({ bogus: { deeper: { x: 1 } } }), DEPLOYMENT, schemas), ['spec.bogus']);
  });

  it('accepts any key in maps, int-or-string values and atomic maps', () => {
    const obj = deployment({
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: { metadata: { labels: { 'any/key': 'v' } }, spec: { nodeSelector: { disk: 'ssd' } } },
    });
    assert.deepEqual(unknownFields(obj, DEPLOYMENT, schemas), []);
  });

  it('honours preserve-unknown-fields, additionalProperties: true and embedded resources', () => {
    const obj = {
      apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', bogus: 1 },
      spec: {
        config: { anything: { goes: [1] } },
        extra: { free: true },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', nope: 1 }, spec: { x: 'a', y: 'b' } },
        embeddedAny: { apiVersion: 'v1', whatever: 1 },
      },
    };
    assert.deepEqual(unknownFields(obj, WIDGET, schemas), ['metadata.bogus', 'spec.template.metadata.nope', 'spec.template.spec.y']);
  });
});

describe('typeErrors', () => {
  it('reports a string where an integer is declared in upstream’s wording', () => {
    assert.deepEqual(typeErrors(deployment({ replicas: '3' }), DEPLOYMENT, schemas), [{
      type: 'FieldValueTypeInvalid', field: 'spec.replicas',
      message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    }]);
  });

  it('names fractional numbers "number" and checks list items and map values', () => {
    const obj = deployment({
      replicas: 1.5,
      template: { spec: { containers: [{ name: 'a', command: 'sh' }], nodeSelector: { disk: 1 } } },
    });
    assert.deepEqual(typeErrors(obj, DEPLOYMENT, schemas).map((e) => e.message), [
      'Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      'Invalid value: "string": spec.template.spec.containers[0].command in body must be of type array: "string"',
      'Invalid value: "integer": spec.template.spec.nodeSelector.disk in body must be of type string: "integer"',
    ]);
  });

  it('accepts integers and strings for int-or-string, and ignores nulls', () => {
    const obj = deployment({ replicas: null, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } });
    assert.deepEqual(typeErrors(obj, DEPLOYMENT, schemas), []);
    const bad = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: {}, spec: { port: true } };
    assert.deepEqual(typeErrors(bad, WIDGET, schemas).map((e) => e.field), ['spec.port']);
  });
});
