import { DateTime } from 'luxon';

import { toIana } from '../time-zones';

/** Graph's patternedRecurrence (resources/patternedrecurrence.md, recurrencepattern.md, recurrencerange.md). */
export interface RecurrencePattern {
  type: 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly' | 'relativeYearly';
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: string[];
  firstDayOfWeek: string;
  index: 'first' | 'second' | 'third' | 'fourth' | 'last';
}

export interface RecurrenceRange {
  type: 'endDate' | 'noEnd' | 'numbered';
  startDate: string;
  endDate: string;
  recurrenceTimeZone: string;
  numberOfOccurrences: number;
}

export interface Recurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

const dayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const patternTypes = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'];
const indexes = ['first', 'second', 'third', 'fourth', 'last'];
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validates a recurrence as Graph does and fills Graph's defaults (the response always carries every field).
 * `startLocalDate` is the event's start date in its own time zone: range.startDate must equal it.
 * Returns an error message, or the normalized recurrence.
 */
export function validateRecurrence(input: unknown, startLocalDate: string): Recurrence | string {
  if (!input || typeof input !== 'object') return 'The recurrence must be an object with pattern and range.';
  const { pattern, range } = input as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
  if (!pattern || typeof pattern !== 'object') return 'Recurrence pattern is required.';
  if (!range || typeof range !== 'object') return 'Recurrence range is required.';
  const type = pattern.type;
  if (typeof type !== 'string' || !patternTypes.includes(type)) return `Recurrence pattern type '${String(type)}' is not valid.`;
  const interval = pattern.interval ?? 1;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 99) return 'Recurrence pattern interval must be an integer of at least 1.';
  const daysOfWeek = Array.isArray(pattern.daysOfWeek) ? pattern.daysOfWeek : [];
  if (!daysOfWeek.every((d): d is string => typeof d === 'string' && dayNames.includes(d.toLowerCase()))) return 'Recurrence pattern daysOfWeek contains an invalid day.';
  const days = daysOfWeek.map((d) => d.toLowerCase());
  const dayOfMonth = pattern.dayOfMonth ?? 0;
  const month = pattern.month ?? 0;
  const index = (pattern.index ?? 'first') as string;
  const firstDayOfWeek = (typeof pattern.firstDayOfWeek === 'string' ? pattern.firstDayOfWeek : 'sunday').toLowerCase();
  if (!dayNames.includes(firstDayOfWeek)) return 'Recurrence pattern firstDayOfWeek is not valid.';
  if (!indexes.includes(index)) return `Recurrence pattern index '${index}' is not valid.`;
  if (typeof dayOfMonth !== 'number' || typeof month !== 'number') return 'Recurrence pattern dayOfMonth and month must be numbers.';
  switch (type) {
    case 'weekly':
    case 'relativeMonthly':
    case 'relativeYearly':
      if (days.length === 0) return `Recurrence pattern daysOfWeek is required for a ${type} pattern.`;
      break;
    case 'absoluteMonthly':
    case 'absoluteYearly':
      if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) return `Recurrence pattern dayOfMonth is required for a ${type} pattern.`;
      break;
  }
  if ((type === 'absoluteYearly' || type === 'relativeYearly') && (!Number.isInteger(month) || month < 1 || month > 12)) return `Recurrence pattern month is required for a ${type} pattern.`;
  const rangeType = range.type;
  if (rangeType !== 'endDate' && rangeType !== 'noEnd' && rangeType !== 'numbered') return `Recurrence range type '${String(rangeType)}' is not valid.`;
  const startDate = range.startDate;
  if (typeof startDate !== 'string' || !dateOnly.test(startDate) || !DateTime.fromISO(startDate).isValid) return 'Recurrence range startDate is required (yyyy-MM-dd).';
  // Graph: "Must be the same value as the start property of the recurring event."
  if (startDate !== startLocalDate) return `The recurrence range startDate ${startDate} must be the same as the start date of the event (${startLocalDate}) in its time zone.`;
  let endDate = typeof range.endDate === 'string' ? range.endDate : '0001-01-01';
  let numberOfOccurrences = typeof range.numberOfOccurrences === 'number' ? range.numberOfOccurrences : 0;
  if (rangeType === 'endDate') {
    if (typeof range.endDate !== 'string' || !dateOnly.test(endDate) || !DateTime.fromISO(endDate).isValid) return 'Recurrence range endDate is required for an endDate range (yyyy-MM-dd).';
    if (endDate < startDate) return 'Recurrence range endDate must not be before startDate.';
  } else {
    endDate = '0001-01-01';
  }
  if (rangeType === 'numbered') {
    if (!Number.isInteger(numberOfOccurrences) || numberOfOccurrences < 1 || numberOfOccurrences > 999) return 'Recurrence range numberOfOccurrences must be between 1 and 999.';
  } else {
    numberOfOccurrences = 0;
  }
  const recurrenceTimeZone = typeof range.recurrenceTimeZone === 'string' && range.recurrenceTimeZone !== '' ? range.recurrenceTimeZone : '';
  if (recurrenceTimeZone && !toIana(recurrenceTimeZone)) return `Recurrence range recurrenceTimeZone '${recurrenceTimeZone}' is not a supported time zone.`;
  return {
    pattern: {
      type: type as RecurrencePattern['type'],
      interval,
      month: type.endsWith('Yearly') ? month : 0,
      dayOfMonth: type.startsWith('absolute') ? dayOfMonth : 0,
      daysOfWeek: type === 'daily' || type.startsWith('absolute') ? [] : days,
      firstDayOfWeek,
      index: index as RecurrencePattern['index'],
    },
    range: { type: rangeType, startDate, endDate, recurrenceTimeZone, numberOfOccurrences },
  };
}

