/**
 * Getting a certificate through the CSR API, as a kubelet does: a fresh key, a CertificateSigningRequest
 * for the signer, then wait until the signer has written `status.certificate` (or a Denied/Failed
 * condition ends the wait). The key never leaves this machine.
 */
import type { CertificateSigningRequest } from '../api/types/index.js';
import { ApiError, type KubeClient } from '../client/index.js';
import { createCertificateRequest } from '../pki/index.js';
import { JoinError, refusedToken } from './errors.js';

const CSRS = { group: 'certificates.k8s.io', version: 'v1', plural: 'certificatesigningrequests' };

export interface CertificateRequestOptions {
  signerName: string;
  commonName: string;
  organizations: string[];
  dnsNames?: string[];
  ips?: string[];
  usages: string[];
  /** The CSR's name prefix (generateName). */
  namePrefix: string;
  timeoutMs?: number;
  pollMs?: number;
}

export async function requestCertificate(client: KubeClient, o: CertificateRequestOptions, signal: AbortSignal): Promise<{ cert: string; key: string; csrName: string }> {
  const { csr, key } = await createCertificateRequest(o);
  let created: CertificateSigningRequest;
  try {
    created = await client.create<CertificateSigningRequest>(CSRS, {
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { generateName: o.namePrefix },
      spec: { request: Buffer.from(csr).toString('base64'), signerName: o.signerName, usages: o.usages },
    }, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.code === 401) throw refusedToken();
    throw e;
  }
  const name = created.metadata.name as string;
  const deadline = Date.now() + (o.timeoutMs ?? 300_000);
  for (;;) {
    const cur = await client.get<CertificateSigningRequest>(CSRS, name, { signal });
    const ended = (cur.status?.conditions ?? []).find((c) => (c.type === 'Denied' || c.type === 'Failed') && c.status === 'True');
    if (ended) throw new JoinError(`kite agent: certificate request ${name} was ${ended.type.toLowerCase()}: ${ended.message ?? ended.reason ?? ''}`, 1);
    if (cur.status?.certificate) return { cert: Buffer.from(cur.status.certificate, 'base64').toString('utf8'), key, csrName: name };
    if (Date.now() > deadline) throw new JoinError(`kite agent: certificate request ${name} was not signed in time; approve it with \`kubectl certificate approve ${name}\``, 1);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
    if (signal.aborted) throw signal.reason ?? new Error('aborted');
  }
}
