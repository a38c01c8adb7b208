/**
 * Next-run computation for CronJob schedules, with the semantics of robfig/cron's `ParseStandard`
 * (what the upstream CronJob controller uses): five fields (minute hour day-of-month month
 * day-of-week) with names, ranges, steps, lists, `*`/`?`; the descriptors `@yearly` … `@hourly`;
 * and `@every <Go duration>`. When both day fields are restricted a day matches either of them;
 * when one starts with `*` both must match (robfig's star bit).
 *
 * Times are searched in the wall clock of `spec.timeZone` (via Intl), then mapped back to an
 * instant. `src/api/validation/batch.ts` only checks schedules (it exposes no parsed form), so the
 * evaluator lives here; a schedule the API accepted always parses.
 *
 * Kite extension (tests only, opt-in): `secondsSchedule(n)` fires every n seconds on multiples of
 * n since the epoch; the CronJob controller uses it when the `kite.dev/schedule-seconds`
 * annotation is set.
 */

export interface CronSchedule {
  /** The first activation strictly after `afterMs` (epoch ms), or undefined if none in 5 years. */
  next(afterMs: number): number | undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
interface Bounds { min: number; max: number; names: string[]; offset: number }
const FIELDS: Bounds[] = [
  { min: 0, max: 59, names: [], offset: 0 }, { min: 0, max: 23, names: [], offset: 0 }, { min: 1, max: 31, names: [], offset: 0 },
  { min: 1, max: 12, names: MONTHS, offset: 1 }, { min: 0, max: 6, names: DAYS, offset: 0 },
];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const MINUTE = 60_000;
const HORIZON_MS = 5 * 366 * 24 * 3_600_000;

interface Field { values: Set<number>; star: boolean }

function num(s: string, b: Bounds): number {
  const i = b.names.indexOf(s.toLowerCase());
  if (i >= 0) return i + b.offset;
  if (!/^[0-9]+$/.test(s)) throw new Error(`failed to parse int from ${s}`);
  return Number(s);
}

function parseField(text: string, b: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const expr of text.split(',')) {
    const [range = '', stepText] = expr.split('/');
    const [lo = '', hi] = range.split('-');
    let start = b.min, end = b.max;
    const step = stepText === undefined ? 1 : num(stepText, { ...b, names: [] });
    if (lo === '*' || lo === '?') star ||= step === 1;
    else {
      start = num(lo, b);
      end = hi !== undefined ? num(hi, b) : stepText !== undefined ? b.max : start;
    }
    if (step <= 0 || start < b.min || end > b.max || start > end) throw new Error(`invalid cron field: ${expr}`);
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return { values, star };
}

/** Wall-clock reading of an instant in a zone, as a "UTC" millisecond count (so Date.UTC math applies). */
function wallClock(tz: string): (ms: number) => number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return (ms) => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (ms % 1000 + 1000) % 1000;
  };
}

/** The instant whose wall time is `wall` (a wall time in a DST gap maps to the instant an hour later). */
function fromWall(wall: number, toWall: (ms: number) => number): number {
  let t = wall;
  for (let i = 0; i < 3; i++) {
    const off = toWall(t) - t;
    const next = wall - off;
    if (next === t) break;
    t = next;
  }
  return t;
}

function fiveFields(spec: string, tz: string): CronSchedule {
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const [min, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!)) as [Field, Field, Field, Field, Field];
  const toWall = wallClock(tz);
  const dayMatches = (d: Date) => {
    const a = dom.values.has(d.getUTCDate());
    const b = dow.values.has(d.getUTCDay());
    return dom.star || dow.star ? a && b : a || b;
  };
  return {
    next(afterMs) {
      const wallAfter = toWall(afterMs);
      // robfig's search: advance the coarsest mismatching field, resetting the finer ones.
      const t = new Date(Math.floor(wallAfter / MINUTE) * MINUTE + MINUTE);
      const stop = wallAfter + HORIZON_MS;
      while (t.getTime() <= stop) {
        if (!month.values.has(t.getUTCMonth() + 1)) { t.setUTCMonth(t.getUTCMonth() + 1, 1); t.setUTCHours(0, 0, 0, 0); continue; }
        if (!dayMatches(t)) { t.setUTCDate(t.getUTCDate() + 1); t.setUTCHours(0, 0, 0, 0); continue; }
        if (!hour.values.has(t.getUTCHours())) { t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0); continue; }
        if (!min.values.has(t.getUTCMinutes())) { t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0); continue; }
        const at = fromWall(t.getTime(), toWall);
        if (at > afterMs) return at;
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0); // a repeated wall hour (DST end) already passed
      }
      return undefined;
    },
  };
}

function every(spec: string): CronSchedule {
  const text = spec.slice('@every '.length).trim();
  const re = /([0-9]+(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)/gy;
  let ms = 0;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text))) { ms += Number(m[1]) * UNIT_MS[m[2]!]!; seen = re.lastIndex; }
  if (!text || seen !== text.length) throw new Error(`failed to parse duration ${spec}`);
  // robfig rounds the delay to whole seconds, with a minimum of one second
  const delay = Math.max(1000, Math.floor(ms / 1000) * 1000);
  return { next: (afterMs) => Math.floor(afterMs / 1000) * 1000 + delay };
}

/** Parses a schedule for a time zone (IANA name; default the process's local zone, as upstream). */
export function parseCronSchedule(schedule: string, timeZone?: string): CronSchedule {
  const spec = schedule.trim();
  const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (spec.startsWith('@every ')) return every(spec);
  const expanded = spec.startsWith('@') ? DESCRIPTORS[spec] : spec;
  if (!expanded) throw new Error(`unrecognized descriptor: ${spec}`);
  return fiveFields(expanded, tz);
}

/** Every `seconds` seconds, on multiples of it since the epoch (the `kite.dev/schedule-seconds` override). */
export function secondsSchedule(seconds: number): CronSchedule {
  const step = Math.max(1, Math.floor(seconds)) * 1000;
  return { next: (afterMs) => (Math.floor(afterMs / step) + 1) * step };
}
