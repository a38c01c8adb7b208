/** Renders a kubeconfig with one cluster, one user and one context, credentials inlined as base64 data. */
import { parse, stringify } from 'yaml';

export interface KubeconfigOptions {
  clusterName: string;
  /** https://host:port */
  server: string;
  caPem: string;
  userName: string;
  /** Client certificate auth (both or neither). */
  certPem?: string;
  keyPem?: string;
  /** Bearer token auth, used when no client certificate is given. */
  token?: string;
  namespace?: string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function renderKubeconfig(o: KubeconfigOptions): string {
  if ((o.certPem === undefined) !== (o.keyPem === undefined)) throw new Error('kubeconfig: certPem and keyPem go together');
  if (o.certPem === undefined && o.token === undefined) throw new Error('kubeconfig: a client certificate or a token is required');
  const user: Record<string, string> = o.certPem !== undefined && o.keyPem !== undefined
    ? { 'client-certificate-data': b64(o.certPem), 'client-key-data': b64(o.keyPem) }
    : { token: o.token! };
  const context: Record<string, string> = { cluster: o.clusterName, user: o.userName };
  if (o.namespace) context.namespace = o.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: o.clusterName, cluster: { server: o.server, 'certificate-authority-data': b64(o.caPem) } }],
    users: [{ name: o.userName, user }],
    contexts: [{ name: o.clusterName, context }],
    'current-context': o.clusterName,
  });
}

/** kubeadm's cluster-info kubeconfig: one cluster (server + CA), no users or credentials. */
export function renderClusterInfoKubeconfig(o: { server: string; caPem: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: '', cluster: { server: o.server, 'certificate-authority-data': b64(o.caPem) } }],
    contexts: [],
    'current-context': '',
    preferences: {},
    users: [],
  });
}

/** The server and CA of a cluster-info kubeconfig; throws when it has no such cluster. */
export function readClusterInfoKubeconfig(text: string): { server: string; caPem: string } {
  const doc = parse(text) as { clusters?: Array<{ cluster?: { server?: unknown; 'certificate-authority-data'?: unknown } }> } | null;
  const c = doc?.clusters?.[0]?.cluster;
  if (typeof c?.server !== 'string' || typeof c['certificate-authority-data'] !== 'string') {
    throw new Error('the cluster-info kubeconfig has no cluster with a server and certificate-authority-data');
  }
  return { server: c.server, caPem: Buffer.from(c['certificate-authority-data'], 'base64').toString('utf8') };
}
