/**
 * The node agent, composed (issue 4): containerd as a supervised child, the node's allocation as a
 * parent cgroup, the Node object with Lease heartbeats and measured conditions, the pod network
 * (`network/`: CNI bridge on the Node's podCIDR, host rules, routes to peers) and the pod sync loop
 * over the CRI. It talks to the API server only through `KubeClient`, so it runs the same inside
 * `kite server` and as `kite agent` on another machine. Stopping it leaves containers running
 * (containerd's shims keep them), so a restarted agent re-adopts them.
 */
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { Logger } from 'pino';
import type { KubeClient } from '../client/index.js';
import { realClock, type EventRecorder } from '../controllers/index.js';
import { detectNodeCgroups, type QosClass } from './cgroups/index.js';
import { checkRuntimeBinaries, containerdPaths, startContainerd } from './containerd/index.js';
import { connectCri } from './cri/index.js';
import { ensurePauseImage, importImageDir } from './images/index.js';
import { computeAllocation, readHostInfo, readMachineFacts, runNodeAgentStatus, type AllocationFlags } from './node/index.js';
import { startPodNetwork } from './network/index.js';
import { runPodSync } from './pods/index.js';
import { createStatsProvider, statsSummaryHandler } from './stats/index.js';
import { createApiLogLookup, createExecUpgrade, createPortForwardUpgrade, startKubeletApi } from './kubelet-api/index.js';
import { KUBELET_PORT } from './node/node-object.js';

export interface AgentNetworkOptions {
  clusterCidr: string;
  /** The cluster DNS Service IP ClusterFirst pods resolve with (absent: the host's resolv.conf). */
  clusterDns?: string;
  clusterDomain: string;
  /** The CNI bridge (default `kite0`). */
  bridge?: string;
}

export interface NodeAgentOptions {
  client: KubeClient;
  recorder: EventRecorder & { run(signal: AbortSignal): Promise<void> };
  dataDir: string;
  nodeName: string;
  allocation: AllocationFlags;
  /** True when this machine also runs the control plane (labels the Node). */
  controlPlane: boolean;
  nodeIP?: string;
  /**
   * The kubelet API's TLS: its serving certificate for this node's names and the cluster CA that
   * verifies the API server's client certificate (absent: no kubelet API). `kite server` issues it
   * with the CA it holds; `kite agent` obtains it through a kubelet-serving CSR, which is approved
   * only once the Node exists, so the kubelet API starts when this resolves, beside everything else.
   */
  kubeletTls?: (names: { nodeName: string; hostname: string; ips: string[] }, signal: AbortSignal) => Promise<{ cert: string; key: string; ca: string }>;
  /** Port of the kubelet API (default 10250, what the Node advertises). */
  kubeletPort?: number;
  /**
   * The pod network (absent: every pod on the host network, as before issue 5). Pods then wait for
   * the Node's podCIDR and get their own network namespace on the CNI bridge.
   */
  network?: AgentNetworkOptions;
  log: Logger;
}

