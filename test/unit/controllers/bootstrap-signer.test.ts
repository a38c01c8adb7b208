import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject } from '../../../src/api/types/index.js';
import { signedClusterInfo } from '../../../src/controllers/bootstrap-signer.js';
import { bootstrapTokenSecret, verifyDetachedJws, type StoredBootstrapToken } from '../../../src/pki/index.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const kubeconfig = 'apiVersion: v1\nkind: Config\n';

function secret(t: Partial<StoredBootstrapToken> & { id: string }): KObject {
  const s = bootstrapTokenSecret({ secret: 'x'.repeat(16), usages: ['authentication', 'signing'], extraGroups: [], ...t });
  return { metadata: { name: s.name, namespace: 'kube-system' }, type: s.type, data: Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
}

describe('bootstrap signer (cluster-info JWS per token)', () => {
  it('adds a verifiable signature for each signing token and keeps the other keys', () => {
    const { data } = signedClusterInfo({ kubeconfig, other: 'kept' }, [secret({ id: 'aaaaaa' })], NOW);
    assert.deepEqual(Object.keys(data).sort(), ['jws-kubeconfig-aaaaaa', 'kubeconfig', 'other']);
    assert.ok(verifyDetachedJws(kubeconfig, data['jws-kubeconfig-aaaaaa']!, 'aaaaaa', 'x'.repeat(16)));
  });

  it('drops signatures of deleted, expired and non-signing tokens, and reports the next expiry', () => {
    const soon = new Date(NOW.getTime() + 60_000);
    const { data, nextExpiry } = signedClusterInfo({ kubeconfig, 'jws-kubeconfig-gone00': 'old' }, [
      secret({ id: 'expire', expiration: new Date(NOW.getTime() - 1000) }),
      secret({ id: 'nosign', usages: ['authentication'] }),
      secret({ id: 'live00', expiration: soon }),
    ], NOW);
    assert.deepEqual(Object.keys(data).sort(), ['jws-kubeconfig-live00', 'kubeconfig']);
    assert.equal(nextExpiry?.getTime(), soon.getTime());
  });
});
