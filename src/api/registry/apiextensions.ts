/**
 * apiextensions.k8s.io/v1 CustomResourceDefinitions. Upstream serves them with the default table
 * convertor (Name, Created At), which Kite also uses for kinds kubectl has no printer for (roles).
 */
import { defaultCustomResourceDefinition } from '../defaults/misc.js';
import { gvkName } from '../schema/dsl.js';
import { validateCustomResourceDefinition, type CustomResourceDefinition } from '../validation/misc.js';
import { nameColumn } from './columns.js';
import { defineResource, type AnyResourceDef, type Column } from './types.js';

/** `rest.DefaultTableConvertor`'s second column: the creation time as RFC 3339 in UTC, seconds precision. */
export const createdAtColumn: Column = {
  name: 'Created At', type: 'date',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  value: (o) => {
    const t = o.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : NaN;
    return Number.isNaN(t) ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
};

export const customResourceDefinitions = defineResource<CustomResourceDefinition>({
  group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions', singular: 'customresourcedefinition', namespaced: false,
  shortNames: ['crd', 'crds'], categories: ['api-extensions'],
  schema: gvkName('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'), subresources: { status: true },
  defaults: defaultCustomResourceDefinition, validate: validateCustomResourceDefinition,
  columns: [nameColumn, createdAtColumn],
});

export const apiextensionsResources: AnyResourceDef[] = [customResourceDefinitions];
