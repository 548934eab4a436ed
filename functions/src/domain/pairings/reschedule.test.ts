import { DateTime } from 'luxon';

import { type PairingDocument, PairingDocumentSchema } from '../model';
import { type Availability } from '../scheduling';
import {
  assertReschedulable,
  availabilityWindow,
  movedSeriesTimes,
  suggestSlots,
  toSuggestedSlot,
} from './reschedule';

const base: PairingDocument = PairingDocumentSchema.parse({
  id: 'pr-1',
  tenantId: 't',
  programId: 'prog',
  roundId: 'r',
  published: true,
  memberIds: ['org', 'att'],
  members: ['org', 'att'].map((userId) => ({
    userId,
    displayName: userId,
    jobTitle: null,
    department: null,
    level: null,
    levelRank: null,
    timeZone: null,
  })),
  score: 1,
  reasons: [],
  state: 'booked',
  cadence: 'monthly',
  sessionMinutes: 45,
  startsOn: '2027-03-01',
  endsOn: '2027-08-31',
  organizerId: 'org',
  series: {
    organizerId: 'org',
    eventId: 'ev',
    firstOccurrence: '2027-03-02T09:00:00.000Z',
    until: '2027-08-31',
    joinUrl: null,
  },
  nextSession: { start: '2027-03-02T09:00:00.000Z', end: '2027-03-02T09:45:00.000Z', joinUrl: null },
  attentionReason: null,
  overridden: false,
  skippedBy: [],
  endRequested: null,
  bookingAttempt: 0,
  createdAt: '2027-02-20T00:00:00.000Z',
  updatedAt: '2027-02-20T00:00:00.000Z',
});

const now = new Date('2027-02-25T12:00:00Z');
const free = (pairing: PairingDocument): Map<string, Availability> => {
  const window = availabilityWindow(pairing, now);
  return new Map(['org@x', 'att@x'].map((m) => [m, { mailbox: m, window, intervals: [] }]));
};

const triad: PairingDocument = {
  ...base,
  memberIds: ['att', 'org', 'third'],
  members: ['att', 'org', 'third'].map((userId) => ({ ...base.members[0]!, userId, displayName: userId })),
};

