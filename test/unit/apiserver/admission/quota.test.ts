import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkQuota, quotaForbidden } from '../../../../src/apiserver/admission/index.js';
import type { Pod } from '../../../../src/api/registry/core-types.js';
import type { KObject } from '../../../../src/api/types/index.js';

const PODS = { group: '', plural: 'pods' };
const quota = (name: string, hard: Record<string, string>, used?: Record<string, string>, scopes?: string[]): KObject => ({
  metadata: { name, namespace: 'team', resourceVersion: '7' }, spec: { hard, ...(scopes ? { scopes } : {}) },
  status: { hard, ...(used ? { used } : {}) },
});
const pod = (requests?: Record<string, string>, limits?: Record<string, string>): Pod => ({
  metadata: { name: 'web', namespace: 'team' },
  spec: { containers: [{ name: 'app', resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } }, { name: 'side', resources: { requests: { cpu: '100m', memory: '1Mi' } } }] },
});

describe('ResourceQuota admission', () => {
  it('refuses a pod beyond the pods limit with upstream\'s message', () => {
    const r = checkQuota([quota('pod-limit', { pods: '2' }, { pods: '2' })], pod(), PODS);
    assert.deepEqual(r, { allowed: false, message: 'exceeded quota: pod-limit, requested: pods=1, used: pods=2, limited: pods=2' });
    const err = quotaForbidden(PODS, 'web', (r as { message: string }).message);
    assert.equal(err.status.code, 403);
    assert.equal(err.status.reason, 'Forbidden');
    assert.equal(err.status.message, 'pods "web" is forbidden: exceeded quota: pod-limit, requested: pods=1, used: pods=2, limited: pods=2');
  });

  it('names only the exceeded resources, with their quantities', () => {
    const q = quota('compute', { pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi' }, { pods: '1', 'requests.cpu': '800m', 'requests.memory': '100Mi' });
    const r = checkQuota([q], pod({ cpu: '200m', memory: '64Mi' }), PODS);
    assert.deepEqual(r, { allowed: false, message: 'exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=800m, limited: requests.cpu=1' });
  });

  it('a pod without cpu requests under a requests.cpu quota must specify them', () => {
    const r = checkQuota([quota('compute', { 'requests.cpu': '2' }, { 'requests.cpu': '0' })], pod({ memory: '1Mi' }), PODS);
    assert.deepEqual(r, { allowed: false, message: 'failed quota: compute: must specify requests.cpu for: app' });
    const limitsOnly = checkQuota([quota('compute', { 'requests.cpu': '2' }, { 'requests.cpu': '0' })], pod(undefined, { cpu: '1' }), PODS);
    assert.equal(limitsOnly.allowed, true, 'requests default to limits');
  });

  it('an admitted pod charges status.used of every quota it falls under', () => {
    const q1 = quota('a', { pods: '5', 'requests.cpu': '4' }, { pods: '1', 'requests.cpu': '1' });
    const q2 = quota('b', { configmaps: '3' }, { configmaps: '0' });
    const r = checkQuota([q2, q1], pod({ cpu: '500m' }), PODS);
    assert.equal(r.allowed, true);
    const charged = (r as { charged: KObject[] }).charged;
    assert.deepEqual(charged.map((q) => [q.metadata.name, q.metadata.resourceVersion, (q.status as { used: unknown }).used]), [
      ['a', '7', { pods: '2', 'requests.cpu': '1600m' }],
    ]);
  });

  it('a quota without usage yet refuses with status unknown; one without status.hard is ignored', () => {
    const r = checkQuota([quota('fresh', { pods: '2' })], pod(), PODS);
    assert.deepEqual(r, { allowed: false, message: 'status unknown for quota: fresh, resources: pods' });
    const noStatus: KObject = { metadata: { name: 'new', namespace: 'team' }, spec: { hard: { pods: '0' } } };
    assert.deepEqual(checkQuota([noStatus], pod(), PODS), { allowed: true, charged: [] });
  });

  it('scoped quotas apply only to the pods in their scope, and other namespaces do not count', () => {
    const bestEffort = quota('be', { pods: '0' }, { pods: '0' }, ['BestEffort']);
    assert.equal(checkQuota([bestEffort], pod({ cpu: '1' }), PODS).allowed, true);
    const bare: Pod = { metadata: { name: 'x', namespace: 'team' }, spec: { containers: [{ name: 'c' }] } };
    assert.equal(checkQuota([bestEffort], bare, PODS).allowed, false);
    assert.equal(checkQuota([{ ...bestEffort, metadata: { name: 'be', namespace: 'other' } }], bare, PODS).allowed, true);
  });

  it('object counts use count/<resource>.<group> and the legacy names', () => {
    const dep: KObject = { metadata: { name: 'd', namespace: 'team' } };
    const r = checkQuota([quota('objs', { 'count/deployments.apps': '1' }, { 'count/deployments.apps': '1' })], dep, { group: 'apps', plural: 'deployments' });
    assert.deepEqual(r, { allowed: false, message: 'exceeded quota: objs, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1' });
    const cm: KObject = { metadata: { name: 'c', namespace: 'team' } };
    const ok = checkQuota([quota('objs', { configmaps: '2', 'count/configmaps': '2' }, { configmaps: '1', 'count/configmaps': '1' })], cm, { group: '', plural: 'configmaps' });
    assert.deepEqual((ok as { charged: KObject[] }).charged.map((q) => (q.status as { used: unknown }).used), [{ configmaps: '2', 'count/configmaps': '2' }]);
  });
});
