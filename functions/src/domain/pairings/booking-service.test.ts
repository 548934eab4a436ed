import {
  bookingMessage,
  bookingServiceOf,
  type LifecycleHarness,
  lifecycleHarness,
  pairingDoc,
  storedPairing,
  T,
} from '../../testing/lifecycle-fixtures';
import { type EnsureOutcome } from '../scheduling';
import { attentionOf } from './attention';
import { createBookingService } from './booking-service';
import { type PairingDocument } from './lifecycle';

const now = new Date('2027-03-01T08:00:00Z');

const service = bookingServiceOf;
const message = bookingMessage;

const first = { lastDelivery: false };

async function book(h: LifecycleHarness, pairing: PairingDocument, attempt = 0) {
  await h.repos.pairings.create(pairing);
  return service(h).handle(message(pairing.id, attempt), first);
}

describe('booking service', () => {
  it('books a pairing: the junior organizes, series and next session stored, attempt recorded, both notified', async () => {
    const h = await lifecycleHarness(now);
    expect(await book(h, pairingDoc(now, 'p1', ['ana', 'bo']))).toEqual({ kind: 'booked', degraded: null });
    const doc = await storedPairing(h.repos, 'p1');
    expect(doc).toMatchObject({
      state: 'booked',
      organizerId: 'bo',
      attentionReason: null,
      series: {
        organizerId: 'bo',
        eventId: 'ev-p1',
        until: '2027-04-25',
        joinUrl: 'https://join/x',
        endedAt: null,
      },
    });
    expect(doc.nextSession?.start).toBe(doc.series?.firstOccurrence);
    // Thursday is both people's preferred day; the first session is after "now + 1 day".
    expect(new Date(doc.nextSession!.start).getUTCDay()).toBe(4);
    expect(Date.parse(doc.nextSession!.start)).toBeGreaterThan(now.getTime() + 86_400_000);
    expect(doc.bookingAttempts).toEqual([
      {
        attempt: 0,
        startedAt: now.toISOString(),
        finishedAt: now.toISOString(),
        outcome: 'booked',
        reason: null,
      },
    ]);
    expect(doc.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    const item = h.calendar.ensures[0]![0]!;
    // The organizer's calendar is addressed by object id; attendees by their SMTP address.
    expect(item).toMatchObject({ organizer: 'bo', mayExist: false });
    expect(item.event.attendees.map((a) => a.emailAddress.address)).toEqual(['ana@contoso.example']);
    expect(item.event.subject).toBe('Peer Circle: peer mentoring');
    expect(item.event.body.content).toContain('You share a goal: collaborative learning.');
    expect(h.queues.notifications).toEqual([
      expect.objectContaining({ pairingId: 'p1', userIds: ['ana', 'bo'], activityType: 'sessionBooked' }),
    ]);
    // The hour is counted in the team's load (stored, not per process) and kept on the series to give back later.
    const load = (await h.repos.leases.get(T, 'team-load.manager:boss'))!.doc;
    expect(load).toMatchObject({ kind: 'team-load', group: 'manager:boss' });
    expect(Object.values(load.kind === 'team-load' ? load.counts : {})).toEqual([1]);
    expect(doc.series?.load?.groups).toEqual(['manager:boss']);
  });

  it.each([
    ['monthly', 'monthly', 'weekly', 'shared-preference', 'relativeMonthly'],
    ['biweekly', 'biweekly', 'biweekly', 'program-default', 'weekly'],
  ] as const)(
    'books the pairing’s own cadence (%s), not the program default',
    async (cadence, expected, programDefault, _basis, patternType) => {
      const h = await lifecycleHarness(now, { defaultCadence: programDefault });
      await book(h, pairingDoc(now, 'p1', ['ana', 'bo'], { cadence }));
      const pattern = h.calendar.ensures[0]![0]!.event.recurrence.pattern;
      expect(pattern.type).toBe(patternType);
      if (expected === 'biweekly') expect(pattern.interval).toBe(2);
    },
  );

  it('coalesces concurrent messages of a tenant into one mailbox look-up, free/busy read and ensure', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
    await h.repos.pairings.create(pairingDoc(now, 'p2', ['cy', 'di']));
    const s = service(h);
    await Promise.all([s.handle(message('p1'), first), s.handle(message('p2'), first)]);
    expect(h.calendar.freeBusyReads).toHaveLength(1);
    expect(h.calendar.ensures).toHaveLength(1);
    expect(h.calendar.ensures[0]!.map((i) => i.key).sort()).toEqual(['p1', 'p2']);
  });

  it('coalesced messages arriving out of id order each keep their own series and organizer', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(pairingDoc(now, 'zz', ['ana', 'bo']));
    await h.repos.pairings.create(pairingDoc(now, 'aa', ['cy', 'di']));
    const s = service(h);
    await Promise.all([s.handle(message('zz'), first), s.handle(message('aa'), first)]);
    expect(h.calendar.ensures).toHaveLength(1);
    const zz = await storedPairing(h.repos, 'zz');
    const aa = await storedPairing(h.repos, 'aa');
    expect(zz.series).toMatchObject({ eventId: 'ev-zz' });
    expect(aa.series).toMatchObject({ eventId: 'ev-aa' });
    expect(zz.memberIds).toContain(zz.organizerId);
    expect(aa.memberIds).toContain(aa.organizerId);
  });

  it('a redelivery after a crash mid-attempt looks for the existing series first (mayExist)', async () => {
    const h = await lifecycleHarness(now);
    const open = { attempt: 0, startedAt: now.toISOString(), finishedAt: null, outcome: null, reason: null };
    await book(h, pairingDoc(now, 'p1', ['ana', 'bo'], { state: 'booking', bookingAttempts: [open] }));
    expect(h.calendar.ensures[0]![0]!.mayExist).toBe(true);
    expect((await storedPairing(h.repos, 'p1')).state).toBe('booked');
  });

  it('an admin retry after needs-attention looks for a series an earlier attempt may have created', async () => {
    const h = await lifecycleHarness(now);
    const failed = {
      attempt: 0,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      outcome: 'needs-attention' as const,
      reason: 'unavailable',
    };
    await book(h, pairingDoc(now, 'p1', ['ana', 'bo'], { bookingAttempt: 1, bookingAttempts: [failed] }), 1);
    expect(h.calendar.ensures[0]![0]!.mayExist).toBe(true);
  });

  it('a re-booking after a replaced series does not take the old series for the new one', async () => {
    const h = await lifecycleHarness(now);
    const booked = {
      attempt: 0,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      outcome: 'booked' as const,
      reason: null,
    };
    const past = {
      eventId: 'ev-old',
      organizerId: 'bo',
      firstOccurrence: '2027-03-04T09:00:00.000Z',
      endedAt: now.toISOString(),
      reason: 'declined' as const,
    };
    await book(
      h,
      pairingDoc(now, 'p1', ['ana', 'bo'], {
        bookingAttempt: 1,
        bookingAttempts: [booked],
        previousSeries: [{ ...past, likelyHeld: 0, sessionsSoFar: 0 }],
      }),
      1,
    );
    expect(h.calendar.ensures[0]![0]!.mayExist).toBe(false);
  });

  it('a re-booking after a declined series avoids the declined weekly time', async () => {
    const once = await lifecycleHarness(now);
    await book(once, pairingDoc(now, 'p1', ['ana', 'bo']));
    const declinedStart = (await storedPairing(once.repos, 'p1')).nextSession!.start;

    const h = await lifecycleHarness(now);
    const declined = pairingDoc(now, 'p1', ['ana', 'bo'], { bookingAttempt: 1 });
    await book(
      h,
      { ...declined, followUp: { ...declined.followUp, rebooks: 1, declinedFirstSessions: [declinedStart] } },
      1,
    );
    const again = (await storedPairing(h.repos, 'p1')).nextSession!.start;
    const at = (iso: string) => [new Date(iso).getUTCDay(), iso.slice(11, 16)];
    expect(at(again)).not.toEqual(at(declinedStart));
  });

  it.each<[string, Partial<PairingDocument>, number]>([
    ['a booked pairing', { state: 'booked' }, 0],
    ['a stale attempt', { bookingAttempt: 2 }, 1],
    ['a pairing that needs attention', { state: 'needs-attention' }, 0],
    ['a pairing asked to end', { endRequested: { at: now.toISOString(), reason: 'left' } }, 0],
    ['an unpublished pairing', { published: false }, 0],
  ])('does nothing for %s', async (_name, extra, attempt) => {
    const h = await lifecycleHarness(now);
    const outcome = await book(h, pairingDoc(now, 'p1', ['ana', 'bo'], extra), attempt);
    expect(outcome.kind).toBe('ignored');
    expect(h.calendar.freeBusyReads.length + h.calendar.ensures.length).toBe(0);
  });

  describe('transient failures back off for hours before anyone is asked to act', () => {
    const throttled = (): EnsureOutcome => ({
      kind: 'failed',
      retryable: true,
      error: { kind: 'throttled', code: 'graph_throttled', message: 'm' },
    });

    it('a short outage: the message comes back later (1 min, 2 min, …), the attempt stays open, then books', async () => {
      const h = await lifecycleHarness(now, { ensure: throttled });
      const s = service(h);
      await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
      let delivery = message('p1');
      for (const expected of [60, 120, 240]) {
        const outcome = await s.handle(delivery, first);
        expect(outcome).toMatchObject({ kind: 'deferred', delaySeconds: expected });
        expect(h.queues.delays.at(-1)).toEqual({ queue: 'book', delaySeconds: expected });
        delivery = h.queues.bookings.at(-1)!;
        h.clock.now = new Date(h.clock.now.getTime() + expected * 1000);
      }
      expect(await storedPairing(h.repos, 'p1')).toMatchObject({ state: 'booking' });
      expect((await storedPairing(h.repos, 'p1')).bookingAttempts).toEqual([
        expect.objectContaining({ outcome: 'retry-later', finishedAt: null }),
      ]);
      // Graph is back a few minutes later: booked, with the marker looked up first (the open attempt may have
      // reached Graph), and no second series.
      h.calendar.options.ensure = undefined;
      expect(await s.handle(delivery, first)).toMatchObject({ kind: 'booked' });
      expect(h.calendar.ensures.at(-1)![0]!.mayExist).toBe(true);
      expect(await storedPairing(h.repos, 'p1')).toMatchObject({ state: 'booked', attentionReason: null });
    });

    it('after the budget of hours, the pairing needs attention in plain words', async () => {
      const h = await lifecycleHarness(now, { ensure: throttled });
      await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
      const sevenHoursIn = message('p1', 0, {
        retry: { count: 11, firstFailedAt: new Date(now.getTime() - 7 * 3_600_000).toISOString() },
      });
      expect(await service(h).handle(sevenHoursIn, first)).toEqual({
        kind: 'needs-attention',
        code: 'graph-unavailable',
      });
      const stored = await storedPairing(h.repos, 'p1');
      expect(stored).toMatchObject({
        state: 'needs-attention',
        attentionCode: 'graph-unavailable',
        attentionParams: { hours: 7 },
        attentionReason: expect.stringMatching(/unavailable for about 7 hours/),
      });
      // What admins read: the code and the hours, for words in their language.
      expect(attentionOf(stored)).toEqual({ code: 'graph-unavailable', params: { hours: 7 } });
    });

    it('a failed mailbox look-up is a transient failure, never "no mailbox"', async () => {
      const h = await lifecycleHarness(now, { unknownMailbox: ['bo'] });
      expect(await book(h, pairingDoc(now, 'p1', ['ana', 'bo']))).toMatchObject({ kind: 'deferred' });
      expect(await storedPairing(h.repos, 'p1')).toMatchObject({ state: 'booking', attentionReason: null });
      expect(h.calendar.ensures).toHaveLength(0);
    });

    it('the last delivery of a message that threw is put back with a delay instead of poisoned', async () => {
      const h = await lifecycleHarness(now);
      await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
      const broken = createBookingService({
        repos: {
          ...h.repos,
          programs: { ...h.repos.programs, get: () => Promise.reject(new Error('cosmos down')) },
        },
        calendarFor: () => h.calendar.ports,
        queues: h.queues,
        clock: h.clock.read,
        random: () => 0,
        tabDeepLink: 'x',
      });
      await expect(broken.handle(message('p1'), first)).rejects.toThrow('cosmos down');
      expect(await broken.handle(message('p1'), { lastDelivery: true })).toMatchObject({ kind: 'deferred' });
      expect(h.queues.bookings).toEqual([
        expect.objectContaining({ pairingId: 'p1', retry: expect.anything() }),
      ]);
    });
  });

  const refused = (): EnsureOutcome => ({
    kind: 'failed',
    retryable: false,
    error: { kind: 'upstream', code: 'graph_400', message: 'Microsoft Graph answered 400.' },
  });
  it.each<[string, Parameters<typeof lifecycleHarness>[1], string, string]>([
    ['Graph refuses the event', { ensure: refused }, 'Microsoft Graph answered 400.', 'calendar-refused'],
    ['no mailbox', { noMailbox: ['bo'] }, 'A member has no mailbox Pairwise can book in.', 'no-mailbox'],
  ])('%s → needs-attention at once, with the reason', async (_name, options, reason, code) => {
    const h = await lifecycleHarness(now, options);
    await book(h, pairingDoc(now, 'p1', ['ana', 'bo']));
    const stored = await storedPairing(h.repos, 'p1');
    expect(stored).toMatchObject({ state: 'needs-attention', attentionReason: reason });
    expect(attentionOf(stored)).toEqual({ code, params: {} });
    expect(h.queues.notifications).toEqual([]);
    expect(h.queues.bookings).toEqual([]);
  });

  it('a triad is booked: the junior of three organizes, both others invited, all three notified', async () => {
    const h = await lifecycleHarness(now);
    await book(h, pairingDoc(now, 'p1', ['ana', 'bo', 'cy']));
    const doc = await storedPairing(h.repos, 'p1');
    expect(doc).toMatchObject({ state: 'booked', organizerId: 'bo', series: { organizerId: 'bo' } });
    const item = h.calendar.ensures[0]![0]!;
    // Levels: bo 2 organizes, then cy 3 and ana 4 as required attendees.
    expect(item.event.attendees).toEqual([
      { emailAddress: { address: 'cy@contoso.example', name: 'CY' }, type: 'required' },
      { emailAddress: { address: 'ana@contoso.example', name: 'ANA' }, type: 'required' },
    ]);
    expect(item.event.body.content).toContain('Why you three:');
    expect(doc.transactionId).toBe(item.event.transactionId);
    expect(h.queues.notifications[0]!.userIds).toEqual(['ana', 'bo', 'cy']);
  });

  it('an end asked for while the series was being created: the series is kept on record and ended at once', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
    const s = service(h);
    // The member leaves between the attempt starting and Graph answering.
    const ensure = h.calendar.ports.calendar.ensureSeriesMany.bind(h.calendar.ports.calendar);
    h.calendar.ports.calendar.ensureSeriesMany = async (items) => {
      const doc = await storedPairing(h.repos, 'p1');
      await h.repos.pairings.replace({ ...doc, endRequested: { at: now.toISOString(), reason: 'left' } });
      return ensure(items);
    };
    await s.handle(message('p1'), first);
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'booked',
      series: { eventId: 'ev-p1', endedAt: null },
      endRequested: { reason: 'left' },
      nextSession: null,
    });
    expect(h.queues.actions).toEqual([{ version: 1, tenantId: T, pairingId: 'p1', action: 'end' }]);
    expect(h.queues.notifications).toEqual([]);
  });

  it('a series created for an attempt that is no longer current is ended as an orphan, never kept twice', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
    const ensure = h.calendar.ports.calendar.ensureSeriesMany.bind(h.calendar.ports.calendar);
    h.calendar.ports.calendar.ensureSeriesMany = async (items) => {
      // An admin retried meanwhile (attempt 1): this attempt's series must not become the pairing's.
      const doc = await storedPairing(h.repos, 'p1');
      await h.repos.pairings.replace({ ...doc, state: 'proposed', bookingAttempt: 1 });
      return ensure(items);
    };
    expect(await service(h).handle(message('p1'), first)).toEqual({ kind: 'orphan', eventId: 'ev-p1' });
    expect((await storedPairing(h.repos, 'p1')).series).toBeNull();
    expect(h.queues.actions).toEqual([
      { version: 1, tenantId: T, pairingId: 'p1', action: 'end-orphan', organizerId: 'bo', eventId: 'ev-p1' },
    ]);
  });
});

