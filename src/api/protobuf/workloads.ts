/**
 * apps/v1, batch/v1, autoscaling/v1, policy/v1, scheduling.k8s.io/v1,
 * coordination.k8s.io/v1 and networking.k8s.io/v1 (Ingress) messages. Field
 * numbers: upstream `staging/src/k8s.io/api/<group>/<version>/generated.proto`;
 * options as in `meta.ts`.
 */
export const workloadProtos: readonly string[] = [`
package apps;
message Deployment { optional meta.ObjectMeta metadata = 1; optional DeploymentSpec spec = 2; optional DeploymentStatus status = 3; }
message DeploymentSpec {
  optional int32 replicas = 1 [(keep)=true]; optional meta.LabelSelector selector = 2; optional core.PodTemplateSpec template = 3;
  optional DeploymentStrategy strategy = 4; optional int32 minReadySeconds = 5; optional int32 revisionHistoryLimit = 6 [(keep)=true];
  optional bool paused = 7; optional int32 progressDeadlineSeconds = 9 [(keep)=true];
  optional string podReplacementPolicy = 10 [(keep)=true];
}
message DeploymentStrategy { optional string type = 1; optional RollingUpdateDeployment rollingUpdate = 2; }
message RollingUpdateDeployment { optional intstr.IntOrString maxUnavailable = 1; optional intstr.IntOrString maxSurge = 2; }
message DeploymentStatus {
  optional int64 observedGeneration = 1; optional int32 replicas = 2; optional int32 updatedReplicas = 3;
  optional int32 availableReplicas = 4; optional int32 unavailableReplicas = 5; repeated DeploymentCondition conditions = 6;
  optional int32 readyReplicas = 7; optional int32 collisionCount = 8 [(keep)=true]; optional int32 terminatingReplicas = 9 [(keep)=true];
}
message DeploymentCondition {
  optional string type = 1; optional string status = 2; optional string reason = 4; optional string message = 5;
  optional meta.Time lastUpdateTime = 6; optional meta.Time lastTransitionTime = 7;
}
`, `
package batch;
message Job { optional meta.ObjectMeta metadata = 1; optional JobSpec spec = 2; optional JobStatus status = 3; }
message JobSpec {
  optional int32 parallelism = 1 [(keep)=true]; optional int32 completions = 2 [(keep)=true];
  optional int64 activeDeadlineSeconds = 3 [(keep)=true]; optional meta.LabelSelector selector = 4;
  optional bool manualSelector = 5 [(keep)=true]; optional core.PodTemplateSpec template = 6;
  optional int32 backoffLimit = 7 [(keep)=true]; optional int32 ttlSecondsAfterFinished = 8 [(keep)=true];
  optional string completionMode = 9 [(keep)=true]; optional bool suspend = 10 [(keep)=true];
  optional PodFailurePolicy podFailurePolicy = 11; optional int32 backoffLimitPerIndex = 12 [(keep)=true];
  optional int32 maxFailedIndexes = 13 [(keep)=true]; optional string podReplacementPolicy = 14 [(keep)=true];
  optional string managedBy = 15 [(keep)=true]; optional SuccessPolicy successPolicy = 16;
}
message PodFailurePolicy { repeated PodFailurePolicyRule rules = 1; }
message PodFailurePolicyRule {
  optional string action = 1; optional PodFailurePolicyOnExitCodesRequirement onExitCodes = 2;
  repeated PodFailurePolicyOnPodConditionsPattern onPodConditions = 3;
}
message PodFailurePolicyOnExitCodesRequirement { optional string containerName = 1 [(keep)=true]; optional string operator = 2; repeated int32 values = 3; }
message PodFailurePolicyOnPodConditionsPattern { optional string type = 1; optional string status = 2; }
message SuccessPolicy { repeated SuccessPolicyRule rules = 1; }
message SuccessPolicyRule { optional string succeededIndexes = 1 [(keep)=true]; optional int32 succeededCount = 2 [(keep)=true]; }
message JobStatus {
  repeated JobCondition conditions = 1; optional meta.Time startTime = 2; optional meta.Time completionTime = 3;
  optional int32 active = 4; optional int32 succeeded = 5; optional int32 failed = 6; optional string completedIndexes = 7;
  optional UncountedTerminatedPods uncountedTerminatedPods = 8; optional int32 ready = 9 [(keep)=true];
  optional string failedIndexes = 10 [(keep)=true]; optional int32 terminating = 11 [(keep)=true];
}
message JobCondition {
  optional string type = 1; optional string status = 2; optional meta.Time lastProbeTime = 3;
  optional meta.Time lastTransitionTime = 4; optional string reason = 5; optional string message = 6;
}
message UncountedTerminatedPods { repeated string succeeded = 1; repeated string failed = 2; }
message CronJob { optional meta.ObjectMeta metadata = 1; optional CronJobSpec spec = 2; optional CronJobStatus status = 3; }
message CronJobSpec {
  optional string schedule = 1; optional int64 startingDeadlineSeconds = 2 [(keep)=true]; optional string concurrencyPolicy = 3;
  optional bool suspend = 4 [(keep)=true]; optional JobTemplateSpec jobTemplate = 5;
  optional int32 successfulJobsHistoryLimit = 6 [(keep)=true]; optional int32 failedJobsHistoryLimit = 7 [(keep)=true];
  optional string timeZone = 8 [(keep)=true];
}
message JobTemplateSpec { optional meta.ObjectMeta metadata = 1; optional JobSpec spec = 2; }
message CronJobStatus { repeated core.ObjectReference active = 1; optional meta.Time lastScheduleTime = 4; optional meta.Time lastSuccessfulTime = 5; }
`, `
package autoscaling;
message HorizontalPodAutoscaler {
  optional meta.ObjectMeta metadata = 1; optional HorizontalPodAutoscalerSpec spec = 2; optional HorizontalPodAutoscalerStatus status = 3;
}
message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1; optional int32 minReplicas = 2 [(keep)=true];
  optional int32 maxReplicas = 3 [(keep)=true]; optional int32 targetCPUUtilizationPercentage = 4 [(keep)=true];
}
message CrossVersionObjectReference { optional string kind = 1; optional string name = 2; optional string apiVersion = 3; }
message HorizontalPodAutoscalerStatus {
  optional int64 observedGeneration = 1 [(keep)=true]; optional meta.Time lastScaleTime = 2;
  optional int32 currentReplicas = 3 [(keep)=true]; optional int32 desiredReplicas = 4 [(keep)=true];
  optional int32 currentCPUUtilizationPercentage = 5 [(keep)=true];
}
message Scale { optional meta.ObjectMeta metadata = 1; optional ScaleSpec spec = 2; optional ScaleStatus status = 3; }
message ScaleSpec { optional int32 replicas = 1 [(keep)=true]; }
message ScaleStatus { optional int32 replicas = 1 [(keep)=true]; optional string selector = 2; }
`, `
package policy;
message PodDisruptionBudget {
  optional meta.ObjectMeta metadata = 1; optional PodDisruptionBudgetSpec spec = 2; optional PodDisruptionBudgetStatus status = 3;
}
message PodDisruptionBudgetSpec {
  optional intstr.IntOrString minAvailable = 1; optional meta.LabelSelector selector = 2;
  optional intstr.IntOrString maxUnavailable = 3; optional string unhealthyPodEvictionPolicy = 4 [(keep)=true];
}
message PodDisruptionBudgetStatus {
  optional int64 observedGeneration = 1; map<string, meta.Time> disruptedPods = 2;
  optional int32 disruptionsAllowed = 3 [(keep)=true]; optional int32 currentHealthy = 4 [(keep)=true];
  optional int32 desiredHealthy = 5 [(keep)=true]; optional int32 expectedPods = 6 [(keep)=true];
  repeated meta.Condition conditions = 7;
}
message Eviction { optional meta.ObjectMeta metadata = 1; optional meta.DeleteOptions deleteOptions = 2; }
`, `
package scheduling;
message PriorityClass {
  optional meta.ObjectMeta metadata = 1; optional int32 value = 2 [(keep)=true]; optional bool globalDefault = 3;
  optional string description = 4; optional string preemptionPolicy = 5 [(keep)=true];
}
`, `
package coordination;
message Lease { optional meta.ObjectMeta metadata = 1; optional LeaseSpec spec = 2; }
message LeaseSpec {
  optional string holderIdentity = 1 [(keep)=true]; optional int32 leaseDurationSeconds = 2 [(keep)=true];
  optional meta.MicroTime acquireTime = 3; optional meta.MicroTime renewTime = 4;
  optional int32 leaseTransitions = 5 [(keep)=true]; optional string strategy = 6 [(keep)=true];
  optional string preferredHolder = 7 [(keep)=true];
}
`, `
package networking;
message Ingress { optional meta.ObjectMeta metadata = 1; optional IngressSpec spec = 2; optional IngressStatus status = 3; }
message IngressSpec {
  optional IngressBackend defaultBackend = 1; repeated IngressTLS tls = 2; repeated IngressRule rules = 3;
  optional string ingressClassName = 4 [(keep)=true];
}
message IngressBackend { optional core.TypedLocalObjectReference resource = 3; optional IngressServiceBackend service = 4; }
message IngressServiceBackend { optional string name = 1; optional ServiceBackendPort port = 2; }
message ServiceBackendPort { optional string name = 1; optional int32 number = 2; }
message IngressTLS { repeated string hosts = 1; optional string secretName = 2; }
message IngressRule { optional string host = 1; optional IngressRuleValue ingressRuleValue = 2 [(inline)=true]; }
message IngressRuleValue { optional HTTPIngressRuleValue http = 1; }
message HTTPIngressRuleValue { repeated HTTPIngressPath paths = 1; }
message HTTPIngressPath { optional string path = 1; optional IngressBackend backend = 2; optional string pathType = 3 [(keep)=true]; }
message IngressStatus { optional IngressLoadBalancerStatus loadBalancer = 1; }
message IngressLoadBalancerStatus { repeated IngressLoadBalancerIngress ingress = 1; }
message IngressLoadBalancerIngress { optional string ip = 1; optional string hostname = 2; repeated IngressPortStatus ports = 4; }
message IngressPortStatus { optional int32 port = 1; optional string protocol = 2; optional string error = 3 [(keep)=true]; }
`];
