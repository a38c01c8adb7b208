import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import { ApiError, type KubeClient, type ResourceRef } from '../../../src/client/index.js';
import { createServiceAccountController } from '../../../src/controllers/serviceaccount.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';


const ns = (name: string, o: { deleting?: boolean } = {}): KObject =>
  ({ metadata: { name, deletionTimestamp: o.deleting ? '2025-01-01T00:00:00Z' : undefined }, status: { phase: o.deleting ? 'Terminating' : 'Active' } });
const sa = (namespace: string, name = 'default'): KObject => ({ metadata: { name, namespace } });

function fixture(caches: Record<string, KObject[]>, o: { createError?: ApiError } = {}) {
  const writes: string[] = [];
  const client = {
    create: async <T extends KObject>(r: ResourceRef, obj: T) => {
      writes.push(`create ${r.plural} ${r.namespace}/${obj.metadata.name}`);
      if (o.createError) throw o.createError;
      return obj;
    },
  } as unknown as KubeClient;
  const { informers, emit } = fakeInformers(caches);
  const ctrl = createServiceAccountController({ client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock: fakeClock() });
  const reconcile = (k: string) => (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(k, new AbortController().signal);
  return { ctrl, reconcile, writes, emit };
}

describe('service account controller', () => {
  it('creates the default ServiceAccount in an active namespace that lacks one', async () => {
    const f = fixture({ namespaces: [ns('shop')], serviceaccounts: [sa('shop', 'builder')] });
    await f.reconcile('shop');
    assert.deepEqual(f.writes, ['create serviceaccounts shop/default']);
  });

  it('leaves namespaces alone that have one, are terminating or are gone', async () => {
    const f = fixture({ namespaces: [ns('shop'), ns('doomed', { deleting: true })], serviceaccounts: [sa('shop')] });
    for (const k of ['shop', 'doomed', 'missing']) await f.reconcile(k);
    assert.deepEqual(f.writes, []);
  });

  it('AlreadyExists (the cache was behind) counts as done; other errors fail the pass', async () => {
    const exists = new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 409, reason: 'AlreadyExists', message: 'exists' });
    await fixture({ namespaces: [ns('shop')] }, { createError: exists }).reconcile('shop');
    const boom = new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500, reason: 'InternalError', message: 'boom' });
    await assert.rejects(fixture({ namespaces: [ns('shop')] }, { createError: boom }).reconcile('shop'), /boom/);
  });

  it('running, it fills every namespace and re-creates a deleted default ServiceAccount', async () => {
    const f = fixture({ namespaces: [ns('a'), ns('b')], serviceaccounts: [sa('b')] });
    const ac = new AbortController();
    const running = f.ctrl.run(ac.signal);
    const until = async (n: number) => { for (const end = Date.now() + 5000; f.writes.length < n && Date.now() < end;) await sleep(5); };
    await until(1);
    assert.deepEqual(f.writes, ['create serviceaccounts a/default']);
    f.emit('serviceaccounts', { type: 'delete', obj: sa('b') });
    await until(2);
    ac.abort();
    await running;
    assert.deepEqual(f.writes, ['create serviceaccounts a/default', 'create serviceaccounts b/default']);
  });
});
