/**
 * Kite's schemas are OpenAPI v3 (structural JSON Schema plus the `x-kubernetes-*` extensions).
 * They are written once per kind (src/api/schema/defs/*) and drive strict field validation,
 * strategic-merge keys, server-side-apply list keys, OpenAPI v3 documents and `kubectl explain`.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  /** `#/components/schemas/<name>` */
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
  'x-kubernetes-patch-merge-key'?: string;
  /** 'merge' | 'retainKeys' | 'merge,retainKeys' | 'replace' */
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  [extension: `x-${string}`]: unknown;
}

/** Named schemas, keyed by OpenAPI component name (e.g. `io.k8s.api.apps.v1.Deployment`). */
export type SchemaSet = Record<string, Schema>;
