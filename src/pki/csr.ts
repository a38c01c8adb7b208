/**
 * PKCS#10 certificate requests on the signer's side: decode what a requester asked for (subject,
 * SANs) after checking the request is signed by the key it carries, then sign that key. The
 * requester's side (`createCertificateRequest`) lives beside the CA in ca.ts.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { signPublicKey, type CertKeyPem, type LeafSpec } from './ca.js';

export interface ParsedCsr {
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ips: string[];
  /** Any other SAN kind (email, URI …): signers for node certificates refuse them. */
  otherNames: number;
}

type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
const crypto = webcrypto as unknown as X509Crypto;

function decode(pem: string): x509.Pkcs10CertificateRequest {
  try {
    return new x509.Pkcs10CertificateRequest(pem);
  } catch (e) {
    throw new Error(`not a PEM CERTIFICATE REQUEST: ${(e as Error).message}`);
  }
}

/** Throws when the request is malformed or its self-signature does not verify. */
export async function parseCertificateRequest(pem: string): Promise<ParsedCsr> {
  const csr = decode(pem);
  if (!(await csr.verify(crypto))) throw new Error('the request\'s signature does not match its public key');
  const out: ParsedCsr = {
    commonName: csr.subjectName.getField('CN')[0] ?? '',
    organizations: csr.subjectName.getField('O'),
    dnsNames: [], ips: [], otherNames: 0,
  };
  for (const ext of csr.extensions) {
    if (!(ext instanceof x509.SubjectAlternativeNameExtension)) continue;
    for (const n of ext.names.toJSON()) {
      if (n.type === 'dns') out.dnsNames.push(n.value);
      else if (n.type === 'ip') out.ips.push(n.value);
      else out.otherNames++;
    }
  }
  return out;
}

/** A certificate for the request's public key with the subject and SANs given in `spec` (the signer decides them). */
export async function signCertificateRequest(ca: CertKeyPem, pem: string, spec: LeafSpec): Promise<string> {
  return signPublicKey(ca, decode(pem).publicKey, spec);
}
