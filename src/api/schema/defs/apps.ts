/** apps/v1 schemas (field names and list semantics from upstream `staging/src/k8s.io/api/apps/v1/types.go`). */
import {
  anyObj, arr, bool, gvkName, int, int64, intOrString, labelSelectorRef, listMap, obj, ref, str, time,
} from '../dsl.js';
import type { Schema, SchemaSet } from '../types.js';
import { kindSchema } from './meta.js';

const G = 'apps';
const n = (k: string) => gvkName(G, 'v1', k);
const POD_TEMPLATE = 'io.k8s.api.core.v1.PodTemplateSpec';

const kind = (k: string, description: string, props: Record<string, Schema>, required?: string[]): Schema =>
  kindSchema(G, 'v1', k, description, props, required ? { required } : {});

/** Conditions are merged by `type`; Deployments also carry lastUpdateTime. */
const conditions = (name: string) => listMap(ref(n(name)), 'type', 'Represents the latest available observations of the current state.');
const condition = (extra: Record<string, Schema> = {}): Schema => obj({
  type: str('Type of condition.'), status: str('Status of the condition, one of True, False, Unknown.'),
  ...extra, lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
  reason: str("The reason for the condition's last transition."), message: str('A human readable message indicating details about the transition.'),
}, undefined, { required: ['type', 'status'] });

const selector = labelSelectorRef('Label query over pods. Must match the pod template\'s labels. Immutable in apps/v1.');
const template = ref(POD_TEMPLATE, 'Template describes the pods that will be created.');
const common = {
  minReadySeconds: int('Minimum seconds a new pod must be ready without any of its containers crashing to be considered available.'),
  revisionHistoryLimit: int('The number of old revisions to retain to allow rollback.'),
};

