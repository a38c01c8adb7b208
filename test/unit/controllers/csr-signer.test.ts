import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { CertificateSigningRequest, KObject } from '../../../src/api/types/index.js';
import type { KubeClient } from '../../../src/client/index.js';
import { createCsrSigner } from '../../../src/controllers/csr-signer.js';
import { createCa } from '../../../src/pki/ca.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';
import { csr } from './csr-fixtures.js';

const NOW = new Date('2030-01-01T00:00:00Z');

async function sign(c: CertificateSigningRequest) {
  const ca = await createCa({ commonName: 'test-ca', days: 3650, now: new Date('2029-01-01T00:00:00Z') });
  const writes: CertificateSigningRequest[] = [];
  const client = { updateStatus: async (_r: unknown, obj: CertificateSigningRequest) => { writes.push(obj); return obj; } } as unknown as KubeClient;
  const { informers } = fakeInformers({ certificatesigningrequests: [c as KObject] });
  const ctrl = createCsrSigner({ client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock: fakeClock() }, { ca, now: () => NOW });
  await (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(c.metadata.name as string, new AbortController().signal);
  return { ca, writes };
}

const issued = (w: CertificateSigningRequest) => new X509Certificate(Buffer.from(w.status!.certificate!, 'base64').toString());
// Node's text forms of the certificate extensions.
const ekuOid = { client: '1.3.6.1.5.5.7.3.2', server: '1.3.6.1.5.5.7.3.1' };

describe('node CSR signer', () => {
  it('issues an approved client CSR: the requested subject, client auth only, signed by the CA, one year by default', async () => {
    const { ca, writes } = await sign(await csr('c1', { approved: true }));
    assert.equal(writes.length, 1);
    const cert = issued(writes[0]!);
    assert.equal(cert.subject, 'O=system:nodes\nCN=system:node:n1');
    assert.deepEqual(cert.keyUsage, [ekuOid.client]);
    assert.equal(cert.subjectAltName, undefined);
    assert.ok(cert.verify(new X509Certificate(ca.cert).publicKey));
    assert.equal(Date.parse(cert.validTo), NOW.getTime() + 365 * 86_400_000);
    assert.deepEqual(writes[0]!.status?.conditions?.map((c) => c.type), ['Approved']);
  });

  it('issues a serving CSR with exactly the requested SANs, server auth, and honours expirationSeconds', async () => {
    const { writes } = await sign(await csr('s1', {
      approved: true, signer: 'kubernetes.io/kubelet-serving', usages: ['digital signature', 'server auth'],
      dns: ['n1', 'edge-host'], ips: ['192.0.2.5'], username: 'system:node:n1', expirationSeconds: 3600,
    }));
    const cert = issued(writes[0]!);
    assert.deepEqual(cert.keyUsage, [ekuOid.server]);
    assert.equal(cert.subjectAltName, 'DNS:n1, DNS:edge-host, IP Address:192.0.2.5');
    assert.equal(Date.parse(cert.validTo), NOW.getTime() + 3600_000);
  });

  it('does not sign a request that is not approved, nor one for another signer', async () => {
    assert.deepEqual((await sign(await csr('p1'))).writes, []);
    assert.deepEqual((await sign(await csr('o1', { approved: true, signer: 'example.com/other' }))).writes, []);
  });

  it('marks an approved request that is not a valid node certificate Failed instead of signing it', async () => {
    const { writes } = await sign(await csr('bad', { approved: true, orgs: ['system:masters'] }));
    assert.equal(writes[0]!.status?.certificate, undefined);
    const failed = writes[0]!.status?.conditions?.find((c) => c.type === 'Failed');
    assert.equal(failed?.reason, 'SignerValidationFailure');
    assert.match(failed?.message ?? '', /O must be exactly system:nodes/);
  });
});
