/** A terse way to write OpenAPI schemas for built-in kinds. Each helper returns a plain `Schema`. */
import type { Schema } from './types.js';

type Opts = Partial<Schema>;

export const str = (description?: string, o: Opts = {}): Schema => ({ type: 'string', description, ...o });
export const int = (description?: string, o: Opts = {}): Schema => ({ type: 'integer', format: 'int32', description, ...o });
export const int64 = (description?: string, o: Opts = {}): Schema => ({ type: 'integer', format: 'int64', description, ...o });
export const num = (description?: string, o: Opts = {}): Schema => ({ type: 'number', format: 'double', description, ...o });
export const bool = (description?: string, o: Opts = {}): Schema => ({ type: 'boolean', description, ...o });
export const time = (description?: string): Schema => ({ type: 'string', format: 'date-time', description });
export const intOrString = (description?: string): Schema => ({ 'x-kubernetes-int-or-string': true, description });
/** A Kubernetes resource.Quantity ("100m", "1Gi", 2). */
export const quantity = (description?: string): Schema => ({ 'x-kubernetes-int-or-string': true, description, format: 'quantity' });
export const strMap = (description?: string): Schema => ({ type: 'object', additionalProperties: { type: 'string' }, description });
export const mapOf = (values: Schema, description?: string): Schema => ({ type: 'object', additionalProperties: values, description });
export const anyObj = (description?: string): Schema => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description });

export const obj = (properties: Record<string, Schema>, description?: string, o: Opts = {}): Schema =>
  ({ type: 'object', description, properties, ...o });

/** Atomic list (replaced whole by merge patches). */
export const arr = (items: Schema, description?: string, o: Opts = {}): Schema =>
  ({ type: 'array', items, description, 'x-kubernetes-list-type': 'atomic', ...o });

/** Set of scalars (strategic merge unions them). */
export const set = (items: Schema, description?: string): Schema =>
  ({ type: 'array', items, description, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' });

/**
 * List of objects keyed by `mergeKey` for strategic merge; `mapKeys` are the server-side-apply keys
 * (default [mergeKey]). `strategy` can add retainKeys.
 */
export const listMap = (items: Schema, mergeKey: string, description?: string, o: { mapKeys?: string[]; strategy?: string } = {}): Schema => ({
  type: 'array', items, description,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': o.mapKeys ?? [mergeKey],
  'x-kubernetes-patch-merge-key': mergeKey,
  'x-kubernetes-patch-strategy': o.strategy ?? 'merge',
});

export const ref = (name: string, description?: string): Schema =>
  (description ? { allOf: [{ $ref: `#/components/schemas/${name}` }], description } : { $ref: `#/components/schemas/${name}` });

export const enumOf = (values: string[], description?: string): Schema => ({ type: 'string', enum: values, description });

/** The component name for a built-in kind's schema, e.g. gvkName('apps','v1','Deployment'). */
export function gvkName(group: string, version: string, kind: string): string {
  if (group === '') return `io.k8s.api.core.v1.${kind}`;
  const prefix = group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  return `io.k8s.api.${prefix}.${version}.${kind}`;
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const objectMetaRef = (description = 'Standard object metadata.') => ref(`${META}.ObjectMeta`, description);
export const listMetaRef = () => ref(`${META}.ListMeta`, 'Standard list metadata.');
export const labelSelectorRef = (description?: string) => ref(`${META}.LabelSelector`, description);
