/**
 * The kubelet API's serving certificate, issued in memory from the cluster CA at agent start (the
 * agent inside `kite server` can read `DIR/tls/ca.{crt,key}`). It names the node and its IPs, which
 * is what the API server dials and verifies.
 */
import { signLeaf } from '../../pki/ca.js';

export async function issueKubeletServingCert(o: {
  caCert: string; caKey: string; nodeName: string; ips: string[]; now?: Date;
}): Promise<{ cert: string; key: string; ca: string }> {
  const pair = await signLeaf({ cert: o.caCert, key: o.caKey }, {
    commonName: `system:node:${o.nodeName}`, organizations: ['system:nodes'], usage: 'server',
    dnsNames: [...new Set([o.nodeName.toLowerCase(), 'localhost'])],
    ips: [...new Set([...o.ips, '127.0.0.1'])],
    days: 365, now: o.now ?? new Date(),
  });
  return { ...pair, ca: o.caCert };
}
