/**
 * The certificate authority's two jobs: make itself and sign leaf certificates.
 * ECDSA P-256 keys, SHA-256 signatures, PEM out (certificates `CERTIFICATE`, keys PKCS#8 `PRIVATE KEY`).
 */
import { randomBytes, webcrypto } from 'node:crypto';
// @peculiar/x509's dependency tsyringe needs the Reflect metadata API at load time.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/** A certificate and its private key, both PEM. */
export interface CertKeyPem { cert: string; key: string }

export interface LeafSpec {
  commonName: string;
  organizations?: string[];
  usage: 'server' | 'client';
  dnsNames?: string[];
  ips?: string[];
  days: number;
  /** Exact lifetime (a CSR's expirationSeconds); overrides `days` when set. */
  durationMs?: number;
  now: Date;
}

// The x509 library's `Crypto` type is the DOM one; Node's webcrypto implements the same interface.
type X509Crypto = NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>;
const crypto = webcrypto as unknown as X509Crypto;
// The library falls back to this provider for helpers that take no `crypto` argument (key export of
// parsed certificates). Setting it to Node's implementation is idempotent, so it is not shared state
// that anything could disagree about.
x509.cryptoProvider.set(crypto);

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
// Certificates start slightly in the past so a peer whose clock lags a little still accepts them.
const BACKDATE_MS = 5 * 60_000;

async function newKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function privateKeyPem(k: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', k), 'PRIVATE KEY');
}

async function importSigningKey(pem: string): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), EC_KEY, false, ['sign']);
}

/** A positive 128-bit serial (RFC 5280 allows up to 20 octets; the top bit clear keeps it positive). */
function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

function validity(now: Date, days: number, durationMs?: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: new Date(now.getTime() + (durationMs ?? days * DAY_MS)) };
}

function subjectName(cn: string, orgs: string[] = []): x509.JsonName {
  return [...orgs.map((o) => ({ O: [o] })), { CN: [cn] }];
}

/** A self-signed CA certificate allowed to sign certificates (keyCertSign) but not to be a TLS peer. */
export async function createCa(o: { commonName: string; days: number; now: Date }): Promise<CertKeyPem> {
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: subjectName(o.commonName),
    ...validity(o.now, o.days),
    signingAlgorithm: SIGNING,
    keys: keys as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never, false, crypto),
    ],
  }, crypto);
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** A new key pair and a certificate for it signed by `ca`. */
export async function signLeaf(ca: CertKeyPem, spec: LeafSpec): Promise<CertKeyPem> {
  const keys = await newKeyPair();
  const cert = await signPublicKey(ca, keys.publicKey, spec);
  return { cert, key: await privateKeyPem(keys.privateKey) };
}

/**
 * A certificate (PEM) for someone else's public key signed by `ca`: the CSR signer's path, where
 * the private key never leaves the requester.
 */
export async function signPublicKey(ca: CertKeyPem, publicKey: webcrypto.CryptoKey | x509.PublicKey, spec: LeafSpec): Promise<string> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await importSigningKey(ca.key);
  const names: x509.JsonGeneralName[] = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const server = spec.usage === 'server';
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.SubjectKeyIdentifierExtension.create(publicKey as never, false, crypto),
    await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey, false, crypto),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: subjectName(spec.commonName, spec.organizations),
    // The parsed Name object keeps the CA subject's exact encoding, which chain building compares.
    issuer: caCert.subjectName,
    ...validity(spec.now, spec.days, spec.durationMs),
    signingAlgorithm: SIGNING,
    publicKey: publicKey as never,
    signingKey: caKey as never,
    extensions,
  }, crypto);
  return cert.toString('pem');
}

/** A new P-256 key pair (PKCS#8 PEM private key) and a PKCS#10 request for it, PEM `CERTIFICATE REQUEST`. */
export async function createCertificateRequest(o: { commonName: string; organizations?: string[]; dnsNames?: string[]; ips?: string[] }): Promise<{ csr: string; key: string }> {
  const keys = await newKeyPair();
  const names: x509.JsonGeneralName[] = [
    ...(o.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(o.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subjectName(o.commonName, o.organizations),
    keys: keys as never,
    signingAlgorithm: SIGNING,
    extensions: names.length ? [new x509.SubjectAlternativeNameExtension(names)] : [],
  }, crypto);
  return { csr: csr.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}
