import { DateTime } from 'luxon';

import { type SuggestedSlot } from '../../contracts/employee';
import { AppError, conflict } from '../../errors';
import { type PairingDocument } from '../model';
import {
  type Availability,
  buildSeriesEvent,
  DEFAULT_SLOT_POLICY,
  findBestSlot,
  freeBusyHorizonMs,
  type RankedSlot,
  type SeriesPattern,
  toZone,
} from '../scheduling';
import { type BookingPerson, toSchedulingPerson } from '../scheduling/book-pairings';

/**
 * "Reschedule (pick among suggested slots)": the same slot finding the booking worker uses (findBestSlot), run for
 * the series' organizer and attendee(s), minus the slot the series is in now. Pure: the caller reads free/busy and
 * moves the series. A slot's id encodes the weekly pattern, start and first date; the server recomputes the list
 * on POST and only accepts an id that is in it, so a client can never move a series to a time of its choosing.
 */

export const MAX_SUGGESTED_SLOTS = 3;
const DAY_MS = 24 * 60 * 60_000;

/** A member with their mailbox, as booking computes slots for them (`schedulingMemberOf` + the mailbox). */
export type ReschedulePerson = BookingPerson;

export interface SlotComputation {
  organizerZone: string;
  /** The round's last day in the organizer's zone (the series keeps ending with the round). */
  lastDate: string;
  slots: Array<{ id: string; ranked: RankedSlot }>;
}

/** Throws 409 unless the pairing (or group of three) has a booked series that can be moved. */
export function assertReschedulable(
  pairing: PairingDocument,
  now: Date,
): { organizerId: string; eventId: string; attendeeId: string; attendeeIds: [string, ...string[]] } {
  if (pairing.state !== 'booked' && pairing.state !== 'active') {
    throw conflict(
      'Only a booked pairing can be rescheduled; this one has no sessions on the calendar yet or has ended.',
    );
  }
  if (pairing.endRequested) throw conflict('This pairing is ending, so its sessions cannot be rescheduled.');
  const eventId = pairing.series?.eventId;
  if (!pairing.series || !eventId) throw conflict('This pairing has no calendar series to reschedule.');
  if (pairing.members.length !== 2 && pairing.members.length !== 3)
    throw conflict('Only a pair or a group of three can be rescheduled here.');
  // Moving a series' start rewrites it, and past occurrences would leave both calendars; once sessions were held,
  // a new time means ending this series and booking a new one, which is the admin's re-pair/retry path.
  const first = pairing.series.firstOccurrence;
  if (pairing.state === 'active' || (first !== null && Date.parse(first) <= now.getTime())) {
    throw conflict(
      'Your sessions have already started, so the series cannot be moved without losing past sessions. Propose a new time for a single session in Outlook, or ask your program admin to re-book.',
    );
  }
  const organizerId = pairing.series.organizerId;
  const [attendee, ...more] = pairing.memberIds.filter((id) => id !== organizerId);
  if (!attendee || !pairing.memberIds.includes(organizerId))
    throw conflict('This pairing’s series has no organizer among its members.');
  return { organizerId, eventId, attendeeId: attendee, attendeeIds: [attendee, ...more] };
}

/** The free/busy window the suggestions need: from tomorrow (or the round's start) for N occurrences. */
export function availabilityWindow(pairing: PairingDocument, now: Date): { start: number; end: number } {
  const roundStart = Date.parse(`${pairing.startsOn}T00:00:00Z`);
  const roundEnd = Date.parse(`${pairing.endsOn}T23:59:59Z`);
  const start = Math.max(roundStart, now.getTime() + DAY_MS);
  return {
    start,
    end: Math.min(
      roundEnd,
      start + freeBusyHorizonMs(pairing.cadence, DEFAULT_SLOT_POLICY.occurrencesToCheck),
    ),
  };
}

export function slotIdOf(pattern: SeriesPattern, startMinutes: number, firstDate: string): string {
  const p = pattern.type === 'weekly' ? `w${pattern.interval}` : `m-${pattern.index}`;
  // Opaque to clients; readable in logs and tests. Validity comes from recomputing the list, not from the id.
  return `${p}.${pattern.dayOfWeek}.${startMinutes}.${firstDate}`;
}

