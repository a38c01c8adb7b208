/**
 * Service-account tokens: ES256 JWTs signed with the cluster's service-account key (`sa.key`), with the
 * claims kube-apiserver issues (iss, sub, aud, exp, iat, nbf, jti, and the `kubernetes.io` claim).
 * Verification checks signature, issuer, audience and time; the caller checks the bound objects still exist.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const SA_ISSUER = 'https://kubernetes.default.svc.cluster.local';
export const DEFAULT_AUDIENCES = [SA_ISSUER, 'k3s', 'kite'];

export interface SaClaims {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  audiences: string[];
  expirationSeconds: number;
}

export interface VerifiedToken {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  audiences: string[];
}

export interface SaTokenSigner {
  issue(c: SaClaims, now: Date): { token: string; expiresAt: Date };
  verify(token: string, now: Date, audiences?: string[]): VerifiedToken | undefined;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Loads `dir/sa.key`, creating it (mode 0600, atomically) on first use. */
export async function loadSaTokenSigner(dir: string): Promise<SaTokenSigner> {
  const file = path.join(dir, 'sa.key');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await rename(tmp, file);
  }
  const key = createPrivateKey(await readFile(file));
  return createSigner(key, createPublicKey(key));
}

function createSigner(priv: KeyObject, pub: KeyObject): SaTokenSigner {
  const kid = b64url(pub.export({ type: 'spki', format: 'der' }).subarray(-16));
  return {
    issue(c, now) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + c.expirationSeconds;
      const header = { alg: 'ES256', kid };
      const payload = {
        aud: c.audiences, exp, iat, nbf: iat, iss: SA_ISSUER, jti: randomUUID(),
        sub: `system:serviceaccount:${c.namespace}:${c.serviceAccount.name}`,
        'kubernetes.io': { namespace: c.namespace, serviceaccount: c.serviceAccount, ...(c.pod ? { pod: c.pod } : {}) },
      };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      const sig = sign('sha256', Buffer.from(input), { key: priv, dsaEncoding: 'ieee-p1363' });
      return { token: `${input}.${b64url(sig)}`, expiresAt: new Date(exp * 1000) };
    },
    verify(token, now, audiences = DEFAULT_AUDIENCES) {
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const [h, p, s] = parts as [string, string, string];
      try {
        const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
        if (header.alg !== 'ES256') return undefined;
        if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) return undefined;
        const c = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
          iss?: string; aud?: string[]; exp?: number; nbf?: number;
          'kubernetes.io'?: { namespace: string; serviceaccount: { name: string; uid: string }; pod?: { name: string; uid: string } };
        };
        const t = now.getTime() / 1000;
        if (c.iss !== SA_ISSUER || !c['kubernetes.io'] || (c.exp ?? 0) < t || (c.nbf ?? 0) > t + 60) return undefined;
        const aud = c.aud ?? [];
        if (!aud.some((a) => audiences.includes(a))) return undefined;
        const k = c['kubernetes.io'];
        return { namespace: k.namespace, serviceAccount: k.serviceaccount, pod: k.pod, audiences: aud };
      } catch {
        return undefined;
      }
    },
  };
}
