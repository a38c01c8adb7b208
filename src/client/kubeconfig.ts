/**
 * Reads the connection settings of a kubeconfig's current context. Only what Kite writes and
 * common kubeconfigs use: inline `*-data` (base64) or file paths relative to the kubeconfig,
 * client certificates or a bearer token. Exec plugins and auth providers are refused by name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface KubeconfigCredentials {
  server: string;
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

interface Named<T> { name: string; [k: string]: unknown; cluster?: T; user?: T; context?: T }
type Fields = Record<string, unknown>;

function pick(list: unknown, name: string | undefined, what: string, file: string): Fields {
  const arr = Array.isArray(list) ? (list as Array<Named<Fields>>) : [];
  const hit = name === undefined ? arr[0] : arr.find((e) => e.name === name);
  const body = hit?.[what] as Fields | undefined;
  if (!body) throw new Error(`kubeconfig ${file}: ${what} ${name === undefined ? '' : `"${name}" `}not found`);
  return body;
}

/** `<field>-data` (base64) wins over `<field>` (a path relative to the kubeconfig's folder). */
function material(o: Fields, field: string, dir: string): string | undefined {
  const data = o[`${field}-data`];
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  const file = o[field];
  if (typeof file === 'string' && file) return readFileSync(path.resolve(dir, file), 'utf8');
  return undefined;
}

/** Synchronous on purpose: it runs once at start-up, before anything else can proceed. */
export function loadKubeconfig(file: string): KubeconfigCredentials {
  const doc = parse(readFileSync(file, 'utf8')) as Fields | null;
  if (!doc || typeof doc !== 'object') throw new Error(`kubeconfig ${file}: not a YAML mapping`);
  const dir = path.dirname(file);
  const current = typeof doc['current-context'] === 'string' && doc['current-context'] ? doc['current-context'] : undefined;
  const ctx = pick(doc.contexts, current, 'context', file);
  const cluster = pick(doc.clusters, ctx.cluster as string | undefined, 'cluster', file);
  const user = pick(doc.users, ctx.user as string | undefined, 'user', file);
  if (user.exec || user['auth-provider']) throw new Error(`kubeconfig ${file}: exec and auth-provider users are not supported`);
  const server = cluster.server;
  if (typeof server !== 'string' || !server) throw new Error(`kubeconfig ${file}: cluster.server is missing`);
  const ca = material(cluster, 'certificate-authority', dir);
  if (!ca) throw new Error(`kubeconfig ${file}: certificate-authority(-data) is required (the CA is pinned)`);
  const out: KubeconfigCredentials = { server, ca };
  const cert = material(user, 'client-certificate', dir);
  const key = material(user, 'client-key', dir);
  if (cert && key) { out.cert = cert; out.key = key; }
  const token = typeof user.token === 'string' && user.token ? user.token
    : typeof user.tokenFile === 'string' ? readFileSync(path.resolve(dir, user.tokenFile), 'utf8').trim() : undefined;
  if (token) out.token = token;
  return out;
}
