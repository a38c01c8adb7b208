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

/** The certificate user of a TLS connection, decoded once per connection (keep-alive reuses it). */
function certUser(certUsers: WeakMap<TLSSocket, UserInfo | null>, sock: TLSSocket): UserInfo | null {
  let u = certUsers.get(sock);
  if (u === undefined) {
    u = null;
    if (sock.authorized) {
      const subject = sock.getPeerCertificate()?.subject as unknown as Record<string, string | string[]> | undefined;
      const cn = asArray(subject?.CN)[0];
      if (cn) u = { name: cn, groups: [...asArray(subject?.O), 'system:authenticated'] };
    }
    certUsers.set(sock, u);
  }
  return u;
}

export type Authenticate = (req: IncomingMessage) => Promise<UserInfo | 'invalid' | undefined>;

/** undefined = no credentials (anonymous); 'invalid' = credentials that were refused (401). */
export function createAuthenticator(tokens: TokenAuthenticator[]): Authenticate {
  const certUsers = new WeakMap<TLSSocket, UserInfo | null>();
  return (req) => authenticate(req, certUser(certUsers, req.socket as TLSSocket), tokens);
}

async function authenticate(req: IncomingMessage, fromCert: UserInfo | null, tokens: TokenAuthenticator[]): Promise<UserInfo | 'invalid' | undefined> {
  if (fromCert) return fromCert;
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
