/** Label and field selectors from the query string into one object predicate (notes §2). */
import { badRequest } from '../api/errors.js';
import type { AnyResourceDef } from '../api/registry/types.js';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from '../api/selectors/index.js';
import type { KObject } from '../api/types/index.js';
import type { ObjectFilter } from './rest/objects.js';

function fieldGetter(def: AnyResourceDef, o: KObject): (path: string) => string | undefined {
  return (path) => {
    if (path === 'metadata.name') return o.metadata.name ?? '';
    if (path === 'metadata.namespace') return o.metadata.namespace ?? '';
    const f = def.fieldSelectors?.[path];
    return f ? (f(o) ?? '') : undefined;
  };
}

export function selectorFilter(def: AnyResourceDef, q: URLSearchParams): ObjectFilter | undefined {
  const ls = q.get('labelSelector');
  const fs = q.get('fieldSelector');
  const labelReqs = ls ? parseLabelSelector(ls) : [];
  const fieldReqs = fs ? parseFieldSelector(fs) : [];
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...Object.keys(def.fieldSelectors ?? {})]);
  for (const r of fieldReqs) {
    if (!allowed.has(r.field)) {
      throw badRequest(`field label not supported: ${r.field}`);
    }
  }
  if (!labelReqs.length && !fieldReqs.length) return undefined;
  return (o) => matchLabels(labelReqs, o.metadata.labels) && matchFields(fieldReqs, fieldGetter(def, o));
}
