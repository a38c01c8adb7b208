/**
 * `kite token create|list|delete`: bootstrap tokens for joining machines (kubeadm's `token` verbs),
 * kept as Secrets `kube-system/bootstrap-token-<id>`. `create` returns once the bootstrap signer has
 * signed cluster-info with the new token, so `kite agent --token` works right away.
 */
import type { Command } from 'commander';
import { ApiError, createKubeClient, loadKubeconfig, type KubeClient } from '../client/index.js';
import {
  BOOTSTRAP_TOKEN_PREFIX, BOOTSTRAP_TOKEN_SECRET_TYPE, bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken, readBootstrapTokenSecret,
  type StoredBootstrapToken,
} from '../pki/index.js';
import { humanDuration } from '../api/registry/columns.js';
import { CliError } from './errors.js';

const DEFAULT_KUBECONFIG = '/var/lib/kite/kubeconfig.yaml';
const SECRETS = { group: '', version: 'v1', plural: 'secrets', namespace: 'kube-system' };
const CLUSTER_INFO = { group: '', version: 'v1', plural: 'configmaps', namespace: 'kube-public' };
const DEFAULT_GROUP = 'system:bootstrappers:kite:default-node-token';

/** "24h", "90m", "1h30m", "45s", "0" (never expires). */
export function parseTtl(text: string): number {
  if (text.trim() === '0') return 0;
  const re = /(\d+)(h|m|s)/gy;
  let ms = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    ms += Number(m[1]) * { h: 3600_000, m: 60_000, s: 1000 }[m[2] as 'h' | 'm' | 's'];
    matched = re.lastIndex;
  }
  if (!text || matched !== text.length) throw new CliError('KITE_E_CONFIG', `--ttl: expected a duration like 24h, 30m or 1h30m (0 = never expires), got "${text}"`, undefined, 2);
  return ms;
}

function connect(kubeconfig: string): KubeClient {
  try {
    return createKubeClient({ ...loadKubeconfig(kubeconfig), userAgent: 'kite-token' });
  } catch (e) {
    throw new CliError('KITE_E_KUBECONFIG', `--kubeconfig: ${(e as Error).message}`, 'run on a control-plane machine, or pass --kubeconfig', 2);
  }
}

async function api<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError('KITE_E_API', `${what}: ${(e as Error).message}`);
  }
}

async function waitForSignature(client: KubeClient, id: string): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const cm = await client.get(CLUSTER_INFO, 'cluster-info').catch(() => undefined);
    if ((cm?.data as Record<string, string> | undefined)?.[`jws-kubeconfig-${id}`]) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * Creates a bootstrap token (usages authentication+signing, group system:bootstrappers:kite:default-node-token)
 * and waits up to 15 s for cluster-info to carry its signature; `ttlMs` 0 = never expires.
 * Also for `kite scale-config --add-machine`.
 */
export async function createJoinToken(client: KubeClient, o: { ttlMs: number; description?: string }): Promise<{ token: string; signed: boolean }> {
  const t = generateBootstrapToken();
  const secret = bootstrapTokenSecret({
    ...t, usages: ['authentication', 'signing'], extraGroups: [DEFAULT_GROUP],
    ...(o.ttlMs ? { expiration: new Date(Date.now() + o.ttlMs) } : {}), ...(o.description ? { description: o.description } : {}),
  });
  await api('creating the token', () => client.create(SECRETS, {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: secret.name, namespace: 'kube-system' }, type: secret.type, stringData: secret.data,
  }));
  return { token: formatBootstrapToken(t), signed: await waitForSignature(client, t.id) };
}

