/** discovery.k8s.io/v1 EndpointSlices; columns as kubectl's `printEndpointSlice`. */
import { defaultEndpointSlice } from '../defaults/misc.js';
import { gvkName } from '../schema/dsl.js';
import { validateEndpointSlice, type EndpointSlice } from '../validation/misc.js';
import { ageColumn, col, nameColumn } from './columns.js';
import { defineResource, type AnyResourceDef } from './types.js';

/** `listWithMoreString`: the first three, then `+ N more...`; `<unset>` when empty. */
function firstThree(items: string[]): string {
  if (items.length === 0) return '<unset>';
  const head = items.slice(0, 3).join(',');
  return items.length > 3 ? `${head} + ${items.length - 3} more...` : head;
}

export const endpointSlices = defineResource<EndpointSlice>({
  group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', singular: 'endpointslice',
  namespaced: true,
  schema: gvkName('discovery.k8s.io', 'v1', 'EndpointSlice'), defaults: defaultEndpointSlice, validate: validateEndpointSlice,
  columns: [
    nameColumn,
    col('AddressType', (o) => o.addressType ?? ''),
    col('Ports', (o) => firstThree((o.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name ?? '*')))),
    col('Endpoints', (o) => firstThree((o.endpoints ?? []).flatMap((e) => e.addresses ?? []))),
    ageColumn,
  ],
});

export const discoveryResources: AnyResourceDef[] = [endpointSlices];
