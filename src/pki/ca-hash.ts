/** kubeadm's `--discovery-token-ca-cert-hash`: `sha256:<hex of SHA-256 over the CA's DER SubjectPublicKeyInfo>`. */
import { X509Certificate, createHash } from 'node:crypto';

export function caCertHash(caPem: string): string {
  const spki = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Normalises a user-given pin (`sha256:HEX`, case-insensitive); undefined when malformed. */
export function parseCaCertHash(text: string): string | undefined {
  const m = /^sha256:([0-9a-fA-F]{64})$/.exec(text.trim());
  return m ? `sha256:${(m[1] as string).toLowerCase()}` : undefined;
}
