import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KList, KObject } from '../../../src/api/types/index.js';
import { ApiError, resourcePath, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import { createNamespaceDeleter } from '../../../src/controllers/namespace-deleter.js';

type Client = Pick<KubeClient, 'get' | 'list' | 'delete' | 'updateStatus' | 'raw'>;
interface Ns extends KObject { spec?: { finalizers?: string[] }; status?: { phase?: string; conditions?: Array<{ type: string; status: string; message: string }> } }

const notFound = () => new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' });

const DISCOVERY: Record<string, unknown> = {
  '/apis': { groups: [{ name: 'apps', preferredVersion: { version: 'v1' }, versions: [{ version: 'v1' }] }] },
  '/api/v1': {
    resources: [
      { name: 'configmaps', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list'] },
      { name: 'namespaces', namespaced: false, verbs: ['create', 'delete', 'get', 'list'] },
      { name: 'pods/status', namespaced: true, verbs: ['get', 'patch', 'update'] },
      { name: 'bindings', namespaced: true, verbs: ['create'] },
      { name: 'serviceaccounts', namespaced: true, verbs: ['delete', 'get', 'list'] },
    ],
  },
  '/apis/apps/v1': { resources: [{ name: 'deployments', namespaced: true, verbs: ['delete', 'deletecollection', 'list'] }] },
};

/** An in-memory API: namespaced objects by collection path; deletes drop objects unless they carry finalizers. */
function fixture(ns: Ns | undefined, content: Record<string, KObject[]>, o: { brokenGroup?: string } = {}) {
  const writes: string[] = [];
  const store = new Map(Object.entries(content));
  let current = ns && structuredClone(ns);
  const reap = (path: string, name?: string) => store.set(path, (store.get(path) ?? []).filter((x) => (name && x.metadata.name !== name) || x.metadata.finalizers?.length));
  const client: Client = {
    get: async <T extends KObject>(_r: ResourceRef, _n: string) => { if (!current) throw notFound(); return structuredClone(current) as unknown as T; },
    list: async <T extends KObject>(r: ResourceRef) => ({ apiVersion: 'v1', kind: 'List', metadata: {}, items: store.get(resourcePath(r)) ?? [] }) as unknown as KList<T>,
    delete: async (r, name) => { writes.push(`delete ${resourcePath(r, name)}`); reap(resourcePath(r), name); return { metadata: {} }; },
    updateStatus: async <T extends KObject>(_r: ResourceRef, obj: T) => {
      writes.push(`updateStatus phase=${(obj as Ns).status?.phase} conditions=${(obj as Ns).status?.conditions?.length ?? 0}`);
      current = structuredClone(obj) as Ns;
      return obj;
    },
    raw: async (method, path, body) => {
      if (method === 'GET') {
        if (o.brokenGroup && path.startsWith(`/apis/${o.brokenGroup}/`)) throw new Error('discovery unavailable');
        return DISCOVERY[path];
      }
      writes.push(method === 'DELETE' ? `deletecollection ${path} ${(body as { propagationPolicy: string }).propagationPolicy}`
        : `${method} ${path} finalizers=${JSON.stringify((body as Ns).spec?.finalizers)}`);
      if (method === 'DELETE') reap(path);
      return {};
    },
  };
  const sync = createNamespaceDeleter({ client, clock: { now: () => Date.parse('2025-01-01T00:00:00Z') }, recheckMs: 2000 });
  return { sync, writes, ns: () => current };
}

const doomed = (o: Partial<Ns> = {}): Ns => ({
  apiVersion: 'v1', kind: 'Namespace', spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  ...o, metadata: { name: 'doomed', resourceVersion: '7', deletionTimestamp: '2025-01-01T00:00:00Z', ...o.metadata },
});
const obj = (name: string, finalizers?: string[]): KObject => ({ metadata: { name, namespace: 'doomed', finalizers } });
const CMS = '/api/v1/namespaces/doomed/configmaps';
const SAS = '/api/v1/namespaces/doomed/serviceaccounts';
const DEPLOYS = '/apis/apps/v1/namespaces/doomed/deployments';

describe('namespace deleter', () => {
  it('content held by a finalizer is deleted, reported in conditions and re-checked later; the namespace is kept', async () => {
    const f = fixture(doomed(), { [CMS]: [obj('held', ['example.com/hold']), obj('plain')], [SAS]: [obj('default')], [DEPLOYS]: [obj('web')] });
    assert.equal(await f.sync('doomed'), 2000);
    // types are handled in parallel, so the deletes are compared as a set
    const [first, ...rest] = f.writes;
    const last = rest.pop();
    assert.deepEqual([first, last], ['updateStatus phase=Terminating conditions=0', 'updateStatus phase=Terminating conditions=5']);
    assert.deepEqual(rest.sort(), [`delete ${SAS}/default`, `deletecollection ${CMS} Background`, `deletecollection ${DEPLOYS} Background`]);
    const cond = (t: string) => f.ns()?.status?.conditions?.find((c) => c.type === t);
    assert.equal(cond('NamespaceContentRemaining')?.message, 'Some resources are remaining: configmaps has 1 resource instances');
    assert.equal(cond('NamespaceFinalizersRemaining')?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    assert.equal(cond('NamespaceDeletionContentFailure')?.status, 'False');
  });

  it('once nothing remains, only the kubernetes finalizer is released through /finalize', async () => {
    const f = fixture(doomed({ spec: { finalizers: ['kubernetes', 'example.com/other'] }, status: { phase: 'Terminating' } }), { [DEPLOYS]: [obj('web')] });
    assert.equal(await f.sync('doomed'), undefined);
    assert.deepEqual(f.writes, [
      `deletecollection ${CMS} Background`,
      `deletecollection ${DEPLOYS} Background`,
      'updateStatus phase=Terminating conditions=5',
      'PUT /api/v1/namespaces/doomed/finalize finalizers=["example.com/other"]',
    ]);
  });

  it('a namespace that is not being deleted, already finalized or gone is left alone', async () => {
    for (const ns of [doomed({ metadata: { name: 'doomed', deletionTimestamp: undefined } }), doomed({ spec: { finalizers: [] } }), undefined]) {
      const f = fixture(ns, { [CMS]: [obj('a')] });
      assert.equal(await f.sync('doomed'), undefined);
      assert.deepEqual(f.writes, []);
    }
  });

  it('a group that cannot be discovered is reported and blocks the finalizer, with an error to retry', async () => {
    const f = fixture(doomed({ status: { phase: 'Terminating' } }), {}, { brokenGroup: 'apps' });
    await assert.rejects(f.sync('doomed'), /deletion incomplete: apps\/v1: discovery unavailable/);
    const c = f.ns()?.status?.conditions?.find((x) => x.type === 'NamespaceDeletionDiscoveryFailure');
    assert.deepEqual([c?.status, c?.message], ['True', 'Discovery failed for some groups, 1 failing: apps/v1: discovery unavailable']);
    assert.ok(!f.writes.some((w) => w.includes('/finalize')));
  });
});
