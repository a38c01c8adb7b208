/**
 * Detached JWS (RFC 7515 Appendix F) with HS256 keyed by a bootstrap token, as kubeadm's bootstrap
 * signer puts into `kube-public/cluster-info` (`jws-kubeconfig-<token-id>`): a compact JWS
 * `header..signature` whose protected header is {"alg":"HS256","kid":<token id>}. Whoever holds the
 * token can check that the ConfigMap's kubeconfig (and so its CA) came from the cluster.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function mac(headerB64: string, content: string, secret: string): string {
  return createHmac('sha256', secret).update(`${headerB64}.${b64url(content)}`).digest('base64url');
}

export function computeDetachedJws(content: string, tokenId: string, tokenSecret: string): string {
  // Keys in Go's order (sorted), so the string equals what kubeadm computes for the same token.
  const header = b64url(JSON.stringify({ alg: 'HS256', kid: tokenId }));
  return `${header}..${mac(header, content, tokenSecret)}`;
}

/** True when `jws` is a detached HS256 signature of `content` made with this token. */
export function verifyDetachedJws(content: string, jws: string, tokenId: string, tokenSecret: string): boolean {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] !== '') return false;
  const [header, , sig] = parts as [string, string, string];
  let h: { alg?: unknown; kid?: unknown };
  try { h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as typeof h; } catch { return false; }
  if (h.alg !== 'HS256' || h.kid !== tokenId) return false;
  const want = Buffer.from(mac(header, content, tokenSecret));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
