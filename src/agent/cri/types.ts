/**
 * The CRI `runtime.v1` surface the agent uses, as plain TypeScript (camelCase; int64 as number;
 * timestamps in nanoseconds since the epoch as numbers; enums as their proto names without the
 * prefix). The gRPC client (client.ts) maps these to and from the wire; a fake implements the same
 * interfaces for unit tests (STYLE rule 15). The rest of the agent imports only from `cri/index.ts`.
 */

export interface KeyValue { key: string; value: string }
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

export interface PodSandboxMetadata { name: string; uid: string; namespace: string; attempt?: number }
export interface ContainerMetadata { name: string; attempt?: number }

export interface NamespaceOptions { network?: NamespaceMode; pid?: NamespaceMode; ipc?: NamespaceMode }

export interface Capabilities { addCapabilities?: string[]; dropCapabilities?: string[] }

export interface LinuxSandboxSecurityContext {
  namespaceOptions?: NamespaceOptions;
  runAsUser?: number;
  runAsGroup?: number;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  privileged?: boolean;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  /** Must stay empty for host-network pods (runc refuses a hostname without a private UTS namespace). */
  hostname?: string;
  logDirectory: string;
  dnsConfig?: { servers?: string[]; searches?: string[]; options?: string[] };
  portMappings?: Array<{ protocol?: Protocol; containerPort: number; hostPort?: number; hostIp?: string }>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: {
    cgroupParent?: string;
    securityContext?: LinuxSandboxSecurityContext;
    sysctls?: Record<string, string>;
  };
}

export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
  oomScoreAdj?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}

export interface LinuxContainerSecurityContext {
  capabilities?: Capabilities;
  privileged?: boolean;
  namespaceOptions?: NamespaceOptions;
  runAsUser?: number;
  runAsGroup?: number;
  runAsUsername?: string;
  readonlyRootfs?: boolean;
  supplementalGroups?: number[];
  noNewPrivs?: boolean;
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  selinuxRelabel?: boolean;
  propagation?: 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: { image: string };
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Relative to the sandbox's logDirectory, e.g. `<container>/<attempt>.log`. */
  logPath: string;
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext };
}

export type SandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: SandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxStatus extends PodSandbox {
  network?: { ip: string; additionalIps: string[] };
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: string;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: string;
  imageRef: string;
  /** e.g. `OOMKilled`, `Completed`, `Error`. */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
}

export interface ContainerStats {
  id: string;
  name: string;
  podSandboxId?: string;
  timestamp: number;
  /** Cumulative CPU time in nanoseconds. */
  cpuUsageCoreNanoSeconds?: number;
  memoryWorkingSetBytes?: number;
  writableLayerUsedBytes?: number;
}

export interface ContainerFilter { id?: string; podSandboxId?: string; state?: ContainerState; labelSelector?: Record<string, string> }
export interface SandboxFilter { id?: string; state?: SandboxState; labelSelector?: Record<string, string> }

export interface RuntimeCondition { type: string; status: boolean; reason?: string; message?: string }

/** Exec/Attach only prepare a session: the runtime answers with its streaming-server URL. */
export interface ExecRequest { containerId: string; cmd: string[]; tty?: boolean; stdin?: boolean; stdout?: boolean; stderr?: boolean }
export interface AttachRequest { containerId: string; tty?: boolean; stdin?: boolean; stdout?: boolean; stderr?: boolean }

/**
 * The CRI RuntimeService (a mirror of the gRPC service, so wider than STYLE's 12-method guide;
 * callers take a `Pick<>` of what they use).
 */
export interface RuntimeService {
  version(signal?: AbortSignal): Promise<{ runtimeName: string; runtimeVersion: string; runtimeApiVersion: string }>;
  status(signal?: AbortSignal): Promise<{ conditions: RuntimeCondition[] }>;
  runPodSandbox(config: PodSandboxConfig, signal?: AbortSignal): Promise<string>;
  stopPodSandbox(id: string): Promise<void>;
  removePodSandbox(id: string): Promise<void>;
  podSandboxStatus(id: string): Promise<PodSandboxStatus | undefined>;
  listPodSandbox(filter?: SandboxFilter): Promise<PodSandbox[]>;
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Sends the stop signal, then SIGKILL after `timeoutSeconds`. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  containerStatus(id: string): Promise<ContainerStatus | undefined>;
  execSync(id: string, cmd: string[], timeoutSeconds: number): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }>;
  listContainerStats(filter?: { podSandboxId?: string }): Promise<ContainerStats[]>;
  /** The three below return the streaming URL (kubelet proxies or redirects the client to it). */
  exec(req: ExecRequest): Promise<string>;
  attach(req: AttachRequest): Promise<string>;
  portForward(podSandboxId: string, ports: number[]): Promise<string>;
}

export interface Image { id: string; repoTags: string[]; repoDigests: string[]; size: number }

export interface ImageService {
  listImages(): Promise<Image[]>;
  imageStatus(ref: string): Promise<Image | undefined>;
  /** Returns the image reference (id) containerd resolved. */
  pullImage(ref: string, auth?: { username?: string; password?: string; auth?: string; serverAddress?: string }, sandboxConfig?: PodSandboxConfig): Promise<string>;
  removeImage(ref: string): Promise<void>;
  imageFsInfo(): Promise<Array<{ mountpoint: string; usedBytes: number; inodesUsed: number }>>;
}
