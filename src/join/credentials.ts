/**
 * The node's credentials on disk, `DIR/agent/pki/`: `ca.crt` (the cluster CA found at join),
 * `kubelet-client.{crt,key}` (its identity towards the API server) and `kubelet-serving.{crt,key}`
 * (the kubelet API's TLS). Keys are 0600. A restart reuses certificates that still verify against the
 * CA, match the node and are not close to expiry, so it needs neither the token nor a new CSR.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StoredPair { cert: string; key: string }

const RENEW_BEFORE_MS = 24 * 3600_000;

export const pkiDir = (dataDir: string) => path.join(dataDir, 'agent', 'pki');

async function read(file: string): Promise<string | undefined> {
  try { return await readFile(file, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function writeAtomic(file: string, data: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode });
  await rename(tmp, file);
}

export const readCa = (dataDir: string) => read(path.join(pkiDir(dataDir), 'ca.crt'));

export async function writeCa(dataDir: string, caPem: string): Promise<void> {
  await mkdir(pkiDir(dataDir), { recursive: true, mode: 0o700 });
  await writeAtomic(path.join(pkiDir(dataDir), 'ca.crt'), caPem, 0o644);
}

export async function readPair(dataDir: string, name: 'kubelet-client' | 'kubelet-serving'): Promise<StoredPair | undefined> {
  const [cert, key] = await Promise.all([read(path.join(pkiDir(dataDir), `${name}.crt`)), read(path.join(pkiDir(dataDir), `${name}.key`))]);
  return cert && key ? { cert, key } : undefined;
}

/** Key first: a crash in between leaves a key without its certificate, which the next start replaces. */
export async function writePair(dataDir: string, name: 'kubelet-client' | 'kubelet-serving', p: StoredPair): Promise<void> {
  await mkdir(pkiDir(dataDir), { recursive: true, mode: 0o700 });
  await writeAtomic(path.join(pkiDir(dataDir), `${name}.key`), p.key, 0o600);
  await writeAtomic(path.join(pkiDir(dataDir), `${name}.crt`), p.cert, 0o600);
}

/** Signed by `caPem`, for `CN=system:node:<nodeName>`, key matching, valid for a while yet, and covering `names`. */
export function usablePair(p: StoredPair, caPem: string, nodeName: string, now: Date, names: { dns?: string[]; ips?: string[] } = {}): boolean {
  try {
    const c = new X509Certificate(p.cert);
    if (!c.verify(new X509Certificate(caPem).publicKey) || !c.checkPrivateKey(createPrivateKey(p.key))) return false;
    if (!c.subject.split('\n').includes(`CN=system:node:${nodeName}`)) return false;
    if (Date.parse(c.validTo) - now.getTime() < RENEW_BEFORE_MS) return false;
    return (names.dns ?? []).every((h) => c.checkHost(h, { subject: 'never' }) !== undefined)
      && (names.ips ?? []).every((ip) => c.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}