function storedTokens(items: Array<{ metadata: { name?: string }; type?: unknown; data?: unknown }>): StoredBootstrapToken[] {
  return items.flatMap((s) => {
    const data = Object.fromEntries(Object.entries((s.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    const t = readBootstrapTokenSecret(s.metadata.name ?? '', s.type as string | undefined, data);
    return t ? [t] : [];
  });
}

function table(tokens: StoredBootstrapToken[], now: Date): string {
  const rows = [['ID', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION'], ...tokens.map((t) => [
    t.id,
    !t.expiration ? '<forever>' : t.expiration <= now ? '<invalid>' : humanDuration(t.expiration.getTime() - now.getTime()),
    t.expiration ? t.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z') : '<never>',
    t.usages.join(',') || '<none>',
    t.description ?? '<none>',
  ])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')).join('\n');
}

const EXAMPLES = `
Examples:
  kite token create --ttl 2h --description "edge-7"   # prints abcdef.0123456789abcdef
  kite agent --server https://<this machine>:6443 --token abcdef.0123456789abcdef   # on the new machine
  kite token list -o json
  kite token delete abcdef`;

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('manage bootstrap tokens for joining machines (kite agent --token)').addHelpText('after', EXAMPLES);
  const kc = '--kubeconfig <file>';
  token.command('create')
    .description('create a bootstrap token and print it')
    .option('--ttl <duration>', 'how long the token stays valid (0 = never expires)', '24h')
    .option('--description <text>', 'what the token is for')
    .option(kc, 'admin kubeconfig of the cluster', DEFAULT_KUBECONFIG)
    .addHelpText('after', '\nExample:\n  kite token create --ttl 1h --description "rack 3"')
    .action(async (f: { ttl: string; description?: string; kubeconfig: string }) => {
      const ttlMs = parseTtl(f.ttl);
      const client = connect(f.kubeconfig);
      try {
        const t = await createJoinToken(client, { ttlMs, ...(f.description ? { description: f.description } : {}) });
        if (!t.signed) process.stderr.write('warning: cluster-info is not signed with the new token yet; is the controller manager running?\n');
        process.stdout.write(`${t.token}\n`);
      } finally { client.close(); }
    });
  token.command('list')
    .description('list bootstrap tokens (ID, TTL, EXPIRES, USAGES, DESCRIPTION)')
    .option('-o, --output <format>', 'text or json', 'text')
    .option(kc, 'admin kubeconfig of the cluster', DEFAULT_KUBECONFIG)
    .addHelpText('after', '\nExample:\n  kite token list -o json')
    .action(async (f: { output: string; kubeconfig: string }) => {
      if (f.output !== 'text' && f.output !== 'json') throw new CliError('KITE_E_CONFIG', `-o: must be text or json, got "${f.output}"`, undefined, 2);
      const client = connect(f.kubeconfig);
      try {
        const list = await api('listing tokens', () => client.list(SECRETS, { fieldSelector: `type=${BOOTSTRAP_TOKEN_SECRET_TYPE}` })
          .catch(() => client.list(SECRETS)));
        const tokens = storedTokens(list.items as never).sort((a, b) => a.id.localeCompare(b.id));
        const now = new Date();
        if (f.output === 'json') {
          process.stdout.write(`${JSON.stringify(tokens.map((t) => ({
            id: t.id, expires: t.expiration?.toISOString() ?? null, expired: !!t.expiration && t.expiration <= now,
            usages: t.usages, extraGroups: t.extraGroups, description: t.description ?? null,
          })), null, 2)}\n`);
        } else process.stdout.write(`${tokens.length ? table(tokens, now) : 'No bootstrap tokens.'}\n`);
      } finally { client.close(); }
    });
  token.command('delete <id>')
    .description('delete a bootstrap token (by ID or the whole token); it stops working at once')
    .option(kc, 'admin kubeconfig of the cluster', DEFAULT_KUBECONFIG)
    .addHelpText('after', '\nExample:\n  kite token delete abcdef')
    .action(async (idOrToken: string, f: { kubeconfig: string }) => {
      const id = idOrToken.split('.')[0] ?? '';
      if (!/^[a-z0-9]{6}$/.test(id)) throw new CliError('KITE_E_CONFIG', `token ID must be 6 characters [a-z0-9], got "${idOrToken}"`, undefined, 2);
      const client = connect(f.kubeconfig);
      try {
        await client.delete(SECRETS, `${BOOTSTRAP_TOKEN_PREFIX}${id}`).catch((e: unknown) => {
          if (e instanceof ApiError && e.code === 404) throw new CliError('KITE_E_NOT_FOUND', `bootstrap token "${id}" not found`, 'see `kite token list`');
          throw new CliError('KITE_E_API', `deleting the token: ${(e as Error).message}`);
        });
        process.stdout.write(`bootstrap token "${id}" deleted\n`);
      } finally { client.close(); }
    });
}
