/** Server-side printing: `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` (notes §4). */
import type { IncomingMessage } from 'node:http';
import { badRequest } from '../api/errors.js';
import { DEFAULT_COLUMNS } from '../api/registry/columns.js';
import type { AnyResourceDef, Column } from '../api/registry/types.js';
import type { KObject, ListMeta } from '../api/types/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ListMeta;
  columnDefinitions: Array<{ name: string; type: string; format: string; description: string; priority: number }>;
  rows: Array<{ cells: unknown[]; object?: unknown }>;
}

/** The representation the client asked for in Accept, in its order of preference. */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  for (const part of accept.split(',')) {
    const params = part.split(';').map((s) => s.trim());
    if (params.some((p) => p === 'as=Table') && params.some((p) => p === 'g=meta.k8s.io')) return true;
    if (params[0] === 'application/json' && !params.some((p) => p.startsWith('as='))) return false;
  }
  return false;
}

export function parseIncludeObject(v: string | null): IncludeObject {
  if (v === null || v === '') return 'Metadata';
  if (v === 'None' || v === 'Metadata' || v === 'Object') return v;
  throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
}

function partial(o: KObject): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(def: AnyResourceDef, objs: KObject[], meta: ListMeta, include: IncludeObject, now: Date, withHeader = true): Table {
  const columns = (def.columns ?? DEFAULT_COLUMNS) as Column[];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: withHeader ? columns.map((c) => ({
      name: c.name, type: c.type === 'date' ? 'string' : c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0,
    })) : [],
    rows: objs.map((o) => {
      const row: { cells: unknown[]; object?: unknown } = { cells: columns.map((c) => safeCell(c, o, now)) };
      if (include === 'Object') row.object = o;
      else if (include === 'Metadata') row.object = partial(o);
      return row;
    }),
  };
}

/** A broken printer must not fail the whole list. */
function safeCell(c: Column, o: KObject, now: Date): unknown {
  try {
    const v = c.value(o, now);
    return v === undefined ? null : v;
  } catch {
    return '<error>';
  }
}
