/**
 * CA discovery without a pre-shared hash (kubeadm's token discovery): read `kube-public/cluster-info`
 * anonymously over TLS without trusting the server's certificate yet, check the detached JWS the
 * bootstrap signer made with this token over its kubeconfig, and only then trust the CA in it —
 * optionally also pinned by `--ca-cert-hash sha256:<SPKI hash>`. The token's secret never travels
 * before the CA is trusted.
 */
import https from 'node:https';
import { caCertHash, readClusterInfoKubeconfig, verifyDetachedJws, type BootstrapToken } from '../pki/index.js';
import { JoinError, refusedToken, unreachable } from './errors.js';

const PATH = '/api/v1/namespaces/kube-public/configmaps/cluster-info';
/** The bootstrap signer adds a new token's signature within moments; wait this long for it. */
const SIGNATURE_WAIT_MS = 5000;

export interface DiscoveryOptions {
  server: string;
  token: BootstrapToken;
  /** Normalised `sha256:<hex>` pin, or undefined. */
  caCertHash?: string;
  signal?: AbortSignal;
  /** Test seam: how long to wait for the token's signature to appear (default 5 s). */
  signatureWaitMs?: number;
}

function fetchClusterInfo(server: string, signal?: AbortSignal): Promise<{ code: number; body: string }> {
  const url = new URL(PATH, server);
  return new Promise((resolve, reject) => {
    // Not verified on purpose: the JWS check below is what makes the answer trustworthy.
    const req = https.get(url, { rejectUnauthorized: false, signal, headers: { accept: 'application/json' }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer in 10 s')));
    req.on('error', reject);
  });
}

/** The cluster CA (PEM) once it is proven to come from a server that knows the token. */
export async function discoverClusterCa(o: DiscoveryOptions): Promise<string> {
  const deadline = Date.now() + (o.signatureWaitMs ?? SIGNATURE_WAIT_MS);
  for (;;) {
    let r;
    try { r = await fetchClusterInfo(o.server, o.signal); } catch (e) { throw unreachable(o.server, e); }
    if (r.code !== 200) throw new JoinError(`kite agent: ${o.server} does not publish kube-public/cluster-info (HTTP ${r.code}); is it a Kite or Kubernetes API server?`, 1);
    const data = (JSON.parse(r.body) as { data?: Record<string, string> }).data ?? {};
    const kubeconfig = data.kubeconfig;
    if (!kubeconfig) throw new JoinError(`kite agent: kube-public/cluster-info at ${o.server} has no kubeconfig`, 1);
    const jws = data[`jws-kubeconfig-${o.token.id}`];
    if (!jws) {
      // Unknown, expired or deleted tokens have no signature: the server would refuse them.
      if (Date.now() > deadline) throw refusedToken();
      await new Promise((res) => setTimeout(res, 500));
      continue;
    }
    if (!verifyDetachedJws(kubeconfig, jws, o.token.id, o.token.secret)) {
      throw new JoinError(`kite agent: the cluster-info at ${o.server} is not signed with this token's secret (JWS mismatch): check --token; if it is right, the server is not the one that issued it`, 2);
    }
    const { caPem } = readClusterInfoKubeconfig(kubeconfig);
    if (o.caCertHash) {
      const actual = caCertHash(caPem);
      if (actual !== o.caCertHash) {
        throw new JoinError(`kite agent: the cluster CA's public key hash ${actual} does not match --ca-cert-hash ${o.caCertHash}`, 2);
      }
    }
    return caPem;
  }
}
