/**
 * OpenAPI v3 path items for one registry entry, shaped like the API server's own so kubectl finds what it
 * looks for: `supportsQueryParamV3` walks every PATCH operation carrying the kind's
 * `x-kubernetes-group-version-kind` and requires `fieldValidation` among its parameters (it stops at the
 * first such operation, so /status gets it too), and `kubectl explain` reads the GVK of the first
 * get/post/put/patch/delete operation on the resource's collection or item path.
 */
import { ALL_VERBS, type AnyResourceDef, type Verb } from '../registry/types.js';

export type Json = Record<string, unknown>;
export interface Gvk { group: string; version: string; kind: string }

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** Component names the generated operations refer to besides the kinds themselves. */
export const NAMES = {
  status: `${META}.Status`,
  deleteOptions: `${META}.DeleteOptions`,
  patch: `${META}.Patch`,
  listMeta: `${META}.ListMeta`,
  scale: 'io.k8s.api.autoscaling.v1.Scale',
} as const;
const SCALE_GVK: Gvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];
const BODY_TYPES = ['application/json', 'application/yaml'];

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (types: string[], schema: string) => Object.fromEntries(types.map((t) => [t, { schema: ref(schema) }]));
const query = (name: string, description: string, type = 'string'): Json => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const pathParam = (name: string, description: string): Json => ({ name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } });

