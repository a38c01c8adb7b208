/**
 * The OpenAPI v3 discovery index (`/openapi/v3`) and one document per group/version
 * (`/openapi/v3/apis/<g>/<v>`), generated from the registry so CRDs appear as soon as they are served.
 * Documents are pure functions of the registry; the HTTP layer caches them by `registry.generation`.
 */
import type { Registry } from '../registry/registry.js';
import type { AnyResourceDef } from '../registry/types.js';
import type { Schema, SchemaSet } from '../schema/types.js';
import { NAMES, gvPrefix, listSchemaName, resourcePaths, type Gvk, type Json } from './paths.js';

const REF_PREFIX = '#/components/schemas/';

/**
 * `{ paths: { 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=…' }, 'apis/apps/v1': … } }`.
 * `hash` receives the same key (`api/v1`, `apis/apps/v1`) and should change whenever that document does,
 * because clients cache documents by URL.
 */
export function openapiIndex(registry: Registry, hash: (gv: string) => string): { paths: Record<string, { serverRelativeURL: string }> } {
  const keys = [...new Set(registry.all().map((d) => gvPrefix(d.group, d.version).slice(1)))].sort(byCoreFirst);
  return { paths: Object.fromEntries(keys.map((k) => [k, { serverRelativeURL: `/openapi/v3/${k}?hash=${hash(k)}` }])) };
}

const byCoreFirst = (a: string, b: string) => Number(b.startsWith('api/')) - Number(a.startsWith('api/')) || (a < b ? -1 : a > b ? 1 : 0);

/** The OpenAPI 3.0 document for one group/version, or undefined when nothing of it is served. */
export function openapiGroupVersion(registry: Registry, group: string, version: string): Json | undefined {
  const defs = registry.all().filter((d) => d.group === group && d.version === version).sort((a, b) => (a.plural < b.plural ? -1 : 1));
  if (defs.length === 0) return undefined;
  const paths: Record<string, Json> = {};
  for (const d of defs) Object.assign(paths, resourcePaths(d));
  const sortedPaths = Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]]));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: sortedPaths,
    components: { schemas: closure(sortedPaths, available(registry.schemas(), defs)) },
  };
}

/**
 * What the document may draw on: the registry's schemas, fallbacks for the few meta types the
 * operations name (used only where the registry lacks them), synthesized `<Kind>List` schemas, and the
 * GVK extension on every kind and list schema (`kubectl explain` finds kinds by it).
 */
function available(registered: SchemaSet, defs: AnyResourceDef[]): SchemaSet {
  const out: SchemaSet = { ...FALLBACKS, ...registered };
  for (const d of defs) {
    const listKind = d.listKind ?? `${d.kind}List`;
    const listName = listSchemaName(d);
    out[listName] = withGvk(out[listName] ?? listSchema(d, listKind), { group: d.group, version: d.version, kind: listKind });
    if (out[d.schema]) out[d.schema] = withGvk(out[d.schema]!, { group: d.group, version: d.version, kind: d.kind });
  }
  return out;
}

function withGvk(s: Schema, gvk: Gvk): Schema {
  const have = s['x-kubernetes-group-version-kind'] ?? [];
  const dup = have.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind);
  return dup ? s : { ...s, 'x-kubernetes-group-version-kind': [...have, gvk] };
}

function listSchema(d: AnyResourceDef, listKind: string): Schema {
  return {
    type: 'object',
    description: `${listKind} is a list of ${d.kind} objects.`,
    required: ['items'],
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { allOf: [{ $ref: `${REF_PREFIX}${NAMES.listMeta}` }], description: 'Standard list metadata.' },
      items: { type: 'array', description: `List of ${d.plural}.`, items: { $ref: `${REF_PREFIX}${d.schema}` } },
    },
  };
}

/** Every schema reachable from a `$ref` in `root`, following refs inside schemas transitively. */
function closure(root: unknown, pool: SchemaSet): SchemaSet {
  const out: SchemaSet = {};
  const queue = refsIn(root);
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const s = pool[name];
    if (out[name] || !s) continue; // a name missing from the pool stays a dangling ref; explain tolerates it
    out[name] = s;
    queue.push(...refsIn(s));
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

function refsIn(v: unknown, acc: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refsIn(x, acc);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && x.startsWith(REF_PREFIX)) acc.push(x.slice(REF_PREFIX.length));
      else refsIn(x, acc);
    }
  }
  return acc;
}

const str = (description: string): Schema => ({ type: 'string', description });
const int = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
const refTo = (name: string, description: string): Schema => ({ allOf: [{ $ref: `${REF_PREFIX}${name}` }], description });

/** Minimal meta schemas, so a document is complete even when the registry does not define them. */
const FALLBACKS: SchemaSet = {
  [NAMES.listMeta]: {
    type: 'object', description: 'ListMeta describes metadata that synthetic resources must have, including lists.',
    properties: { resourceVersion: str('Identifies the server\'s internal version of this list.'), continue: str('Set when more results are available.'), remainingItemCount: { type: 'integer', format: 'int64', description: 'Number of items not yet returned.' } },
  },
  [NAMES.patch]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  [NAMES.deleteOptions]: {
    type: 'object', description: 'DeleteOptions may be provided when deleting an API object.',
    properties: {
      apiVersion: str('APIVersion of this representation.'), kind: str('Kind of this representation.'),
      dryRun: { type: 'array', items: { type: 'string' }, description: 'When present, modifications are not persisted.' },
      gracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds before the object should be deleted.' },
      propagationPolicy: str("Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
      preconditions: { type: 'object', description: 'Must be fulfilled before a deletion is carried out.', properties: { resourceVersion: str('Target resourceVersion.'), uid: str('Target UID.') } },
    },
  },
  [NAMES.status]: {
    type: 'object', description: 'Status is a return value for calls that don\'t return other objects.',
    properties: {
      apiVersion: str('APIVersion of this representation.'), kind: str('Kind of this representation.'),
      metadata: refTo(NAMES.listMeta, 'Standard list metadata.'),
      status: str('Status of the operation: "Success" or "Failure".'), message: str('A human-readable description of the status.'),
      reason: str('A machine-readable description of why the operation failed.'), code: int('Suggested HTTP return code.'),
      details: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description: 'Extended data associated with the reason.' },
    },
  },
  [NAMES.scale]: {
    type: 'object', description: 'Scale represents a scaling request for a resource.',
    properties: {
      apiVersion: str('APIVersion of this representation.'), kind: str('Kind of this representation.'),
      metadata: refTo('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'Standard object metadata.'),
      spec: { type: 'object', description: 'Desired state.', properties: { replicas: int('Desired number of instances for the scaled object.') } },
      status: { type: 'object', description: 'Current state.', required: ['replicas'], properties: { replicas: int('Actual number of observed instances.'), selector: str('Label query over pods, in the string form of label selectors.') } },
    },
    'x-kubernetes-group-version-kind': [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }],
  },
};
