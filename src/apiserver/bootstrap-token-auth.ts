/**
 * The bootstrap-token authenticator (upstream `plugin/pkg/auth/authenticator/token/bootstrap`): a
 * bearer token `<id>.<secret>` is valid while Secret `kube-system/bootstrap-token-<id>` holds the
 * same secret, is unexpired and allows `usage-bootstrap-authentication`. The Secret is read from the
 * store on each request, so a deleted token stops working at once. Anything else is "not this
 * authenticator's token" (the request then gets 401), never an error.
 */
import type { Registry } from '../api/registry/registry.js';
import { BOOTSTRAP_GROUP, BOOTSTRAP_TOKEN_PREFIX, parseBootstrapToken, readBootstrapTokenSecret, tokenUsable } from '../pki/index.js';
import type { TokenAuthenticator } from './authn.js';
import type { ObjectStore } from './rest/objects.js';

export function bootstrapTokens(objects: ObjectStore, registry: Registry, now: () => Date): TokenAuthenticator {
  return async (token) => {
    const t = parseBootstrapToken(token);
    const def = registry.lookup('', 'v1', 'secrets');
    if (!t || !def) return undefined;
    const secret = await objects.tryGet(def, 'kube-system', `${BOOTSTRAP_TOKEN_PREFIX}${t.id}`).catch(() => undefined);
    if (!secret || secret.metadata.deletionTimestamp) return undefined;
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries((secret.data ?? {}) as Record<string, string>)) data[k] = Buffer.from(v, 'base64').toString('utf8');
    const stored = readBootstrapTokenSecret(secret.metadata.name ?? '', secret.type as string | undefined, data);
    if (!stored || stored.secret !== t.secret || !tokenUsable(stored, 'authentication', now())) return undefined;
    return { name: `system:bootstrap:${t.id}`, groups: [BOOTSTRAP_GROUP, ...stored.extraGroups] };
  };
}
