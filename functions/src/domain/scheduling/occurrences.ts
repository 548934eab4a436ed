import { DateTime, type Zone } from 'luxon';

import { instantFromWallClock } from './time-zones';
import { type Weekday, isoWeekday } from './types';

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

function localDay(date: string, zone: Zone): DateTime {
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw new Error(`Not a local date: ${date}`);
  return day.startOf('day');
}

function nthWeekday(monthStart: DateTime, dayOfWeek: Weekday, index: MonthlyIndex): DateTime {
  const first = monthStart.plus({ days: (isoWeekday(dayOfWeek) - monthStart.weekday + 7) % 7 });
  if (index === 'last') {
    let day = first;
    while (day.plus({ weeks: 1 }).month === monthStart.month) day = day.plus({ weeks: 1 });
    return day;
  }
  return first.plus({ weeks: MONTHLY_INDEXES.indexOf(index) });
}

/** Local dates of the series from `from` to `until`, as Graph expands the pattern. */
export function occurrenceDates(pattern: SeriesPattern, zone: Zone, from: string, until: string, limit = Infinity): DateTime[] {
  const start = localDay(from, zone);
  const end = localDay(until, zone);
  const dates: DateTime[] = [];
  if (pattern.type === 'weekly') {
    // range.startDate is set to the first occurrence, so the interval counts from that week.
    let day = start.plus({ days: (isoWeekday(pattern.dayOfWeek) - start.weekday + 7) % 7 });
    while (day <= end && dates.length < limit) {
      dates.push(day);
      day = day.plus({ weeks: pattern.interval });
    }
    return dates;
  }
  let month = start.startOf('month');
  while (month <= end && dates.length < limit) {
    const day = nthWeekday(month, pattern.dayOfWeek, pattern.index);
    if (day >= start && day <= end) dates.push(day);
    month = month.plus({ months: 1 });
  }
  return dates;
}

/**
 * The occurrences of a weekly/monthly slot over a round, each at the same wall-clock time in the series' zone
 * (so their UTC instants move when that zone changes DST — as Outlook expands a series). A local time that
 * does not exist (the spring-forward gap) moves forward by the gap, as luxon and Outlook both do.
 */
export function expandOccurrences(input: ExpandInput): Occurrence[] {
  const dates = occurrenceDates(input.pattern, input.zone, input.from, input.until, input.limit);
  return occurrencesAt(dates, input.startMinutes, input.durationMinutes, input.zone);
}

/** Occurrences on given local dates at a local start time (see `expandOccurrences`). */
export function occurrencesAt(dates: readonly DateTime[], startMinutes: number, durationMinutes: number, zone: Zone): Occurrence[] {
  return dates.map((day) => {
    const start = instantFromWallClock(zone, Date.UTC(day.year, day.month - 1, day.day) + startMinutes * 60_000);
    return { localDate: day.toISODate() ?? '', start, end: start + durationMinutes * 60_000 };
  });
}

/** The pattern for a cadence on a given weekday; monthly series also need the week-of-month index. */
export function patternFor(cadence: 'weekly' | 'biweekly', dayOfWeek: Weekday): SeriesPattern;
export function patternFor(cadence: 'monthly', dayOfWeek: Weekday, index: MonthlyIndex): SeriesPattern;
export function patternFor(cadence: 'weekly' | 'biweekly' | 'monthly', dayOfWeek: Weekday, index?: MonthlyIndex): SeriesPattern;
export function patternFor(cadence: 'weekly' | 'biweekly' | 'monthly', dayOfWeek: Weekday, index: MonthlyIndex = 'first'): SeriesPattern {
  if (cadence === 'monthly') return { type: 'relativeMonthly', dayOfWeek, index };
  return { type: 'weekly', interval: cadence === 'weekly' ? 1 : 2, dayOfWeek };
}
