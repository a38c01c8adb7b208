import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../../src/api/registry/core-types.js';
import type { KObject } from '../../../src/api/types/index.js';
import { createQuotaSync } from '../../../src/controllers/resourcequota.js';
import { formatQuantity, type Quota, type QuotaResource } from '../../../src/api/quota/usage.js';
import { cacheOf, fakeClient, iso } from './node-lifecycle-fakes.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');

const pod = (name: string, o: { cpu?: string; mem?: string; limCpu?: string; phase?: string; ns?: string; init?: string } = {}): Pod => ({
  metadata: { name, namespace: o.ns ?? 'team' },
  spec: {
    containers: [{ name: 'c', resources: { requests: { ...(o.cpu ? { cpu: o.cpu } : {}), ...(o.mem ? { memory: o.mem } : {}) }, limits: o.limCpu ? { cpu: o.limCpu } : {} } }],
    ...(o.init ? { initContainers: [{ name: 'i', resources: { requests: { cpu: o.init } } }] } : {}),
  },
  status: { phase: o.phase ?? 'Running' },
});
const quota = (hard: Record<string, string>, status?: Quota['status']): Quota => ({
  apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'team', resourceVersion: '4' }, spec: { hard }, ...(status ? { status } : {}),
});

function fixture(q: Quota, objects: Record<string, KObject[]>, synced = true) {
  const api = fakeClient();
  const quotas = cacheOf(q);
  const sync = createQuotaSync({
    client: api.client, clock: { now: () => T0 }, quota: (k) => quotas.get(k),
    objects: async (r: QuotaResource) => (synced ? objects[`${r.group}/${r.plural}`] ?? [] : undefined),
  }, { resyncMs: 300_000 });
  return { sync, api };
}

describe('ResourceQuota controller', () => {
  it('sums pods, compute requests and limits of non-terminal pods and counts all pods for count/pods', async () => {
    const q = quota({ pods: '10', 'count/pods': '10', 'requests.cpu': '4', 'requests.memory': '4Gi', 'limits.cpu': '8', cpu: '4' });
    const f = fixture(q, {
      '/pods': [
        pod('a', { cpu: '500m', mem: '128Mi', limCpu: '1' }),
        pod('b', { cpu: '1', mem: '64Mi', init: '2' }),
        pod('done', { cpu: '3', phase: 'Succeeded' }),
        pod('elsewhere', { cpu: '3', ns: 'other' }),
      ],
    });
    assert.equal(await f.sync('team/q'), 300_000);
    assert.deepEqual(f.api.summary(), ['updateStatus team/resourcequotas/q']);
    assert.deepEqual(f.api.writes[0]!.obj!.status, {
      hard: { pods: '10', 'count/pods': '10', 'requests.cpu': '4', 'requests.memory': '4Gi', 'limits.cpu': '8', cpu: '4' },
      used: { pods: '2', 'count/pods': '3', 'requests.cpu': '2500m', 'requests.memory': '192Mi', 'limits.cpu': '1', cpu: '2500m' },
    });
  });

  it('counts services, configmaps, secrets, claims with their storage, and count/<resource>.<group>', async () => {
    const q = quota({
      services: '5', 'services.nodeports': '5', configmaps: '5', 'count/secrets': '5', persistentvolumeclaims: '5',
      'requests.storage': '10Gi', 'count/deployments.apps': '2',
    });
    const o = (name: string, extra: Partial<KObject> = {}): KObject => ({ metadata: { name, namespace: 'team' }, ...extra });
    const f = fixture(q, {
      '/services': [o('s1', { spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } }), o('s2', { spec: { type: 'ClusterIP' } })],
      '/configmaps': [o('c1')],
      '/secrets': [o('x1'), o('x2')],
      '/persistentvolumeclaims': [o('v1', { spec: { resources: { requests: { storage: '1Gi' } } } }), o('v2', { spec: { resources: { requests: { storage: '512Mi' } } } })],
      'apps/deployments': [o('d1')],
    });
    await f.sync('team/q');
    assert.deepEqual((f.api.writes[0]!.obj as Quota).status!.used, {
      services: '2', 'services.nodeports': '2', configmaps: '1', 'count/secrets': '2', persistentvolumeclaims: '2',
      'requests.storage': '1536Mi', 'count/deployments.apps': '1',
    });
  });

  it('writes nothing when the status already says so, and waits while a cache loads', async () => {
    const q = quota({ pods: '2' }, { hard: { pods: '2' }, used: { pods: '1' } });
    const f = fixture(q, { '/pods': [pod('a')] });
    await f.sync('team/q');
    assert.deepEqual(f.api.summary(), []);
    const g = fixture(q, {}, false);
    assert.equal(await g.sync('team/q'), 500);
    assert.deepEqual(g.api.summary(), []);
  });

  it('a pod past its deletion grace period no longer holds compute', async () => {
    const gone = pod('gone', { cpu: '1' });
    gone.metadata.deletionTimestamp = iso(T0 - 40_000);
    gone.metadata.deletionGracePeriodSeconds = 30;
    const f = fixture(quota({ 'requests.cpu': '2', 'count/pods': '5' }), { '/pods': [gone, pod('a', { cpu: '250m' })] });
    await f.sync('team/q');
    assert.deepEqual((f.api.writes[0]!.obj as Quota).status!.used, { 'requests.cpu': '250m', 'count/pods': '2' });
  });

  it('quantities print in canonical form', () => {
    assert.deepEqual(
      [formatQuantity('requests.cpu', 1.5), formatQuantity('requests.cpu', 0.1 + 0.2), formatQuantity('pods', 3), formatQuantity('requests.memory', 2 ** 30),
        formatQuantity('requests.memory', 1e9), formatQuantity('requests.memory', 1000.5), formatQuantity('pods', 0)],
      ['1500m', '300m', '3', '1Gi', '1G', '1000500m', '0'],
    );
  });
});
