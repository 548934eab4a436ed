import { DateTime } from 'luxon';

import { type PairingReason } from '../../contracts/common';
import { type TextLocale } from '../texts';
import {
  bookingMarkerValue,
  buildSeriesEvent,
  type EventPerson,
  type SeriesEventRequest,
} from './event-body';
import { findBestSlot, type RankedSlot, type SchedulingPerson, type SlotPolicy } from './find-slot';
import { chooseOrganizerAmong, type OrganizerPolicy } from './organizer';
import { toZone } from './time-zones';
import { bookingTransactionId } from './transaction-id';
import {
  type Availability,
  type Cadence,
  type TimeOfDay,
  type TimeZoneSpec,
  type Weekday,
  type WorkingHours,
} from './types';

/**
 * Books a set of pairings (and groups: triads, peer circles) together: one free/busy read for all their mailboxes, slot finding pairing by pairing
 * (so team load spreads as bookings accumulate), then one batched "ensure series" for all of them. The ports are
 * declared here, where they are used; the Graph adapters in adapters/graph/calendar satisfy them.
 */
export interface FreeBusyPort {
  readAvailability(request: {
    mailboxes: readonly string[];
    window: { start: number; end: number };
    /** Object ids by lower-cased mailbox: calls are addressed by id, and one unreachable person spoils no other. */
    ids?: ReadonlyMap<string, string>;
  }): Promise<Map<string, Availability>>;
}

export interface SeriesRef {
  eventId: string;
  iCalUId?: string;
  joinUrl?: string;
  onlineMeetingMissing: boolean;
  existing: boolean;
}

export type EnsureOutcome =
  | { kind: 'created'; series: SeriesRef }
  | { kind: 'failed'; error: { kind: string; code: string; message: string }; retryable: boolean };

export interface CalendarPort {
  ensureSeriesMany(
    items: ReadonlyArray<{
      key: string;
      /** The organizer's object id. */
      organizer: string;
      event: SeriesEventRequest;
      markerValue: string;
      mayExist: boolean;
    }>,
  ): Promise<Map<string, EnsureOutcome>>;
}

export interface BookingPerson {
  id: string;
  mailbox: string;
  displayName: string;
  level?: number;
  /** Mailbox time zone (Windows or IANA name, from the directory sync); getSchedule's working hours win. */
  timeZone: string;
  workingHours?: WorkingHours;
  preferredDays?: readonly Weekday[];
  preferredTimesOfDay?: readonly TimeOfDay[];
  /** Load groups the person belongs to (e.g. `manager:<id>`): bookings are spread across hours per group. */
  loadGroups?: readonly string[];
  /** The language they read the invitation in (domain/texts `localeFor`); English when not given. */
  locale?: TextLocale;
}

export interface BookingRequest {
  tenantId: string;
  pairingId: string;
  attempt: number;
  /** True when an earlier attempt may have reached Graph (see EnsureSeriesItem.mayExist). */
  mayExist: boolean;
  /** A pair, or a group (a triad, a peer circle): one series on the organizer's calendar, everyone else invited. */
  people: readonly [BookingPerson, BookingPerson, ...BookingPerson[]];
  cadence: Cadence;
  durationMinutes: number;
  /** The round as instants: sessions from `start` (or `notBefore`, if later) to `end`. */
  round: { start: number; end: number };
  program: {
    name: string;
    subjectTemplate?: string;
    bodyTemplate?: string;
    allowNewTimeProposals: boolean;
    organizerPolicy?: OrganizerPolicy;
  };
  reasons: readonly PairingReason[];
  tabDeepLink: string;
  /** First sessions (ISO instants) of earlier series a member declined: that weekly time is not booked again. */
  declinedFirstSessions?: readonly string[];
}

export type BookingResult =
  | {
      kind: 'booked';
      pairingId: string;
      organizerId: string;
      /** The first attendee; `attendeeIds` lists every attendee (two in a triad, all but one in a circle). */
      attendeeId: string;
      attendeeIds: string[];
      transactionId: string;
      series: SeriesRef;
      slot: RankedSlot;
      organizerZone: string;
      /** Recorded on the pairing: booked, but the Teams link did not come back. */
      degraded?: 'no-join-url';
    }
  | {
      kind: 'needs-attention';
      pairingId: string;
      reason: string;
      message: string;
      /** The numbers an admin's wording of `reason` needs (calendars-full: usable, checked). */
      params?: Record<string, number>;
    }
  | { kind: 'retry-later'; pairingId: string; reason: string; message: string };

