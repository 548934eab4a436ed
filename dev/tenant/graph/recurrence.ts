import { DateTime } from 'luxon';

import { epochDayOf, isoDateOf, localToUtc, toIana, utcToLocal, weekdayOf } from '../time-zones';

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
const patternTypes = [
  'daily',
  'weekly',
  'absoluteMonthly',
  'relativeMonthly',
  'absoluteYearly',
  'relativeYearly',
];
const indexes = ['first', 'second', 'third', 'fourth', 'last'];
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const patternProperties = new Set([
  'type',
  'interval',
  'month',
  'dayOfMonth',
  'daysOfWeek',
  'firstDayOfWeek',
  'index',
]);
const rangeProperties = new Set([
  'type',
  'startDate',
  'endDate',
  'recurrenceTimeZone',
  'numberOfOccurrences',
]);

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
  // Only the documented properties: OData refuses anything else in recurrencePattern / recurrenceRange.
  for (const key of Object.keys(input))
    if (key !== 'pattern' && key !== 'range' && !key.startsWith('@odata'))
      return `The property '${key}' does not exist on type 'microsoft.graph.patternedRecurrence'.`;
  for (const key of Object.keys(pattern))
    if (!patternProperties.has(key))
      return `The property '${key}' does not exist on type 'microsoft.graph.recurrencePattern'.`;
  for (const key of Object.keys(range))
    if (!rangeProperties.has(key))
      return `The property '${key}' does not exist on type 'microsoft.graph.recurrenceRange'.`;
  const type = pattern.type;
  if (typeof type !== 'string' || !patternTypes.includes(type))
    return `Recurrence pattern type '${String(type)}' is not valid.`;
  const interval = pattern.interval ?? 1;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 99)
    return 'Recurrence pattern interval must be an integer of at least 1.';
  const daysOfWeek = Array.isArray(pattern.daysOfWeek) ? pattern.daysOfWeek : [];
  if (!daysOfWeek.every((d): d is string => typeof d === 'string' && dayNames.includes(d.toLowerCase())))
    return 'Recurrence pattern daysOfWeek contains an invalid day.';
  const days = daysOfWeek.map((d) => d.toLowerCase());
  const dayOfMonth = pattern.dayOfMonth ?? 0;
  const month = pattern.month ?? 0;
  const index = (pattern.index ?? 'first') as string;
  const firstDayOfWeek = (
    typeof pattern.firstDayOfWeek === 'string' ? pattern.firstDayOfWeek : 'sunday'
  ).toLowerCase();
  if (!dayNames.includes(firstDayOfWeek)) return 'Recurrence pattern firstDayOfWeek is not valid.';
  if (!indexes.includes(index)) return `Recurrence pattern index '${index}' is not valid.`;
  if (typeof dayOfMonth !== 'number' || typeof month !== 'number')
    return 'Recurrence pattern dayOfMonth and month must be numbers.';
  switch (type) {
    case 'weekly':
    case 'relativeMonthly':
    case 'relativeYearly':
      if (days.length === 0) return `Recurrence pattern daysOfWeek is required for a ${type} pattern.`;
      break;
    case 'absoluteMonthly':
    case 'absoluteYearly':
      if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)
        return `Recurrence pattern dayOfMonth is required for a ${type} pattern.`;
      break;
  }
  if (
    (type === 'absoluteYearly' || type === 'relativeYearly') &&
    (!Number.isInteger(month) || month < 1 || month > 12)
  )
    return `Recurrence pattern month is required for a ${type} pattern.`;
  const rangeType = range.type;
  if (rangeType !== 'endDate' && rangeType !== 'noEnd' && rangeType !== 'numbered')
    return `Recurrence range type '${String(rangeType)}' is not valid.`;
  const startDate = range.startDate;
  if (typeof startDate !== 'string' || !dateOnly.test(startDate) || !DateTime.fromISO(startDate).isValid)
    return 'Recurrence range startDate is required (yyyy-MM-dd).';
  // Graph: "Must be the same value as the start property of the recurring event."
  if (startDate !== startLocalDate)
    return `The recurrence range startDate ${startDate} must be the same as the start date of the event (${startLocalDate}) in its time zone.`;
  let endDate = typeof range.endDate === 'string' ? range.endDate : '0001-01-01';
  let numberOfOccurrences = typeof range.numberOfOccurrences === 'number' ? range.numberOfOccurrences : 0;
  if (rangeType === 'endDate') {
    if (typeof range.endDate !== 'string' || !dateOnly.test(endDate) || !DateTime.fromISO(endDate).isValid)
      return 'Recurrence range endDate is required for an endDate range (yyyy-MM-dd).';
    if (endDate < startDate) return 'Recurrence range endDate must not be before startDate.';
  } else {
    endDate = '0001-01-01';
  }
  if (rangeType === 'numbered') {
    if (!Number.isInteger(numberOfOccurrences) || numberOfOccurrences < 1 || numberOfOccurrences > 999)
      return 'Recurrence range numberOfOccurrences must be between 1 and 999.';
  } else {
    numberOfOccurrences = 0;
  }
  const recurrenceTimeZone =
    typeof range.recurrenceTimeZone === 'string' && range.recurrenceTimeZone !== ''
      ? range.recurrenceTimeZone
      : '';
  if (recurrenceTimeZone && !toIana(recurrenceTimeZone))
    return `Recurrence range recurrenceTimeZone '${recurrenceTimeZone}' is not a supported time zone.`;
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
  // Monday = 1 … Sunday = 7
  return dayNames.indexOf(name) + 1;
}

