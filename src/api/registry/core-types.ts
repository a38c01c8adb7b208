/**
 * Structural views of core/v1 objects: only the fields the registry's columns, defaulting and
 * validation read or write. They stand in until `api/types/` gains the shared core types
 * (DESIGN.md: types come from one place); each stays assignable to `KObject`.
 */
import type { KObject } from '../types/index.js';

export type ResourceList = Record<string, string | number>;
type Str = string | undefined;

export interface ContainerPort { name?: string; containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }
export interface EnvVar { name: string; value?: string; valueFrom?: { fieldRef?: { apiVersion?: string; fieldPath: string } } & Record<string, unknown> }
export interface Probe {
  httpGet?: { port: number | string; path?: string; scheme?: string }; tcpSocket?: { port: number | string }; exec?: { command?: string[] };
  grpc?: { port: number }; timeoutSeconds?: number; periodSeconds?: number; successThreshold?: number; failureThreshold?: number;
}
export interface VolumeMount { name: string; mountPath: string; readOnly?: boolean; subPath?: string }
export interface Container {
  name: string; image?: string; command?: string[]; args?: string[]; ports?: ContainerPort[]; env?: EnvVar[];
  resources?: { requests?: ResourceList; limits?: ResourceList }; volumeMounts?: VolumeMount[];
  livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe; restartPolicy?: string;
  imagePullPolicy?: string; terminationMessagePath?: string; terminationMessagePolicy?: string;
  [field: string]: unknown;
}
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }
export interface Volume { name: string; [source: string]: unknown }
export interface PodSpec {
  containers: Container[]; initContainers?: Container[]; ephemeralContainers?: Container[]; volumes?: Volume[];
  restartPolicy?: string; dnsPolicy?: string; schedulerName?: string; terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number; securityContext?: Record<string, unknown>; serviceAccountName?: string;
  serviceAccount?: string; enableServiceLinks?: boolean; nodeName?: string; nodeSelector?: Record<string, string>;
  tolerations?: Toleration[]; priority?: number; priorityClassName?: string; preemptionPolicy?: string;
  readinessGates?: Array<{ conditionType: string }>; hostname?: string; subdomain?: string; hostNetwork?: boolean;
  [field: string]: unknown;
}
export interface PodTemplateSpec { metadata?: KObject['metadata']; spec?: PodSpec }

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode: number; signal?: number; reason?: string; finishedAt?: string };
}
export interface ContainerStatus { name: string; ready: boolean; restartCount: number; started?: boolean; state?: ContainerState; lastState?: ContainerState }
export interface Condition { type: string; status: string; reason?: string; message?: string }
export interface PodStatus {
  phase?: string; reason?: string; qosClass?: string; conditions?: Condition[]; podIP?: string; podIPs?: Array<{ ip: string }>;
  nominatedNodeName?: string; initContainerStatuses?: ContainerStatus[]; containerStatuses?: ContainerStatus[];
}
export interface Pod extends KObject { spec: PodSpec; status?: PodStatus }
export interface PodTemplate extends KObject { template?: PodTemplateSpec }

export interface Taint { key: string; value?: string; effect: string }
export interface Node extends KObject {
  spec?: { unschedulable?: boolean; taints?: Taint[]; podCIDR?: string; podCIDRs?: string[]; providerID?: string };
  status?: {
    capacity?: ResourceList; allocatable?: ResourceList; conditions?: Condition[];
    addresses?: Array<{ type: string; address: string }>;
    nodeInfo?: { kubeletVersion?: Str; osImage?: Str; kernelVersion?: Str; containerRuntimeVersion?: Str };
  };
}

export interface ServicePort { name?: string; protocol?: string; port: number; targetPort?: number | string; nodePort?: number }
export interface Service extends KObject {
  spec: {
    type?: string; ports?: ServicePort[]; selector?: Record<string, string>; clusterIP?: string; clusterIPs?: string[];
    externalIPs?: string[]; externalName?: string; sessionAffinity?: string; externalTrafficPolicy?: string;
    internalTrafficPolicy?: string; ipFamilies?: string[]; ipFamilyPolicy?: string; allocateLoadBalancerNodePorts?: boolean;
    [field: string]: unknown;
  };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string; ipMode?: string }> } };
}
export interface Endpoints extends KObject {
  subsets?: Array<{ addresses?: Array<{ ip: string }>; notReadyAddresses?: Array<{ ip: string }>; ports?: Array<{ name?: string; port: number; protocol?: string }> }>;
}

export interface Namespace extends KObject { spec?: { finalizers?: string[] }; status?: { phase?: string } }
export interface ConfigMap extends KObject { data?: Record<string, string>; binaryData?: Record<string, string>; immutable?: boolean }
export interface Secret extends KObject { data?: Record<string, string>; stringData?: Record<string, string>; type?: string; immutable?: boolean }
export interface ServiceAccount extends KObject { secrets?: Array<{ name?: string }> }

export interface ObjectReference { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string }
export interface CoreEvent extends KObject {
  involvedObject: ObjectReference; reason?: string; message?: string; type?: string; count?: number;
  source?: { component?: string; host?: string }; firstTimestamp?: string; lastTimestamp?: string; eventTime?: string;
  series?: { count?: number; lastObservedTime?: string }; reportingComponent?: string; reportingInstance?: string;
}

export interface PersistentVolume extends KObject {
  spec?: {
    capacity?: ResourceList; accessModes?: string[]; claimRef?: ObjectReference; persistentVolumeReclaimPolicy?: string;
    storageClassName?: string; volumeMode?: string; volumeAttributesClassName?: string; [field: string]: unknown;
  };
  status?: { phase?: string; reason?: string };
}
export interface PersistentVolumeClaim extends KObject {
  spec?: {
    accessModes?: string[]; resources?: { requests?: ResourceList; limits?: ResourceList }; volumeName?: string;
    storageClassName?: string; volumeMode?: string; volumeAttributesClassName?: string; [field: string]: unknown;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: ResourceList };
}
export interface ResourceQuota extends KObject { spec?: { hard?: ResourceList; scopes?: string[] }; status?: { hard?: ResourceList; used?: ResourceList } }
export interface LimitRange extends KObject { spec?: { limits?: Array<{ type: string; [k: string]: unknown }> } }
