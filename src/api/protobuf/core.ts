/**
 * core/v1 kinds other than the pod spec (see `core-pod.ts`). Field numbers:
 * upstream `staging/src/k8s.io/api/core/v1/generated.proto`; options as in `meta.ts`.
 */
export const coreProto = `
package core;
message Namespace { optional meta.ObjectMeta metadata = 1; optional NamespaceSpec spec = 2; optional NamespaceStatus status = 3; }
message NamespaceSpec { repeated string finalizers = 1; }
message NamespaceStatus { optional string phase = 1; repeated NamespaceCondition conditions = 2; }
message NamespaceCondition {
  optional string type = 1; optional string status = 2; optional meta.Time lastTransitionTime = 4;
  optional string reason = 5; optional string message = 6;
}
message ConfigMap {
  optional meta.ObjectMeta metadata = 1; map<string, string> data = 2; map<string, bytes> binaryData = 3;
  optional bool immutable = 4 [(keep)=true];
}
message Secret {
  optional meta.ObjectMeta metadata = 1; map<string, bytes> data = 2; optional string type = 3;
  map<string, string> stringData = 4; optional bool immutable = 5 [(keep)=true];
}
message ServiceAccount {
  optional meta.ObjectMeta metadata = 1; repeated ObjectReference secrets = 2;
  repeated LocalObjectReference imagePullSecrets = 3; optional bool automountServiceAccountToken = 4 [(keep)=true];
}
message ObjectReference {
  optional string kind = 1; optional string namespace = 2; optional string name = 3; optional string uid = 4;
  optional string apiVersion = 5; optional string resourceVersion = 6; optional string fieldPath = 7;
}
message TypedLocalObjectReference { optional string apiGroup = 1 [(keep)=true]; optional string kind = 2; optional string name = 3; }
message Binding { optional meta.ObjectMeta metadata = 1; optional ObjectReference target = 2; }

message Service { optional meta.ObjectMeta metadata = 1; optional ServiceSpec spec = 2; optional ServiceStatus status = 3; }
message ServiceSpec {
  repeated ServicePort ports = 1; map<string, string> selector = 2; optional string clusterIP = 3; optional string type = 4;
  repeated string externalIPs = 5; optional string sessionAffinity = 7; optional string loadBalancerIP = 8;
  repeated string loadBalancerSourceRanges = 9; optional string externalName = 10; optional string externalTrafficPolicy = 11;
  optional int32 healthCheckNodePort = 12; optional bool publishNotReadyAddresses = 13;
  optional SessionAffinityConfig sessionAffinityConfig = 14; optional string ipFamilyPolicy = 17 [(keep)=true];
  repeated string clusterIPs = 18; repeated string ipFamilies = 19;
  optional bool allocateLoadBalancerNodePorts = 20 [(keep)=true]; optional string loadBalancerClass = 21 [(keep)=true];
  optional string internalTrafficPolicy = 22 [(keep)=true]; optional string trafficDistribution = 23 [(keep)=true];
}
message ServicePort {
  optional string name = 1; optional string protocol = 2; optional int32 port = 3;
  optional intstr.IntOrString targetPort = 4; optional int32 nodePort = 5; optional string appProtocol = 6 [(keep)=true];
}
message SessionAffinityConfig { optional ClientIPConfig clientIP = 1; }
message ClientIPConfig { optional int32 timeoutSeconds = 1 [(keep)=true]; }
message ServiceStatus { optional LoadBalancerStatus loadBalancer = 1; repeated meta.Condition conditions = 2; }
message LoadBalancerStatus { repeated LoadBalancerIngress ingress = 1; }
message LoadBalancerIngress {
  optional string ip = 1; optional string hostname = 2; optional string ipMode = 3 [(keep)=true]; repeated PortStatus ports = 4;
}
message PortStatus { optional int32 port = 1; optional string protocol = 2; optional string error = 3 [(keep)=true]; }

message ResourceQuota { optional meta.ObjectMeta metadata = 1; optional ResourceQuotaSpec spec = 2; optional ResourceQuotaStatus status = 3; }
message ResourceQuotaSpec {
  map<string, resource.Quantity> hard = 1; repeated string scopes = 2; optional ScopeSelector scopeSelector = 3;
}
message ScopeSelector { repeated ScopedResourceSelectorRequirement matchExpressions = 1; }
message ScopedResourceSelectorRequirement { optional string scopeName = 1; optional string operator = 2; repeated string values = 3; }
message ResourceQuotaStatus { map<string, resource.Quantity> hard = 1; map<string, resource.Quantity> used = 2; }

message Event {
  optional meta.ObjectMeta metadata = 1; optional ObjectReference involvedObject = 2; optional string reason = 3;
  optional string message = 4; optional EventSource source = 5; optional meta.Time firstTimestamp = 6;
  optional meta.Time lastTimestamp = 7; optional int32 count = 8; optional string type = 9;
  optional meta.MicroTime eventTime = 10; optional EventSeries series = 11; optional string action = 12;
  optional ObjectReference related = 13; optional string reportingComponent = 14; optional string reportingInstance = 15;
}
message EventSource { optional string component = 1; optional string host = 2; }
message EventSeries { optional int32 count = 1; optional meta.MicroTime lastObservedTime = 2; }

// Pod status is covered for agents that write it; container resource health,
// volume-mount status and users are left out (skipped as unknown fields).
message Pod { optional meta.ObjectMeta metadata = 1; optional PodSpec spec = 2; optional PodStatus status = 3; }
message PodStatus {
  optional string phase = 1; repeated PodCondition conditions = 2; optional string message = 3; optional string reason = 4;
  optional string hostIP = 5; optional string podIP = 6; optional meta.Time startTime = 7;
  repeated ContainerStatus containerStatuses = 8; optional string qosClass = 9; repeated ContainerStatus initContainerStatuses = 10;
  optional string nominatedNodeName = 11; repeated PodIP podIPs = 12; repeated ContainerStatus ephemeralContainerStatuses = 13;
  optional string resize = 14; repeated HostIP hostIPs = 16; optional int64 observedGeneration = 17;
}
message PodIP { optional string ip = 1; }
message HostIP { optional string ip = 1; }
message PodCondition {
  optional string type = 1; optional string status = 2; optional meta.Time lastProbeTime = 3;
  optional meta.Time lastTransitionTime = 4; optional string reason = 5; optional string message = 6;
  optional int64 observedGeneration = 7;
}
message ContainerStatus {
  optional string name = 1 [(keep)=true]; optional ContainerState state = 2; optional ContainerState lastState = 3;
  optional bool ready = 4 [(keep)=true]; optional int32 restartCount = 5 [(keep)=true]; optional string image = 6 [(keep)=true];
  optional string imageID = 7 [(keep)=true]; optional string containerID = 8; optional bool started = 9 [(keep)=true];
  map<string, resource.Quantity> allocatedResources = 10; optional ResourceRequirements resources = 11;
  optional string stopSignal = 15 [(keep)=true];
}
message ContainerState {
  optional ContainerStateWaiting waiting = 1; optional ContainerStateRunning running = 2;
  optional ContainerStateTerminated terminated = 3;
}
message ContainerStateWaiting { optional string reason = 1; optional string message = 2; }
message ContainerStateRunning { optional meta.Time startedAt = 1; }
message ContainerStateTerminated {
  optional int32 exitCode = 1 [(keep)=true]; optional int32 signal = 2; optional string reason = 3; optional string message = 4;
  optional meta.Time startedAt = 5; optional meta.Time finishedAt = 6; optional string containerID = 7;
}
`;
