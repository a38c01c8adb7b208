/**
 * Label selectors as workload kinds use them (apimachinery `LabelSelector`): syntax validation with
 * upstream messages, matching against a label set, and kubectl's printed form (`app=web,tier in (a,b)`).
 */
import { fieldErr } from '../errors.js';
import type { FieldError } from '../types/index.js';
import { labelValue, qualifiedName } from './names.js';

export interface LabelSelectorRequirement { key: string; operator: string; values?: string[] }
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function validateLabelSelector(sel: LabelSelector, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    for (const m of qualifiedName(k)) errs.push(fieldErr.invalid(`${path}.matchLabels`, k, m));
    for (const m of labelValue(v)) errs.push(fieldErr.invalid(`${path}.matchLabels`, v, m));
  }
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const n = r.values?.length ?? 0;
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (n === 0) errs.push(fieldErr.required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (n > 0) errs.push(fieldErr.forbidden(`${p}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      errs.push(fieldErr.notSupported(`${p}.operator`, r.operator, OPERATORS));
    }
    for (const m of qualifiedName(r.key ?? '')) errs.push(fieldErr.invalid(`${p}.key`, r.key, m));
  });
  return errs;
}

export const isEmptySelector = (sel: LabelSelector): boolean =>
  Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;

/** True when `labels` satisfies every term of `sel` (an empty selector matches everything). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> = {}): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, r.key);
    const inValues = has && (r.values ?? []).includes(labels[r.key] as string);
    const ok = r.operator === 'In' ? inValues
      : r.operator === 'NotIn' ? !inValues
        : r.operator === 'Exists' ? has
          : r.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/**
 * apimachinery `LabelSelectorAsSelector(...).String()`: requirements sorted by key, values sorted.
 * Returns '' for an empty selector; kubectl's `FormatLabelSelector` then prints `<none>`.
 */
export function formatSelector(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const reqs: Array<[string, string]> = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [k, `${k}=${v}`]);
  for (const r of sel.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',');
    const s = r.operator === 'In' ? `${r.key} in (${vals})`
      : r.operator === 'NotIn' ? `${r.key} notin (${vals})`
        : r.operator === 'Exists' ? r.key : `!${r.key}`;
    reqs.push([r.key, s]);
  }
  return reqs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((r) => r[1]).join(',');
}
