/**
 * Authentication: a client certificate verified against the cluster CA (user = CN, groups = O),
 * else a bearer token from the token authenticators; otherwise anonymous (only public endpoints).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Looks a bearer token up; undefined = not this authenticator's token. */
export type TokenAuthenticator = (token: string) => Promise<UserInfo | undefined> | UserInfo | undefined;

const asArray = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export async function authenticate(req: IncomingMessage, tokens: TokenAuthenticator[]): Promise<UserInfo | 'invalid' | undefined> {
  const sock = req.socket as TLSSocket;
  if (sock.authorized) {
    const cert = sock.getPeerCertificate();
    const subject = cert?.subject as unknown as Record<string, string | string[]> | undefined;
    const cn = asArray(subject?.CN)[0];
    if (cn) return { name: cn, groups: [...asArray(subject?.O), 'system:authenticated'] };
  }
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) return 'invalid';
    for (const t of tokens) {
      const u = await t(m[1] as string);
      if (u) return { ...u, groups: [...new Set([...u.groups, 'system:authenticated'])] };
    }
    return 'invalid';
  }
  return undefined;
}

/** Static tokens (`token,user,uid,"group1,group2"` lines, the kube-apiserver token-file format). */
export function staticTokens(entries: Array<{ token: string; user: UserInfo }>): TokenAuthenticator {
  const byToken = new Map(entries.map((e) => [e.token, e.user]));
  return (t) => byToken.get(t);
}
