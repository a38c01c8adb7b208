/**
 * events.k8s.io/v1 schema: Event. Upstream stores it together with core/v1 Events (same object,
 * different field names); Kite serves it as a separate resource for now.
 */
import { gvkName, int, obj, objectMetaRef, ref, str, time } from '../dsl.js';
import type { SchemaSet } from '../types.js';

const n = (k: string) => gvkName('events.k8s.io', 'v1', k);
const objectRef = (d: string) => ref('io.k8s.api.core.v1.ObjectReference', d);

export const eventsSchemas: SchemaSet = {
  [n('Event')]: obj({
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaRef(),
    eventTime: time('eventTime is the time when this Event was first observed. It is required.'),
    series: obj({
      count: int('count is the number of occurrences in this series up to the last heartbeat time.'),
      lastObservedTime: time('lastObservedTime is the time when last Event from the series was seen before last heartbeat.'),
    }, 'series is data about the Event series this event represents.', { required: ['count', 'lastObservedTime'] }),
    reportingController: str('reportingController is the name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'),
    reportingInstance: str('reportingInstance is the ID of the controller instance, e.g. `kubelet-xyzf`.'),
    action: str('action is what action was taken/failed regarding to the regarding object.'),
    reason: str('reason is why the action was taken. It is human-readable.'),
    regarding: objectRef('regarding contains the object this Event is about.'),
    related: objectRef('related is the optional secondary object for more complex actions.'),
    note: str('note is a human-readable description of the status of this operation.'),
    type: str('type is the type of this event (Normal, Warning).'),
    deprecatedSource: obj({ component: str('Component from which the event is generated.'), host: str('Node name on which the event is generated.') },
      'deprecatedSource is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    deprecatedFirstTimestamp: time('deprecatedFirstTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    deprecatedLastTimestamp: time('deprecatedLastTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.'),
    deprecatedCount: int('deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.'),
  }, 'Event is a report of an event somewhere in the cluster.', {
    required: ['eventTime'],
    'x-kubernetes-group-version-kind': [{ group: 'events.k8s.io', version: 'v1', kind: 'Event' }],
  }),
};
