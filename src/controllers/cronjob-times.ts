/**
 * When a CronJob should have run (upstream `cronjob/utils.go`): the schedule in effect, the most
 * recent missed start since the last one (bounded work even after a long outage), and the Job
 * name for a start time.
 *
 * Test override: the annotation `kite.dev/schedule-seconds: "N"` (N ≥ 1) replaces the schedule by
 * "every N seconds" and names Jobs `<cronjob>-<seconds since epoch>` instead of minutes, since
 * several runs fall in one minute. It exists so tests need not wait for a minute boundary.
 */
import type { KObject } from '../api/types/index.js';
import type { CronJob } from '../api/validation/batch.js';
import { parseCronSchedule, secondsSchedule, type CronSchedule } from './cron-schedule.js';

export const SCHEDULE_SECONDS_ANNOTATION = 'kite.dev/schedule-seconds';
/** Upstream warns (TooManyMissedTimes) past this many missed starts and runs only the latest. */
export const MAX_MISSED = 100;

export interface CronTiming { schedule: CronSchedule; seconds: boolean }

/** The schedule of a CronJob, or an error message (invalid schedule or time zone). */
export function timingOf(cj: KObject & { spec?: CronJob['spec'] }): CronTiming | { error: string; reason: string } {
  const override = cj.metadata.annotations?.[SCHEDULE_SECONDS_ANNOTATION];
  if (override !== undefined) {
    const n = Number(override);
    if (!Number.isInteger(n) || n < 1) return { reason: 'InvalidSchedule', error: `invalid ${SCHEDULE_SECONDS_ANNOTATION} annotation ${JSON.stringify(override)}: want a whole number of seconds ≥ 1` };
    return { schedule: secondsSchedule(n), seconds: true };
  }
  const tz = cj.spec?.timeZone;
  if (tz !== undefined) {
    try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); } catch { return { reason: 'UnknownTimeZone', error: `invalid timeZone: "${tz}"` }; }
  }
  try {
    return { schedule: parseCronSchedule(cj.spec?.schedule ?? '', tz), seconds: false };
  } catch (e) {
    return { reason: 'InvalidSchedule', error: `invalid schedule: ${cj.spec?.schedule}: ${(e as Error).message}` };
  }
}

/** Back-off windows to find the latest start before `now` without walking every missed one. */
const WINDOWS = [60_000, 3_600_000, 86_400_000, 32 * 86_400_000, 366 * 86_400_000, 5 * 366 * 86_400_000];

/**
 * The most recent start time in (earliest, now], and how many starts were missed in that span
 * (counted up to MAX_MISSED + 1). `undefined` time: nothing was due.
 */
export function mostRecentStart(s: CronSchedule, earliest: number, now: number): { time?: number; missed: number } {
  let missed = 0;
  let last: number | undefined;
  for (let t = s.next(earliest); t !== undefined && t <= now; t = s.next(t)) {
    last = t;
    if (++missed > MAX_MISSED) break;
  }
  if (missed <= MAX_MISSED) return { time: last, missed };
  // Too many: find the latest start from a window just before `now` (first window that has one).
  for (const w of WINDOWS) {
    const from = Math.max(earliest, now - w);
    let t = s.next(from);
    if (t === undefined || t > now) continue;
    for (let n = s.next(t); n !== undefined && n <= now; n = s.next(n)) t = n;
    return { time: t, missed };
  }
  return { time: last, missed };
}

/** `<cronjob>-<minutes since epoch>` (upstream `getJobName`), seconds under the test override. */
export const jobNameFor = (cj: KObject, time: number, seconds: boolean): string =>
  `${cj.metadata.name}-${Math.floor(time / (seconds ? 1000 : 60_000))}`;
