import {
  type BookingPerson,
  type BookingRequest,
  bookPairings,
  type CalendarPort,
  type EnsureOutcome,
  type FreeBusyPort,
} from './book-pairings';
import { type Availability, type BusyInterval } from './types';

const start = Date.parse('2027-03-01T00:00:00Z');
const end = Date.parse('2027-05-28T23:00:00Z');

function personOf(id: string, zone: string, extra: Partial<BookingPerson> = {}): BookingPerson {
  return { id, mailbox: `${id}@contoso.example`, displayName: id.toUpperCase(), timeZone: zone, ...extra };
}

function request(
  pairingId: string,
  a: BookingPerson,
  b: BookingPerson,
  extra: Partial<BookingRequest> = {},
): BookingRequest {
  return {
    tenantId: 't',
    pairingId,
    attempt: 0,
    mayExist: false,
    people: [a, b],
    cadence: 'weekly',
    durationMinutes: 30,
    round: { start, end },
    program: { name: 'Peers', allowNewTimeProposals: true },
    reasons: [{ kind: 'shared-goal', data: { goals: ['network-building'] } }],
    tabDeepLink: 'https://teams.example/l/entity/app/pairings',
    ...extra,
  };
}

function fakes(
  options: {
    errors?: Record<string, string>;
    busy?: Record<string, BusyInterval[]>;
    outcome?: (key: string) => EnsureOutcome;
  } = {},
) {
  const reads: Array<{ mailboxes: readonly string[]; window: { start: number; end: number } }> = [];
  const ensures: Array<Parameters<CalendarPort['ensureSeriesMany']>[0]> = [];
  const freeBusy: FreeBusyPort = {
    readAvailability: (r) => {
      reads.push(r);
      return Promise.resolve(
        new Map(
          r.mailboxes.map((m): [string, Availability] => [
            m,
            {
              mailbox: m,
              window: r.window,
              intervals: options.busy?.[m] ?? [],
              ...(options.errors?.[m] ? { error: options.errors[m] } : {}),
            },
          ]),
        ),
      );
    },
  };
  const calendar: CalendarPort = {
    ensureSeriesMany: (items) => {
      ensures.push(items);
      return Promise.resolve(
        new Map(
          items.map((i) => [
            i.key,
            options.outcome?.(i.key) ?? {
              kind: 'created',
              series: {
                eventId: `ev-${i.key}`,
                joinUrl: 'https://join',
                onlineMeetingMissing: false,
                existing: false,
              },
            },
          ]),
        ),
      );
    },
  };
  return { freeBusy, calendar, reads, ensures };
}