export interface BookOptions {
  /** Earliest instant a session may start (e.g. now + one day, so nobody is booked for this afternoon). */
  notBefore: number;
  slotPolicy?: Partial<SlotPolicy>;
  /** Counters per load group, updated in place as bookings are decided (the caller may persist them). */
  load?: Map<string, Map<string, number>>;
}

const DAY = 24 * 60 * 60_000;

/** How far ahead free/busy must reach to cover the first N occurrences of a cadence. */
export function freeBusyHorizonMs(cadence: Cadence, occurrences: number): number {
  const perOccurrence = cadence === 'weekly' ? 7 : cadence === 'biweekly' ? 14 : 35;
  return (occurrences * perOccurrence + 7) * DAY;
}

function transientError(error: string): boolean {
  return /^(429|503|504)\b|timeout|network|no-response/.test(error);
}

function localDate(instant: number, spec: TimeZoneSpec): string | undefined {
  const zone = toZone(spec);
  return zone ? (DateTime.fromMillis(instant, { zone }).toISODate() ?? undefined) : undefined;
}

function eventPerson(p: BookingPerson): EventPerson {
  return { mailbox: p.mailbox, displayName: p.displayName, ...(p.locale ? { locale: p.locale } : {}) };
}

/** A person with what their calendar says: getSchedule's working hours win over the directory's. */
export function toSchedulingPerson(
  p: Omit<BookingPerson, 'mailbox'>,
  a: Availability | undefined,
): SchedulingPerson {
  const workingHours = a?.workingHours ?? p.workingHours;
  return {
    id: p.id,
    timeZone: { kind: 'named', name: p.timeZone },
    ...(workingHours ? { workingHours } : {}),
    busy: a?.intervals ?? [],
    ...(a ? { knownWindow: a.window } : {}),
    ...(p.preferredDays?.length ? { preferredDays: p.preferredDays } : {}),
    ...(p.preferredTimesOfDay?.length ? { preferredTimesOfDay: p.preferredTimesOfDay } : {}),
  };
}

