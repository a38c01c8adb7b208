/**
 * events.k8s.io/v1 Events. Upstream stores them with core/v1 Events (one object, renamed fields);
 * Kite serves them as a separate resource for now. Columns are core's event printer, reading the
 * events.k8s.io field names (regarding, note, deprecated*).
 */
import { gvkName } from '../schema/dsl.js';
import { validateEventV1, type EventV1 } from '../validation/misc.js';
import { age, col } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

const firstSeen = (o: EventV1, now: Date) => age(o.deprecatedFirstTimestamp ?? o.eventTime, now);
const lastSeen = (o: EventV1, now: Date) =>
  (o.series?.lastObservedTime ? age(o.series.lastObservedTime, now) : o.deprecatedLastTimestamp ? age(o.deprecatedLastTimestamp, now) : firstSeen(o, now));
const object = (o: EventV1) => {
  const kind = (o.regarding?.kind ?? '').toLowerCase();
  return o.regarding?.name ? `${kind}/${o.regarding.name}` : kind;
};
/** `formatEventSource`: component, then instance, each falling back to the reporting fields. */
const source = (o: EventV1) => {
  const component = o.deprecatedSource?.component || o.reportingController || '';
  const instance = o.deprecatedSource?.host || o.reportingInstance || '';
  return !component ? '' : instance ? `${component}, ${instance}` : component;
};

export const eventsV1 = defineResource<EventV1>({
  group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', namespaced: true, shortNames: ['ev'],
  schema: gvkName('events.k8s.io', 'v1', 'Event'), validate: validateEventV1,
  fieldSelectors: {
    'regarding.kind': (o) => o.regarding?.kind, 'regarding.name': (o) => o.regarding?.name,
    'regarding.namespace': (o) => o.regarding?.namespace, reason: (o) => o.reason, type: (o) => o.type,
    reportingController: (o) => o.reportingController,
  },
  columns: [
    col('Last Seen', lastSeen),
    col('Type', (o) => o.type ?? ''),
    col('Reason', (o) => o.reason ?? ''),
    col('Object', object),
    col('Subobject', (o) => o.regarding?.fieldPath ?? '', { priority: 1 }),
    col('Source', source, { priority: 1 }),
    col('Message', (o) => (o.note ?? '').trim()),
    col('First Seen', firstSeen, { priority: 1 }),
    col('Count', (o) => o.series?.count ?? o.deprecatedCount ?? 1, { priority: 1 }),
    col('Name', (o) => o.metadata.name ?? '', { priority: 1, format: 'name' }),
  ],
});

export const eventsResources: AnyResourceDef[] = [eventsV1];
