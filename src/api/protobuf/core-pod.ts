/**
 * core/v1 PodSpec and everything it reaches (containers, probes, volumes,
 * affinity, security contexts). Field numbers: upstream
 * `staging/src/k8s.io/api/core/v1/generated.proto`; options as in `meta.ts`.
 * Rarely used in-tree volume plugins (cephfs, rbd, ...) are left out: their
 * fields are skipped as unknown, so such a pod decodes without that volume source.
 */
export const corePodProto = `
package core;
message PodTemplateSpec { optional meta.ObjectMeta metadata = 1; optional PodSpec spec = 2; }
message PodSpec {
  repeated Volume volumes = 1; repeated Container containers = 2; optional string restartPolicy = 3;
  optional int64 terminationGracePeriodSeconds = 4 [(keep)=true]; optional int64 activeDeadlineSeconds = 5 [(keep)=true];
  optional string dnsPolicy = 6; map<string, string> nodeSelector = 7;
  optional string serviceAccountName = 8; optional string serviceAccount = 9; optional string nodeName = 10;
  optional bool hostNetwork = 11; optional bool hostPID = 12; optional bool hostIPC = 13;
  optional PodSecurityContext securityContext = 14; repeated LocalObjectReference imagePullSecrets = 15;
  optional string hostname = 16; optional string subdomain = 17; optional Affinity affinity = 18;
  optional string schedulerName = 19; repeated Container initContainers = 20;
  optional bool automountServiceAccountToken = 21 [(keep)=true]; repeated Toleration tolerations = 22;
  repeated HostAlias hostAliases = 23; optional string priorityClassName = 24; optional int32 priority = 25 [(keep)=true];
  optional PodDNSConfig dnsConfig = 26; optional bool shareProcessNamespace = 27 [(keep)=true];
  repeated PodReadinessGate readinessGates = 28; optional string runtimeClassName = 29 [(keep)=true];
  optional bool enableServiceLinks = 30 [(keep)=true]; optional string preemptionPolicy = 31 [(keep)=true];
  map<string, resource.Quantity> overhead = 32; repeated TopologySpreadConstraint topologySpreadConstraints = 33;
  repeated EphemeralContainer ephemeralContainers = 34; optional bool setHostnameAsFQDN = 35 [(keep)=true];
  optional PodOS os = 36; optional bool hostUsers = 37 [(keep)=true]; repeated PodSchedulingGate schedulingGates = 38;
  repeated PodResourceClaim resourceClaims = 39; optional ResourceRequirements resources = 40;
  optional string hostnameOverride = 41 [(keep)=true];
}
message PodOS { optional string name = 1; }
message PodSchedulingGate { optional string name = 1; }
message PodReadinessGate { optional string conditionType = 1; }
message PodResourceClaim {
  optional string name = 1; optional string resourceClaimName = 3 [(keep)=true];
  optional string resourceClaimTemplateName = 4 [(keep)=true];
}
message HostAlias { optional string ip = 1; repeated string hostnames = 2; }
message PodDNSConfig { repeated string nameservers = 1; repeated string searches = 2; repeated PodDNSConfigOption options = 3; }
message PodDNSConfigOption { optional string name = 1; optional string value = 2 [(keep)=true]; }
message LocalObjectReference { optional string name = 1; }

message Container {
  optional string name = 1; optional string image = 2; repeated string command = 3; repeated string args = 4;
  optional string workingDir = 5; repeated ContainerPort ports = 6; repeated EnvVar env = 7;
  optional ResourceRequirements resources = 8; repeated VolumeMount volumeMounts = 9;
  optional Probe livenessProbe = 10; optional Probe readinessProbe = 11; optional Lifecycle lifecycle = 12;
  optional string terminationMessagePath = 13; optional string imagePullPolicy = 14;
  optional SecurityContext securityContext = 15; optional bool stdin = 16; optional bool stdinOnce = 17;
  optional bool tty = 18; repeated EnvFromSource envFrom = 19; optional string terminationMessagePolicy = 20;
  repeated VolumeDevice volumeDevices = 21; optional Probe startupProbe = 22;
  repeated ContainerResizePolicy resizePolicy = 23; optional string restartPolicy = 24 [(keep)=true];
}
// EphemeralContainerCommon has Container's field numbers, so Container is reused.
message EphemeralContainer { optional Container ephemeralContainerCommon = 1 [(inline)=true]; optional string targetContainerName = 2; }
message ContainerPort {
  optional string name = 1; optional int32 hostPort = 2; optional int32 containerPort = 3;
  optional string protocol = 4; optional string hostIP = 5;
}
message ContainerResizePolicy { optional string resourceName = 1; optional string restartPolicy = 2; }
message EnvVar { optional string name = 1; optional string value = 2; optional EnvVarSource valueFrom = 3; }
message EnvVarSource {
  optional ObjectFieldSelector fieldRef = 1; optional ResourceFieldSelector resourceFieldRef = 2;
  optional ConfigMapKeySelector configMapKeyRef = 3; optional SecretKeySelector secretKeyRef = 4;
}
message ObjectFieldSelector { optional string apiVersion = 1; optional string fieldPath = 2; }
message ResourceFieldSelector { optional string containerName = 1; optional string resource = 2; optional resource.Quantity divisor = 3; }
message ConfigMapKeySelector {
  optional LocalObjectReference localObjectReference = 1 [(inline)=true]; optional string key = 2;
  optional bool optional = 3 [(keep)=true];
}
message SecretKeySelector {
  optional LocalObjectReference localObjectReference = 1 [(inline)=true]; optional string key = 2;
  optional bool optional = 3 [(keep)=true];
}
message EnvFromSource { optional string prefix = 1; optional ConfigMapEnvSource configMapRef = 2; optional SecretEnvSource secretRef = 3; }
message ConfigMapEnvSource { optional LocalObjectReference localObjectReference = 1 [(inline)=true]; optional bool optional = 2 [(keep)=true]; }
message SecretEnvSource { optional LocalObjectReference localObjectReference = 1 [(inline)=true]; optional bool optional = 2 [(keep)=true]; }
message ResourceRequirements {
  map<string, resource.Quantity> limits = 1; map<string, resource.Quantity> requests = 2; repeated ResourceClaim claims = 3;
}
message ResourceClaim { optional string name = 1; optional string request = 2; }
message VolumeMount {
  optional string name = 1; optional bool readOnly = 2; optional string mountPath = 3; optional string subPath = 4;
  optional string mountPropagation = 5 [(keep)=true]; optional string subPathExpr = 6;
  optional string recursiveReadOnly = 7 [(keep)=true];
}
message VolumeDevice { optional string name = 1; optional string devicePath = 2; }

message Probe {
  optional ProbeHandler handler = 1 [(inline)=true]; optional int32 initialDelaySeconds = 2;
  optional int32 timeoutSeconds = 3; optional int32 periodSeconds = 4; optional int32 successThreshold = 5;
  optional int32 failureThreshold = 6; optional int64 terminationGracePeriodSeconds = 7 [(keep)=true];
}
message ProbeHandler {
  optional ExecAction exec = 1; optional HTTPGetAction httpGet = 2; optional TCPSocketAction tcpSocket = 3;
  optional GRPCAction grpc = 4;
}
message ExecAction { repeated string command = 1; }
message HTTPGetAction {
  optional string path = 1; optional intstr.IntOrString port = 2; optional string host = 3; optional string scheme = 4;
  repeated HTTPHeader httpHeaders = 5;
}
message HTTPHeader { optional string name = 1; optional string value = 2; }
message TCPSocketAction { optional intstr.IntOrString port = 1; optional string host = 2; }
message GRPCAction { optional int32 port = 1; optional string service = 2 [(keep)=true]; }
message Lifecycle { optional LifecycleHandler postStart = 1; optional LifecycleHandler preStop = 2; optional string stopSignal = 3 [(keep)=true]; }
message LifecycleHandler {
  optional ExecAction exec = 1; optional HTTPGetAction httpGet = 2; optional TCPSocketAction tcpSocket = 3;
  optional SleepAction sleep = 4;
}
message SleepAction { optional int64 seconds = 1; }

message SecurityContext {
  optional Capabilities capabilities = 1; optional bool privileged = 2 [(keep)=true];
  optional SELinuxOptions seLinuxOptions = 3; optional int64 runAsUser = 4 [(keep)=true];
  optional bool runAsNonRoot = 5 [(keep)=true]; optional bool readOnlyRootFilesystem = 6 [(keep)=true];
  optional bool allowPrivilegeEscalation = 7 [(keep)=true]; optional int64 runAsGroup = 8 [(keep)=true];
  optional string procMount = 9 [(keep)=true]; optional WindowsSecurityContextOptions windowsOptions = 10;
  optional SeccompProfile seccompProfile = 11; optional AppArmorProfile appArmorProfile = 12;
}
message PodSecurityContext {
  optional SELinuxOptions seLinuxOptions = 1; optional int64 runAsUser = 2 [(keep)=true];
  optional bool runAsNonRoot = 3 [(keep)=true]; repeated int64 supplementalGroups = 4;
  optional int64 fsGroup = 5 [(keep)=true]; optional int64 runAsGroup = 6 [(keep)=true]; repeated Sysctl sysctls = 7;
  optional WindowsSecurityContextOptions windowsOptions = 8; optional string fsGroupChangePolicy = 9 [(keep)=true];
  optional SeccompProfile seccompProfile = 10; optional AppArmorProfile appArmorProfile = 11;
  optional string supplementalGroupsPolicy = 12 [(keep)=true]; optional string seLinuxChangePolicy = 13 [(keep)=true];
}
message Capabilities { repeated string add = 1; repeated string drop = 2; }
message SELinuxOptions { optional string user = 1; optional string role = 2; optional string type = 3; optional string level = 4; }
message WindowsSecurityContextOptions {
  optional string gmsaCredentialSpecName = 1 [(keep)=true]; optional string gmsaCredentialSpec = 2 [(keep)=true];
  optional string runAsUserName = 3 [(keep)=true]; optional bool hostProcess = 4 [(keep)=true];
}
message SeccompProfile { optional string type = 1; optional string localhostProfile = 2 [(keep)=true]; }
message AppArmorProfile { optional string type = 1; optional string localhostProfile = 2 [(keep)=true]; }
message Sysctl { optional string name = 1; optional string value = 2; }

message Volume { optional string name = 1; optional VolumeSource volumeSource = 2 [(inline)=true]; }
message VolumeSource {
  optional HostPathVolumeSource hostPath = 1; optional EmptyDirVolumeSource emptyDir = 2;
  optional SecretVolumeSource secret = 6; optional NFSVolumeSource nfs = 7;
  optional PersistentVolumeClaimVolumeSource persistentVolumeClaim = 10; optional DownwardAPIVolumeSource downwardAPI = 16;
  optional ConfigMapVolumeSource configMap = 19; optional ProjectedVolumeSource projected = 26;
  optional CSIVolumeSource csi = 28; optional ImageVolumeSource image = 30;
}
message HostPathVolumeSource { optional string path = 1; optional string type = 2 [(keep)=true]; }
message EmptyDirVolumeSource { optional string medium = 1; optional resource.Quantity sizeLimit = 2; }
message SecretVolumeSource {
  optional string secretName = 1; repeated KeyToPath items = 2; optional int32 defaultMode = 3 [(keep)=true];
  optional bool optional = 4 [(keep)=true];
}
message ConfigMapVolumeSource {
  optional LocalObjectReference localObjectReference = 1 [(inline)=true]; repeated KeyToPath items = 2;
  optional int32 defaultMode = 3 [(keep)=true]; optional bool optional = 4 [(keep)=true];
}
message KeyToPath { optional string key = 1; optional string path = 2; optional int32 mode = 3 [(keep)=true]; }
message NFSVolumeSource { optional string server = 1; optional string path = 2; optional bool readOnly = 3; }
message PersistentVolumeClaimVolumeSource { optional string claimName = 1; optional bool readOnly = 2; }
message DownwardAPIVolumeSource { repeated DownwardAPIVolumeFile items = 1; optional int32 defaultMode = 2 [(keep)=true]; }
message DownwardAPIVolumeFile {
  optional string path = 1; optional ObjectFieldSelector fieldRef = 2; optional ResourceFieldSelector resourceFieldRef = 3;
  optional int32 mode = 4 [(keep)=true];
}
message ProjectedVolumeSource { repeated VolumeProjection sources = 1; optional int32 defaultMode = 2 [(keep)=true]; }
message VolumeProjection {
  optional SecretProjection secret = 1; optional DownwardAPIProjection downwardAPI = 2;
  optional ConfigMapProjection configMap = 3; optional ServiceAccountTokenProjection serviceAccountToken = 4;
}
message SecretProjection {
  optional LocalObjectReference localObjectReference = 1 [(inline)=true]; repeated KeyToPath items = 2;
  optional bool optional = 4 [(keep)=true];
}
message ConfigMapProjection {
  optional LocalObjectReference localObjectReference = 1 [(inline)=true]; repeated KeyToPath items = 2;
  optional bool optional = 4 [(keep)=true];
}
message DownwardAPIProjection { repeated DownwardAPIVolumeFile items = 1; }
message ServiceAccountTokenProjection { optional string audience = 1; optional int64 expirationSeconds = 2 [(keep)=true]; optional string path = 3; }
message CSIVolumeSource {
  optional string driver = 1; optional bool readOnly = 2 [(keep)=true]; optional string fsType = 3 [(keep)=true];
  map<string, string> volumeAttributes = 4; optional LocalObjectReference nodePublishSecretRef = 5;
}
message ImageVolumeSource { optional string reference = 1; optional string pullPolicy = 2; }

message Affinity { optional NodeAffinity nodeAffinity = 1; optional PodAffinity podAffinity = 2; optional PodAntiAffinity podAntiAffinity = 3; }
message NodeAffinity {
  optional NodeSelector requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated PreferredSchedulingTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}
message NodeSelector { repeated NodeSelectorTerm nodeSelectorTerms = 1; }
message NodeSelectorTerm { repeated NodeSelectorRequirement matchExpressions = 1; repeated NodeSelectorRequirement matchFields = 2; }
message NodeSelectorRequirement { optional string key = 1; optional string operator = 2; repeated string values = 3; }
message PreferredSchedulingTerm { optional int32 weight = 1; optional NodeSelectorTerm preference = 2; }
message PodAffinity {
  repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}
message PodAntiAffinity {
  repeated PodAffinityTerm requiredDuringSchedulingIgnoredDuringExecution = 1;
  repeated WeightedPodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution = 2;
}
message PodAffinityTerm {
  optional meta.LabelSelector labelSelector = 1; repeated string namespaces = 2; optional string topologyKey = 3;
  optional meta.LabelSelector namespaceSelector = 4; repeated string matchLabelKeys = 5; repeated string mismatchLabelKeys = 6;
}
message WeightedPodAffinityTerm { optional int32 weight = 1; optional PodAffinityTerm podAffinityTerm = 2; }
message Toleration {
  optional string key = 1; optional string operator = 2; optional string value = 3; optional string effect = 4;
  optional int64 tolerationSeconds = 5 [(keep)=true];
}
message TopologySpreadConstraint {
  optional int32 maxSkew = 1; optional string topologyKey = 2; optional string whenUnsatisfiable = 3;
  optional meta.LabelSelector labelSelector = 4; optional int32 minDomains = 5 [(keep)=true];
  optional string nodeAffinityPolicy = 6 [(keep)=true]; optional string nodeTaintsPolicy = 7 [(keep)=true];
  repeated string matchLabelKeys = 8;
}
`;
