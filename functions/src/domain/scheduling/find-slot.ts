import { DateTime, type Zone } from 'luxon';

import {
  MONTHLY_INDEXES,
  type MonthlyIndex,
  type Occurrence,
  occurrenceDates,
  occurrencesAt,
  patternFor,
  type SeriesPattern,
} from './occurrences';
import { offsetMinutesAt, toZone } from './time-zones';
import {
  blocksSession,
  type BusyInterval,
  type Cadence,
  TIME_OF_DAY_RANGES,
  type TimeOfDay,
  type TimeZoneSpec,
  type Weekday,
  weekdayFromIso,
  WEEKDAYS,
  type WorkingHours,
} from './types';

/** One side of a pairing, as slot finding needs it. */
export interface SchedulingPerson {
  id: string;
  /** Mailbox time zone; "humane hours" are judged in it. */
  timeZone: TimeZoneSpec;
  /** From getSchedule / mailboxSettings; Graph's default (Mon–Fri 08:00–17:00 in `timeZone`) if absent. */
  workingHours?: WorkingHours;
  /** Intervals from the person's free/busy; statuses that block are decided by `blocksSession`. */
  busy: readonly BusyInterval[];
  /** The window the free/busy covers; occurrences outside it are not counted as checked. */
  knownWindow?: { start: number; end: number };
  preferredDays?: readonly Weekday[];
  preferredTimesOfDay?: readonly TimeOfDay[];
}

export interface SlotPolicy {
  /** Occurrences to check against free/busy (issue 6: 6). */
  occurrencesToCheck: number;
  /** Candidate start times are on this grid of the organizer's local clock. */
  stepMinutes: number;
  /** Humane bounds, local to each person: no start before, no end after. */
  earliestStartMinutes: number;
  latestEndMinutes: number;
  /** Below this share of usable checked occurrences there is no common slot. */
  minUsableRatio: number;
  /** Soft-score points lost per booking already at the same hour in the load counters. */
  loadWeight: number;
}

export const DEFAULT_SLOT_POLICY: SlotPolicy = {
  occurrencesToCheck: 6,
  stepMinutes: 30,
  earliestStartMinutes: 8 * 60,
  latestEndMinutes: 18 * 60,
  minUsableRatio: 0.5,
  loadWeight: 2,
};

export interface SlotSearchInput {
  organizer: SchedulingPerson;
  attendee: SchedulingPerson;
  /**
   * Further attendees of a group (a triad has one more). Every attendee counts exactly like `attendee`: inside their
   * working hours, humane on their own clock, free; comfort and preferences are summed over everyone.
   */
  moreAttendees?: readonly SchedulingPerson[];
  cadence: Cadence;
  durationMinutes: number;
  /** The round in the organizer's local dates: the first day a session may be held, and the round's last day. */
  round: { firstDate: string; lastDate: string };
  /**
   * Bookings already placed per load key (see `loadKeyOf`), one map per group the pair belongs to (e.g. each
   * person's manager's team). The sum is the penalty: a team is spread over hours instead of stacked on one.
   */
  load?: readonly ReadonlyMap<string, number>[];
  /**
   * First sessions (instants) of series a member declined: the same weekly time on the organizer's clock (day
   * and start) is not proposed again, so a re-booking does not land where the peer already said no.
   */
  avoid?: readonly number[];
  policy?: Partial<SlotPolicy>;
}

export interface LocalTime {
  weekday: Weekday;
  startMinutes: number;
}

export interface CheckedOccurrence extends Occurrence {
  insideWorkingHours: boolean;
  free: boolean;
  usable: boolean;
}

export interface RankedSlot {
  pattern: SeriesPattern;
  /** Organizer-local start, minutes after midnight; the series is defined in the organizer's zone. */
  startMinutes: number;
  durationMinutes: number;
  firstOccurrence: Occurrence;
  checked: number;
  usable: number;
  /** Local day and time of the first occurrence for each person (attendee's may shift with DST). */
  organizerLocal: LocalTime;
  /** The first attendee's (`attendee`); `attendeesLocal` has every attendee's, in input order. */
  attendeeLocal: LocalTime;
  attendeesLocal: LocalTime[];
  preferencesMet: number;
  comfort: number;
  loadPenalty: number;
  loadKey: string;
  occurrences: CheckedOccurrence[];
}

