/**
 * A hand-written subset of CRI `runtime.v1` (k8s.io/cri-api `pkg/apis/runtime/v1/api.proto`).
 *
 * Field NUMBERS and types match upstream exactly; field NAMES are the camelCase names of
 * `types.ts` (the wire ignores names, so this saves a rename table — the same trick as
 * `src/api/protobuf/`). Fields the agent does not use are left out: proto3 skips unknown fields
 * on decode, and an absent field is its zero value on the other side. Parsed with `keepCase`.
 */
export const CRI_PROTO = `
syntax = "proto3";
package runtime.v1;

service RuntimeService {
  rpc Version(VersionRequest) returns (VersionResponse) {}
  rpc RunPodSandbox(RunPodSandboxRequest) returns (RunPodSandboxResponse) {}
  rpc StopPodSandbox(PodSandboxIdRequest) returns (Empty) {}
  rpc RemovePodSandbox(PodSandboxIdRequest) returns (Empty) {}
  rpc PodSandboxStatus(PodSandboxStatusRequest) returns (PodSandboxStatusResponse) {}
  rpc ListPodSandbox(ListPodSandboxRequest) returns (ListPodSandboxResponse) {}
  rpc CreateContainer(CreateContainerRequest) returns (CreateContainerResponse) {}
  rpc StartContainer(ContainerIdRequest) returns (Empty) {}
  rpc StopContainer(StopContainerRequest) returns (Empty) {}
  rpc RemoveContainer(ContainerIdRequest) returns (Empty) {}
  rpc ListContainers(ListContainersRequest) returns (ListContainersResponse) {}
  rpc ContainerStatus(ContainerStatusRequest) returns (ContainerStatusResponse) {}
  rpc ExecSync(ExecSyncRequest) returns (ExecSyncResponse) {}
  rpc Exec(ExecRequest) returns (UrlResponse) {}
  rpc Attach(AttachRequest) returns (UrlResponse) {}
  rpc PortForward(PortForwardRequest) returns (UrlResponse) {}
  rpc ListContainerStats(ListContainerStatsRequest) returns (ListContainerStatsResponse) {}
  rpc Status(StatusRequest) returns (StatusResponse) {}
}

service ImageService {
  rpc ListImages(ListImagesRequest) returns (ListImagesResponse) {}
  rpc ImageStatus(ImageStatusRequest) returns (ImageStatusResponse) {}
  rpc PullImage(PullImageRequest) returns (PullImageResponse) {}
  rpc RemoveImage(RemoveImageRequest) returns (Empty) {}
  rpc ImageFsInfo(Empty) returns (ImageFsInfoResponse) {}
}

// Upstream has one empty message per RPC (StopPodSandboxResponse, …); all encode to zero bytes,
// and the request messages that only carry an id share their layout, so one message serves each.
message Empty {}
message PodSandboxIdRequest { string podSandboxId = 1; }
message ContainerIdRequest { string containerId = 1; }
message UrlResponse { string url = 1; }

message VersionRequest { string version = 1; }
message VersionResponse { string version = 1; string runtimeName = 2; string runtimeVersion = 3; string runtimeApiVersion = 4; }

message KeyValue { string key = 1; string value = 2; }
message Int64Value { int64 value = 1; }
message UInt64Value { uint64 value = 1; }

enum Protocol { TCP = 0; UDP = 1; SCTP = 2; }
enum MountPropagation { PROPAGATION_PRIVATE = 0; PROPAGATION_HOST_TO_CONTAINER = 1; PROPAGATION_BIDIRECTIONAL = 2; }
enum NamespaceMode { POD = 0; CONTAINER = 1; NODE = 2; TARGET = 3; }
enum PodSandboxState { SANDBOX_READY = 0; SANDBOX_NOTREADY = 1; }
enum ContainerState { CONTAINER_CREATED = 0; CONTAINER_RUNNING = 1; CONTAINER_EXITED = 2; CONTAINER_UNKNOWN = 3; }

message DNSConfig { repeated string servers = 1; repeated string searches = 2; repeated string options = 3; }
message PortMapping { Protocol protocol = 1; int32 containerPort = 2; int32 hostPort = 3; string hostIp = 4; }
message Mount {
  string containerPath = 1; string hostPath = 2; bool readonly = 3; bool selinuxRelabel = 4;
  MountPropagation propagation = 5;
}
message NamespaceOption { NamespaceMode network = 1; NamespaceMode pid = 2; NamespaceMode ipc = 3; string targetId = 4; }

message LinuxSandboxSecurityContext {
  NamespaceOption namespaceOptions = 1; Int64Value runAsUser = 3; Int64Value runAsGroup = 8;
  bool readonlyRootfs = 4; repeated int64 supplementalGroups = 5; bool privileged = 6;
}
message LinuxPodSandboxConfig {
  string cgroupParent = 1; LinuxSandboxSecurityContext securityContext = 2; map<string, string> sysctls = 3;
}
message PodSandboxMetadata { string name = 1; string uid = 2; string namespace = 3; uint32 attempt = 4; }
message PodSandboxConfig {
  PodSandboxMetadata metadata = 1; string hostname = 2; string logDirectory = 3; DNSConfig dnsConfig = 4;
  repeated PortMapping portMappings = 5; map<string, string> labels = 6; map<string, string> annotations = 7;
  LinuxPodSandboxConfig linux = 8;
}
message RunPodSandboxRequest { PodSandboxConfig config = 1; string runtimeHandler = 2; }
message RunPodSandboxResponse { string podSandboxId = 1; }

message PodSandboxStatusRequest { string podSandboxId = 1; bool verbose = 2; }
message PodIP { string ip = 1; }
message PodSandboxNetworkStatus { string ip = 1; repeated PodIP additionalIps = 2; }
message PodSandboxStatus {
  string id = 1; PodSandboxMetadata metadata = 2; PodSandboxState state = 3; int64 createdAt = 4;
  PodSandboxNetworkStatus network = 5; map<string, string> labels = 7; map<string, string> annotations = 8;
}
message PodSandboxStatusResponse { PodSandboxStatus status = 1; }

message PodSandboxStateValue { PodSandboxState state = 1; }
message PodSandboxFilter { string id = 1; PodSandboxStateValue state = 2; map<string, string> labelSelector = 3; }
message ListPodSandboxRequest { PodSandboxFilter filter = 1; }
message PodSandbox {
  string id = 1; PodSandboxMetadata metadata = 2; PodSandboxState state = 3; int64 createdAt = 4;
  map<string, string> labels = 5; map<string, string> annotations = 6;
}
message ListPodSandboxResponse { repeated PodSandbox items = 1; }

message ImageSpec { string image = 1; map<string, string> annotations = 2; }
message LinuxContainerResources {
  int64 cpuPeriod = 1; int64 cpuQuota = 2; int64 cpuShares = 3; int64 memoryLimitInBytes = 4;
  int64 oomScoreAdj = 5; string cpusetCpus = 6; string cpusetMems = 7;
}
message Capability { repeated string addCapabilities = 1; repeated string dropCapabilities = 2; }
message LinuxContainerSecurityContext {
  Capability capabilities = 1; bool privileged = 2; NamespaceOption namespaceOptions = 3;
  Int64Value runAsUser = 5; Int64Value runAsGroup = 12; string runAsUsername = 6; bool readonlyRootfs = 7;
  repeated int64 supplementalGroups = 8; bool noNewPrivs = 11;
}
message LinuxContainerConfig { LinuxContainerResources resources = 1; LinuxContainerSecurityContext securityContext = 2; }
message ContainerMetadata { string name = 1; uint32 attempt = 2; }
message ContainerConfig {
  ContainerMetadata metadata = 1; ImageSpec image = 2; repeated string command = 3; repeated string args = 4;
  string workingDir = 5; repeated KeyValue envs = 6; repeated Mount mounts = 7;
  map<string, string> labels = 9; map<string, string> annotations = 10; string logPath = 11;
  bool stdin = 12; bool stdinOnce = 13; bool tty = 14; LinuxContainerConfig linux = 15;
}
message CreateContainerRequest { string podSandboxId = 1; ContainerConfig config = 2; PodSandboxConfig sandboxConfig = 3; }
message CreateContainerResponse { string containerId = 1; }
message StopContainerRequest { string containerId = 1; int64 timeout = 2; }

message ContainerStateValue { ContainerState state = 1; }
message ContainerFilter {
  string id = 1; ContainerStateValue state = 2; string podSandboxId = 3; map<string, string> labelSelector = 4;
}
message ListContainersRequest { ContainerFilter filter = 1; }
message Container {
  string id = 1; string podSandboxId = 2; ContainerMetadata metadata = 3; ImageSpec image = 4; string imageRef = 5;
  ContainerState state = 6; int64 createdAt = 7; map<string, string> labels = 8; map<string, string> annotations = 9;
}
message ListContainersResponse { repeated Container containers = 1; }

message ContainerStatusRequest { string containerId = 1; bool verbose = 2; }
message ContainerStatus {
  string id = 1; ContainerMetadata metadata = 2; ContainerState state = 3; int64 createdAt = 4; int64 startedAt = 5;
  int64 finishedAt = 6; int32 exitCode = 7; ImageSpec image = 8; string imageRef = 9; string reason = 10;
  string message = 11; map<string, string> labels = 12; map<string, string> annotations = 13; string logPath = 15;
}
message ContainerStatusResponse { ContainerStatus status = 1; }

message ExecSyncRequest { string containerId = 1; repeated string cmd = 2; int64 timeout = 3; }
message ExecSyncResponse { bytes stdout = 1; bytes stderr = 2; int32 exitCode = 3; }
message ExecRequest { string containerId = 1; repeated string cmd = 2; bool tty = 3; bool stdin = 4; bool stdout = 5; bool stderr = 6; }
message AttachRequest { string containerId = 1; bool stdin = 2; bool tty = 3; bool stdout = 4; bool stderr = 5; }
message PortForwardRequest { string podSandboxId = 1; repeated int32 port = 2; }

message ContainerStatsFilter { string id = 1; string podSandboxId = 2; map<string, string> labelSelector = 3; }
message ListContainerStatsRequest { ContainerStatsFilter filter = 1; }
message ContainerAttributes {
  string id = 1; ContainerMetadata metadata = 2; map<string, string> labels = 3; map<string, string> annotations = 4;
}
message CpuUsage { int64 timestamp = 1; UInt64Value usageCoreNanoSeconds = 2; UInt64Value usageNanoCores = 3; }
message MemoryUsage { int64 timestamp = 1; UInt64Value workingSetBytes = 2; UInt64Value availableBytes = 3; UInt64Value usageBytes = 4; }
message FilesystemIdentifier { string mountpoint = 1; }
message FilesystemUsage { int64 timestamp = 1; FilesystemIdentifier fsId = 2; UInt64Value usedBytes = 3; UInt64Value inodesUsed = 4; }
message ContainerStats { ContainerAttributes attributes = 1; CpuUsage cpu = 2; MemoryUsage memory = 3; FilesystemUsage writableLayer = 4; }
message ListContainerStatsResponse { repeated ContainerStats stats = 1; }

message StatusRequest { bool verbose = 1; }
message RuntimeCondition { string type = 1; bool status = 2; string reason = 3; string message = 4; }
message RuntimeStatus { repeated RuntimeCondition conditions = 1; }
message StatusResponse { RuntimeStatus status = 1; }

message ImageFilter { ImageSpec image = 1; }
message ListImagesRequest { ImageFilter filter = 1; }
message Image { string id = 1; repeated string repoTags = 2; repeated string repoDigests = 3; uint64 size = 4; }
message ListImagesResponse { repeated Image images = 1; }
message ImageStatusRequest { ImageSpec image = 1; bool verbose = 2; }
message ImageStatusResponse { Image image = 1; }
message AuthConfig { string username = 1; string password = 2; string auth = 3; string serverAddress = 4; }
message PullImageRequest { ImageSpec image = 1; AuthConfig auth = 2; PodSandboxConfig sandboxConfig = 3; }
message PullImageResponse { string imageRef = 1; }
message RemoveImageRequest { ImageSpec image = 1; }
message ImageFsInfoResponse { repeated FilesystemUsage imageFilesystems = 1; }
`;
