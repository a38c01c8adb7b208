import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { CertificateSigningRequest, KObject } from '../../../src/api/types/index.js';
import type { KubeClient } from '../../../src/client/index.js';
import { approvalDecision } from '../../../src/controllers/csr-policy.js';
import { createCsrApprover } from '../../../src/controllers/csr-approver.js';
import { parseCertificateRequest } from '../../../src/pki/index.js';
import { fakeClock } from './fake-clock.js';
import { fakeInformers } from './fake-informers.js';
import { csr, node, type CsrSpec } from './csr-fixtures.js';

const SERVING = 'kubernetes.io/kubelet-serving';
const n1 = node('n1', [['InternalIP', '192.0.2.5'], ['Hostname', 'edge-host']]);

async function decide(o: CsrSpec, nodeObj: KObject | null = n1) {
  const c = await csr('x', o);
  return approvalDecision(c, await parseCertificateRequest(Buffer.from(c.spec.request, "base64").toString()), nodeObj ?? undefined);
}

describe('node CSR auto-approval decisions', () => {
  it('approves a client CSR for system:node:<name>/system:nodes from a bootstrapper', async () => {
    const d = await decide({});
    assert.ok('approve' in d && d.approve, JSON.stringify(d));
  });

  it('approves a node renewing its own client certificate', async () => {
    const d = await decide({ username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] });
    assert.ok('approve' in d && d.approve);
  });

  it('leaves pending: a wrong CN, a wrong or extra organization, wrong usages, SANs on a client cert, another requester', async () => {
    const cases: Array<[string, CsrSpec, RegExp]> = [
      ['wrong CN', { cn: 'admin' }, /CN must be system:node:<name>/],
      ['wrong org', { orgs: ['system:masters'] }, /O must be exactly system:nodes/],
      ['extra org', { orgs: ['system:nodes', 'system:masters'] }, /O must be exactly system:nodes/],
      ['server usage on the client signer', { usages: ['digital signature', 'server auth'] }, /usages must include "client auth"/],
      ['extra usage', { usages: ['client auth', 'cert sign'] }, /usages must include/],
      ['SANs', { dns: ['n1'] }, /no subject alternative names/],
      ['another user', { username: 'alice', groups: ['system:authenticated'] }, /requester alice may not/],
      ['another node', { username: 'system:node:n2', groups: ['system:nodes'] }, /requester system:node:n2 may not/],
    ];
    for (const [what, spec, reason] of cases) {
      const d = await decide(spec);
      assert.ok('approve' in d && !d.approve && reason.test(d.reason), `${what}: ${JSON.stringify(d)}`);
    }
  });

  it('approves a serving CSR only from that node, for the node\'s own names and addresses', async () => {
    const base: CsrSpec = { signer: SERVING, usages: ['digital signature', 'server auth'], username: 'system:node:n1', groups: ['system:nodes'], dns: ['n1', 'edge-host'], ips: ['192.0.2.5'] };
    const ok = await decide(base);
    assert.ok('approve' in ok && ok.approve);
    const foreignIp = await decide({ ...base, ips: ['198.51.100.1'] });
    assert.ok('approve' in foreignIp && !foreignIp.approve && /198\.51\.100\.1/.test(foreignIp.reason));
    const bootstrapper = await decide({ ...base, username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers'] });
    assert.ok('approve' in bootstrapper && !bootstrapper.approve);
    assert.deepEqual(await decide(base, null), { wait: 'node n1 has not registered yet' });
  });
});

describe('CSR approver controller', () => {
  function fixture(csrs: CertificateSigningRequest[], nodes: KObject[] = []) {
    const writes: Array<{ method: string; path: string; body: CertificateSigningRequest }> = [];
    const client = { raw: async (method: string, path: string, body: CertificateSigningRequest) => { writes.push({ method, path, body }); return body; } } as unknown as KubeClient;
    const { informers } = fakeInformers({ certificatesigningrequests: csrs as KObject[], nodes });
    const ctrl = createCsrApprover({ client, informers, log: pino({ level: 'silent' }), recorder: { event: () => undefined }, clock: fakeClock() }, { now: () => new Date('2030-01-01T00:00:00Z') });
    const reconcile = (k: string) => (ctrl as unknown as { reconcile(k: string, s: AbortSignal): Promise<void> }).reconcile(k, new AbortController().signal);
    return { reconcile, writes };
  }

  it('approves through the approval subresource with an AutoApproved condition, keeping the rest of the object', async () => {
    const f = fixture([await csr('node-csr-a')]);
    await f.reconcile('node-csr-a');
    assert.equal(f.writes.length, 1);
    const w = f.writes[0]!;
    assert.deepEqual([w.method, w.path], ['PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/node-csr-a/approval']);
    assert.equal(w.body.metadata.resourceVersion, '1');
    assert.deepEqual(w.body.status?.conditions?.map((c) => [c.type, c.status, c.reason]), [['Approved', 'True', 'AutoApproved']]);
  });

  it('writes nothing for a request it does not accept or one already decided', async () => {
    const f = fixture([await csr('bad', { cn: 'admin' }), await csr('done', { approved: true })]);
    await f.reconcile('bad');
    await f.reconcile('done');
    await f.reconcile('gone');
    assert.deepEqual(f.writes, []);
  });
});
