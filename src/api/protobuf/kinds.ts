/**
 * Which message decodes the `raw` bytes of each apiVersion/kind we accept.
 * Anything not listed is refused with 415 naming the kind, so a client learns
 * to send JSON instead of getting a half-decoded object.
 */
const byGroupVersion: Record<string, Record<string, string>> = {
  v1: {
    Namespace: 'core.Namespace', ConfigMap: 'core.ConfigMap', Secret: 'core.Secret', Service: 'core.Service',
    ServiceAccount: 'core.ServiceAccount', ResourceQuota: 'core.ResourceQuota', Binding: 'core.Binding',
    Event: 'core.Event', Pod: 'core.Pod',
  },
  'apps/v1': { Deployment: 'apps.Deployment' },
  'batch/v1': { Job: 'batch.Job', CronJob: 'batch.CronJob' },
  'autoscaling/v1': { HorizontalPodAutoscaler: 'autoscaling.HorizontalPodAutoscaler', Scale: 'autoscaling.Scale' },
  'policy/v1': { PodDisruptionBudget: 'policy.PodDisruptionBudget', Eviction: 'policy.Eviction' },
  'scheduling.k8s.io/v1': { PriorityClass: 'scheduling.PriorityClass' },
  'coordination.k8s.io/v1': { Lease: 'coordination.Lease' },
  'networking.k8s.io/v1': { Ingress: 'networking.Ingress' },
  'rbac.authorization.k8s.io/v1': {
    Role: 'rbac.Role', ClusterRole: 'rbac.ClusterRole', RoleBinding: 'rbac.RoleBinding', ClusterRoleBinding: 'rbac.ClusterRoleBinding',
  },
  'authentication.k8s.io/v1': {
    TokenRequest: 'authentication.TokenRequest', TokenReview: 'authentication.TokenReview',
    SelfSubjectReview: 'authentication.SelfSubjectReview',
  },
  'certificates.k8s.io/v1': { CertificateSigningRequest: 'certificates.CertificateSigningRequest' },
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: 'authorization.SelfSubjectAccessReview', SubjectAccessReview: 'authorization.SubjectAccessReview',
    LocalSubjectAccessReview: 'authorization.SubjectAccessReview', SelfSubjectRulesReview: 'authorization.SelfSubjectRulesReview',
  },
};

/** The fully qualified message name for `apiVersion`/`kind`, or undefined. */
export function messageFor(apiVersion: string, kind: string): string | undefined {
  const kinds = Object.hasOwn(byGroupVersion, apiVersion) ? byGroupVersion[apiVersion] : undefined;
  return kinds && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
}

/** Every apiVersion/kind pair with a decoder (e.g. to tell which creates may arrive as protobuf). */
export const protobufKinds = (): Array<{ apiVersion: string; kind: string }> =>
  Object.entries(byGroupVersion).flatMap(([apiVersion, kinds]) => Object.keys(kinds).map((kind) => ({ apiVersion, kind })));