const dayMs = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Days (epoch days, local to the recurrence) on which the series occurs, in order, from range.startDate, up to
 * `untilDay` (inclusive) or the range's own end. When `fromDay` is given and the range is not numbered, whole
 * periods before it are skipped (occurrence counting only matters for numbered ranges).
 * Plain integer arithmetic: this runs for every series in every mailbox a getSchedule or calendarView touches.
 */
export function occurrenceDays(recurrence: Recurrence, untilDay: number, fromDay?: number): number[] {
  const { pattern, range } = recurrence;
  const start = epochDayOf(range.startDate);
  const last = range.type === 'endDate' ? Math.min(epochDayOf(range.endDate), untilDay) : untilDay;
  const limit = range.type === 'numbered' ? range.numberOfOccurrences : Number.POSITIVE_INFINITY;
  const skipTo = range.type === 'numbered' || fromDay === undefined ? start : Math.max(start, fromDay);
  const out: number[] = [];
  if (last < start) return out;
  switch (pattern.type) {
    case 'daily': {
      const k0 = Math.max(0, Math.ceil((skipTo - start) / pattern.interval));
      for (let d = start + k0 * pattern.interval; d <= last && out.length < limit; d += pattern.interval)
        out.push(d);
      break;
    }
    case 'weekly': {
      // Weeks are counted from the week (starting on firstDayOfWeek) that contains startDate.
      const fdw = weekdayIndex(pattern.firstDayOfWeek);
      const weekStart = start - ((weekdayOf(start) - fdw + 7) % 7);
      const offsets = pattern.daysOfWeek.map((d) => (weekdayIndex(d) - fdw + 7) % 7).sort((a, b) => a - b);
      const period = 7 * pattern.interval;
      let w = Math.max(0, Math.floor((skipTo - weekStart) / period));
      outer: for (; ; w += 1) {
        for (const offset of offsets) {
          const d = weekStart + w * period + offset;
          if (d < start) continue;
          if (d > last || out.length >= limit) break outer;
          out.push(d);
        }
      }
      break;
    }
    default: {
      const yearly = pattern.type === 'absoluteYearly' || pattern.type === 'relativeYearly';
      const startDate = new Date(start * dayMs);
      let year = startDate.getUTCFullYear();
      let month = yearly ? pattern.month : startDate.getUTCMonth() + 1;
      if (yearly && month < startDate.getUTCMonth() + 1) year += 1;
      const step = yearly ? 12 * pattern.interval : pattern.interval;
      const wanted = new Set(pattern.daysOfWeek.map(weekdayIndex));
      for (let i = 0; i < 5000; i += 1) {
        const first = Date.UTC(year, month - 1, 1) / dayMs;
        if (first > last || out.length >= limit) break;
        const size = daysInMonth(year, month);
        let day: number | undefined;
        if (pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly') {
          // Day 31 in a 30-day month falls on the month's last day, as Outlook does.
          day = first + Math.min(pattern.dayOfMonth, size) - 1;
        } else {
          const matches: number[] = [];
          for (let d = first; d < first + size; d += 1) if (wanted.has(weekdayOf(d))) matches.push(d);
          day =
            pattern.index === 'last' ? matches[matches.length - 1] : matches[indexes.indexOf(pattern.index)];
        }
        if (
          day !== undefined &&
          day >= start &&
          day <= last &&
          day >= (range.type === 'numbered' ? start : skipTo - 31)
        )
          out.push(day);
        const next = month - 1 + step;
        year += Math.floor(next / 12);
        month = (next % 12) + 1;
      }
      break;
    }
  }
  return out;
}

