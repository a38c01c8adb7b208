/**
 * Which pods a Service selects, and which Services a pod event concerns: shared by the endpoint
 * controllers. A Service without a selector (or with an empty one) selects nothing: its endpoints
 * are the user's to manage.
 */
import type { Pod, Service } from '../api/registry/core-types.js';
import { ApiError } from '../client/index.js';
import type { SharedInformer } from './shared-informers.js';

/** A create refused because the namespace is being deleted: the Service is about to go too. */
export const namespaceTerminating = (e: unknown): boolean => e instanceof ApiError && e.code === 403 && /terminat/.test(e.message);

export const hasSelector = (svc: Service): boolean => Object.keys(svc.spec?.selector ?? {}).length > 0 && svc.spec.type !== 'ExternalName';

export function selects(svc: Service, pod: Pod): boolean {
  if (!hasSelector(svc) || pod.metadata.namespace !== svc.metadata.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(svc.spec.selector ?? {}).every(([k, v]) => labels[k] === v);
}

export function selectedPods(svc: Service, pods: SharedInformer<Pod>): Pod[] {
  return pods.list().filter((p) => selects(svc, p));
}

/** Keys of the Services that select `pod` now or selected its previous version. */
export function servicesForPod(services: SharedInformer<Service>, pod: Pod, old?: Pod): string[] {
  const keys: string[] = [];
  for (const svc of services.list()) {
    if (selects(svc, pod) || (old && selects(svc, old))) keys.push(`${svc.metadata.namespace}/${svc.metadata.name}`);
  }
  return keys;
}
