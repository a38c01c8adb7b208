import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { KObject } from '../../../src/api/types/index.js';
import type { KubeClient } from '../../../src/client/index.js';
import { createTokenCleaner } from '../../../src/controllers/token-cleaner.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const token = (id: string, expiration?: string, type = 'bootstrap.kubernetes.io/token'): KObject => ({
  metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system', uid: `uid-${id}` }, type,
  data: { 'token-id': b64(id), ...(expiration ? { expiration: b64(expiration) } : {}) },
});

describe('token cleaner', () => {
  it('deletes expired bootstrap-token Secrets (with a uid precondition) and nothing else', async () => {
    const writes: string[] = [];
    const client = { delete: async (_r: unknown, name: string, o: { preconditions?: { uid?: string } }) => { writes.push(`${name} ${o.preconditions?.uid}`); return {}; } } as unknown as KubeClient;
    const { informers } = fakeInformers({ secrets: [
      token('old000', '2029-12-31T23:59:59Z'), token('live00', '2030-01-02T00:00:00Z'), token('never0'), token('opaque', '2000-01-01T00:00:00Z', 'Opaque'),
    ] });
    const ctrl = createTokenCleaner({ client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock: fakeClock() }, { now: () => NOW });
    for (const id of ['old000', 'live00', 'never0', 'opaque']) {
      await (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(`kube-system/bootstrap-token-${id}`, new AbortController().signal);
    }
    assert.deepEqual(writes, ['bootstrap-token-old000 uid-old000']);
  });
});
