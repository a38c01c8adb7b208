/** Registry entries for pods and podtemplates. */
import { defaultPod, defaultPodTemplateSpec, preparePodForCreate } from '../defaults/pod.js';
import { gvkName } from '../schema/dsl.js';
import { validatePod, validatePodTemplateSpec } from '../validation/pod.js';
import { col, nameColumn } from './columns.js';
import { podColumns } from './core-pod-columns.js';
import type { Pod, PodTemplate } from './core-types.js';
import { defineResource } from './types.js';

export const pods = defineResource<Pod>({
  group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true,
  shortNames: ['po'], categories: ['all'], subresources: { status: true },
  schema: gvkName('', 'v1', 'Pod'),
  columns: podColumns,
  // The selectors the kubelet, scheduler, drain and describe use (upstream pod strategy).
  fieldSelectors: {
    'spec.nodeName': (o) => o.spec?.nodeName ?? '',
    'spec.restartPolicy': (o) => o.spec?.restartPolicy ?? '',
    'spec.schedulerName': (o) => o.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (o) => String(o.spec?.hostNetwork ?? false),
    'status.phase': (o) => o.status?.phase ?? '',
    'status.podIP': (o) => o.status?.podIPs?.[0]?.ip ?? o.status?.podIP ?? '',
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '',
  },
  prepareForCreate: preparePodForCreate,
  defaults: defaultPod,
  validate: validatePod,
});

export const podTemplates = defineResource<PodTemplate>({
  group: '', version: 'v1', kind: 'PodTemplate', plural: 'podtemplates', singular: 'podtemplate', namespaced: true,
  schema: gvkName('', 'v1', 'PodTemplate'),
  columns: [
    nameColumn,
    col('Containers', (o) => (o.template?.spec?.containers ?? []).map((c) => c.name).join(','), { description: 'Names of each container in the template.' }),
    col('Images', (o) => (o.template?.spec?.containers ?? []).map((c) => c.image ?? '').join(','), { description: 'Images referenced by each container in the template.' }),
    col('Pod Labels', (o) => formatLabels(o.template?.metadata?.labels), { description: 'The labels for the pod template.' }),
  ],
  defaults: (o) => { if (o.template) defaultPodTemplateSpec(o.template); },
  validate: (o) => validatePodTemplateSpec(o.template ?? {}, 'template'),
});

/** apimachinery `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}
