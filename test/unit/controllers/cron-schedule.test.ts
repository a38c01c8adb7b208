import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCronSchedule, secondsSchedule } from '../../../src/controllers/cron-schedule.js';

const next = (spec: string, after: string, tz = 'UTC') => {
  const t = parseCronSchedule(spec, tz).next(Date.parse(after));
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('cron schedule', () => {
  it('steps within an hour range on weekdays skip the weekend', () => {
    // 2025-01-03 is a Friday
    assert.equal(next('*/15 9-17 * * mon-fri', '2025-01-03T17:50:00Z'), '2025-01-06T09:00:00.000Z');
    assert.equal(next('*/15 9-17 * * mon-fri', '2025-01-03T10:07:00Z'), '2025-01-03T10:15:00.000Z');
  });

  it('a stepped range starts at its beginning; N/step runs to the maximum', () => {
    assert.equal(next('5-20/5 * * * *', '2025-01-01T10:07:00Z'), '2025-01-01T10:10:00.000Z');
    assert.equal(next('5-20/5 * * * *', '2025-01-01T10:20:00Z'), '2025-01-01T11:05:00.000Z');
    assert.equal(next('50/5 * * * *', '2025-01-01T10:56:00Z'), '2025-01-01T11:50:00.000Z');
  });

  it('month names and lists pick the listed months', () => {
    assert.equal(next('0 0 1 jan,jul *', '2025-02-01T00:00:00Z'), '2025-07-01T00:00:00.000Z');
    assert.equal(next('0 0 1 JAN-MAR *', '2025-03-01T00:00:00Z'), '2026-01-01T00:00:00.000Z');
  });

  it('the next activation is strictly after the given time', () => {
    assert.equal(next('* * * * *', '2025-01-01T10:00:00Z'), '2025-01-01T10:01:00.000Z');
    assert.equal(next('* * * * *', '2025-01-01T10:00:59.900Z'), '2025-01-01T10:01:00.000Z');
  });

  it('descriptors expand as robfig/cron does', () => {
    assert.equal(next('@hourly', '2025-01-01T10:30:00Z'), '2025-01-01T11:00:00.000Z');
    assert.equal(next('@daily', '2025-01-01T10:30:00Z'), '2025-01-02T00:00:00.000Z');
    assert.equal(next('@weekly', '2025-01-01T10:30:00Z'), '2025-01-05T00:00:00.000Z'); // Sunday
    assert.equal(next('@monthly', '2025-01-31T10:30:00Z'), '2025-02-01T00:00:00.000Z');
    assert.equal(next('@yearly', '2025-01-01T00:00:00Z'), '2026-01-01T00:00:00.000Z');
  });

  it('restricted day-of-month and day-of-week match either; a star in one means both must match', () => {
    // Friday the 3rd comes before the 13th
    assert.equal(next('0 0 13 * fri', '2025-01-01T00:00:00Z'), '2025-01-03T00:00:00.000Z');
    assert.equal(next('0 0 13 * fri', '2025-01-10T00:00:00Z'), '2025-01-13T00:00:00.000Z');
    assert.equal(next('0 0 * * 1', '2025-01-01T00:00:00Z'), '2025-01-06T00:00:00.000Z');
  });

  it('February 29 is found years ahead', () => {
    assert.equal(next('0 0 29 2 *', '2025-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
  });

  it('time zones without DST shift the wall clock', () => {
    assert.equal(next('0 9 * * *', '2025-01-01T00:30:00Z', 'Asia/Tokyo'), '2025-01-02T00:00:00.000Z');
    assert.equal(next('30 10 * * *', '2025-01-01T00:00:00Z', 'Asia/Kolkata'), '2025-01-01T05:00:00.000Z');
    // the day of week is the zone's: Monday 00:00 in Tokyo is Sunday 15:00 UTC
    assert.equal(next('0 0 * * mon', '2025-01-01T00:00:00Z', 'Asia/Tokyo'), '2025-01-05T15:00:00.000Z');
  });

  it('@every adds whole seconds; the seconds override fires on multiples since the epoch', () => {
    assert.equal(next('@every 1m30s', '2025-01-01T00:00:00.400Z'), '2025-01-01T00:01:30.000Z');
    assert.equal(secondsSchedule(5).next(12_345), 15_000);
    assert.equal(secondsSchedule(5).next(15_000), 20_000);
  });

  it('an unknown descriptor or a wrong field count is refused', () => {
    assert.throws(() => parseCronSchedule('@fortnightly', 'UTC'), /unrecognized descriptor/);
    assert.throws(() => parseCronSchedule('* * * *', 'UTC'), /expected exactly 5 fields/);
  });
});
