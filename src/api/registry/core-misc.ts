/** Registry entries for namespaces, configmaps, secrets, serviceaccounts and events. */
import { defaultNamespace, defaultSecret } from '../defaults/core.js';
import { gvkName } from '../schema/dsl.js';
import { validateConfigMap, validateSecret } from '../validation/core-config.js';
import { validateEvent } from '../validation/core-misc.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import type { ConfigMap, CoreEvent, Namespace, Secret, ServiceAccount } from './core-types.js';
import { defineResource } from './types.js';

const count = (m: object | undefined) => Object.keys(m ?? {}).length;

export const namespaces = defineResource<Namespace>({
  group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false,
  shortNames: ['ns'], nameRule: 'dns1123Label', subresources: { status: true },
  // Like kube-apiserver: namespaces are deleted one by one, never as a collection.
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  schema: gvkName('', 'v1', 'Namespace'),
  columns: [nameColumn, col('Status', (o) => o.status?.phase ?? '', { description: 'The status of the namespace' }), ageColumn],
  fieldSelectors: { 'status.phase': (o) => o.status?.phase ?? '' },
  defaults: defaultNamespace,
});

export const configMaps = defineResource<ConfigMap>({
  group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', namespaced: true,
  shortNames: ['cm'],
  schema: gvkName('', 'v1', 'ConfigMap'),
  columns: [nameColumn, col('Data', (o) => count(o.data) + count(o.binaryData), { type: 'integer', description: 'Number of keys in data and binaryData.' }), ageColumn],
  validate: validateConfigMap,
});

export const secrets = defineResource<Secret>({
  group: '', version: 'v1', kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true,
  schema: gvkName('', 'v1', 'Secret'),
  columns: [
    nameColumn,
    col('Type', (o) => o.type ?? '', { description: 'The type of the secret' }),
    col('Data', (o) => count(o.data), { type: 'integer', description: 'The number of entries in the secret' }),
    ageColumn,
  ],
  fieldSelectors: { type: (o) => o.type ?? '' },
  defaults: defaultSecret,
  validate: validateSecret,
});

export const serviceAccounts = defineResource<ServiceAccount>({
  group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', singular: 'serviceaccount', namespaced: true,
  shortNames: ['sa'],
  schema: gvkName('', 'v1', 'ServiceAccount'),
  columns: [nameColumn, col('Secrets', (o) => o.secrets?.length ?? 0, { type: 'integer', description: 'The number of secrets in the service account' }), ageColumn],
});

/** First seen: firstTimestamp, else eventTime (events.k8s.io writers set only that). */
const firstSeen = (e: CoreEvent, now: Date) => age(e.firstTimestamp || e.eventTime, now);
const lastSeen = (e: CoreEvent, now: Date) =>
  (e.series ? age(e.series.lastObservedTime, now) : e.lastTimestamp ? age(e.lastTimestamp, now) : firstSeen(e, now));
const source = (e: CoreEvent) => {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
};
const target = (e: CoreEvent) => {
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  return e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
};

export const events = defineResource<CoreEvent>({
  group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true,
  shortNames: ['ev'],
  schema: gvkName('', 'v1', 'Event'),
  // Upstream's column order: the wide-only Subobject and Source sit before Message.
  columns: [
    col('Last Seen', lastSeen, { description: 'The time at which the most recent occurrence of this event was recorded.' }),
    col('Type', (e) => e.type ?? '', { description: 'Type of this event (Normal, Warning), new types could be added in the future.' }),
    col('Reason', (e) => e.reason ?? '', { description: "The reason for the transition into the object's current status." }),
    col('Object', target, { description: 'The object that this event is about.' }),
    col('Subobject', (e) => e.involvedObject?.fieldPath ?? '', { priority: 1, description: 'The field of the object that this event is about.' }),
    col('Source', source, { priority: 1, description: 'The component reporting this event.' }),
    col('Message', (e) => (e.message ?? '').trim(), { description: 'A human-readable description of the status of this operation.' }),
    col('First Seen', firstSeen, { priority: 1, description: 'The time at which the event was first recorded.' }),
    col('Count', (e) => e.series?.count ?? (e.count || 1), { priority: 1, type: 'integer', description: 'The number of times this event has occurred.' }),
    col('Name', (e) => e.metadata.name ?? '', { priority: 1, format: 'name', description: 'Name must be unique within a namespace.' }),
  ],
  fieldSelectors: {
    'involvedObject.kind': (e) => e.involvedObject?.kind ?? '',
    'involvedObject.namespace': (e) => e.involvedObject?.namespace ?? '',
    'involvedObject.name': (e) => e.involvedObject?.name ?? '',
    'involvedObject.uid': (e) => e.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (e) => e.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (e) => e.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (e) => e.involvedObject?.fieldPath ?? '',
    reason: (e) => e.reason ?? '',
    reportingComponent: (e) => e.reportingComponent ?? '',
    source: (e) => e.source?.component ?? '',
    type: (e) => e.type ?? '',
  },
  validate: validateEvent,
});
