/**
 * Table columns of a custom resource (apiextensions' table convertor): Name, then the version's
 * `additionalPrinterColumns`; a version without any gets Name + Age, as v1 CRD defaulting does.
 * Only the first JSONPath match is shown. `date` cells become ages ("5m"), because Kite's Table
 * layer sends finished strings rather than timestamps for kubectl to convert.
 */
import { age, ageColumn, nameColumn } from '../../api/registry/columns.js';
import type { CellValue, Column } from '../../api/registry/types.js';
import type { KObject } from '../../api/types/index.js';
import { compileJsonPath, type CompiledPath } from './jsonpath.js';
import type { PrinterColumn } from './types.js';

export function printerColumns(cols: PrinterColumn[] | undefined): Column[] {
  if (!cols?.length) return [nameColumn, ageColumn];
  return [nameColumn, ...cols.map(printerColumn)];
}

function printerColumn(c: PrinterColumn): Column {
  let path: CompiledPath | undefined;
  try { path = compileJsonPath(c.jsonPath); } catch { path = undefined; } // an unusable path shows as <none>
  const type = (['integer', 'number', 'boolean', 'date'].includes(c.type) ? c.type : 'string') as Column['type'];
  const column: Column = {
    name: c.name, type,
    description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
    value: (o: KObject, now: Date) => {
      const found = path?.(o) ?? [];
      return found.length ? cell(type, found[0], now) : null;
    },
  };
  if (c.format) column.format = c.format;
  if (c.priority && c.priority > 0) column.priority = 1;
  return column;
}

function cell(type: Column['type'], v: unknown, now: Date): CellValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'date': return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? age(v, now) : null;
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    default: return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}
