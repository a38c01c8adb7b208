/** A sample CRD shared by the CRD tests: namespaced Widget with printer columns, enum, maximum, defaults. */
import type { Crd } from '../../../../src/apiserver/crd/index.js';

export function widgetCrd(over: { versions?: Crd['spec']['versions']; names?: Crd['spec']['names'] } = {}): Crd {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.kite.dev', uid: 'u-1', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: {
      group: 'example.kite.dev', scope: 'Namespaced',
      names: over.names ?? { plural: 'widgets', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
      versions: over.versions ?? [{
        name: 'v1', served: true, storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1, description: 'the colour' },
          { name: 'Started', type: 'date', jsonPath: '.status.startTime' },
        ],
        schema: { openAPIV3Schema: widgetSchema() },
      }],
    },
  };
}

export function widgetSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'A Widget is a test kind.',
    properties: {
      spec: {
        type: 'object', description: 'The desired widget.', required: ['name'],
        properties: {
          name: { type: 'string', description: 'Name of the widget.', maxLength: 8 },
          size: { type: 'integer', format: 'int32', description: 'Size in units.', maximum: 10, minimum: 1, default: 3 },
          color: { type: 'string', enum: ['red', 'blue'], default: 'red' },
          replicas: { type: 'integer' },
          port: { 'x-kubernetes-int-or-string': true },
          note: { type: 'string', nullable: true },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          labels: { type: 'object', additionalProperties: { type: 'string', pattern: '^[a-z]+$' } },
          parts: {
            type: 'array',
            items: {
              type: 'object', required: ['id'],
              properties: { id: { type: 'string' }, weight: { type: 'number', default: 1.5 }, opts: { type: 'object', properties: { fast: { type: 'boolean', default: true } } } },
            },
          },
          when: { type: 'string', format: 'date-time' },
          ratio: { type: 'number', maximum: 1, exclusiveMaximum: true },
        },
      },
      status: {
        type: 'object',
        properties: {
          replicas: { type: 'integer' },
          startTime: { type: 'string', format: 'date-time' },
          conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } } },
        },
      },
    },
  };
}
