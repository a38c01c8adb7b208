/** Shared Table column helpers: Name, Age (kubectl's HumanDuration), and small formatters. */
import type { KObject } from '../types/index.js';
import type { Column } from './types.js';

/** apimachinery `duration.HumanDuration`: 45s, 5m3s, 25m, 4h5m, 20h, 3d4h, 30d, 2y40d. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(s / 3600);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** Age of a timestamp, `<unknown>` when absent (as kubectl prints it). */
export function age(ts: string | null | undefined, now: Date): string {
  if (!ts) return '<unknown>';
  return humanDuration(now.getTime() - Date.parse(ts));
}

export const nameColumn: Column = {
  name: 'Name', type: 'string', format: 'name',
  description: 'Name must be unique within a namespace.',
  value: (o) => o.metadata.name ?? '',
};

export const ageColumn: Column = {
  name: 'Age', type: 'string',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  value: (o, now) => age(o.metadata.creationTimestamp, now),
};

export const DEFAULT_COLUMNS: Column[] = [nameColumn, ageColumn];

/** A column from a getter, typed loosely for brevity in registry entries. */
export function col<T extends KObject>(name: string, value: Column<T>['value'], o: Partial<Column<T>> = {}): Column<T> {
  return { name, type: 'string', value, ...o };
}

export const none = (s: string | undefined | null): string => (s === undefined || s === null || s === '' ? '<none>' : s);
