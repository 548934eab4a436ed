import { type Zone } from 'luxon';

import { instantFromWallClock } from './time-zones';
import { isoWeekday, type Weekday } from './types';

export type MonthlyIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';
export const MONTHLY_INDEXES: readonly MonthlyIndex[] = ['first', 'second', 'third', 'fourth', 'last'];

/** The two recurrence shapes Pairwise books (Graph `weekly` + interval, or `relativeMonthly`). */
export type SeriesPattern =
  | { type: 'weekly'; interval: 1 | 2; dayOfWeek: Weekday }
  | { type: 'relativeMonthly'; dayOfWeek: Weekday; index: MonthlyIndex };

export interface Occurrence {
  /** Local date of the occurrence in the series' (organizer's) zone, `yyyy-MM-dd`. */
  localDate: string;
  start: number;
  end: number;
}

export interface ExpandInput {
  pattern: SeriesPattern;
  /** Local start time in the series' zone, minutes after midnight. */
  startMinutes: number;
  durationMinutes: number;
  zone: Zone;
  /** First local date an occurrence may fall on. */
  from: string;
  /** Last local date an occurrence may fall on (inclusive): the round's end. */
  until: string;
  /** Stop after this many occurrences. */
  limit?: number;
}

/** A calendar date without a zone (occurrence dates are wall-calendar dates in the series' zone). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** `yyyy-MM-dd` */
  iso: string;
}

const DAY_MS = 24 * 60 * 60_000;

function dayNumberOf(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a local date: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function localDateOf(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    iso: d.toISOString().slice(0, 10),
  };
}

/** ISO weekday (Monday = 1) of a day number (days since 1970-01-01, a Thursday). */
function weekdayOfDay(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

function nthWeekday(year: number, month: number, dayOfWeek: Weekday, index: MonthlyIndex): number {
  const first = Date.UTC(year, month - 1, 1) / DAY_MS;
  const firstMatch = first + ((isoWeekday(dayOfWeek) - weekdayOfDay(first) + 7) % 7);
  if (index !== 'last') return firstMatch + 7 * MONTHLY_INDEXES.indexOf(index);
  const nextMonth = Date.UTC(year, month, 1) / DAY_MS;
  let day = firstMatch;
  while (day + 7 < nextMonth) day += 7;
  return day;
}

/**
 * Local dates of the series from `from` to `until`, as Graph expands the pattern. Pure calendar arithmetic: the
 * dates of a series do not depend on its zone (only the instants do).
 */
export function occurrenceDates(
  pattern: SeriesPattern,
  from: string,
  until: string,
  limit = Infinity,
): LocalDate[] {
  const start = dayNumberOf(from);
  const end = dayNumberOf(until);
  const dates: LocalDate[] = [];
  if (pattern.type === 'weekly') {
    // range.startDate is set to the first occurrence, so the interval counts from that week.
    for (
      let day = start + ((isoWeekday(pattern.dayOfWeek) - weekdayOfDay(start) + 7) % 7);
      day <= end && dates.length < limit;
      day += 7 * pattern.interval
    ) {
      dates.push(localDateOf(day));
    }
    return dates;
  }
  const first = localDateOf(start);
  for (let y = first.year, m = first.month; dates.length < limit; m === 12 ? ((m = 1), (y += 1)) : (m += 1)) {
    if (Date.UTC(y, m - 1, 1) / DAY_MS > end) break;
    const day = nthWeekday(y, m, pattern.dayOfWeek, pattern.index);
    if (day >= start && day <= end) dates.push(localDateOf(day));
  }
  return dates;
}

/**
 * The occurrences of a weekly/monthly slot over a round, each at the same wall-clock time in the series' zone
 * (so their UTC instants move when that zone changes DST — as Outlook expands a series). A local time that
 * does not exist (the spring-forward gap) moves forward by the gap, as luxon and Outlook both do.
 */
export function expandOccurrences(input: ExpandInput): Occurrence[] {
  const dates = occurrenceDates(input.pattern, input.from, input.until, input.limit);
  return occurrencesAt(dates, input.startMinutes, input.durationMinutes, input.zone);
}

/** Occurrences on given local dates at a local start time (see `expandOccurrences`). */
export function occurrencesAt(
  dates: readonly LocalDate[],
  startMinutes: number,
  durationMinutes: number,
  zone: Zone,
): Occurrence[] {
  return dates.map((day) => {
    const start = instantFromWallClock(
      zone,
      Date.UTC(day.year, day.month - 1, day.day) + startMinutes * 60_000,
    );
    return { localDate: day.iso, start, end: start + durationMinutes * 60_000 };
  });
}

/** The pattern for a cadence on a given weekday; monthly series also need the week-of-month index. */
export function patternFor(cadence: 'weekly' | 'biweekly', dayOfWeek: Weekday): SeriesPattern;
export function patternFor(cadence: 'monthly', dayOfWeek: Weekday, index: MonthlyIndex): SeriesPattern;
export function patternFor(
  cadence: 'weekly' | 'biweekly' | 'monthly',
  dayOfWeek: Weekday,
  index?: MonthlyIndex,
): SeriesPattern;
export function patternFor(
  cadence: 'weekly' | 'biweekly' | 'monthly',
  dayOfWeek: Weekday,
  index: MonthlyIndex = 'first',
): SeriesPattern {
  if (cadence === 'monthly') return { type: 'relativeMonthly', dayOfWeek, index };
  return { type: 'weekly', interval: cadence === 'weekly' ? 1 : 2, dayOfWeek };
}