describe('bookPairings', () => {
  it('reads free/busy once and ensures all series in one call; the junior organizes', async () => {
    const f = fakes();
    const results = await bookPairings(
      [
        request(
          'p2',
          personOf('ana', 'Europe/Berlin', { level: 3 }),
          personOf('ravi', 'India Standard Time', { level: 2 }),
        ),
        request(
          'p1',
          personOf('bo', 'Eastern Standard Time', { level: 4 }),
          personOf('cy', 'GMT Standard Time', { level: 4 }),
        ),
      ],
      f,
      { notBefore: start },
    );
    expect(f.reads).toHaveLength(1);
    expect([...f.reads[0]!.mailboxes].sort()).toEqual([
      'ana@contoso.example',
      'bo@contoso.example',
      'cy@contoso.example',
      'ravi@contoso.example',
    ]);
    expect(f.ensures).toHaveLength(1);
    expect(results.map((r) => [r.pairingId, r.kind])).toEqual([
      ['p1', 'booked'],
      ['p2', 'booked'],
    ]);
    const p2 = results[1]!;
    if (p2.kind !== 'booked') throw new Error('expected booked');
    expect(p2.organizerId).toBe('ravi');
    const item = f.ensures[0]!.find((i) => i.key === 'p2')!;
    // The calendar is addressed by the organizer's object id, never by mail (UPN and SMTP may differ).
    expect(item.organizer).toBe('ravi');
    expect(item.event.attendees.map((a) => a.emailAddress.address)).not.toContain('ravi@contoso.example');
    expect(item.event.attendees[0]!.emailAddress.address).toBe('ana@contoso.example');
    expect(item.event.start.timeZone).toBe('India Standard Time');
    expect(item.event.recurrence.range.startDate).toBe(p2.slot.firstOccurrence.localDate);
    expect(item.event.recurrence.range.endDate).toBe('2027-05-29');
    expect(item.event.transactionId).toBe(p2.transactionId);
  });

  it('spreads pairings that share a manager across hours', async () => {
    const f = fakes();
    const team = { loadGroups: ['manager:m1'] };
    const requests = Array.from({ length: 6 }, (_, i) =>
      request(`p${i}`, personOf(`a${i}`, 'Europe/Berlin', team), personOf(`b${i}`, 'Europe/Berlin')),
    );
    const results = await bookPairings(requests, f, { notBefore: start });
    const keys = results.map((r) => (r.kind === 'booked' ? r.slot.loadKey : r.kind));
    const perKey = new Map<string, number>();
    for (const key of keys) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(2);
  });

  it('turns unreadable calendars and missing slots into typed outcomes', async () => {
    const f = fakes({
      errors: {
        'ghost@contoso.example': 'ErrorMailRecipientNotFound',
        'slow@contoso.example': '429 TooManyRequests',
      },
    });
    const results = await bookPairings(
      [
        request('p1', personOf('ghost', 'Europe/Berlin'), personOf('x', 'Europe/Berlin')),
        request('p2', personOf('slow', 'Europe/Berlin'), personOf('y', 'Europe/Berlin')),
        request('p3', personOf('la', 'Pacific Standard Time'), personOf('in', 'India Standard Time')),
      ],
      f,
      { notBefore: start },
    );
    expect(results).toEqual([
      {
        kind: 'needs-attention',
        pairingId: 'p1',
        reason: 'calendar-unreadable',
        message: expect.any(String),
      },
      { kind: 'retry-later', pairingId: 'p2', reason: 'free-busy-unavailable', message: expect.any(String) },
      {
        kind: 'needs-attention',
        pairingId: 'p3',
        reason: 'no-working-hours-overlap',
        message: expect.any(String),
      },
    ]);
    expect(f.ensures).toHaveLength(0);
  });

  it('maps calendar outcomes: retryable → retry-later, refused → needs-attention, no join link → degraded', async () => {
    const f = fakes({
      outcome: (key) =>
        key === 'p1'
          ? {
              kind: 'failed',
              retryable: true,
              error: { kind: 'throttled', code: 'graph_throttled', message: 'm' },
            }
          : key === 'p2'
            ? {
                kind: 'failed',
                retryable: false,
                error: { kind: 'upstream', code: 'graph_400', message: 'm' },
              }
            : { kind: 'created', series: { eventId: 'e', onlineMeetingMissing: true, existing: true } },
    });
    const people = (i: number) =>
      [personOf(`a${i}`, 'Europe/Berlin'), personOf(`b${i}`, 'Europe/Berlin')] as const;
    const results = await bookPairings(
      [1, 2, 3].map((i) => request(`p${i}`, ...people(i), { mayExist: i === 3, attempt: 2 })),
      f,
      { notBefore: start },
    );
    expect(results.map((r) => [r.kind, r.kind === 'booked' ? r.degraded : r.reason])).toEqual([
      ['retry-later', 'graph_throttled'],
      ['needs-attention', 'graph_400'],
      ['booked', 'no-join-url'],
    ]);
    expect(f.ensures[0]!.map((i) => i.mayExist)).toEqual([false, false, true]);
  });

  it('is deterministic for the same input in any order', async () => {
    const reqs = Array.from({ length: 5 }, (_, i) =>
      request(
        `p${i}`,
        personOf(`a${i}`, 'Europe/London', { loadGroups: ['g'] }),
        personOf(`b${i}`, 'America/New_York'),
      ),
    );
    const a = await bookPairings(reqs, fakes(), { notBefore: start });
    const b = await bookPairings([...reqs].reverse(), fakes(), { notBefore: start });
    expect(b).toEqual(a);
  });

  it('books a triad: one read for all three mailboxes, the junior organizes, both others invited, a time free for all', async () => {
    // Mei (Berlin) is busy every day 09:00–11:00 UTC, inside the hours all three share: the slot must avoid it.
    const meiBusy: BusyInterval[] = Array.from({ length: 90 }, (_, d) => ({
      start: start + d * 86_400_000 + 9 * 3_600_000,
      end: start + d * 86_400_000 + 11 * 3_600_000,
      status: 'busy' as const,
    }));
    const f = fakes({ busy: { 'mei@contoso.example': meiBusy } });
    const triad = request(
      't1',
      personOf('ana', 'GMT Standard Time', { level: 4, loadGroups: ['manager:m1'] }),
      personOf('ravi', 'India Standard Time', { level: 3 }),
      {
        people: [
          personOf('ana', 'GMT Standard Time', { level: 4, loadGroups: ['manager:m1'] }),
          personOf('ravi', 'India Standard Time', { level: 3 }),
          personOf('mei', 'W. Europe Standard Time', { level: 2, loadGroups: ['manager:m2'] }),
        ],
        attempt: 1,
      },
    );
    const load = new Map<string, Map<string, number>>();
    const [result] = await bookPairings([triad], f, { notBefore: start, load });
    if (result?.kind !== 'booked') throw new Error(`expected booked, got ${JSON.stringify(result)}`);
    expect([...f.reads[0]!.mailboxes].sort()).toEqual([
      'ana@contoso.example',
      'mei@contoso.example',
      'ravi@contoso.example',
    ]);
    expect(result.organizerId).toBe('mei');
    expect(result.attendeeIds).toEqual(['ravi', 'ana']);
    expect(result.attendeeId).toBe('ravi');
    const item = f.ensures[0]![0]!;
    expect(item.organizer).toBe('mei');
    expect(item.event.attendees.map((a) => a.emailAddress.address)).toEqual([
      'ravi@contoso.example',
      'ana@contoso.example',
    ]);
    expect(item.event.start.timeZone).toBe('W. Europe Standard Time');
    expect(item.markerValue).toBe('pairwise/t/t1');
    expect(item.event.transactionId).toBe(result.transactionId);
    expect(result.slot.usable).toBe(6);
    for (const o of result.slot.occurrences)
      expect(meiBusy.every((b) => b.end <= o.start || b.start >= o.end)).toBe(true);
    expect(result.slot.attendeesLocal).toHaveLength(2);
    // Every member's team counts the booking.
    expect([...load.keys()].sort()).toEqual(['manager:m1', 'manager:m2']);
  });

  it('a triad member’s unreadable calendar or no common time → typed outcomes, nothing created', async () => {
    const f = fakes({ errors: { 'ghost@contoso.example': 'ErrorMailRecipientNotFound' } });
    const results = await bookPairings(
      [
        request('t1', personOf('a', 'Europe/Berlin'), personOf('b', 'Europe/Berlin'), {
          people: [
            personOf('a', 'Europe/Berlin'),
            personOf('b', 'Europe/Berlin'),
            personOf('ghost', 'Europe/Berlin'),
          ],
        }),
        request('t2', personOf('la', 'Pacific Standard Time'), personOf('lo', 'GMT Standard Time'), {
          people: [
            personOf('la', 'Pacific Standard Time'),
            personOf('lo', 'GMT Standard Time'),
            personOf('in', 'India Standard Time'),
          ],
        }),
      ],
      f,
      { notBefore: start },
    );
    expect(results).toEqual([
      {
        kind: 'needs-attention',
        pairingId: 't1',
        reason: 'calendar-unreadable',
        message: expect.any(String),
      },
      {
        kind: 'needs-attention',
        pairingId: 't2',
        reason: 'no-working-hours-overlap',
        message: expect.any(String),
      },
    ]);
    expect(f.ensures).toHaveLength(0);
  });
});
