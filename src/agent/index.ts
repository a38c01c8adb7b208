/**
 * The node agent (Kite's kubelet): `run.ts` composes containerd supervision (`containerd/`), the CRI
 * client (`cri/`), images (`images/`), the node allocation cgroup (`cgroups/`), the Node object and
 * heartbeats (`node/`), the pod network (`network/`), the pod lifecycle (`pods/`, `volumes/`). `sim/` holds simulated nodes for tests.
 */
export { runNodeAgent } from './run.js';
export type { AgentNetworkOptions, NodeAgentOptions } from './run.js';
export { cleanupPodNetwork } from './network/index.js';
