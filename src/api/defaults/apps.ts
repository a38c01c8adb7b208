/**
 * apps/v1 defaults (upstream `pkg/apis/apps/v1/defaults.go`). They run in place on every create and
 * update, so each one only fills what is missing.
 */
import type { DaemonSet, Deployment, PodTemplate, ReplicaSet, StatefulSet } from '../validation/apps.js';
import { defaultPodTemplateSpec } from './pod.js';

/** Pod template defaults (restartPolicy, dnsPolicy, container fields) belong to the core group. */
export function defaultTemplate(t: PodTemplate | undefined): void {
  if (t) defaultPodTemplateSpec(t);
}

export function defaultDeployment(o: Deployment): void {
  const spec = (o.spec ??= {});
  spec.replicas ??= 1;
  const st = (spec.strategy ??= {});
  st.type ||= 'RollingUpdate';
  if (st.type === 'RollingUpdate') {
    const ru = (st.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

export function defaultReplicaSet(o: ReplicaSet): void {
  const spec = (o.spec ??= {});
  spec.replicas ??= 1;
  defaultTemplate(spec.template);
}

export function defaultStatefulSet(o: StatefulSet): void {
  const spec = (o.spec ??= {});
  spec.replicas ??= 1;
  spec.podManagementPolicy ||= 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') (us.rollingUpdate ??= {}).partition ??= 0;
  spec.revisionHistoryLimit ??= 10;
  // StatefulSetAutoDeletePVC is on by default since 1.27, so the policy is always filled in.
  const pol = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  pol.whenDeleted ||= 'Retain';
  pol.whenScaled ||= 'Retain';
  for (const pvc of spec.volumeClaimTemplates ?? []) (pvc.spec ??= {}).volumeMode ??= 'Filesystem';
  defaultTemplate(spec.template);
}

export function defaultDaemonSet(o: DaemonSet): void {
  const spec = (o.spec ??= {});
  const us = (spec.updateStrategy ??= {});
  us.type ||= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}