export type NoSlotReason =
  'unknown-time-zone' | 'round-too-short' | 'no-working-hours-overlap' | 'calendars-full';

export type SlotDecision =
  | { kind: 'slot'; organizerZone: string; best: RankedSlot; alternatives: RankedSlot[] }
  | { kind: 'no-slot'; reason: NoSlotReason; message: string; bestUsable?: number; checked?: number };

interface ResolvedPerson {
  person: SchedulingPerson;
  zone: Zone;
  hours: WorkingHours;
  hoursZone: Zone;
  blocking: BusyInterval[];
}

const DEFAULT_DAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

function resolve(person: SchedulingPerson): ResolvedPerson | undefined {
  const zone = toZone(person.timeZone);
  if (!zone) return undefined;
  const hours: WorkingHours = person.workingHours ?? {
    daysOfWeek: DEFAULT_DAYS,
    startMinutes: 8 * 60,
    endMinutes: 17 * 60,
    timeZone: person.timeZone,
  };
  const hoursZone = toZone(hours.timeZone) ?? zone;
  const blocking = person.busy
    .filter((interval) => blocksSession(interval.status) && interval.end > interval.start)
    .map((interval) => ({ ...interval }))
    .sort((a, b) => a.start - b.start);
  // Merge overlaps so one binary search answers "is [s, e) free?".
  const merged: BusyInterval[] = [];
  for (const interval of blocking) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push(interval);
  }
  return { person, zone, hours, hoursZone, blocking: merged };
}

function isFree(blocking: readonly BusyInterval[], start: number, end: number): boolean {
  let lo = 0;
  let hi = blocking.length;
  // First interval ending after `start`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((blocking[mid]?.end ?? 0) <= start) lo = mid + 1;
    else hi = mid;
  }
  const candidate = blocking[lo];
  return !candidate || candidate.start >= end;
}

const DAY = 24 * 60 * 60_000;

function localTime(instant: number, zone: Zone): { weekday: Weekday; minutes: number; day: number } {
  const local = instant + offsetMinutesAt(zone, instant) * 60_000;
  const day = Math.floor(local / DAY);
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return {
    weekday: weekdayFromIso(((((day + 3) % 7) + 7) % 7) + 1),
    minutes: Math.floor((local - day * DAY) / 60_000),
    day,
  };
}

function insideHours(p: ResolvedPerson, start: number, end: number): boolean {
  const s = localTime(start, p.hoursZone);
  const e = localTime(end, p.hoursZone);
  if (!p.hours.daysOfWeek.includes(s.weekday)) return false;
  // A session never spans local midnight in working hours.
  if (s.day !== e.day && e.minutes !== 0) return false;
  const endMinutes = s.day === e.day ? e.minutes : 24 * 60;
  return s.minutes >= p.hours.startMinutes && endMinutes <= p.hours.endMinutes;
}

function humane(p: ResolvedPerson, start: number, durationMinutes: number, policy: SlotPolicy): boolean {
  const s = localTime(start, p.zone);
  return s.minutes >= policy.earliestStartMinutes && s.minutes + durationMinutes <= policy.latestEndMinutes;
}

function knows(p: ResolvedPerson, start: number, end: number): boolean {
  const window = p.person.knownWindow;
  return !window || (start >= window.start && end <= window.end);
}

/**
 * How comfortable a local start time is: mid-morning and early afternoon best, lunch and the edges of the
 * working day worse. Integers so ties stay exact.
 */
function comfortOf(p: ResolvedPerson, start: number, durationMinutes: number): number {
  const { minutes } = localTime(start, p.zone);
  let score: number;
  if (
    (minutes >= 9 * 60 + 30 && minutes + durationMinutes <= 11 * 60 + 30) ||
    (minutes >= 13 * 60 + 30 && minutes + durationMinutes <= 15 * 60 + 30)
  )
    score = 4;
  else if (minutes >= 9 * 60 && minutes + durationMinutes <= 16 * 60 + 30) score = 2;
  else score = 0;
  const h = localTime(start, p.hoursZone).minutes;
  if (h - p.hours.startMinutes < 30 || p.hours.endMinutes - (h + durationMinutes) < 30) score -= 1;
  return score;
}

