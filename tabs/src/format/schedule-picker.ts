import { type Weekday, WEEKDAYS } from '../../../functions/src/contracts/common';
import { type ProgramSchedule, scheduleIssues } from '../../../functions/src/domain/rounds/schedule';
import { type I18n } from '../i18n/i18n';

/**
 * The admin's schedule picker and the stored 5-field CRON, both ways. The stored form stays CRON (the timer and the
 * API speak it); the picker covers the schedules people ask for — every week on a day, every month on a date, every
 * month on the first … last weekday — at a time of day. Any other CRON reads as `null` ("custom"): the form shows it
 * as it is and keeps it, never rewrites it.
 */
export const FREQUENCIES = ['weekly', 'monthly-date', 'monthly-weekday'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Which weekday of the month: the first … fourth, or the last (a fifth one exists only in some months). */
export const WEEKS_OF_MONTH = ['1', '2', '3', '4', 'last'] as const;
export type WeekOfMonth = (typeof WEEKS_OF_MONTH)[number];

/** Days 29–31 are left out on purpose: CRON skips the months without them. "The last day" covers month ends. */
export type DayOfMonth = number | 'last';
export const DAYS_OF_MONTH: readonly DayOfMonth[] = [...Array.from({ length: 28 }, (_, i) => i + 1), 'last'];

/** Every field the picker shows; a frequency reads only its own (the others keep their values when it changes). */
export interface ScheduleChoice {
  frequency: Frequency;
  weekday: Weekday;
  dayOfMonth: DayOfMonth;
  week: WeekOfMonth;
  /** Local wall-clock time in the program's time zone, `HH:mm` (24-hour). */
  time: string;
}

export const DEFAULT_CHOICE: ScheduleChoice = {
  frequency: 'weekly',
  weekday: 'monday',
  dayOfMonth: 1,
  week: '1',
  time: '09:00',
};

/** CRON numbers Sunday 0 (and 7), Monday 1 … Saturday 6. */
const cronDayOf = (weekday: Weekday): number => (WEEKDAYS.indexOf(weekday) + 1) % 7;
const weekdayOfCron = (n: number): Weekday | undefined => WEEKDAYS[(n + 6) % 7];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:mm` → [hour, minute], or null when it is not a 24-hour time. */
export function parseTime(time: string): [number, number] | null {
  const m = TIME.exec(time);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The CRON for a choice; null when its time is not a valid `HH:mm`. */
export function cronOf(choice: ScheduleChoice): string | null {
  const time = parseTime(choice.time);
  if (!time) return null;
  const [hour, minute] = time;
  switch (choice.frequency) {
    case 'weekly':
      return `${minute} ${hour} * * ${cronDayOf(choice.weekday)}`;
    case 'monthly-date':
      return `${minute} ${hour} ${choice.dayOfMonth === 'last' ? 'L' : choice.dayOfMonth} * *`;
    case 'monthly-weekday': {
      const day = cronDayOf(choice.weekday);
      return `${minute} ${hour} * * ${choice.week === 'last' ? `${day}L` : `${day}#${choice.week}`}`;
    }
  }
}

const NUMBER = /^\d{1,2}$/;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A single CRON day of week (0–7 or a three-letter name) → weekday. */
function weekdayOf(field: string): Weekday | undefined {
  const lower = field.toLowerCase();
  const named = DAY_NAMES.indexOf(lower);
  if (named >= 0) return weekdayOfCron(named);
  if (!NUMBER.test(field) || Number(field) > 7) return undefined;
  return weekdayOfCron(Number(field));
}

/**
 * The choice a CRON expresses, or null when the picker cannot show it (several days, steps, ranges, a month field,
 * days 29–31, both a date and a weekday — CRON's "either" rule …). The fields a frequency does not use come from
 * `base`, so reading a schedule back never resets what the admin picked for another frequency.
 */
export function choiceOf(cron: string, base: ScheduleChoice = DEFAULT_CHOICE): ScheduleChoice | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = fields;
  if (!NUMBER.test(minute) || !NUMBER.test(hour) || month !== '*') return null;
  const [m, h] = [Number(minute), Number(hour)];
  if (m > 59 || h > 23) return null;
  const time = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

  if (dayOfMonth === '*' && dayOfWeek !== '*') {
    const nth = /^(\w+)#([1-4])$/.exec(dayOfWeek);
    const last = /^(\w+)L$/i.exec(dayOfWeek);
    if (nth) {
      const weekday = weekdayOf(nth[1] ?? '');
      return weekday
        ? { ...base, frequency: 'monthly-weekday', weekday, week: nth[2] as WeekOfMonth, time }
        : null;
    }
    if (last) {
      const weekday = weekdayOf(last[1] ?? '');
      return weekday ? { ...base, frequency: 'monthly-weekday', weekday, week: 'last', time } : null;
    }
    const weekday = weekdayOf(dayOfWeek);
    return weekday ? { ...base, frequency: 'weekly', weekday, time } : null;
  }
  if (dayOfWeek === '*' && dayOfMonth !== '*') {
    if (dayOfMonth.toUpperCase() === 'L')
      return { ...base, frequency: 'monthly-date', dayOfMonth: 'last', time };
    if (!NUMBER.test(dayOfMonth)) return null;
    const day = Number(dayOfMonth);
    if (day < 1 || day > 28) return null;
    return { ...base, frequency: 'monthly-date', dayOfMonth: day, time };
  }
  return null;
}

/** The fields that matter for a choice's frequency (what the round trip must keep). */
export function relevantOf(choice: ScheduleChoice): Partial<ScheduleChoice> {
  switch (choice.frequency) {
    case 'weekly':
      return { frequency: choice.frequency, weekday: choice.weekday, time: choice.time };
    case 'monthly-date':
      return { frequency: choice.frequency, dayOfMonth: choice.dayOfMonth, time: choice.time };
    case 'monthly-weekday':
      return { frequency: choice.frequency, week: choice.week, weekday: choice.weekday, time: choice.time };
  }
}

export interface ScheduleErrors {
  time?: string;
  timeZone?: string;
  /** A custom schedule the API would refuse (e.g. stored before a rule was tightened). */
  custom?: string;
}

/**
 * What keeps the schedule from being saved, in the admin's words; checked with the backend's own `scheduleIssues`
 * (the API runs the same function), so the form never sends a schedule the API refuses.
 */
export function scheduleErrors(
  schedule: ProgramSchedule,
  choice: ScheduleChoice | null,
  i18n: I18n,
): ScheduleErrors {
  const errors: ScheduleErrors = {};
  if (choice && !parseTime(choice.time)) errors.time = i18n.t('admin.form.schedule.error.time');
  for (const issue of scheduleIssues(schedule)) {
    if (issue.path === 'schedule.timeZone') errors.timeZone ??= i18n.t('issue.time-zone-unknown');
    else if (!choice) errors.custom ??= i18n.t('admin.form.schedule.error.custom');
  }
  return errors;
}
