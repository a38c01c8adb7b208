import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openapiGroupVersion, openapiIndex } from '../../../../src/api/openapi/index.js';
import { Registry } from '../../../../src/api/registry/registry.js';
import { defineResource } from '../../../../src/api/registry/types.js';
import type { SchemaSet } from '../../../../src/api/schema/types.js';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const r = (n: string) => ({ $ref: `#/components/schemas/${n}` });
const schemas: SchemaSet = {
  [`${META}.ObjectMeta`]: { type: 'object', properties: { name: { type: 'string' }, ownerReferences: { type: 'array', items: r(`${META}.OwnerReference`) } } },
  [`${META}.OwnerReference`]: { type: 'object', properties: { uid: { type: 'string' } } },
  [`${META}.LabelSelector`]: { type: 'object', properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
  'io.k8s.api.apps.v1.Deployment': { type: 'object', description: 'Deployment enables declarative updates for Pods.', properties: { metadata: { allOf: [r(`${META}.ObjectMeta`)] }, spec: r('io.k8s.api.apps.v1.DeploymentSpec') } },
  'io.k8s.api.apps.v1.DeploymentSpec': { type: 'object', properties: { replicas: { type: 'integer' }, selector: r(`${META}.LabelSelector`) } },
  'io.k8s.api.apps.v1.ReplicaSetList': { type: 'object', description: 'hand-written list', properties: { items: { type: 'array', items: r('io.k8s.api.apps.v1.ReplicaSet') } } },
  'io.k8s.api.apps.v1.ReplicaSet': { type: 'object', properties: { metadata: r(`${META}.ObjectMeta`) } },
  'io.k8s.api.core.v1.ConfigMap': { type: 'object', properties: { data: { type: 'object', additionalProperties: { type: 'string' } } } },
  'io.k8s.api.core.v1.Namespace': { type: 'object', properties: { metadata: r(`${META}.ObjectMeta`) } },
  'io.k8s.api.authentication.v1.TokenReview': { type: 'object', properties: { spec: { type: 'object' } } },
  'io.k8s.api.core.v1.Unrelated': { type: 'object' },
};

const registry = new Registry([
  defineResource({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, schema: 'io.k8s.api.apps.v1.Deployment', subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } }),
  defineResource({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', namespaced: true, schema: 'io.k8s.api.apps.v1.ReplicaSet' }),
  defineResource({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true, schema: 'io.k8s.api.core.v1.ConfigMap' }),
  defineResource({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, schema: 'io.k8s.api.core.v1.Namespace' }),
  defineResource({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenReview', plural: 'tokenreviews', singular: 'tokenreview', namespaced: false, verbs: ['create'], virtual: true, schema: 'io.k8s.api.authentication.v1.TokenReview' }),
], schemas);

const doc = (g: string, v: string) => openapiGroupVersion(registry, g, v) as J;
const sameGvk = (a: J | undefined, b: J) => a?.group === b.group && a?.version === b.version && a?.kind === b.kind;

/** cli-runtime `supportsQueryParamV3`: the first PATCH carrying the GVK decides, in random map order. */
function everyPatchForGvkHas(d: J, gvk: J, param: string): boolean {
  const ops = Object.values(d.paths as J).map((p: J) => p.patch).filter((op: J | undefined) => op && sameGvk(op['x-kubernetes-group-version-kind'], gvk));
  return ops.length > 0 && ops.every((op: J) => op.parameters.some((p: J) => p.name === param));
}

/** kubectl explain's plaintext template: GVK from the resource's operations, then the schema carrying it. */
function explainLookup(d: J, prefix: string, version: string, plural: string): { gvk: J; schema: J } | undefined {
  let gvk: J | undefined;
  for (const p of [`${prefix}/${version}/${plural}`, `${prefix}/${version}/${plural}/{name}`, `${prefix}/${version}/namespaces/{namespace}/${plural}`, `${prefix}/${version}/namespaces/{namespace}/${plural}/{name}`]) {
    const item = d.paths[p];
    if (!item) continue;
    const m = ['get', 'post', 'put', 'patch', 'delete'].find((k) => item[k]?.['x-kubernetes-group-version-kind']);
    if (m) gvk = item[m]['x-kubernetes-group-version-kind'];
  }
  if (!gvk) return undefined;
  const schema = Object.values(d.components.schemas as J).find((s: J) => (s['x-kubernetes-group-version-kind'] ?? []).some((g: J) => JSON.stringify(g) === JSON.stringify(gvk)));
  return schema ? { gvk, schema } : undefined;
}

describe('openapiIndex', () => {
  it('lists every served group/version with a hashed server-relative URL, core first', () => {
    assert.deepEqual(openapiIndex(registry, (gv) => `h(${gv})`), {
      paths: {
        'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=h(api/v1)' },
        'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=h(apis/apps/v1)' },
        'apis/authentication.k8s.io/v1': { serverRelativeURL: '/openapi/v3/apis/authentication.k8s.io/v1?hash=h(apis/authentication.k8s.io/v1)' },
      },
    });
  });
});

describe('openapiGroupVersion', () => {
  it('returns undefined for a group/version that is not served', () => {
    assert.equal(openapiGroupVersion(registry, 'apps', 'v2'), undefined);
  });

  it('serves collection, item, status, scale and all-namespaces paths for a namespaced kind', () => {
    const d = doc('apps', 'v1');
    assert.equal(d.openapi, '3.0.0');
    assert.deepEqual(d.info, { title: 'Kubernetes', version: 'unversioned' });
    assert.deepEqual(Object.keys(d.paths), [
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
      '/apis/apps/v1/namespaces/{namespace}/replicasets',
      '/apis/apps/v1/namespaces/{namespace}/replicasets/{name}',
      '/apis/apps/v1/replicasets',
    ]);
  });

  it('gives every operation an operationId, an x-kubernetes-action and the GVK', () => {
    const p = doc('apps', 'v1').paths;
    const summary = (path: string) => Object.fromEntries(Object.entries(p[path] as J).map(([m, op]: [string, J]) => [m, [op.operationId, op['x-kubernetes-action'], op['x-kubernetes-group-version-kind'].kind]]));
    assert.deepEqual(summary('/apis/apps/v1/namespaces/{namespace}/deployments'), {
      get: ['listAppsV1NamespacedDeployment', 'list', 'Deployment'],
      post: ['createAppsV1NamespacedDeployment', 'post', 'Deployment'],
      delete: ['deleteAppsV1CollectionNamespacedDeployment', 'deletecollection', 'Deployment'],
    });
    assert.deepEqual(summary('/apis/apps/v1/namespaces/{namespace}/deployments/{name}'), {
      get: ['readAppsV1NamespacedDeployment', 'get', 'Deployment'],
      put: ['replaceAppsV1NamespacedDeployment', 'put', 'Deployment'],
      patch: ['patchAppsV1NamespacedDeployment', 'patch', 'Deployment'],
      delete: ['deleteAppsV1NamespacedDeployment', 'delete', 'Deployment'],
    });
    assert.deepEqual(summary('/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'), {
      get: ['readAppsV1NamespacedDeploymentScale', 'get', 'Scale'],
      put: ['replaceAppsV1NamespacedDeploymentScale', 'put', 'Scale'],
      patch: ['patchAppsV1NamespacedDeploymentScale', 'patch', 'Scale'],
    });
    assert.deepEqual(summary('/apis/apps/v1/deployments'), { get: ['listAppsV1DeploymentForAllNamespaces', 'list', 'Deployment'] });
  });

  it('satisfies kubectl supportsQueryParamV3 for fieldValidation on every patch of the kind', () => {
    const d = doc('apps', 'v1');
    const patch = d.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(patch.parameters.some((x: J) => x.name === 'fieldValidation' && x.in === 'query' && x.schema.type === 'string'));
    assert.equal(everyPatchForGvkHas(d, { group: 'apps', version: 'v1', kind: 'Deployment' }, 'fieldValidation'), true);
    assert.equal(everyPatchForGvkHas(d, { group: 'autoscaling', version: 'v1', kind: 'Scale' }, 'fieldValidation'), true);
    assert.equal(everyPatchForGvkHas(doc('', 'v1'), { group: '', version: 'v1', kind: 'Namespace' }, 'fieldValidation'), true);
  });

  it('puts write parameters on create, update and patch and path parameters on item operations', () => {
    const p = doc('apps', 'v1').paths;
    const names = (op: J) => op.parameters.map((x: J) => `${x.in}:${x.name}`);
    assert.deepEqual(names(p['/apis/apps/v1/namespaces/{namespace}/deployments'].post), ['path:namespace', 'query:pretty', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation']);
    assert.deepEqual(names(p['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].put), ['path:name', 'path:namespace', 'query:pretty', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation']);
    assert.deepEqual(names(p['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch), ['path:name', 'path:namespace', 'query:pretty', 'query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force']);
    assert.ok(p['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].get.parameters.every((x: J) => x.in !== 'path' || x.required === true));
  });

  it('accepts the four patch content types and answers with the kind', () => {
    const patch = doc('apps', 'v1').paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    assert.deepEqual(Object.keys(patch.requestBody.content), ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml']);
    assert.deepEqual(patch.requestBody.content['application/merge-patch+json'].schema, r(`${META}.Patch`));
    assert.deepEqual(patch.responses['200'].content['application/json'].schema, r('io.k8s.api.apps.v1.Deployment'));
    assert.deepEqual(Object.keys(patch.responses), ['200', '201', '401']);
  });

  it('includes exactly the transitive closure of referenced schemas', () => {
    assert.deepEqual(Object.keys(doc('apps', 'v1').components.schemas), [
      'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.apps.v1.DeploymentList', 'io.k8s.api.apps.v1.DeploymentSpec',
      'io.k8s.api.apps.v1.ReplicaSet', 'io.k8s.api.apps.v1.ReplicaSetList', 'io.k8s.api.autoscaling.v1.Scale',
      `${META}.DeleteOptions`, `${META}.LabelSelector`, `${META}.ListMeta`, `${META}.ObjectMeta`, `${META}.OwnerReference`, `${META}.Patch`, `${META}.Status`,
    ]);
  });

  it('leaves no dangling $ref', () => {
    for (const [g, v] of [['apps', 'v1'], ['', 'v1'], ['authentication.k8s.io', 'v1']] as const) {
      const d = doc(g, v);
      const refs = JSON.stringify(d).match(/#\/components\/schemas\/[^"]+/g) ?? [];
      for (const ref of refs) assert.ok(d.components.schemas[ref.slice('#/components/schemas/'.length)], `${g}/${v}: ${ref}`);
    }
  });

  it('tags kind schemas with their GVK and synthesizes the list schema', () => {
    const s = doc('apps', 'v1').components.schemas;
    assert.deepEqual(s['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    assert.deepEqual(s['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'DeploymentList' }]);
    assert.deepEqual(Object.keys(s['io.k8s.api.apps.v1.DeploymentList'].properties), ['apiVersion', 'kind', 'metadata', 'items']);
    assert.deepEqual(s['io.k8s.api.apps.v1.DeploymentList'].properties.items.items, r('io.k8s.api.apps.v1.Deployment'));
    assert.deepEqual(s['io.k8s.api.apps.v1.DeploymentList'].properties.metadata.allOf, [r(`${META}.ListMeta`)]);
    assert.equal(s['io.k8s.api.apps.v1.ReplicaSetList'].description, 'hand-written list');
    assert.equal(schemas['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind'], undefined, 'registry schemas are not mutated');
  });

  it('lets kubectl explain find the kind schema from the resource paths', () => {
    const found = explainLookup(doc('apps', 'v1'), '/apis/apps', 'v1', 'deployments');
    assert.deepEqual(found?.gvk, { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(found?.schema.description, 'Deployment enables declarative updates for Pods.');
    assert.deepEqual(explainLookup(doc('', 'v1'), '/api', 'v1', 'namespaces')?.gvk, { group: '', version: 'v1', kind: 'Namespace' });
  });

  it('serves cluster-scoped kinds without a namespace parameter or all-namespaces path', () => {
    const p = doc('', 'v1').paths;
    assert.deepEqual(Object.keys(p), ['/api/v1/namespaces', '/api/v1/namespaces/{name}', '/api/v1/namespaces/{namespace}/configmaps', '/api/v1/namespaces/{namespace}/configmaps/{name}', '/api/v1/configmaps'].sort());
    assert.equal(p['/api/v1/namespaces/{name}'].get.operationId, 'readCoreV1Namespace');
    assert.deepEqual(p['/api/v1/namespaces/{name}'].get.parameters.filter((x: J) => x.in === 'path').map((x: J) => x.name), ['name']);
  });

  it('serves only the verbs a resource has', () => {
    const p = doc('authentication.k8s.io', 'v1').paths;
    assert.deepEqual(Object.keys(p), ['/apis/authentication.k8s.io/v1/tokenreviews']);
    assert.deepEqual(Object.keys(p['/apis/authentication.k8s.io/v1/tokenreviews']), ['post']);
    assert.equal(p['/apis/authentication.k8s.io/v1/tokenreviews'].post.operationId, 'createAuthenticationV1TokenReview');
  });

  it('reflects resources added at run time', () => {
    const reg = new Registry([], {});
    reg.setOwned('widgets.example.com', [defineResource({ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', singular: 'widget', namespaced: true, schema: 'com.example.v1.Widget' })], { 'com.example.v1.Widget': { type: 'object' } });
    assert.deepEqual(Object.keys(openapiIndex(reg, () => 'x').paths), ['apis/example.com/v1']);
    const d = openapiGroupVersion(reg, 'example.com', 'v1') as J;
    assert.equal(d.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'].patch.operationId, 'patchExampleComV1NamespacedWidget');
    assert.deepEqual(Object.keys(d.components.schemas), ['com.example.v1.Widget', 'com.example.v1.WidgetList', `${META}.DeleteOptions`, `${META}.ListMeta`, `${META}.Patch`, `${META}.Status`]);
  });
});