describe('suggestSlots', () => {
  it('ranks monthly patterns in the organizer’s zone and shows each slot in the caller’s own zone', () => {
    const result = suggestSlots({
      pairing: base,
      organizer: { id: 'org', displayName: 'org', mailbox: 'Org@x', timeZone: 'Europe/Berlin' },
      attendee: { id: 'att', displayName: 'att', mailbox: 'att@x', timeZone: 'Europe/London' },
      availability: free(base),
      now,
    });
    expect(result.organizerZone).toBe('Europe/Berlin');
    expect(result.lastDate).toBe('2027-08-31');
    expect(result.slots).toHaveLength(3);
    for (const slot of result.slots) {
      expect(slot.ranked.pattern.type).toBe('relativeMonthly');
      expect(slot.id).toMatch(/^m-(first|second|third|fourth)\.[a-z]+\.\d+\.\d{4}-\d{2}-\d{2}$/);
      // Never the current time (Tuesday 10:00 Berlin).
      const berlin = DateTime.fromMillis(slot.ranked.firstOccurrence.start, { zone: 'Europe/Berlin' });
      expect(berlin.weekday === 2 && berlin.hour === 10 && berlin.minute === 0).toBe(false);
      // Berlin is an hour ahead of London in winter: the attendee's clock shows one hour earlier.
      const forAttendee = toSuggestedSlot(slot, 'Europe/London');
      const forOrganizer = toSuggestedSlot(slot, 'W. Europe Standard Time');
      expect(forOrganizer.localTimeForMe).toBe(berlin.toFormat('HH:mm'));
      expect(forAttendee.localTimeForMe).toBe(berlin.minus({ hours: 1 }).toFormat('HH:mm'));
      expect(Date.parse(forAttendee.end) - Date.parse(forAttendee.start)).toBe(45 * 60_000);
    }
  });

  it('suggests nothing when the calendars are full, refuses an unreadable calendar, and asks to retry when Graph is throttled', () => {
    const window = availabilityWindow(base, now);
    const busy = new Map<string, Availability>([
      [
        'org@x',
        { mailbox: 'org@x', window, intervals: [{ start: window.start, end: window.end, status: 'busy' }] },
      ],
      ['att@x', { mailbox: 'att@x', window, intervals: [] }],
    ]);
    const people = {
      organizer: { id: 'org', displayName: 'org', mailbox: 'org@x', timeZone: 'UTC' },
      attendee: { id: 'att', displayName: 'att', mailbox: 'att@x', timeZone: 'UTC' },
    };
    expect(suggestSlots({ pairing: base, ...people, availability: busy, now }).slots).toEqual([]);
    const unreadable = new Map(busy).set('att@x', {
      mailbox: 'att@x',
      window,
      intervals: [],
      error: '403 ErrorAccessDenied',
    });
    const thrown = (availability: Map<string, Availability>): unknown => {
      try {
        suggestSlots({ pairing: base, ...people, availability, now });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(thrown(unreadable)).toMatchObject({ kind: 'conflict', code: 'calendar_unreadable' });
    const throttled = new Map(busy).set('att@x', {
      mailbox: 'att@x',
      window,
      intervals: [],
      error: '429 ApplicationThrottled',
    });
    expect(thrown(throttled)).toMatchObject({ kind: 'unavailable', code: 'free_busy_unavailable' });
  });
});

describe('suggestSlots for a group of three', () => {
  it('every suggestion suits the third member too: inside their working day and free on their calendar', () => {
    const window = availabilityWindow(triad, now);
    // The third member (Kolkata, +5:30) is busy every day from 14:30 Kolkata time (09:00 UTC): with London and
    // Berlin only 08:00–09:00 UTC is left (London's working day starts at 08:00).
    const busy = Array.from({ length: 200 }, (_, d) => ({
      start: Date.parse('2027-02-25T09:00:00Z') + d * 86_400_000,
      end: Date.parse('2027-02-25T18:30:00Z') + d * 86_400_000,
      status: 'busy' as const,
    }));
    const availability = new Map(free(triad)).set('third@x', { mailbox: 'third@x', window, intervals: busy });
    const people = {
      organizer: { id: 'org', displayName: 'org', mailbox: 'org@x', timeZone: 'Europe/London' },
      attendee: { id: 'att', displayName: 'att', mailbox: 'att@x', timeZone: 'Europe/Berlin' },
    };
    const third = { id: 'third', displayName: 'third', mailbox: 'third@x', timeZone: 'Asia/Kolkata' };
    const result = suggestSlots({ pairing: triad, ...people, moreAttendees: [third], availability, now });
    expect(result.slots.length).toBeGreaterThan(0);
    for (const { ranked } of result.slots) {
      for (const o of ranked.occurrences.filter((x) => x.usable)) {
        const kolkata = DateTime.fromMillis(o.start, { zone: 'Asia/Kolkata' });
        expect(kolkata.hour * 60 + kolkata.minute).toBeGreaterThanOrEqual(8 * 60);
        expect(busy.every((b) => b.end <= o.start || b.start >= o.end)).toBe(true);
      }
    }
    // Without the third member, London and Berlin get later times that Kolkata could not take.
    const pairOnly = suggestSlots({ pairing: triad, ...people, availability, now });
    expect(pairOnly.slots.map((s) => s.id)).not.toEqual(result.slots.map((s) => s.id));
    // The third member's unreadable calendar is a conflict, as for a pair.
    const unreadable = new Map(availability).set('third@x', {
      mailbox: 'third@x',
      window,
      intervals: [],
      error: '403 ErrorAccessDenied',
    });
    let thrown: unknown;
    try {
      suggestSlots({ pairing: triad, ...people, moreAttendees: [third], availability: unreadable, now });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ kind: 'conflict', code: 'calendar_unreadable' });
  });
});

describe('assertReschedulable', () => {
  it.each<[string, Partial<PairingDocument>, RegExp]>([
    ['not booked yet', { state: 'booking' }, /Only a booked pairing/],
    ['ending', { endRequested: { at: '2027-03-01T00:00:00.000Z', reason: 'left' } }, /is ending/],
    ['without a series', { series: null }, /no calendar series/],
    ['whose sessions have started (active)', { state: 'active' }, /already started/],
    [
      'whose first session is past',
      {
        series: {
          organizerId: 'org',
          eventId: 'ev',
          firstOccurrence: '2027-02-20T09:00:00.000Z',
          until: '2027-08-31',
          joinUrl: null,
          endedAt: null,
          load: null,
        },
      },
      /already started/,
    ],
  ])('refuses a pairing %s with a clear message', (_name, change, message) => {
    expect(() => assertReschedulable({ ...base, ...change }, now)).toThrow(message);
  });

  it('names the organizer, the attendee and the event of a booked pairing', () => {
    expect(assertReschedulable(base, now)).toEqual({
      organizerId: 'org',
      attendeeId: 'att',
      attendeeIds: ['att'],
      eventId: 'ev',
    });
  });

  it('a group of three: both other members are attendees', () => {
    expect(assertReschedulable(triad, now)).toMatchObject({
      organizerId: 'org',
      attendeeIds: ['att', 'third'],
    });
  });
});

describe('movedSeriesTimes', () => {
  it('starts the recurrence on the new first date and keeps the round’s end', () => {
    const result = suggestSlots({
      pairing: base,
      organizer: { id: 'org', displayName: 'org', mailbox: 'org@x', timeZone: 'Europe/Berlin' },
      attendee: { id: 'att', displayName: 'att', mailbox: 'att@x', timeZone: 'Europe/Berlin' },
      availability: free(base),
      now,
    });
    const slot = result.slots[0]!.ranked;
    const times = movedSeriesTimes(slot, result.organizerZone, result.lastDate);
    expect(times.recurrence.range).toEqual({
      type: 'endDate',
      startDate: slot.firstOccurrence.localDate,
      endDate: '2027-08-31',
      recurrenceTimeZone: 'W. Europe Standard Time',
    });
    expect(times.start.dateTime.slice(0, 10)).toBe(slot.firstOccurrence.localDate);
    expect(times.recurrence.pattern).toMatchObject({
      type: 'relativeMonthly',
      daysOfWeek: [slot.pattern.dayOfWeek],
    });
  });
});