export const appsSchemas: SchemaSet = {
  [n('Deployment')]: kind('Deployment', 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    spec: ref(n('DeploymentSpec'), 'Specification of the desired behavior of the Deployment.'),
    status: ref(n('DeploymentStatus'), 'Most recently observed status of the Deployment.'),
  }),
  [n('DeploymentSpec')]: obj({
    replicas: int('Number of desired pods. Defaults to 1.'), selector, template,
    strategy: ref(n('DeploymentStrategy'), 'The deployment strategy to use to replace existing pods with new ones.'),
    ...common,
    paused: bool('Indicates that the deployment is paused.'),
    progressDeadlineSeconds: int('The maximum time in seconds for a deployment to make progress before it is considered failed. Defaults to 600s.'),
  }, 'DeploymentSpec is the specification of the desired behavior of the Deployment.', { required: ['selector', 'template'] }),
  // retainKeys: switching to Recreate must drop rollingUpdate in a strategic merge.
  [n('DeploymentStrategy')]: obj({
    type: str('Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.'),
    rollingUpdate: obj({
      maxUnavailable: intOrString('The maximum number of pods that can be unavailable during the update. Defaults to 25%.'),
      maxSurge: intOrString('The maximum number of pods that can be scheduled above the desired number of pods. Defaults to 25%.'),
    }, 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'),
  }, 'DeploymentStrategy describes how to replace existing pods with new ones.', { 'x-kubernetes-patch-strategy': 'retainKeys' }),
  [n('DeploymentStatus')]: obj({
    observedGeneration: int64('The generation observed by the deployment controller.'),
    replicas: int('Total number of non-terminated pods targeted by this deployment (their labels match the selector).'),
    updatedReplicas: int('Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    readyReplicas: int('Total number of non-terminated pods targeted by this Deployment with a Ready Condition.'),
    availableReplicas: int('Total number of available non-terminated pods targeted by this deployment.'),
    unavailableReplicas: int('Total number of unavailable pods targeted by this deployment.'),
    conditions: conditions('DeploymentCondition'),
    collisionCount: int('Count of hash collisions for the Deployment.'),
  }, 'DeploymentStatus is the most recently observed status of the Deployment.'),
  [n('DeploymentCondition')]: condition({ lastUpdateTime: time('The last time this condition was updated.') }),

  [n('ReplicaSet')]: kind('ReplicaSet', 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    spec: ref(n('ReplicaSetSpec'), 'Spec defines the specification of the desired behavior of the ReplicaSet.'),
    status: ref(n('ReplicaSetStatus'), 'Status is the most recently observed status of the ReplicaSet.'),
  }),
  [n('ReplicaSetSpec')]: obj({
    replicas: int('Replicas is the number of desired pods. Defaults to 1.'),
    minReadySeconds: common.minReadySeconds, selector, template,
  }, 'ReplicaSetSpec is the specification of a ReplicaSet.', { required: ['selector'] }),
  [n('ReplicaSetStatus')]: obj({
    replicas: int('Replicas is the most recently observed number of non-terminating pods.'),
    fullyLabeledReplicas: int('The number of non-terminating pods that have labels matching the labels of the pod template.'),
    readyReplicas: int('The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
    availableReplicas: int('The number of available non-terminating pods for this replica set.'),
    observedGeneration: int64('ObservedGeneration reflects the generation of the most recently observed ReplicaSet.'),
    conditions: conditions('ReplicaSetCondition'),
  }, 'ReplicaSetStatus represents the current status of a ReplicaSet.', { required: ['replicas'] }),
  [n('ReplicaSetCondition')]: condition(),

  [n('StatefulSet')]: kind('StatefulSet', 'StatefulSet represents a set of pods with consistent identities.', {
    spec: ref(n('StatefulSetSpec'), 'Spec defines the desired identities of pods in this set.'),
    status: ref(n('StatefulSetStatus'), 'Status is the current status of Pods in this StatefulSet.'),
  }),
  [n('StatefulSetSpec')]: obj({
    replicas: int('The desired number of replicas of the given Template. Defaults to 1.'), selector, template,
    volumeClaimTemplates: arr(ref('io.k8s.api.core.v1.PersistentVolumeClaim'), 'A list of claims that pods are allowed to reference.'),
    serviceName: str('The name of the service that governs this StatefulSet.'),
    podManagementPolicy: str('Controls how pods are created during initial scale up: OrderedReady (default) or Parallel.'),
    updateStrategy: obj({
      type: str('Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.'),
      rollingUpdate: obj({
        partition: int('Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. Default 0.'),
        maxUnavailable: intOrString('The maximum number of pods that can be unavailable during the update.'),
      }, 'RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.'),
    }, 'Indicates the StatefulSetUpdateStrategy that will be employed to update Pods when a revision is made to Template.'),
    ...common,
    persistentVolumeClaimRetentionPolicy: obj({
      whenDeleted: str('What happens to PVCs created from volumeClaimTemplates when the StatefulSet is deleted: Retain (default) or Delete.'),
      whenScaled: str('What happens to PVCs created from volumeClaimTemplates when the StatefulSet is scaled down: Retain (default) or Delete.'),
    }, 'The lifecycle of persistent volume claims created from volumeClaimTemplates.'),
    ordinals: obj({ start: int('The number representing the first replica\'s index.') }, 'Controls the numbering of replica indices.'),
  }, 'A StatefulSetSpec is the specification of a StatefulSet.', { required: ['selector', 'template'] }),
  [n('StatefulSetStatus')]: obj({
    observedGeneration: int64('The most recent generation observed for this StatefulSet.'),
    replicas: int('The number of Pods created by the StatefulSet controller.'),
    readyReplicas: int('The number of pods created for this StatefulSet with a Ready Condition.'),
    currentReplicas: int('The number of Pods created by the StatefulSet controller from the version indicated by currentRevision.'),
    updatedReplicas: int('The number of Pods created by the StatefulSet controller from the version indicated by updateRevision.'),
    currentRevision: str('The version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).'),
    updateRevision: str('The version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas).'),
    collisionCount: int('The count of hash collisions for the StatefulSet.'),
    conditions: conditions('StatefulSetCondition'),
    availableReplicas: int('Total number of available pods targeted by this statefulset.'),
  }, 'StatefulSetStatus represents the current state of a StatefulSet.', { required: ['replicas'] }),
  [n('StatefulSetCondition')]: condition(),

  [n('DaemonSet')]: kind('DaemonSet', 'DaemonSet represents the configuration of a daemon set.', {
    spec: ref(n('DaemonSetSpec'), 'The desired behavior of this daemon set.'),
    status: ref(n('DaemonSetStatus'), 'The current status of this daemon set.'),
  }),
  [n('DaemonSetSpec')]: obj({
    selector, template,
    updateStrategy: obj({
      type: str('Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.'),
      rollingUpdate: obj({
        maxUnavailable: intOrString('The maximum number of DaemonSet pods that can be unavailable during the update. Default 1.'),
        maxSurge: intOrString('The maximum number of nodes with an existing available DaemonSet pod that can have an updated pod during an update. Default 0.'),
      }, 'Rolling update config params. Present only if type = "RollingUpdate".'),
    }, 'An update strategy to replace existing DaemonSet pods with new pods.'),
    ...common,
  }, 'DaemonSetSpec is the specification of a daemon set.', { required: ['selector', 'template'] }),
  [n('DaemonSetStatus')]: obj({
    currentNumberScheduled: int('The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    numberMisscheduled: int('The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.'),
    desiredNumberScheduled: int('The total number of nodes that should be running the daemon pod.'),
    numberReady: int('The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    observedGeneration: int64('The most recent generation observed by the daemon set controller.'),
    updatedNumberScheduled: int('The total number of nodes that are running updated daemon pod.'),
    numberAvailable: int('The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    numberUnavailable: int('The number of nodes that should be running the daemon pod and have none of the daemon pod running and available.'),
    collisionCount: int('Count of hash collisions for the DaemonSet.'),
    conditions: conditions('DaemonSetCondition'),
  }, 'DaemonSetStatus represents the current status of a daemon set.', {
    required: ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  }),
  [n('DaemonSetCondition')]: condition(),

  [n('ControllerRevision')]: kind('ControllerRevision', 'ControllerRevision implements an immutable snapshot of state data.', {
    data: anyObj('Data is the serialized representation of the state.'),
    revision: int64('Revision indicates the revision of the state represented by Data.'),
  }, ['revision']),
};