describe('booking service: messages that do not match their stored pairing', () => {
  it.each([
    ['another tenant', { tenantId: '0f0e0d0c-0b0a-4909-8807-060504030201' }, 'tenant-mismatch'],
    ['another program', { programId: 'other-prog' }, 'program-mismatch'],
  ] as const)('refuses a message naming %s before any Graph call', async (_name, change, why) => {
    const h = await lifecycleHarness(now);
    // A store that ignored the partition key would find this tenant's pairing for another tenant's message.
    const pairings = h.repos.pairings;
    const blind = Object.assign(Object.create(pairings) as typeof pairings, {
      get: (_tenantId: string, id: string) => pairings.get(T, id),
    });
    await pairings.create(pairingDoc(now, 'p1', ['ana', 'bo']));
    const before = JSON.stringify(await storedPairing(h.repos, 'p1'));
    const outcome = await service({ ...h, repos: { ...h.repos, pairings: blind } }).handle(
      message('p1', 0, change),
      first,
    );
    expect(outcome).toEqual({ kind: 'rejected', why });
    expect(h.calendar.ensures).toEqual([]);
    expect(h.calendar.freeBusyReads).toEqual([]);
    expect(JSON.stringify(await storedPairing(h.repos, 'p1'))).toBe(before);
  });
});