function preferencesOf(p: ResolvedPerson, start: number): number {
  const local = localTime(start, p.zone);
  let met = 0;
  const days = p.person.preferredDays;
  if (days && days.length > 0 && days.includes(local.weekday)) met += 1;
  const times = p.person.preferredTimesOfDay;
  if (
    times &&
    times.length > 0 &&
    times.some((t) => local.minutes >= TIME_OF_DAY_RANGES[t][0] && local.minutes < TIME_OF_DAY_RANGES[t][1])
  )
    met += 1;
  return met;
}

/** The key a booking occupies in load counters: UTC weekday and hour of its first occurrence. */
export function loadKeyOf(firstOccurrenceStart: number): string {
  const utc = DateTime.fromMillis(firstOccurrenceStart, { zone: 'utc' });
  return `${weekdayFromIso(utc.weekday)}T${String(utc.hour).padStart(2, '0')}Z`;
}

/** A new counter map with one more booking at `key` (pure: the input is not changed). */
export function withLoad(counts: ReadonlyMap<string, number>, key: string): Map<string, number> {
  const next = new Map(counts);
  next.set(key, (next.get(key) ?? 0) + 1);
  return next;
}

function compareRanked(a: RankedSlot, b: RankedSlot): number {
  const softA = a.preferencesMet * 10 + a.comfort - a.loadPenalty;
  const softB = b.preferencesMet * 10 + b.comfort - b.loadPenalty;
  return (
    b.usable - a.usable ||
    softB - softA ||
    a.firstOccurrence.start - b.firstOccurrence.start ||
    WEEKDAYS.indexOf(a.organizerLocal.weekday) - WEEKDAYS.indexOf(b.organizerLocal.weekday) ||
    a.startMinutes - b.startMinutes
  );
}

/**
 * Finds the weekly (or monthly) slot for a pairing or a group of three: free for everyone on the most of the first
 * N occurrences, inside everyone's working days at a humane local hour, then by preferences, comfort and team load; ties broken by
 * the earliest first session, then day and time. Pure and deterministic.
 */
