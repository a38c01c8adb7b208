/**
 * Creating and deleting pods on behalf of a workload controller (upstream `RealPodControl`): a pod
 * is the template's labels, annotations and spec under a server-generated name, owned by the
 * workload through a controller ownerReference. Successes and failures are recorded as Events on
 * the owner, with upstream's reasons, since that is what `kubectl describe rs/…` shows.
 */
import type { PodTemplateSpec } from '../api/registry/core-types.js';
import type { KObject, OwnerReference } from '../api/types/index.js';
import { ApiError, isNotFound, type KubeClient, type ResourceRef } from '../client/index.js';
import type { EventRecorder } from './deps.js';

const PODS: ResourceRef = { group: '', version: 'v1', plural: 'pods' };

export interface CreatePodOptions {
  /** The owner reference to set; omit for a bare pod. */
  controllerRef?: OwnerReference;
  /** `generateName` prefix; default `<owner>-`. Ignored when `name` is given. */
  generateName?: string;
  name?: string;
  /** Extra labels over the template's (e.g. a StatefulSet's pod name label). */
  labels?: Record<string, string>;
  recorder?: EventRecorder;
  signal?: AbortSignal;
}

/** The pod a template stands for, not yet created (upstream `GetPodFromTemplate`). */
export function podFromTemplate(template: PodTemplateSpec, owner: KObject, ns: string, o: CreatePodOptions = {}): KObject {
  const meta = template.metadata ?? {};
  const labels = { ...meta.labels, ...o.labels };
  const pod: KObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      namespace: ns,
      ...(o.name ? { name: o.name } : { generateName: o.generateName ?? `${owner.metadata.name}-` }),
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ...(o.controllerRef ? { ownerReferences: [o.controllerRef] } : {}),
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
  return pod;
}

/** True when the namespace is being deleted: creating there is refused and must not be retried. */
export const isNamespaceTerminating = (e: unknown): boolean =>
  e instanceof ApiError && e.code === 403 && (e.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');

/** Creates one pod from the template; records `SuccessfulCreate` / `FailedCreate` on the owner. */
export async function createPodFromTemplate(
  client: Pick<KubeClient, 'create'>, template: PodTemplateSpec, owner: KObject, ns: string, o: CreatePodOptions = {},
): Promise<KObject> {
  const pod = podFromTemplate(template, owner, ns, o);
  if (!Object.keys(pod.metadata.labels ?? {}).length) throw new Error('unable to create pods, no labels');
  try {
    const created = await client.create({ ...PODS, namespace: ns }, pod, { signal: o.signal });
    o.recorder?.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    return created;
  } catch (e) {
    if (!isNamespaceTerminating(e)) o.recorder?.event(owner, 'Warning', 'FailedCreate', `Error creating: ${(e as Error).message}`);
    throw e;
  }
}

/**
 * Deletes one pod (guarded by its uid, so a pod re-created under the same name is kept); records
 * `SuccessfulDelete` / `FailedDelete` on the owner. Resolves false when the pod was already gone.
 */
export async function deletePod(
  client: Pick<KubeClient, 'delete'>, pod: KObject, owner: KObject, o: { recorder?: EventRecorder; signal?: AbortSignal } = {},
): Promise<boolean> {
  const name = pod.metadata.name ?? '';
  try {
    await client.delete({ ...PODS, namespace: pod.metadata.namespace }, name, { preconditions: { uid: pod.metadata.uid }, signal: o.signal });
    o.recorder?.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    o.recorder?.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${(e as Error).message}`);
    throw e;
  }
}
