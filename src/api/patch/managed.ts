/**
 * `metadata.managedFields` codec: entries ↔ managers holding field sets. An entry is identified by
 * manager + operation + subresource, plus apiVersion for `Update` (an applier keeps one entry
 * whatever version it applies with), as upstream's manager identifier is.
 */
import type { ManagedFieldsEntry } from '../types/index.js';
import { fromFieldsV1, pathKey, toFieldsV1, type Path } from './fieldset.js';

export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  subresource?: string;
  fields: Map<string, Path>;
}

export function decodeManaged(entries: ManagedFieldsEntry[] | undefined): Manager[] {
  return (entries ?? []).map((e) => ({
    manager: e.manager ?? '', operation: e.operation ?? 'Update', apiVersion: e.apiVersion, time: e.time,
    subresource: e.subresource, fields: new Map(fromFieldsV1(e.fieldsV1).map((p) => [pathKey(p), p])),
  }));
}

export const sameManager = (a: Omit<Manager, 'fields'>, b: Omit<Manager, 'fields'>): boolean =>
  a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '')
  && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);

/** As upstream prints a manager in conflict messages: `"kubectl" using apps/v1` for updaters. */
export function managerLabel(m: Manager): string {
  const sub = m.subresource ? ` with subresource "${m.subresource}"` : '';
  return `"${m.manager}"${sub}${m.operation === 'Update' ? ` using ${m.apiVersion ?? ''}` : ''}`;
}

/** Drops managers that own nothing and sorts the way upstream does (operation, time, name, version). */
export function encodeManaged(managers: Manager[]): ManagedFieldsEntry[] {
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const cmp = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
  return managers
    .filter((m) => m.fields.size > 0)
    .sort((p, q) => cmp(p.operation, q.operation) || secs(p.time) - secs(q.time) || cmp(p.manager, q.manager)
      || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource, q.subresource))
    .map((m) => ({
      manager: m.manager, operation: m.operation, apiVersion: m.apiVersion, time: m.time,
      fieldsType: 'FieldsV1' as const, fieldsV1: toFieldsV1(m.fields.values()),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    }));
}