export async function bookPairings(
  requests: readonly BookingRequest[],
  ports: { freeBusy: FreeBusyPort; calendar: CalendarPort },
  options: BookOptions,
): Promise<BookingResult[]> {
  const sorted = [...requests].sort((a, b) =>
    a.pairingId < b.pairingId ? -1 : a.pairingId > b.pairingId ? 1 : 0,
  );
  if (sorted.length === 0) return [];
  const occurrences = options.slotPolicy?.occurrencesToCheck ?? 6;
  const windowStart = Math.min(...sorted.map((r) => Math.max(r.round.start, options.notBefore)));
  const windowEnd = Math.max(
    ...sorted.map((r) =>
      Math.min(
        r.round.end,
        Math.max(r.round.start, options.notBefore) + freeBusyHorizonMs(r.cadence, occurrences),
      ),
    ),
  );
  const mailboxes = sorted.flatMap((r) => r.people.map((p) => p.mailbox.toLowerCase()));
  const availability =
    windowEnd > windowStart
      ? await ports.freeBusy.readAvailability({
          mailboxes,
          window: { start: windowStart, end: windowEnd },
          ids: new Map(sorted.flatMap((r) => r.people.map((p) => [p.mailbox.toLowerCase(), p.id] as const))),
        })
      : new Map<string, Availability>();
  const load = options.load ?? new Map<string, Map<string, number>>();

  const results = new Map<string, BookingResult>();
  const toEnsure: Array<{
    request: BookingRequest;
    organizer: BookingPerson;
    attendees: readonly [BookingPerson, ...BookingPerson[]];
    slot: RankedSlot;
    zone: string;
    event: SeriesEventRequest;
  }> = [];
  for (const request of sorted) {
    const { organizer, attendees } = chooseOrganizerAmong(request.people, request.program.organizerPolicy);
    const [attendee, ...moreAttendees] = attendees;
    const unreadable = [organizer, ...attendees]
      .map((p) => availability.get(p.mailbox.toLowerCase()))
      .find((a) => !a || a.error);
    if (unreadable || availability.size === 0) {
      const error = unreadable?.error ?? 'no-free-busy';
      const result: BookingResult = transientError(error)
        ? {
            kind: 'retry-later',
            pairingId: request.pairingId,
            reason: 'free-busy-unavailable',
            message: 'Free/busy could not be read right now.',
          }
        : {
            kind: 'needs-attention',
            pairingId: request.pairingId,
            reason: 'calendar-unreadable',
            message: `A calendar could not be read (${error}).`,
          };
      results.set(request.pairingId, result);
      continue;
    }
    const toPerson = (p: BookingPerson) => toSchedulingPerson(p, availability.get(p.mailbox.toLowerCase()));
    const organizerPerson = toPerson(organizer);
    const firstDate = localDate(Math.max(request.round.start, options.notBefore), organizerPerson.timeZone);
    const lastDate = localDate(request.round.end, organizerPerson.timeZone);
    const groups = [...new Set([organizer, ...attendees].flatMap((p) => p.loadGroups ?? []))].sort();
    const decision =
      firstDate && lastDate
        ? findBestSlot({
            organizer: organizerPerson,
            attendee: toPerson(attendee),
            ...(moreAttendees.length > 0 ? { moreAttendees: moreAttendees.map(toPerson) } : {}),
            cadence: request.cadence,
            durationMinutes: request.durationMinutes,
            round: { firstDate, lastDate },
            load: groups.map((g) => load.get(g) ?? new Map<string, number>()),
            avoid: (request.declinedFirstSessions ?? [])
              .map((iso) => Date.parse(iso))
              .filter(Number.isFinite),
            ...(options.slotPolicy ? { policy: options.slotPolicy } : {}),
          })
        : ({
            kind: 'no-slot',
            reason: 'unknown-time-zone',
            message: 'The organizer’s time zone is not known.',
          } as const);
    if (decision.kind === 'no-slot') {
      results.set(request.pairingId, {
        kind: 'needs-attention',
        pairingId: request.pairingId,
        reason: decision.reason,
        message: decision.message,
        ...('bestUsable' in decision && decision.bestUsable !== undefined && decision.checked !== undefined
          ? { params: { usable: decision.bestUsable, checked: decision.checked } }
          : {}),
      });
      continue;
    }
    for (const group of groups) {
      const counts = load.get(group) ?? new Map<string, number>();
      counts.set(decision.best.loadKey, (counts.get(decision.best.loadKey) ?? 0) + 1);
      load.set(group, counts);
    }
    const event = buildSeriesEvent({
      tenantId: request.tenantId,
      pairingId: request.pairingId,
      attempt: request.attempt,
      organizer: eventPerson(organizer),
      attendee: eventPerson(attendee),
      ...(moreAttendees.length > 0 ? { moreAttendees: moreAttendees.map(eventPerson) } : {}),
      program: request.program,
      reasons: request.reasons,
      memberNames: new Map(request.people.map((p) => [p.id, p.displayName])),
      tabDeepLink: request.tabDeepLink,
      pattern: decision.best.pattern,
      startMinutes: decision.best.startMinutes,
      durationMinutes: request.durationMinutes,
      firstDate: decision.best.firstOccurrence.localDate,
      lastDate: lastDate ?? decision.best.firstOccurrence.localDate,
      organizerZone: decision.organizerZone,
    });
    toEnsure.push({
      request,
      organizer,
      attendees,
      slot: decision.best,
      zone: decision.organizerZone,
      event,
    });
  }

  if (toEnsure.length > 0) {
    const outcomes = await ports.calendar.ensureSeriesMany(
      toEnsure.map((t) => ({
        key: t.request.pairingId,
        // Calendars are addressed by object id: a person's UPN and SMTP address may differ.
        organizer: t.organizer.id,
        event: t.event,
        markerValue: bookingMarkerValue(t.request.tenantId, t.request.pairingId),
        mayExist: t.request.mayExist,
      })),
    );
    for (const t of toEnsure) {
      const id = t.request.pairingId;
      const outcome = outcomes.get(id);
      if (outcome?.kind === 'created') {
        results.set(id, {
          kind: 'booked',
          pairingId: id,
          organizerId: t.organizer.id,
          attendeeId: t.attendees[0].id,
          attendeeIds: t.attendees.map((p) => p.id),
          transactionId: bookingTransactionId(t.request.tenantId, id, t.request.attempt),
          series: outcome.series,
          slot: t.slot,
          organizerZone: t.zone,
          ...(outcome.series.onlineMeetingMissing ? { degraded: 'no-join-url' as const } : {}),
        });
      } else if (!outcome || outcome.retryable) {
        results.set(id, {
          kind: 'retry-later',
          pairingId: id,
          reason: outcome?.error.code ?? 'no-outcome',
          message: outcome?.error.message ?? 'No answer for this pairing.',
        });
      } else {
        results.set(id, {
          kind: 'needs-attention',
          pairingId: id,
          reason: outcome.error.code,
          message: outcome.error.message,
        });
      }
    }
  }
  return sorted.map((r) => results.get(r.pairingId)!);
}
