/**
 * The CNI network containerd's CRI plugin gives every non-hostNetwork pod (it reads the first
 * conflist in its `conf_dir` and picks up changes without a restart):
 * - `bridge`: a veth per pod on the node bridge (`kite0`), the bridge holding the podCIDR's first
 *   address as the pods' gateway (`isGateway`), `hairpinMode` so a pod reaches itself through a
 *   Service; no `ipMasq` — masquerading is Kite's own rule (host-setup.ts), scoped to traffic that
 *   leaves the cluster CIDR, so pod-to-pod traffic across nodes keeps its source address;
 * - `host-local` IPAM on the node's podCIDR, its reservations in DIR/agent/cni/ipam (one file per IP);
 * - `portmap` for hostPort (the CRI passes `portMappings` as a runtime capability).
 * The loopback interface is set up by containerd itself.
 */
import path from 'node:path';

export const CONFLIST_NAME = '10-kite.conflist';
export const DEFAULT_BRIDGE = 'kite0';

export interface ConflistOptions {
  bridge: string;
  podCidr: string;
  /** Where host-local keeps its reservations (DIR/agent/cni/ipam). */
  ipamDir: string;
  /** Routes pods get via the bridge (default: everything). */
  routes?: string[];
}

export function renderConflist(o: ConflistOptions): string {
  const conf = {
    cniVersion: '1.0.0',
    name: 'kite',
    plugins: [
      {
        type: 'bridge', bridge: o.bridge, isGateway: true, hairpinMode: true, ipMasq: false,
        ipam: {
          type: 'host-local', ranges: [[{ subnet: o.podCidr }]],
          routes: (o.routes ?? ['0.0.0.0/0']).map((dst) => ({ dst })), dataDir: o.ipamDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true }, snat: true },
    ],
  };
  return `${JSON.stringify(conf, null, 2)}\n`;
}

export const ipamDirOf = (dataDir: string) => path.join(path.resolve(dataDir), 'agent', 'cni', 'ipam');