/** The same as occurrenceDays, as yyyy-MM-dd strings (for tests and exception keys). */
export function occurrenceDates(recurrence: Recurrence, untilDate: string): string[] {
  return occurrenceDays(recurrence, epochDayOf(untilDate)).map(isoDateOf);
}

export interface ExpandedOccurrence {
  /** The occurrence's original local date (the key used for occurrence ids and exceptions). */
  date: string;
  startMs: number;
  endMs: number;
}

export interface SeriesStart {
  /** The first occurrence's start instant. */
  startMs: number;
  /** IANA zone of the event's start time zone. */
  zone: string;
}

function seriesZone(recurrence: Recurrence, start: SeriesStart): string {
  return toIana(recurrence.range.recurrenceTimeZone) ?? start.zone;
}

/**
 * Expands a series into concrete instants overlapping [windowStartMs, windowEndMs). Each occurrence keeps the series'
 * local wall-clock start time in its time zone, so a 10:00 meeting stays at 10:00 across a DST change.
 */
export function expandSeries(
  recurrence: Recurrence,
  start: SeriesStart,
  durationMs: number,
  windowStartMs: number,
  windowEndMs: number,
): ExpandedOccurrence[] {
  const zone = seriesZone(recurrence, start);
  const local = utcToLocal(zone, start.startMs);
  // Local days can differ from UTC days by up to ±14 hours; a day of margin on each side covers every zone.
  const fromDay = Math.floor((windowStartMs - durationMs) / dayMs) - 1;
  const untilDay = Math.floor(windowEndMs / dayMs) + 1;
  const out: ExpandedOccurrence[] = [];
  for (const day of occurrenceDays(recurrence, untilDay, fromDay)) {
    const startMs = localToUtc(zone, day, local.hour, local.minute, local.second);
    const endMs = startMs + durationMs;
    if (endMs > windowStartMs && startMs < windowEndMs) out.push({ date: isoDateOf(day), startMs, endMs });
  }
  return out;
}

/** The instant after which a series has no more occurrences (Infinity for noEnd). */
export function seriesEndMs(recurrence: Recurrence, start: SeriesStart, durationMs: number): number {
  if (recurrence.range.type === 'noEnd') return Number.POSITIVE_INFINITY;
  if (recurrence.range.type === 'endDate')
    return (epochDayOf(recurrence.range.endDate) + 2) * dayMs + durationMs;
  const days = occurrenceDays(recurrence, Number.MAX_SAFE_INTEGER);
  const lastDay = days[days.length - 1];
  return lastDay === undefined ? start.startMs : (lastDay + 2) * dayMs + durationMs;
}

/** Whether a series has an occurrence on the given local date. */
export function occursOn(recurrence: Recurrence, date: string): boolean {
  const day = epochDayOf(date);
  return occurrenceDays(recurrence, day, day).includes(day);
}