export function findBestSlot(input: SlotSearchInput): SlotDecision {
  const policy: SlotPolicy = { ...DEFAULT_SLOT_POLICY, ...input.policy };
  const organizer = resolve(input.organizer);
  const resolvedAttendees = [input.attendee, ...(input.moreAttendees ?? [])].map(resolve);
  const attendees = resolvedAttendees.filter((p): p is ResolvedPerson => p !== undefined);
  if (!organizer || attendees.length !== resolvedAttendees.length) {
    return {
      kind: 'no-slot',
      reason: 'unknown-time-zone',
      message: `The time zone of ${organizer ? (resolvedAttendees.length > 1 ? 'an attendee' : 'the attendee') : 'the organizer'} is not known.`,
    };
  }
  // Organizer first: the checks below run per occurrence, and the organizer's own clock rejects most candidates.
  const everyone = [organizer, ...attendees];
  const group = everyone.length > 2;
  const indexes: readonly (MonthlyIndex | undefined)[] =
    input.cadence === 'monthly' ? MONTHLY_INDEXES.filter((i) => i !== 'last') : [undefined];
  const ranked: RankedSlot[] = [];
  let anyOccurrence = false;
  let anyInsideHours = false;
  const duration = input.durationMinutes;

  // Cheap pre-filters on the organizer's own clock (the series is defined in it): humane hours always, and
  // working days when the working hours are kept in the mailbox zone (then no DST offset can move the day).
  const sameZone = organizer.hoursZone.equals(organizer.zone);
  const declined = new Set(
    (input.avoid ?? []).map((instant) => {
      const local = localTime(instant, organizer.zone);
      return `${local.weekday}.${local.minutes}`;
    }),
  );
  for (const weekday of WEEKDAYS) {
    if (sameZone && !organizer.hours.daysOfWeek.includes(weekday)) continue;
    for (const index of indexes) {
      const pattern = patternFor(input.cadence, weekday, index);
      // The dates do not depend on the time of day: expand them once per pattern.
      const dates = occurrenceDates(
        pattern,
        input.round.firstDate,
        input.round.lastDate,
        policy.occurrencesToCheck,
      );
      for (let startMinutes = 0; startMinutes + duration <= 24 * 60; startMinutes += policy.stepMinutes) {
        if (startMinutes < policy.earliestStartMinutes || startMinutes + duration > policy.latestEndMinutes)
          continue;
        if (declined.has(`${weekday}.${startMinutes}`)) continue;
        const occurrences = occurrencesAt(dates, startMinutes, duration, organizer.zone);
        const first = occurrences[0];
        if (!first) continue;
        anyOccurrence = true;
        // The organizer's clock must show the intended time (a DST gap moves it; skip such candidates).
        if (localTime(first.start, organizer.zone).minutes !== startMinutes) continue;
        const known: boolean[] = [];
        const checkedOccurrences: CheckedOccurrence[] = occurrences.map((o) => {
          const insideWorkingHours = everyone.every(
            (p) => insideHours(p, o.start, o.end) && humane(p, o.start, duration, policy),
          );
          const free = everyone.every((p) => isFree(p.blocking, o.start, o.end));
          const isKnown = everyone.every((p) => knows(p, o.start, o.end));
          known.push(isKnown);
          return { ...o, insideWorkingHours, free, usable: insideWorkingHours && free && isKnown };
        });
        if (!checkedOccurrences.some((o) => o.insideWorkingHours)) continue;
        anyInsideHours = true;
        const checked = known.filter(Boolean).length;
        const usable = checkedOccurrences.filter((o) => o.usable).length;
        const key = loadKeyOf(first.start);
        const attendeesLocal = attendees.map((p): LocalTime => {
          const local = localTime(first.start, p.zone);
          return { weekday: local.weekday, startMinutes: local.minutes };
        });
        ranked.push({
          pattern,
          startMinutes,
          durationMinutes: duration,
          firstOccurrence: first,
          checked,
          usable,
          organizerLocal: { weekday, startMinutes },
          attendeeLocal: attendeesLocal[0]!,
          attendeesLocal,
          preferencesMet: everyone.reduce((sum, p) => sum + preferencesOf(p, first.start), 0),
          comfort: everyone.reduce((sum, p) => sum + comfortOf(p, first.start, duration), 0),
          loadPenalty:
            policy.loadWeight * (input.load ?? []).reduce((sum, counts) => sum + (counts.get(key) ?? 0), 0),
          loadKey: key,
          occurrences: checkedOccurrences,
        });
      }
    }
  }

  if (!anyOccurrence) {
    return {
      kind: 'no-slot',
      reason: 'round-too-short',
      message: 'The round has no day left for a session at this cadence.',
    };
  }
  if (!anyInsideHours) {
    return {
      kind: 'no-slot',
      reason: 'no-working-hours-overlap',
      message: group
        ? 'Their working hours never overlap at a humane hour for all of them, so no session time fits.'
        : 'Their working hours never overlap at a humane hour for both, so no session time fits.',
    };
  }
  ranked.sort(compareRanked);
  const best = ranked[0];
  const checked = best ? Math.max(best.checked, 1) : 1;
  if (!best || best.usable === 0 || best.usable / checked < policy.minUsableRatio) {
    return {
      kind: 'no-slot',
      reason: 'calendars-full',
      message: `No time inside ${group ? 'everyone’s' : 'both'} working days is free for ${group ? 'all of them' : 'both'} on enough sessions (best: ${best?.usable ?? 0} of ${best?.checked ?? 0}).`,
      bestUsable: best?.usable ?? 0,
      checked: best?.checked ?? 0,
    };
  }
  return { kind: 'slot', organizerZone: organizer.zone.name, best, alternatives: ranked.slice(1, 6) };
}
