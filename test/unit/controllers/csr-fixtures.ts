/** CertificateSigningRequests with real PKCS#10 requests, for the approver and signer tests. */
import type { CertificateSigningRequest } from '../../../src/api/types/index.js';
import { createCertificateRequest } from '../../../src/pki/index.js';

export interface CsrSpec {
  cn?: string; orgs?: string[]; dns?: string[]; ips?: string[];
  signer?: string; usages?: string[]; username?: string; groups?: string[]; expirationSeconds?: number;
  approved?: boolean;
}

export async function csr(name: string, o: CsrSpec = {}): Promise<CertificateSigningRequest> {
  const { csr: pem } = await createCertificateRequest({ commonName: o.cn ?? 'system:node:n1', organizations: o.orgs ?? ['system:nodes'], dnsNames: o.dns, ips: o.ips });
  return {
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name, resourceVersion: '1' },
    spec: {
      request: Buffer.from(pem).toString('base64'), signerName: o.signer ?? 'kubernetes.io/kube-apiserver-client-kubelet',
      usages: o.usages ?? ['digital signature', 'client auth'], username: o.username ?? 'system:bootstrap:abcdef',
      groups: o.groups ?? ['system:bootstrappers', 'system:authenticated'],
      ...(o.expirationSeconds ? { expirationSeconds: o.expirationSeconds } : {}),
    },
    ...(o.approved ? { status: { conditions: [{ type: 'Approved', status: 'True', reason: 'test' }] } } : {}),
  };
}

export const node = (name: string, addresses: Array<[string, string]>) => ({
  metadata: { name }, status: { addresses: addresses.map(([type, address]) => ({ type, address })) },
});