const P = {
  name: (kind: string) => pathParam('name', `name of the ${kind}`),
  namespace: pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
  pretty: query('pretty', "If 'true', then the output is pretty printed."),
  dryRun: query('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: query('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  fieldValidation: query('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.'),
  force: query('force', 'Force is going to "force" Apply requests. It must be unset for non-apply patch requests.', 'boolean'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'),
  propagationPolicy: query('propagationPolicy', "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
  list: [
    query('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
    query('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
    query('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
    query('continue', 'The continue option should be set when retrieving more results from the server.'),
    query('resourceVersion', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
    query('resourceVersionMatch', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
    query('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
    query('watch', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.', 'boolean'),
    query('allowWatchBookmarks', 'allowWatchBookmarks requests watch events with type "BOOKMARK".', 'boolean'),
  ],
};

type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';

interface OpSpec {
  action: Action;
  id: string;
  gvk: Gvk;
  description: string;
  tag: string;
  params: Json[];
  body?: string;
  response: string;
  codes: string[];
}

function operation(o: OpSpec): Json {
  const responses: Json = Object.fromEntries(o.codes.map((c) => [c, { description: c === '201' ? 'Created' : c === '202' ? 'Accepted' : 'OK', content: content(BODY_TYPES, o.response) }]));
  responses['401'] = { description: 'Unauthorized' };
  const op: Json = { tags: [o.tag], description: o.description, operationId: o.id, parameters: o.params };
  if (o.body) {
    const optional = o.action === 'delete' || o.action === 'deletecollection'; // DeleteOptions may be omitted
    op.requestBody = { ...(optional ? {} : { required: true }), content: content(o.action === 'patch' ? PATCH_TYPES : BODY_TYPES, o.body) };
  }
  return { ...op, responses, 'x-kubernetes-action': o.action, 'x-kubernetes-group-version-kind': { ...o.gvk } };
}

/** `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, `''` → `Core` (upstream operationId style). */
function groupWord(group: string): string {
  if (!group) return 'Core';
  return group.replace(/\.k8s\.io$/, '').split(/[.-]/).map(cap).join('');
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function gvPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** The component name of a kind's list schema: `…Deployment` → `…DeploymentList`. */
export function listSchemaName(d: AnyResourceDef): string {
  const listKind = d.listKind ?? `${d.kind}List`;
  return d.schema.endsWith(d.kind) ? `${d.schema.slice(0, -d.kind.length)}${listKind}` : `${d.schema}List`;
}

/** Every path item served for `d`, keyed by path template. */
export function resourcePaths(d: AnyResourceDef): Record<string, Json> {
  const verbs = new Set<Verb>(d.verbs ?? ALL_VERBS);
  const gvk: Gvk = { group: d.group, version: d.version, kind: d.kind };
  const tag = `${d.group ? groupWord(d.group).toLowerCase() : 'core'}_${d.version}`;
  const gvWord = `${groupWord(d.group)}${cap(d.version)}`;
  const idBase = `${gvWord}${d.namespaced ? 'Namespaced' : ''}${d.kind}`;
  const scope = d.namespaced ? [P.namespace] : [];
  const base = `${gvPrefix(d.group, d.version)}${d.namespaced ? '/namespaces/{namespace}' : ''}/${d.plural}`;
  const write = [P.pretty, P.dryRun, P.fieldManager, P.fieldValidation];
  const item = [P.name(d.kind), ...scope];
  const op = (o: Omit<OpSpec, 'gvk' | 'tag'> & { gvk?: Gvk }) => operation({ gvk, tag, ...o });
  const out: Record<string, Json> = {};

  const coll: Json = {};
  if (verbs.has('list')) coll.get = op({ action: 'list', id: `list${idBase}`, description: `list or watch objects of kind ${d.kind}`, params: [...scope, P.pretty, ...P.list], response: listSchemaName(d), codes: ['200'] });
  if (verbs.has('create')) coll.post = op({ action: 'post', id: `create${idBase}`, description: `create a ${d.kind}`, params: [...scope, ...write], body: d.schema, response: d.schema, codes: ['200', '201', '202'] });
  if (verbs.has('deletecollection')) coll.delete = op({ action: 'deletecollection', id: `delete${gvWord}Collection${d.namespaced ? 'Namespaced' : ''}${d.kind}`, description: `delete collection of ${d.kind}`, params: [...scope, P.pretty, P.dryRun, P.gracePeriodSeconds, P.propagationPolicy, ...P.list.slice(0, 6)], body: NAMES.deleteOptions, response: NAMES.status, codes: ['200'] });
  if (Object.keys(coll).length) out[base] = coll;

  const one: Json = {};
  if (verbs.has('get')) one.get = op({ action: 'get', id: `read${idBase}`, description: `read the specified ${d.kind}`, params: [...item, P.pretty], response: d.schema, codes: ['200'] });
  if (verbs.has('update')) one.put = op({ action: 'put', id: `replace${idBase}`, description: `replace the specified ${d.kind}`, params: [...item, ...write], body: d.schema, response: d.schema, codes: ['200', '201'] });
  if (verbs.has('patch')) one.patch = op({ action: 'patch', id: `patch${idBase}`, description: `partially update the specified ${d.kind}`, params: [...item, ...write, P.force], body: NAMES.patch, response: d.schema, codes: ['200', '201'] });
  if (verbs.has('delete')) one.delete = op({ action: 'delete', id: `delete${idBase}`, description: `delete a ${d.kind}`, params: [...item, P.pretty, P.dryRun, P.gracePeriodSeconds, P.propagationPolicy], body: NAMES.deleteOptions, response: d.schema, codes: ['200', '202'] });
  if (Object.keys(one).length) out[`${base}/{name}`] = one;

  const sub = (name: 'status' | 'scale', schema: string, subGvk: Gvk) => {
    const word = cap(name);
    out[`${base}/{name}/${name}`] = {
      get: op({ action: 'get', gvk: subGvk, id: `read${idBase}${word}`, description: `read ${name} of the specified ${d.kind}`, params: [...item, P.pretty], response: schema, codes: ['200'] }),
      put: op({ action: 'put', gvk: subGvk, id: `replace${idBase}${word}`, description: `replace ${name} of the specified ${d.kind}`, params: [...item, ...write], body: schema, response: schema, codes: ['200', '201'] }),
      patch: op({ action: 'patch', gvk: subGvk, id: `patch${idBase}${word}`, description: `partially update ${name} of the specified ${d.kind}`, params: [...item, ...write, P.force], body: NAMES.patch, response: schema, codes: ['200', '201'] }),
    };
  };
  if (d.subresources?.status) sub('status', d.schema, gvk);
  if (d.subresources?.scale) sub('scale', NAMES.scale, SCALE_GVK);

  // Upstream also serves a cross-namespace list; explain checks the cluster-scope path before the namespaced ones.
  if (d.namespaced && verbs.has('list')) {
    out[`${gvPrefix(d.group, d.version)}/${d.plural}`] = {
      get: op({ action: 'list', id: `list${gvWord}${d.kind}ForAllNamespaces`, description: `list or watch objects of kind ${d.kind}`, params: [P.pretty, ...P.list], response: listSchemaName(d), codes: ['200'] }),
    };
  }
  return out;
}
