import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { caCertHash, computeDetachedJws, parseCaCertHash, verifyDetachedJws } from '../../../src/pki/index.js';
import { createCa } from '../../../src/pki/ca.js';

const content = 'apiVersion: v1\nkind: Config\nclusters: []\n';

describe('detached JWS over cluster-info (HS256 keyed by the token)', () => {
  it('is header..signature with the kid and an HMAC-SHA256 over header.payload (RFC 7515 Appendix F)', () => {
    const jws = computeDetachedJws(content, 'abcdef', '0123456789abcdef');
    const [header, payload, sig] = jws.split('.');
    assert.equal(payload, '');
    assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'HS256', kid: 'abcdef' });
    const want = createHmac('sha256', '0123456789abcdef').update(`${header}.${Buffer.from(content).toString('base64url')}`).digest('base64url');
    assert.equal(sig, want);
  });

  it('verifies with the same token and fails on a tampered content, secret, id or signature', () => {
    const jws = computeDetachedJws(content, 'abcdef', '0123456789abcdef');
    assert.equal(verifyDetachedJws(content, jws, 'abcdef', '0123456789abcdef'), true);
    assert.equal(verifyDetachedJws(content.replace('v1', 'v2'), jws, 'abcdef', '0123456789abcdef'), false, 'content');
    assert.equal(verifyDetachedJws(content, jws, 'abcdef', '0123456789abcdeg'), false, 'secret');
    assert.equal(verifyDetachedJws(content, jws, 'abcdeg', '0123456789abcdef'), false, 'kid');
    assert.equal(verifyDetachedJws(content, `${jws.slice(0, -2)}AA`, 'abcdef', '0123456789abcdef'), false, 'signature');
    assert.equal(verifyDetachedJws(content, 'garbage', 'abcdef', '0123456789abcdef'), false, 'malformed');
  });
});

describe('CA cert hash (kubeadm --discovery-token-ca-cert-hash)', () => {
  it('hashes the SubjectPublicKeyInfo, so a re-issued cert with the same key keeps its hash, a new key changes it', async () => {
    const a = await createCa({ commonName: 'a', days: 1, now: new Date() });
    const b = await createCa({ commonName: 'b', days: 1, now: new Date() });
    assert.match(caCertHash(a.cert), /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(caCertHash(a.cert), caCertHash(b.cert));
    assert.equal(parseCaCertHash(caCertHash(a.cert).toUpperCase().replace('SHA256', 'sha256')), caCertHash(a.cert));
    assert.equal(parseCaCertHash('sha256:abc'), undefined);
  });
});