function weekdayIndex(name: string): number {
  // luxon: Monday = 1 … Sunday = 7
  return dayNames.indexOf(name) + 1;
}

function nthWeekdayOfMonth(monthStart: DateTime, days: string[], index: RecurrencePattern['index']): DateTime | undefined {
  const wanted = new Set(days.map(weekdayIndex));
  const matches: DateTime[] = [];
  for (let d = monthStart; d.month === monthStart.month; d = d.plus({ days: 1 })) if (wanted.has(d.weekday)) matches.push(d);
  if (index === 'last') return matches[matches.length - 1];
  return matches[indexes.indexOf(index)];
}

function clampDay(monthStart: DateTime, day: number): DateTime {
  return monthStart.set({ day: Math.min(day, monthStart.daysInMonth ?? 28) });
}

/**
 * Dates (yyyy-MM-dd, local to the recurrence) on which the series occurs, in order, from range.startDate.
 * Stops after `untilDate` (inclusive) or the range's own end, whichever is first.
 */
export function occurrenceDates(recurrence: Recurrence, untilDate: string): string[] {
  const { pattern, range } = recurrence;
  const start = DateTime.fromISO(range.startDate, { zone: 'UTC' });
  const rangeEnd = range.type === 'endDate' ? range.endDate : untilDate;
  const last = rangeEnd < untilDate ? rangeEnd : untilDate;
  const limit = range.type === 'numbered' ? range.numberOfOccurrences : Number.POSITIVE_INFINITY;
  const out: string[] = [];
  const push = (d: DateTime): boolean => {
    const iso = d.toISODate() ?? '';
    if (iso < range.startDate) return true;
    if (iso > last || out.length >= limit) return false;
    out.push(iso);
    return true;
  };
  const hardStop = 5000;
  switch (pattern.type) {
    case 'daily':
      for (let d = start, i = 0; i < hardStop && push(d); d = d.plus({ days: pattern.interval }), i += 1);
      break;
    case 'weekly': {
      // Weeks are counted from the week (starting on firstDayOfWeek) that contains startDate.
      const fdw = weekdayIndex(pattern.firstDayOfWeek);
      const weekStart = start.minus({ days: (start.weekday - fdw + 7) % 7 });
      const offsets = pattern.daysOfWeek.map((d) => (weekdayIndex(d) - fdw + 7) % 7).sort((a, b) => a - b);
      outer: for (let w = weekStart, i = 0; i < hardStop; w = w.plus({ weeks: pattern.interval }), i += 1) {
        for (const offset of offsets) if (!push(w.plus({ days: offset }))) break outer;
      }
      break;
    }
    case 'absoluteMonthly':
    case 'relativeMonthly':
    case 'absoluteYearly':
    case 'relativeYearly': {
      const yearly = pattern.type.endsWith('Yearly');
      let monthStart = yearly ? start.set({ month: pattern.month, day: 1 }) : start.startOf('month');
      if (yearly && monthStart < start.startOf('month')) monthStart = monthStart.plus({ years: 1 });
      for (let i = 0; i < hardStop; i += 1, monthStart = monthStart.plus(yearly ? { years: pattern.interval } : { months: pattern.interval })) {
        const day = pattern.type.startsWith('absolute') ? clampDay(monthStart, pattern.dayOfMonth) : nthWeekdayOfMonth(monthStart, pattern.daysOfWeek, pattern.index);
        if (!day) continue;
        if (!push(day)) break;
      }
      break;
    }
  }
  return out;
}

export interface ExpandedOccurrence {
  /** The occurrence's original local date (the key used for occurrence ids and exceptions). */
  date: string;
  startMs: number;
  endMs: number;
}

/**
 * Expands a series into concrete instants overlapping [windowStartMs, windowEndMs). Each occurrence keeps the series'
 * local wall-clock start time in its time zone, so a 10:00 meeting stays at 10:00 across a DST change.
 */
export function expandSeries(
  recurrence: Recurrence,
  seriesStartLocal: DateTime,
  durationMs: number,
  windowStartMs: number,
  windowEndMs: number,
): ExpandedOccurrence[] {
  const zone = toIana(recurrence.range.recurrenceTimeZone) ?? seriesStartLocal.zoneName ?? 'UTC';
  const local = seriesStartLocal.setZone(zone);
  const until = DateTime.fromMillis(windowEndMs, { zone }).plus({ days: 1 }).toISODate() ?? recurrence.range.startDate;
  const out: ExpandedOccurrence[] = [];
  for (const date of occurrenceDates(recurrence, until)) {
    const d = DateTime.fromISO(date, { zone });
    const start = d.set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: 0 });
    const startMs = start.toMillis();
    const endMs = startMs + durationMs;
    if (endMs > windowStartMs && startMs < windowEndMs) out.push({ date, startMs, endMs });
  }
  return out;
}

/** The instant after which a series has no more occurrences (Infinity for noEnd). */
export function seriesEndMs(recurrence: Recurrence, seriesStartLocal: DateTime, durationMs: number): number {
  if (recurrence.range.type === 'noEnd') return Number.POSITIVE_INFINITY;
  if (recurrence.range.type === 'endDate') {
    const zone = toIana(recurrence.range.recurrenceTimeZone) ?? seriesStartLocal.zoneName ?? 'UTC';
    return DateTime.fromISO(recurrence.range.endDate, { zone }).plus({ days: 2 }).toMillis() + durationMs;
  }
  const dates = occurrenceDates(recurrence, '9999-12-31');
  const lastDate = dates[dates.length - 1];
  if (!lastDate) return seriesStartLocal.toMillis();
  const zone = seriesStartLocal.zoneName ?? 'UTC';
  return DateTime.fromISO(lastDate, { zone }).plus({ days: 2 }).toMillis() + durationMs;
}
