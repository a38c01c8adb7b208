/**
 * NodePorts: a host port is taken when another pod on the node uses the same protocol and port
 * on the same host IP, or when either side binds every address (0.0.0.0).
 */
import type { NodeInfo } from '../node-info.js';
import type { Filter, PodCtx } from './types.js';

const REASON = ["node(s) didn't have free ports for the requested pod ports"] as const;
const ANY = '0.0.0.0';

export const nodePorts: Filter = {
  name: 'NodePorts',
  filter(p: PodCtx, n: NodeInfo) {
    for (const hp of p.info.ports) {
      const ips = n.usedPorts.get(`${hp.protocol}/${hp.port}`);
      if (!ips?.size) continue;
      if (hp.ip === ANY || ips.has(ANY) || ips.has(hp.ip)) return REASON;
    }
    return null;
  },
};