/** Resolves once the agent has fully stopped after `signal` aborts (containerd last). */
export async function runNodeAgent(o: NodeAgentOptions, outer: AbortSignal): Promise<void> {
  const log = o.log.child({ component: 'agent', node: o.nodeName });
  // One failing part (e.g. the kubelet API cannot bind its port) stops the others, then the agent fails.
  const life = new AbortController();
  const signal = life.signal;
  // Every loop of the agent listens on this one signal: many listeners are expected.
  setMaxListeners(0, signal);
  const stop = () => life.abort();
  if (outer.aborted) stop(); else outer.addEventListener('abort', stop, { once: true });
  await checkRuntimeBinaries();
  const agentDir = path.join(o.dataDir, 'agent');
  const allocation = computeAllocation(o.allocation, await readMachineFacts(o.dataDir));
  // Named after the node, so two agents on one host (tests, a dev machine) never share a parent cgroup.
  const cgroups = await detectNodeCgroups({ name: `kite-${o.nodeName}` });
  await cgroups.ensureNodeCgroup(allocation.cgroup);

  // containerd outlives the loops below: it gets its own signal, aborted after they have stopped.
  const runtimeLife = new AbortController();
  // containerd's own cgroup sits beside the allocation's, so the runtime never eats into the pods' share.
  const containerd = await startContainerd({ dataDir: o.dataDir, log, signal: runtimeLife.signal, cgroupPath: `/kite-${o.nodeName}-runtime` });
  const cri = connectCri(containerd.socket);
  try {
    await ensurePauseImage(containerd.socket, path.join(agentDir, 'containerd', 'tmp'), log);
    await importImageDir(containerd.socket, path.join(o.dataDir, 'images'), log);
    const version = await cri.version();
    const host = await readHostInfo({ nodeIP: o.nodeIP });
    const stats = createStatsProvider({ cri, nodeUsage: () => cgroups.usage(), nodeName: o.nodeName, log });
    const execUpgrade = createExecUpgrade({ cri, log });
    const net = o.network;
    const podNetwork = net && startPodNetwork({
      client: o.client, nodeName: o.nodeName, dataDir: o.dataDir, confDir: containerdPaths(o.dataDir).cniConfDir,
      bridge: net.bridge, clusterCidr: net.clusterCidr, cri, log,
    }, signal);
    const kubeletTls = o.kubeletTls;
    const kubeletApi = kubeletTls && (async () => {
      const tls = await kubeletTls({ nodeName: o.nodeName, hostname: host.hostname, ips: [host.internalIP] }, signal)
        .catch((e: unknown) => { if (signal.aborted) return undefined; throw e; });
      if (!tls || signal.aborted) return;
      const api = await startKubeletApi({
        tls, hosts: [host.internalIP, '127.0.0.1'], port: o.kubeletPort ?? KUBELET_PORT, log,
        lookup: createApiLogLookup({ client: o.client, podsDir: path.join(agentDir, 'pods'), nodeName: o.nodeName }),
        routes: { '/stats/summary': statsSummaryHandler(() => stats.latest()) },
        upgrades: { exec: execUpgrade, attach: execUpgrade, portForward: createPortForwardUpgrade({ cri, log }) },
      }, signal);
      await api.done;
    })();
    const parts: Array<Promise<unknown> | undefined> = [
      kubeletApi,
      podNetwork?.done,
      stats.run(signal),
      o.recorder.run(signal),
      runNodeAgentStatus({
        client: o.client, nodeName: o.nodeName, allocation, host, cgroups, dataDir: o.dataDir, log, clock: realClock,
        runtimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
        runtimeStatus: (s) => cri.status(s), controlPlane: o.controlPlane, kubeletPort: o.kubeletPort ?? KUBELET_PORT,
      }, signal),
      runPodSync({
        client: o.client, cri, nodeName: o.nodeName, dataDir: o.dataDir, log, recorder: o.recorder, hostIP: host.internalIP,
        ...(podNetwork ? { podNetwork: 'cni' as const, networkReady: () => podNetwork.ready() } : {}),
        ...(net?.clusterDns ? { clusterDns: { servers: [net.clusterDns], domain: net.clusterDomain } } : {}),
        cgroups: {
          podCgroupParent: (uid, qos) => cgroups.podCgroupParent(uid, qos as QosClass),
          removePodCgroup: async (uid) => { await cgroups.removePodCgroup(uid); },
        },
        allocatable: {
          cpu: allocation.allocatable.cpuMillis / 1000, memory: allocation.allocatable.memoryBytes,
          'ephemeral-storage': allocation.allocatable.ephemeralStorageBytes,
        },
      }, signal),
    ];
    const settled = await Promise.allSettled(parts.map((p) => p?.catch((e: unknown) => { stop(); throw e; })));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    outer.removeEventListener('abort', stop);
    cri.close();
    runtimeLife.abort();
    await containerd.done;
    log.info('agent stopped');
  }
}
