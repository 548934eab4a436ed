import { CronExpressionParser } from 'cron-parser';
import { DateTime, IANAZone } from 'luxon';

import { detail, type ErrorDetail } from '../../errors';

/**
 * A program's matching schedule: a 5-field CRON expression evaluated in the program's IANA time zone (DST-aware:
 * "Mondays 09:00 Berlin" stays 09:00 local all year). A scheduled slot is identified by its round key, the local
 * wall-clock minute of the slot, so "one round per (program, round key)" holds however many timers fire.
 */
export interface ProgramSchedule {
  cron: string;
  timeZone: string;
}

/** Rounds are at least this far apart, so a typo cannot start a round every minute. */
export const minimumScheduleGapHours = 24;

export function scheduleIssues(schedule: ProgramSchedule): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (!IANAZone.isValidZone(schedule.timeZone)) {
    issues.push(
      detail('schedule.timeZone', 'time-zone-unknown', 'not an IANA time zone (e.g. "Europe/Berlin")'),
    );
  }
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length !== 5) {
    issues.push(
      detail('schedule.cron', 'schedule-fields', 'use 5 fields: minute hour day-of-month month day-of-week'),
    );
    return issues;
  }
  if (issues.length > 0) return issues;
  try {
    const expression = CronExpressionParser.parse(schedule.cron, {
      tz: schedule.timeZone,
      currentDate: new Date('2026-01-01T00:00:00Z'),
    });
    const first = expression.next().getTime();
    const second = expression.next().getTime();
    if (second - first < minimumScheduleGapHours * 3600_000) {
      issues.push(
        detail(
          'schedule.cron',
          'schedule-too-frequent',
          `rounds must be at least ${minimumScheduleGapHours} hours apart`,
          { hours: minimumScheduleGapHours },
        ),
      );
    }
  } catch {
    issues.push(detail('schedule.cron', 'schedule-invalid', 'not a valid CRON expression'));
  }
  return issues;
}

/** The round key of a slot: its local wall-clock minute in the program's zone, `yyyy-MM-ddTHH:mm`. */
export function roundKeyOf(slot: Date, timeZone: string): string {
  return DateTime.fromJSDate(slot, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The latest scheduled slot at or before `now`, or null if none since `notBefore` (e.g. program activation). */
export function latestSlot(schedule: ProgramSchedule, now: Date, notBefore: Date | null): Date | null {
  try {
    // cron-parser's prev() is strictly before currentDate; one second later makes "at now" count.
    const expression = CronExpressionParser.parse(schedule.cron, {
      tz: schedule.timeZone,
      currentDate: new Date(now.getTime() + 1000),
    });
    const slot = expression.prev().toDate();
    if (notBefore && slot.getTime() < notBefore.getTime()) return null;
    return slot;
  } catch {
    return null;
  }
}

export function nextSlot(schedule: ProgramSchedule, now: Date): Date | null {
  return nextSlots(schedule, now, 1)[0] ?? null;
}

/**
 * The next `count` scheduled slots after `now`, soonest first; none for a schedule that does not parse. The admin
 * form previews a schedule with this same function (the tab imports this module: it is pure and browser-safe).
 */
export function nextSlots(schedule: ProgramSchedule, now: Date, count: number): Date[] {
  try {
    const expression = CronExpressionParser.parse(schedule.cron, { tz: schedule.timeZone, currentDate: now });
    return Array.from({ length: count }, () => expression.next().toDate());
  } catch {
    return [];
  }
}

/** A round's dates: it starts on the slot's local date and lasts `weeks` weeks. */
export function roundDates(
  slot: Date,
  timeZone: string,
  weeks: number,
): { startsOn: string; endsOn: string } {
  const start = DateTime.fromJSDate(slot, {
    zone: IANAZone.isValidZone(timeZone) ? timeZone : 'UTC',
  }).startOf('day');
  return { startsOn: start.toISODate() ?? '', endsOn: start.plus({ days: weeks * 7 - 1 }).toISODate() ?? '' };
}

/**
 * A program runs one round at a time (decision 0020): the schedule says when rounds may start, and a round starts at
 * the first slot on a day after the current round's last day. `runningUntil` is that last day (`yyyy-MM-dd` in the
 * program's zone, as `roundDates` writes it), or null when no round is running. Null when the schedule does not
 * parse.
 */
export function nextRoundStart(
  schedule: ProgramSchedule,
  now: Date,
  runningUntil: string | null,
): Date | null {
  const zone = IANAZone.isValidZone(schedule.timeZone) ? schedule.timeZone : 'UTC';
  const dayAfter = runningUntil
    ? DateTime.fromISO(runningUntil, { zone }).plus({ days: 1 }).startOf('day').toMillis()
    : Number.NaN;
  // The CRON's next() is strictly after its start, in whole seconds: one second before midnight lets a slot at
  // 00:00 on the day after count.
  const from = dayAfter - 1000 > now.getTime() ? new Date(dayAfter - 1000) : now;
  return nextSlot(schedule, from);
}

/** The next `count` round starts when rounds of `weeks` weeks run one at a time (the admin form previews these). */
export function nextRoundStarts(
  schedule: ProgramSchedule,
  now: Date,
  weeks: number,
  runningUntil: string | null,
  count: number,
): Date[] {
  const starts: Date[] = [];
  let from = now;
  let until = runningUntil;
  while (starts.length < count) {
    const start = nextRoundStart(schedule, from, until);
    if (!start) break;
    starts.push(start);
    from = start;
    until = roundDates(start, schedule.timeZone, weeks).endsOn;
  }
  return starts;
}

/** Ids are `<programId>-<yyyyMMddTHHmm>` for scheduled slots: deterministic, so racing timers collide (409). */
export function roundIdOf(programId: string, roundKey: string): string {
  return `${programId}-${roundKey.replace(/[-:]/g, '')}`;
}
