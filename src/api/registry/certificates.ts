/**
 * certificates.k8s.io/v1 CertificateSigningRequests: cluster-scoped, with `status` (the signer writes
 * the certificate) and `approval` (kubectl certificate approve/deny; apiserver/csr.ts) subresources.
 * Columns and the CONDITION text follow kubectl's `printCertificateSigningRequest`.
 */
import { gvkName } from '../schema/dsl.js';
import type { CertificateSigningRequest } from '../types/index.js';
import { validateCertificateSigningRequest } from '../validation/certificates.js';
import { ageColumn, col, humanDuration, nameColumn, none } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

/** "Approved,Issued", "Denied", "Pending,Failed" … in kubectl's order of precedence. */
export function csrCondition(o: CertificateSigningRequest): string {
  const has = (t: string) => (o.status?.conditions ?? []).some((c) => c.type === t);
  let s = has('Denied') ? 'Denied' : has('Approved') ? 'Approved' : 'Pending';
  if (has('Failed')) s += ',Failed';
  if (o.status?.certificate) s += ',Issued';
  return s;
}

export const certificateSigningRequests = defineResource<CertificateSigningRequest>({
  group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest', plural: 'certificatesigningrequests',
  singular: 'certificatesigningrequest', namespaced: false, shortNames: ['csr'],
  schema: gvkName('certificates.k8s.io', 'v1', 'CertificateSigningRequest'), subresources: { status: true },
  validate: validateCertificateSigningRequest,
  fieldSelectors: { 'spec.signerName': (o) => o.spec?.signerName },
  columns: [
    nameColumn, ageColumn,
    col('SignerName', (o) => o.spec?.signerName ?? ''),
    col('Requestor', (o) => o.spec?.username ?? ''),
    col('RequestedDuration', (o) => (o.spec?.expirationSeconds === undefined ? none(undefined) : humanDuration(o.spec.expirationSeconds * 1000))),
    col('Condition', (o) => csrCondition(o)),
  ],
});

export const certificatesResources: AnyResourceDef[] = [certificateSigningRequests];
