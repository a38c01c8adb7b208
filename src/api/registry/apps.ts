/**
 * apps/v1 resources. Columns follow kubectl's `printers.go` (`printDeployment`, `printReplicaSet`, ...):
 * the same names, priorities and cell formats, so `kubectl get deploy -o wide` looks as usual.
 */
import { defaultDaemonSet, defaultDeployment, defaultReplicaSet, defaultStatefulSet } from '../defaults/apps.js';
import { gvkName } from '../schema/dsl.js';
import type { KObject } from '../types/index.js';
import {
  validateControllerRevision, validateDaemonSet, validateDeployment, validateReplicaSet, validateStatefulSet,
  type DaemonSet, type Deployment, type PodTemplate, type ReplicaSet, type StatefulSet,
} from '../validation/apps.js';
import { formatSelector, type LabelSelector } from '../validation/selector.js';
import { ageColumn, col, nameColumn, none } from './columns.js';
import { defineResource, type AnyResourceDef, type Column, type ScaleSubresource } from './types.js';

/** `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty. */
export const formatLabels = (m: Record<string, string> | undefined): string =>
  none(Object.keys(m ?? {}).sort().map((k) => `${k}=${m?.[k]}`).join(','));

/** The wide-only Containers, Images (and Selector) cells of every pod-template owner. */
export function templateColumns<T extends KObject>(
  template: (o: T) => PodTemplate | undefined, selector?: (o: T) => string,
): Column<T>[] {
  const containers = (o: T) => template(o)?.spec?.containers ?? [];
  const cols: Column<T>[] = [
    col('Containers', (o) => containers(o).map((c) => c.name ?? '').join(','), { priority: 1, description: 'Names of each container in the template.' }),
    col('Images', (o) => containers(o).map((c) => c.image ?? '').join(','), { priority: 1, description: 'Images referenced by each container in the template.' }),
  ];
  if (selector) cols.push(col('Selector', selector, { priority: 1 }));
  return cols;
}

/** `metav1.FormatLabelSelector`. */
const labelSelector = (sel: LabelSelector | undefined) => none(formatSelector(sel));

/** The API server computes Scale's selector from spec.selector; the path only names where it would live. */
const scale: ScaleSubresource = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
const base = { group: 'apps', version: 'v1', namespaced: true } as const;
const int = { type: 'integer' } as const;

export const deployments = defineResource<Deployment>({
  ...base, kind: 'Deployment', plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], categories: ['all'],
  schema: gvkName('apps', 'v1', 'Deployment'), subresources: { status: true, scale },
  defaults: defaultDeployment, validate: validateDeployment,
  columns: [
    nameColumn,
    col('Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, { description: 'Number of the pod with ready state' }),
    col('Up-to-date', (o) => o.status?.updatedReplicas ?? 0),
    col('Available', (o) => o.status?.availableReplicas ?? 0),
    ageColumn,
    // printDeployment prints the selector's String() as is (empty, not <none>).
    ...templateColumns<Deployment>((o) => o.spec?.template, (o) => formatSelector(o.spec?.selector)),
  ],
});

export const replicaSets = defineResource<ReplicaSet>({
  ...base, kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], categories: ['all'],
  schema: gvkName('apps', 'v1', 'ReplicaSet'), subresources: { status: true, scale },
  defaults: defaultReplicaSet, validate: validateReplicaSet,
  fieldSelectors: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  columns: [
    nameColumn,
    col('Desired', (o) => o.spec?.replicas ?? 0, int),
    col('Current', (o) => o.status?.replicas ?? 0, int),
    col('Ready', (o) => o.status?.readyReplicas ?? 0, int),
    ageColumn,
    ...templateColumns<ReplicaSet>((o) => o.spec?.template, (o) => labelSelector(o.spec?.selector)),
  ],
});

export const statefulSets = defineResource<StatefulSet>({
  ...base, kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], categories: ['all'],
  schema: gvkName('apps', 'v1', 'StatefulSet'), subresources: { status: true, scale },
  defaults: defaultStatefulSet, validate: validateStatefulSet,
  columns: [
    nameColumn,
    col('Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`, { description: 'Number of the pod with ready state' }),
    ageColumn,
    ...templateColumns<StatefulSet>((o) => o.spec?.template),
  ],
});

export const daemonSets = defineResource<DaemonSet>({
  ...base, kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', shortNames: ['ds'], categories: ['all'],
  schema: gvkName('apps', 'v1', 'DaemonSet'), subresources: { status: true },
  defaults: defaultDaemonSet, validate: validateDaemonSet,
  columns: [
    nameColumn,
    col('Desired', (o) => o.status?.desiredNumberScheduled ?? 0, int),
    col('Current', (o) => o.status?.currentNumberScheduled ?? 0, int),
    col('Ready', (o) => o.status?.numberReady ?? 0, int),
    col('Up-to-date', (o) => o.status?.updatedNumberScheduled ?? 0, int),
    col('Available', (o) => o.status?.numberAvailable ?? 0, int),
    col('Node Selector', (o) => formatLabels(o.spec?.template?.spec?.nodeSelector)),
    ageColumn,
    ...templateColumns<DaemonSet>((o) => o.spec?.template, (o) => labelSelector(o.spec?.selector)),
  ],
});

type ControllerRevision = KObject & { revision?: number; data?: unknown };

/** `kind.group/name` of the controlling owner, lower-cased as kubectl prints it. */
function controllerOf(o: KObject): string {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  if (!ref) return '<none>';
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisions = defineResource<ControllerRevision>({
  ...base, kind: 'ControllerRevision', plural: 'controllerrevisions', singular: 'controllerrevision',
  schema: gvkName('apps', 'v1', 'ControllerRevision'), validate: validateControllerRevision,
  columns: [nameColumn, col('Controller', controllerOf), col('Revision', (o) => o.revision ?? 0), ageColumn],
});

export const appsResources: AnyResourceDef[] = [deployments, replicaSets, statefulSets, daemonSets, controllerRevisions];
