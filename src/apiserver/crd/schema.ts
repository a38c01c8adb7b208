/**
 * The OpenAPI component of a served CRD version: the version's `openAPIV3Schema` with the type
 * and object metadata every kind carries, so strict unknown-field checks, OpenAPI v3 documents
 * and `kubectl explain` treat custom kinds like built-in ones.
 */
import { META } from '../../api/schema/index.js';
import type { Schema } from '../../api/schema/index.js';

/** `example.kite.dev` v1 `Widget` → `dev.kite.example.v1.Widget` (upstream's reversed-group naming). */
export function crdSchemaName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

export function crdComponentSchema(openAPIV3Schema: Record<string, unknown> | undefined, gvk: { group: string; version: string; kind: string }): Schema {
  const s = structuredClone(openAPIV3Schema ?? {}) as Schema;
  s.type ??= 'object';
  s.properties = {
    ...s.properties,
    apiVersion: {
      type: 'string',
      description: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
    },
    kind: {
      type: 'string',
      description: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to.',
    },
    metadata: {
      allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }],
      description: 'Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
    },
  };
  s['x-kubernetes-group-version-kind'] = [{ ...gvk }];
  return s;
}
