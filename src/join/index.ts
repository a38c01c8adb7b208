/**
 * Joining a cluster as a node (`kite agent --server URL --token T`), kubeadm/kubelet TLS bootstrap:
 * `discovery.ts` finds and verifies the cluster CA with the token, `certificate-request.ts` gets
 * certificates through the CSR API, `credentials.ts` keeps them in `DIR/agent/pki/`. The node's
 * client certificate (`CN=system:node:<name>, O=system:nodes`) is requested with the token; the
 * kubelet serving certificate later with that client certificate, once the Node exists.
 */
import type { Logger } from 'pino';
import { KUBELET_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from '../api/types/index.js';
import { createKubeClient, type KubeClient } from '../client/index.js';
import { parseBootstrapToken } from '../pki/index.js';
import { requestCertificate } from './certificate-request.js';
import { readCa, readPair, usablePair, writeCa, writePair, pkiDir } from './credentials.js';
import { discoverClusterCa } from './discovery.js';
import { JoinError } from './errors.js';

export { JoinError } from './errors.js';
export { discoverClusterCa } from './discovery.js';

export interface NodeCredentials { ca: string; cert: string; key: string; /** false: reused from an earlier join. */ joined: boolean }

export interface JoinOptions {
  server: string;
  token?: string;
  caCertHash?: string;
  dataDir: string;
  nodeName: string;
  log: Logger;
}

/** The node's client credentials: reused from DIR/agent/pki when still good, else obtained with the token. */
export async function obtainNodeCredentials(o: JoinOptions, signal: AbortSignal): Promise<NodeCredentials> {
  const [ca, pair] = await Promise.all([readCa(o.dataDir), readPair(o.dataDir, 'kubelet-client')]);
  if (ca && pair && usablePair(pair, ca, o.nodeName, new Date())) {
    o.log.info({ dir: pkiDir(o.dataDir) }, 'using the node credentials from an earlier join');
    return { ca, ...pair, joined: false };
  }
  if (!o.token) throw new JoinError(`--token: required to join (no usable node credentials in ${pkiDir(o.dataDir)})`, 2, 'create one with `kite token create` on a control-plane machine');
  const token = parseBootstrapToken(o.token);
  if (!token) throw new JoinError('--token: must look like abcdef.0123456789abcdef ([a-z0-9]{6}.[a-z0-9]{16})', 2);
  const caPem = await discoverClusterCa({ server: o.server, token, caCertHash: o.caCertHash, signal });
  o.log.info({ server: o.server }, 'cluster CA verified with the join token');
  const client = createKubeClient({ server: o.server, ca: caPem, token: o.token, userAgent: 'kite/agent-bootstrap' });
  try {
    const issued = await requestCertificate(client, {
      signerName: KUBELET_CLIENT_SIGNER, commonName: `system:node:${o.nodeName}`, organizations: ['system:nodes'],
      usages: ['digital signature', 'client auth'], namePrefix: 'node-csr-',
    }, signal);
    await writeCa(o.dataDir, caPem);
    await writePair(o.dataDir, 'kubelet-client', issued);
    o.log.info({ csr: issued.csrName }, 'node client certificate issued');
    return { ca: caPem, cert: issued.cert, key: issued.key, joined: true };
  } finally {
    client.close();
  }
}

/** The kubelet API's TLS for `runNodeAgent`: the stored serving certificate when it still fits, else a kubelet-serving CSR. */
export function kubeletServingTls(o: { client: KubeClient; ca: string; dataDir: string; log: Logger }) {
  return async (n: { nodeName: string; hostname: string; ips: string[] }, signal: AbortSignal): Promise<{ cert: string; key: string; ca: string }> => {
    const dns = [...new Set([n.nodeName, n.hostname.toLowerCase()])];
    const stored = await readPair(o.dataDir, 'kubelet-serving');
    if (stored && usablePair(stored, o.ca, n.nodeName, new Date(), { dns, ips: n.ips })) return { ...stored, ca: o.ca };
    const issued = await requestCertificate(o.client, {
      signerName: KUBELET_SERVING_SIGNER, commonName: `system:node:${n.nodeName}`, organizations: ['system:nodes'],
      dnsNames: dns, ips: n.ips, usages: ['digital signature', 'server auth'], namePrefix: 'csr-',
    }, signal);
    await writePair(o.dataDir, 'kubelet-serving', issued);
    o.log.info({ csr: issued.csrName }, 'kubelet serving certificate issued');
    return { cert: issued.cert, key: issued.key, ca: o.ca };
  };
}