/** Up to three usable slots, best first, not the series' current day and time (in the organizer's zone). */
export function suggestSlots(input: {
  pairing: PairingDocument;
  organizer: ReschedulePerson;
  attendee: ReschedulePerson;
  /** The third member of a group: the new time must suit everyone, as at booking. */
  moreAttendees?: readonly ReschedulePerson[];
  availability: ReadonlyMap<string, Availability>;
  now: Date;
}): SlotComputation {
  const { pairing } = input;
  const a = input.availability.get(input.organizer.mailbox.toLowerCase());
  const b = input.availability.get(input.attendee.mailbox.toLowerCase());
  const more = (input.moreAttendees ?? []).map((p) => input.availability.get(p.mailbox.toLowerCase()));
  const all = [a, b, ...more];
  const error = all.some((x) => !x) ? 'no-free-busy' : all.map((x) => x?.error).find((e) => e !== undefined);
  if (error !== undefined) {
    // Throttling and outages pass (503, retry); a calendar Graph refuses to show is a lasting conflict.
    if (/^(429|503|504)\b|timeout|network|no-response/.test(error)) {
      throw new AppError(
        'unavailable',
        'The calendars could not be read right now; try again in a few minutes.',
        { code: 'free_busy_unavailable', retryAfterSeconds: 30 },
      );
    }
    throw new AppError('conflict', 'A calendar could not be read, so no new time can be suggested.', {
      code: 'calendar_unreadable',
    });
  }
  const organizer = toSchedulingPerson(input.organizer, a);
  const zone = toZone(organizer.timeZone);
  if (!zone) throw conflict('The organizer’s time zone is not known, so no new time can be suggested.');
  const window = availabilityWindow(pairing, input.now);
  const firstDate = DateTime.fromMillis(window.start, { zone }).toISODate() ?? pairing.startsOn;
  // The series ends on the round's last day as stored (`series.until`), wherever the organizer is.
  const lastDate = pairing.series?.until ?? pairing.endsOn;
  if (window.end <= window.start) return { organizerZone: zone.name, lastDate, slots: [] };
  const decision = findBestSlot({
    organizer,
    attendee: toSchedulingPerson(input.attendee, b),
    ...(input.moreAttendees?.length
      ? { moreAttendees: input.moreAttendees.map((p, i) => toSchedulingPerson(p, more[i])) }
      : {}),
    cadence: pairing.cadence,
    durationMinutes: pairing.sessionMinutes,
    round: { firstDate, lastDate },
  });
  if (decision.kind === 'no-slot') return { organizerZone: zone.name, lastDate, slots: [] };
  const current = pairing.nextSession?.start ?? pairing.series?.firstOccurrence ?? null;
  const currentLocal = current ? DateTime.fromISO(current, { zone }) : null;
  const isCurrent = (slot: RankedSlot) =>
    currentLocal !== null &&
    slot.startMinutes === currentLocal.hour * 60 + currentLocal.minute &&
    DateTime.fromMillis(slot.firstOccurrence.start, { zone }).weekday === currentLocal.weekday;
  const slots = [decision.best, ...decision.alternatives]
    .filter(
      (slot) =>
        slot.usable > 0 &&
        slot.usable / Math.max(slot.checked, 1) >= DEFAULT_SLOT_POLICY.minUsableRatio &&
        !isCurrent(slot),
    )
    .slice(0, MAX_SUGGESTED_SLOTS)
    .map((ranked) => ({
      id: slotIdOf(ranked.pattern, ranked.startMinutes, ranked.firstOccurrence.localDate),
      ranked,
    }));
  return { organizerZone: decision.organizerZone, lastDate, slots };
}

/** A slot as the caller sees it: the next occurrence's instants, and weekday and clock time in their own zone. */
export function toSuggestedSlot(slot: { id: string; ranked: RankedSlot }, myTimeZone: string): SuggestedSlot {
  const zone = toZone({ kind: 'named', name: myTimeZone }) ?? toZone({ kind: 'named', name: 'UTC' })!;
  const local = DateTime.fromMillis(slot.ranked.firstOccurrence.start, { zone });
  return {
    id: slot.id,
    start: new Date(slot.ranked.firstOccurrence.start).toISOString(),
    end: new Date(slot.ranked.firstOccurrence.end).toISOString(),
    weekday: local.setLocale('en').weekdayLong!.toLowerCase() as SuggestedSlot['weekday'],
    localTimeForMe: local.toFormat('HH:mm'),
    usableOccurrences: slot.ranked.usable,
    checkedOccurrences: slot.ranked.checked,
  };
}

/** The series' new times, in the wire shape the booking created it with (start, end and recurrence only). */
export function movedSeriesTimes(slot: RankedSlot, organizerZone: string, lastDate: string) {
  const event = buildSeriesEvent({
    tenantId: '',
    pairingId: '',
    attempt: 0,
    organizer: { mailbox: '', displayName: '' },
    attendee: { mailbox: '', displayName: '' },
    program: { name: '', allowNewTimeProposals: true },
    reasons: [],
    memberNames: new Map(),
    tabDeepLink: '',
    pattern: slot.pattern,
    startMinutes: slot.startMinutes,
    durationMinutes: slot.durationMinutes,
    firstDate: slot.firstOccurrence.localDate,
    lastDate,
    organizerZone,
  });
  return { start: event.start, end: event.end, recurrence: event.recurrence };
}
