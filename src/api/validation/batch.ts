/**
 * batch/v1 validation (upstream `pkg/apis/batch/validation`). Cron schedules are checked the way the
 * CronJob controller parses them (robfig/cron `ParseStandard`: five fields or a descriptor), with
 * that parser's error texts, so a schedule the API accepts is one the controller can run.
 */
import { fieldErr } from '../errors.js';
import type { FieldError, KObject } from '../types/index.js';
import { nonNegative, type PodTemplate } from './apps.js';
import { validatePodTemplateSpec } from './pod.js';
import { isEmptySelector, selectorMatches, validateLabelSelector, type LabelSelector } from './selector.js';

export interface JobSpec {
  parallelism?: number; completions?: number; activeDeadlineSeconds?: number; backoffLimit?: number;
  backoffLimitPerIndex?: number; selector?: LabelSelector; manualSelector?: boolean; template?: PodTemplate;
  ttlSecondsAfterFinished?: number; completionMode?: string; suspend?: boolean; podReplacementPolicy?: string;
  podFailurePolicy?: unknown;
}
export interface Job extends KObject {
  spec?: JobSpec;
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: Array<{ type?: string; status?: string }> };
}
export interface CronJob extends KObject {
  spec?: {
    schedule?: string; timeZone?: string; startingDeadlineSeconds?: number; concurrencyPolicy?: string; suspend?: boolean;
    successfulJobsHistoryLimit?: number; failedJobsHistoryLimit?: number;
    jobTemplate?: { metadata?: Record<string, unknown>; spec?: JobSpec };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** [min, max, names] per field: minute, hour, day of month, month, day of week. */
const FIELDS: Array<[number, number, string[], number]> = [[0, 59, [], 0], [0, 23, [], 0], [1, 31, [], 0], [1, 12, MONTHS, 1], [0, 6, DAYS, 0]];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const GO_DURATION = /^([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/;

function parseNumber(s: string, names: string[], offset: number): number {
  const i = names.indexOf(s.toLowerCase());
  if (i >= 0) return i + offset;
  if (!/^-?[0-9]+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${s}`);
  return n;
}

function checkRange(expr: string, [min, max, names, offset]: [number, number, string[], number]): void {
  const [range = '', step, ...extraSlash] = expr.split('/');
  if (extraSlash.length) throw new Error(`too many slashes: ${expr}`);
  const [lo = '', hi, ...extraHyphen] = range.split('-');
  if (extraHyphen.length) throw new Error(`too many hyphens: ${expr}`);
  let start = min, end = max;
  if (lo !== '*' && lo !== '?') {
    start = parseNumber(lo, names, offset);
    end = hi === undefined ? (step === undefined ? start : max) : parseNumber(hi, names, offset);
  } else if (hi !== undefined) throw new Error(`too many hyphens: ${expr}`);
  if (step !== undefined && parseNumber(step, [], 0) <= 0) throw new Error(`step of range should be a positive number: ${expr}`);
  if (start < min) throw new Error(`beginning of range (${start}) below minimum (${min}): ${expr}`);
  if (end > max) throw new Error(`end of range (${end}) above maximum (${max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
}

/** Returns the parser's error message, or undefined when `schedule` is valid. */
export function cronScheduleError(schedule: string): string | undefined {
  const spec = schedule.trim();
  if (spec === '') return 'empty spec string';
  try {
    if (spec.startsWith('@')) {
      if (DESCRIPTORS.includes(spec)) return undefined;
      if (spec.startsWith('@every ')) {
        const d = spec.slice('@every '.length);
        return GO_DURATION.test(d) ? undefined : `failed to parse duration ${spec}: time: invalid duration "${d}"`;
      }
      return `unrecognized descriptor: ${spec}`;
    }
    const fields = spec.split(/\s+/);
    if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
    fields.forEach((f, i) => f.split(',').forEach((expr) => checkRange(expr, FIELDS[i] as [number, number, string[], number])));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function validTimeZone(tz: string): boolean {
  if (tz === '' || tz.toLowerCase() === 'local') return false; // upstream rejects "Local": it depends on the node
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function validateJobSpec(spec: JobSpec | undefined, path: string, isCronTemplate = false): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'backoffLimitPerIndex', 'ttlSecondsAfterFinished'] as const) {
    errs.push(...nonNegative(`${path}.${f}`, s[f]));
  }
  const mode = s.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(fieldErr.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed' && s.completions === undefined) errs.push(fieldErr.required(`${path}.completions`, "when completion mode is 'Indexed'"));
  const rp = s.podReplacementPolicy;
  if (rp !== undefined && rp !== 'TerminatingOrFailed' && rp !== 'Failed') errs.push(fieldErr.notSupported(`${path}.podReplacementPolicy`, rp, ['TerminatingOrFailed', 'Failed']));
  // The API server generates the selector from controller-uid unless manualSelector is set; a given one must match.
  if (s.selector) {
    const selErrs = validateLabelSelector(s.selector, `${path}.selector`);
    errs.push(...selErrs);
    if (!selErrs.length && !isEmptySelector(s.selector) && !selectorMatches(s.selector, s.template?.metadata?.labels)) {
      errs.push(fieldErr.invalid(`${path}.template.metadata.labels`, s.template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
    }
  } else if (s.manualSelector && !isCronTemplate) errs.push(fieldErr.required(`${path}.selector`, ''));
  if (!s.template) return [...errs, fieldErr.required(`${path}.template`, '')];
  const policy = s.template.spec?.restartPolicy;
  if (policy !== 'OnFailure' && policy !== 'Never') {
    errs.push(fieldErr.notSupported(`${path}.template.spec.restartPolicy`, policy ?? '', ['OnFailure', 'Never']));
  }
  return [...errs, ...validatePodTemplateSpec(s.template, `${path}.template`)];
}

export const validateJob = (o: Job): FieldError[] => validateJobSpec(o.spec, 'spec');

/** Job names get an 11-character suffix (`-<minutes since epoch>`) and must stay DNS-1035 labels. */
const CRONJOB_NAME_MAX = 52;

export function validateCronJob(o: CronJob): FieldError[] {
  const s = o.spec ?? {};
  const name = o.metadata.name ?? '';
  const errs: FieldError[] = name.length > CRONJOB_NAME_MAX ? [fieldErr.invalid('metadata.name', name, `must be no more than ${CRONJOB_NAME_MAX} characters`)] : [];
  if (!s.schedule) errs.push(fieldErr.required('spec.schedule', ''));
  else {
    // Since 1.29 a TZ prefix is refused outright: the timeZone field replaces it.
    const err = /^\s*(CRON_)?TZ=/.test(s.schedule)
      ? 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' : cronScheduleError(s.schedule);
    if (err) errs.push(fieldErr.invalid('spec.schedule', s.schedule, err));
  }
  if (s.timeZone !== undefined && !validTimeZone(s.timeZone)) errs.push(fieldErr.invalid('spec.timeZone', s.timeZone, 'unknown time zone'));
  const cp = s.concurrencyPolicy;
  if (cp !== 'Allow' && cp !== 'Forbid' && cp !== 'Replace') errs.push(fieldErr.notSupported('spec.concurrencyPolicy', cp ?? '', ['Allow', 'Forbid', 'Replace']));
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) errs.push(...nonNegative(`spec.${f}`, s[f]));
  return [...errs, ...validateJobSpec(s.jobTemplate?.spec, 'spec.jobTemplate.spec', true)];
}
