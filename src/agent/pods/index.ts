/**
 * The node agent's pod lifecycle — the kubelet's sync loop for real containers through the CRI
 * (issue 4, scope 5; re-adoption, scope 6). Desired: pods bound to this node (informer). Actual:
 * CRI sandboxes and containers carrying the kubelet's labels (labels.ts), so the CRI alone says
 * what runs; a restarted agent re-adopts running containers and never restarts them for that.
 *
 * - loop.ts: informer → uid-keyed work queue → workers; pleg.ts (1 s relist); 10 s resync;
 * - pod-worker.ts: per pod: teardown / finalize deletion / terminal / live (sync-live.ts);
 * - sandbox.ts, containers.ts (+ env.ts, images.ts, resources.ts): CRI configs from the pod spec;
 * - restart-backoff.ts (10 s → 5 min, CrashLoopBackOff), probes.ts + probe-run.ts, kill.ts (preStop,
 *   grace), gc.ts (old container instances), status.ts + status-writer.ts (pods/status patches);
 * - volumes live in `../volumes/`.
 * Pod networking: with `podNetwork: 'host'` (the default) every pod runs on the node's network and
 * reports the node's IP; with 'cni' (the agent with a pod network, `../network/`) pods get an IP
 * of the node's podCIDR from the CNI bridge, and wait until that network is ready.
 */
import { networkInterfaces, totalmem, cpus } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ConfigMap, Secret } from '../../api/registry/core-types.js';
import { isNotFound, type KubeClient } from '../../client/index.js';
import { realClock, type Clock, type EventRecorder } from '../../controllers/index.js';
import type { ImageService, RuntimeService } from '../cri/index.js';
import { createVolumeManager, type Mounter } from '../volumes/index.js';
import { runPodSyncLoop } from './loop.js';
import { createRestartBackoff } from './restart-backoff.js';
import { readResolvConf } from './sandbox.js';
import { createStatusWriter } from './status-writer.js';
import type { PodCgroups } from './worker-deps.js';
import type { ClusterDns } from './pod-dns.js';

export type { PodCgroups } from './worker-deps.js';
export type { ClusterDns } from './pod-dns.js';
export { POD_UID, POD_NAME, POD_NAMESPACE, CONTAINER_NAME } from './labels.js';

export interface PodSyncOptions {
  client: KubeClient;
  cri: RuntimeService & ImageService;
  nodeName: string;
  /** Kite's data dir (DIR): pods live under DIR/agent/pods. */
  dataDir: string;
  cgroups: PodCgroups;
  recorder: EventRecorder;
  log: Logger;
  clock?: Clock;
  /** 'host' (default): every pod on the node's network; 'cni': pods get their own (see `../network/`). */
  podNetwork?: 'host' | 'cni';
  /** With 'cni': whether the node's pod network is up yet (non-hostNetwork pods wait for it). */
  networkReady?: () => boolean;
  /** The cluster DNS service and domain for ClusterFirst pods (absent: the host's resolv.conf). */
  clusterDns?: ClusterDns;
  /** The node's InternalIP (default: the first non-loopback IPv4 address). */
  hostIP?: string;
  /** Where pod DNS comes from (default /etc/resolv.conf). */
  resolvConf?: string;
  /** The node's allocation: what unset limits report through the downward API, and the OOM-score base. */
  allocatable?: { cpu: number; memory: number; 'ephemeral-storage': number };
  /** tmpfs mounts for memory-backed emptyDirs (default: mount(8), needs root). */
  mounter?: Mounter;
  workers?: number;
}

function defaultHostIP(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** Runs the pod lifecycle until the signal aborts; resolves once every loop has stopped. */
export async function runPodSync(o: PodSyncOptions, signal: AbortSignal): Promise<void> {
  const clock = o.clock ?? realClock;
  const log = o.log.child({ component: 'pod-sync' });
  const podsDir = join(o.dataDir, 'agent', 'pods');
  const allocatable = o.allocatable ?? { cpu: cpus().length, memory: totalmem(), 'ephemeral-storage': 0 };
  const core = (plural: string, namespace: string) => ({ group: '', version: 'v1', plural, namespace });
  const getOpt = <T>(p: Promise<T>) => p.catch((e: unknown) => { if (isNotFound(e)) return undefined; throw e; });
  // Events about pods from a list carry no kind; the recorder needs it for involvedObject.
  const recorder: EventRecorder = { event: (obj, type, reason, msg) => o.recorder.event({ apiVersion: 'v1', kind: 'Pod', ...obj }, type, reason, msg) };
  await runPodSyncLoop({
    client: o.client, cri: o.cri, cgroups: o.cgroups, recorder, clock, log,
    volumes: createVolumeManager({ client: o.client, podsDir, clock, log, mounter: o.mounter }),
    status: createStatusWriter(o.client),
    backoff: createRestartBackoff(),
    objects: {
      configMap: (ns, name) => getOpt(o.client.get<ConfigMap>(core('configmaps', ns), name, { signal })),
      secret: (ns, name) => getOpt(o.client.get<Secret>(core('secrets', ns), name, { signal })),
    },
    podsDir, podNetwork: o.podNetwork ?? 'host', networkReady: o.networkReady, clusterDns: o.clusterDns, hostIP: o.hostIP ?? defaultHostIP(),
    dns: () => readResolvConf(o.resolvConf),
    memoryCapacity: allocatable.memory, allocatable,
    nodeName: o.nodeName, workers: o.workers,
  }, signal);
}
