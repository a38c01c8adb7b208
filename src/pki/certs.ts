/**
 * The cluster's certificates on disk (`DIR/tls/`): a CA, the API server's serving certificate and the
 * admin client certificate. Created on first start, reused afterwards, and repaired when something no
 * longer fits (new hostnames, close to expiry, a crash between two writes).
 */
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createCa, signLeaf, type CertKeyPem } from './ca.js';

export interface Pki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
}

export interface EnsurePkiOptions {
  hostnames: string[];
  ips: string[];
  /** Injected clock (tests); defaults to the current time. */
  now?: Date;
}

const DAY_MS = 86_400_000;
const CA_DAYS = 3650;
const LEAF_DAYS = 365;
/** Leaf certificates closer than this to expiry are re-issued on start. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
const SERVER_DNS = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
const SERVER_IPS = ['127.0.0.1', '::1'];
const FILES = ['ca', 'server', 'admin'] as const;

/** Loads the PKI in `dir`, creating or re-issuing whatever is missing, broken or no longer sufficient. */
export async function ensurePki(dir: string, o: EnsurePkiOptions): Promise<Pki> {
  const now = o.now ?? new Date();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeStaleTemps(dir);
  const { dnsNames, ips } = serverNames(o);

  let ca = await readPair(dir, 'ca');
  // A new CA invalidates every leaf: they are then not signed by it and get re-issued below.
  if (!ca || !usableCa(ca, now)) {
    ca = await createCa({ commonName: `kite-ca@${Math.floor(now.getTime() / 1000)}`, days: CA_DAYS, now });
    await writePair(dir, 'ca', ca);
  }

  let server = await readPair(dir, 'server');
  if (!server || !usableLeaf(server, ca, now, { dnsNames, ips })) {
    server = await signLeaf(ca, { commonName: 'kube-apiserver', usage: 'server', dnsNames, ips, days: LEAF_DAYS, now });
    await writePair(dir, 'server', server);
  }

  let admin = await readPair(dir, 'admin');
  if (!admin || !usableLeaf(admin, ca, now, {})) {
    admin = await signLeaf(ca, { commonName: 'kite-admin', organizations: ['system:masters'], usage: 'client', days: LEAF_DAYS, now });
    await writePair(dir, 'admin', admin);
  }

  return { caCert: ca.cert, caKey: ca.key, serverCert: server.cert, serverKey: server.key, adminCert: admin.cert, adminKey: admin.key };
}

/** A client certificate (user = CN, groups = O values) signed by the cluster CA; nothing is written. */
export async function issueClientCert(
  pki: Pick<Pki, 'caCert' | 'caKey'>,
  o: { commonName: string; organizations: string[]; days?: number; now?: Date },
): Promise<{ cert: string; key: string }> {
  return signLeaf({ cert: pki.caCert, key: pki.caKey }, {
    commonName: o.commonName, organizations: o.organizations, usage: 'client', days: o.days ?? LEAF_DAYS, now: o.now ?? new Date(),
  });
}

/** Fixed in-cluster names plus the requested ones; requested IPs given as hostnames count as IPs. */
function serverNames(o: EnsurePkiOptions): { dnsNames: string[]; ips: string[] } {
  const dns = new Set(SERVER_DNS);
  const ips = new Set(SERVER_IPS);
  for (const h of o.hostnames) (isIP(h) ? ips.add(h) : dns.add(h.toLowerCase()));
  for (const ip of o.ips) {
    if (!isIP(ip)) throw new Error(`pki: "${ip}" is not an IP address`);
    ips.add(ip);
  }
  return { dnsNames: [...dns], ips: [...ips] };
}

function usableCa(ca: CertKeyPem, now: Date): boolean {
  try {
    const c = new X509Certificate(ca.cert);
    return c.ca && c.checkPrivateKey(createPrivateKey(ca.key)) && Date.parse(c.validTo) > now.getTime();
  } catch {
    return false;
  }
}

function usableLeaf(leaf: CertKeyPem, ca: CertKeyPem, now: Date, want: { dnsNames?: string[]; ips?: string[] }): boolean {
  try {
    const c = new X509Certificate(leaf.cert);
    if (!c.verify(new X509Certificate(ca.cert).publicKey)) return false;
    if (!c.checkPrivateKey(createPrivateKey(leaf.key))) return false;
    if (Date.parse(c.validTo) - now.getTime() < RENEW_BEFORE_MS) return false;
    // `subject: 'never'` so only SANs count, as Go's TLS clients (kubectl) require.
    const hostsOk = (want.dnsNames ?? []).every((h) => c.checkHost(h, { subject: 'never', wildcards: false }) !== undefined);
    return hostsOk && (want.ips ?? []).every((ip) => c.checkIP(ip) !== undefined);
  } catch {
    return false;
  }
}

async function readPair(dir: string, name: (typeof FILES)[number]): Promise<CertKeyPem | undefined> {
  const [cert, key] = await Promise.all([readIfExists(join(dir, `${name}.crt`)), readIfExists(join(dir, `${name}.key`))]);
  return cert !== undefined && key !== undefined ? { cert, key } : undefined;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Key first: a crash in between leaves a key without a matching certificate, which the next start replaces. */
async function writePair(dir: string, name: (typeof FILES)[number], p: CertKeyPem): Promise<void> {
  await writeAtomic(join(dir, `${name}.key`), p.key, 0o600);
  await writeAtomic(join(dir, `${name}.crt`), p.cert, 0o644);
}

/** Temp file + fsync + rename + directory fsync: readers see the old file or the whole new one. */
async function writeAtomic(file: string, data: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.chmod(mode); // the umask may have narrowed the mode given to open
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const d = await open(join(file, '..'), 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** Leftovers of a write interrupted before its rename. */
async function removeStaleTemps(dir: string): Promise<void> {
  const stale = /^(ca|server|admin)\.(crt|key)\.\d+\.[0-9a-f]+\.tmp$/;
  for (const f of await readdir(dir)) if (stale.test(f)) await unlink(join(dir, f)).catch(() => undefined);
}
