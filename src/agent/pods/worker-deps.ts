/** What the per-pod sync needs, built once by the sync loop (loop.ts) and shared by its workers. */
import type { Logger } from 'pino';
import type { Pod } from '../../api/registry/core-types.js';
import type { KubeClient } from '../../client/index.js';
import type { Clock, EventRecorder } from '../../controllers/index.js';
import type { ImageService, RuntimeService } from '../cri/index.js';
import type { VolumeManager } from '../volumes/index.js';
import type { EnvObjects } from './env.js';
import type { ProbeManager } from './probes.js';
import type { RestartBackoff } from './restart-backoff.js';
import type { ClusterDns, DnsConfig } from './pod-dns.js';
import type { StatusWriter } from './status-writer.js';

export interface PodCgroups {
  podCgroupParent(uid: string, qos: string): string;
  removePodCgroup(uid: string): Promise<void>;
}

export interface WorkerDeps {
  client: Pick<KubeClient, 'get' | 'raw' | 'delete'>;
  cri: RuntimeService & ImageService;
  cgroups: PodCgroups;
  volumes: VolumeManager;
  probes: Pick<ProbeManager, 'sync' | 'ready' | 'started' | 'unhealthy' | 'forgetPod'>;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
  status: StatusWriter;
  backoff: RestartBackoff;
  objects: EnvObjects;
  /** The desired pod with this uid, bound to this node (undefined: gone or moved). */
  pod(uid: string): Pod | undefined;
  podsDir: string;
  podNetwork: 'host' | 'cni';
  /** With `podNetwork: 'cni'`: false until the node's pod network is set up (non-hostNetwork pods wait). */
  networkReady?: () => boolean;
  hostIP: string;
  /** The host's resolv.conf. */
  dns(): Promise<DnsConfig>;
  clusterDns?: ClusterDns;
  memoryCapacity: number;
  allocatable: { cpu: number; memory: number; 'ephemeral-storage': number };
}
