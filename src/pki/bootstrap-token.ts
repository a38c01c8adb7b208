/**
 * Bootstrap tokens (kubeadm's format and storage): `<id>.<secret>` with a 6-character id and a
 * 16-character secret of [a-z0-9], kept as Secret `kube-system/bootstrap-token-<id>` of type
 * `bootstrap.kubernetes.io/token`. Pure functions: generating, parsing, the Secret's data both ways,
 * and whether a stored token is usable for a purpose at a given time.
 */
import { randomInt } from 'node:crypto';

export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_PREFIX = 'bootstrap-token-';
export const BOOTSTRAP_GROUP = 'system:bootstrappers';
const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface BootstrapToken { id: string; secret: string }

export interface StoredBootstrapToken extends BootstrapToken {
  /** Absent: never expires. */
  expiration?: Date;
  usages: Array<'authentication' | 'signing'>;
  extraGroups: string[];
  description?: string;
}

const random = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export function generateBootstrapToken(): BootstrapToken {
  return { id: random(6), secret: random(16) };
}

export const formatBootstrapToken = (t: BootstrapToken) => `${t.id}.${t.secret}`;

/** undefined when `text` is not in the `[a-z0-9]{6}.[a-z0-9]{16}` format. */
export function parseBootstrapToken(text: string): BootstrapToken | undefined {
  const m = TOKEN_RE.exec(text.trim());
  return m ? { id: m[1] as string, secret: m[2] as string } : undefined;
}

/** The Secret (name, type, stringData-style plain values) kubeadm writes for a token. */
export function bootstrapTokenSecret(t: StoredBootstrapToken): { name: string; type: string; data: Record<string, string> } {
  const data: Record<string, string> = { 'token-id': t.id, 'token-secret': t.secret };
  if (t.expiration) data.expiration = t.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (const u of t.usages) data[`usage-bootstrap-${u}`] = 'true';
  if (t.extraGroups.length) data['auth-extra-groups'] = t.extraGroups.join(',');
  if (t.description) data.description = t.description;
  return { name: `${BOOTSTRAP_TOKEN_PREFIX}${t.id}`, type: BOOTSTRAP_TOKEN_SECRET_TYPE, data };
}

/** Reads a token Secret's (already base64-decoded) data; undefined when it is not a well-formed token. */
export function readBootstrapTokenSecret(name: string, type: string | undefined, data: Record<string, string>): StoredBootstrapToken | undefined {
  if (type !== BOOTSTRAP_TOKEN_SECRET_TYPE || !name.startsWith(BOOTSTRAP_TOKEN_PREFIX)) return undefined;
  const id = data['token-id'];
  const secret = data['token-secret'];
  if (!id || !secret || name !== `${BOOTSTRAP_TOKEN_PREFIX}${id}` || !parseBootstrapToken(`${id}.${secret}`)) return undefined;
  let expiration: Date | undefined;
  if (data.expiration) {
    expiration = new Date(data.expiration);
    // An unreadable expiration makes the token unusable rather than eternal (upstream does the same).
    if (Number.isNaN(expiration.getTime())) expiration = new Date(0);
  }
  const usages = (['authentication', 'signing'] as const).filter((u) => data[`usage-bootstrap-${u}`] === 'true');
  const extraGroups = (data['auth-extra-groups'] ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  return { id, secret, usages, extraGroups, ...(expiration ? { expiration } : {}), ...(data.description ? { description: data.description } : {}) };
}

/** Valid for `usage` at `now`: not expired, usage enabled. */
export function tokenUsable(t: StoredBootstrapToken, usage: 'authentication' | 'signing', now: Date): boolean {
  return t.usages.includes(usage) && (!t.expiration || t.expiration.getTime() > now.getTime());
}

/** Extra groups must be `system:bootstrappers:<something>` (upstream's rule). */
export function validExtraGroup(g: string): boolean {
  return /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(g);
}
