/**
 * The scheduling vocabulary. Pure data: no Graph DTOs, no SDK types. Instants are epoch milliseconds (UTC);
 * local dates are ISO `yyyy-MM-dd`; local times are minutes after local midnight.
 */

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** ISO weekday number (Monday = 1 … Sunday = 7), the numbering luxon uses. */
export function isoWeekday(day: Weekday): number {
  return WEEKDAYS.indexOf(day) + 1;
}

export function weekdayFromIso(n: number): Weekday {
  const day = WEEKDAYS[(((n - 1) % 7) + 7) % 7];
  if (!day) throw new Error(`Not an ISO weekday: ${n}`);
  return day;
}

export type Cadence = 'weekly' | 'biweekly' | 'monthly';

/** Preferred part of the day, in the person's own time zone. */
export type TimeOfDay = 'morning' | 'midday' | 'afternoon';

/** Local-minute ranges for each part of the day (start inclusive, end exclusive, on the session's start). */
export const TIME_OF_DAY_RANGES: Readonly<Record<TimeOfDay, readonly [number, number]>> = {
  morning: [8 * 60, 12 * 60],
  midday: [11 * 60, 14 * 60],
  afternoon: [13 * 60, 18 * 60],
};

/** A rule for one daylight-saving transition of a custom (non-named) Windows time zone. */
export interface TransitionRule {
  /** 1–12 */
  month: number;
  /** 1–4, or 5 for "the last one in the month". */
  dayOccurrence: number;
  dayOfWeek: Weekday;
  /** Local wall-clock minutes after midnight at which the transition happens. */
  minutes: number;
}

/**
 * A time zone as Graph may report it: a Windows or IANA name, or a custom zone given by its bias and rules
 * (`#microsoft.graph.customTimeZone`). Resolved to something luxon can compute with by `toZone`.
 */
export type TimeZoneSpec =
  | { kind: 'named'; name: string }
  | {
      kind: 'custom';
      name?: string;
      /** Minutes to add to local time to get UTC (Windows convention: UTC = local + bias). */
      bias: number;
      standard?: TransitionRule;
      daylight?: TransitionRule & { daylightBias: number };
    };

export interface WorkingHours {
  daysOfWeek: readonly Weekday[];
  /** Local minutes after midnight. */
  startMinutes: number;
  endMinutes: number;
  /** The zone the working hours are expressed in (may differ from the mailbox zone). */
  timeZone: TimeZoneSpec;
}

/** What a calendar says about a span of time. */
export type FreeBusyStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';

export interface BusyInterval {
  start: number;
  end: number;
  status: FreeBusyStatus;
}

/** One person's availability over a window, as the domain sees it (mapped from getSchedule at the edge). */
export interface Availability {
  /** Mailbox address the schedule belongs to. */
  mailbox: string;
  window: { start: number; end: number };
  intervals: readonly BusyInterval[];
  workingHours?: WorkingHours;
  /** Set when the calendar could not be read (unknown mailbox, no permission): treat the person as unknown. */
  error?: string;
}

/** Statuses that block a session: tentative and out-of-office count as busy (issue 6). */
export function blocksSession(status: FreeBusyStatus): boolean {
  return status === 'busy' || status === 'tentative' || status === 'oof' || status === 'unknown';
}
