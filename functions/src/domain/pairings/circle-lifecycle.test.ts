import {
  bookedSeries,
  bookingMessage,
  bookingServiceOf,
  type LifecycleHarness,
  lifecycleHarness,
  pairingDoc,
  seriesActionServiceOf,
  storedPairing,
  T,
} from '../../testing/lifecycle-fixtures';
import { type Deps } from '../deps';
import { eraseEverywhere } from '../people/erasure';
import {
  depart,
  eraseMember,
  goesOnWithout,
  type PairingDocument,
  recordBooked,
  seriesAfterDeparture,
  type Transition,
} from './lifecycle';
import { requestEndOfMyPairings } from './pairing-service';

/** Circles under the lifecycle (decision 0019): a member leaves, the circle goes on while two or more stay. */
const now = new Date('2027-03-20T08:00:00Z');
const at = '2027-03-20T08:00:00.000Z';
const first = { lastDelivery: false };

const circle = (id: string, members: string[], extra: Partial<PairingDocument> = {}) =>
  pairingDoc(now, id, members, {
    circle: members.length > 2,
    reasons: [
      { kind: 'shared-goal', data: { goals: ['collaborative-learning'] } },
      { kind: 'teaches', data: { teacherId: 'cy', learnerId: 'ana', topics: ['SQL'] } },
      { kind: 'teaches', data: { teacherId: 'ana', learnerId: 'bo', topics: ['Go'] } },
      { kind: 'fairness', data: { userIds: ['cy', 'di'] } },
      { kind: 'new-joiner-buddy', data: { newJoinerId: 'cy' } },
    ],
    ...extra,
  });
const booked = (id: string, members: string[], extra: Partial<PairingDocument> = {}) =>
  circle(id, members, {
    state: 'active',
    organizerId: 'bo',
    series: bookedSeries('bo', `ev-${id}`, '2027-03-04T09:00:00.000Z'),
    nextSession: {
      start: '2027-03-25T09:00:00.000Z',
      end: '2027-03-25T09:30:00.000Z',
      joinUrl: 'https://join/x',
    },
    ...extra,
  });
/** A directory that knows nobody (erasure then takes the names the store holds). */
const nobody: Deps['directory'] = {
  getPerson: () => Promise.resolve(null),
  getPeople: () => Promise.resolve(new Map()),
  getMailboxLanguages: () => Promise.resolve(new Map()),
};
const changedDoc = (t: Transition): PairingDocument => {
  if (t.kind !== 'changed') throw new Error(`expected a change, got ${t.kind}`);
  return t.doc;
};

describe('who a group goes on without', () => {
  it.each<[string, string[], string, boolean]>([
    ['a pair never does', ['ana', 'bo'], 'ana', false],
    ['a triad does: two stay', ['ana', 'bo', 'cy'], 'ana', true],
    ['a circle of four does', ['ana', 'bo', 'cy', 'di'], 'di', true],
    ['not when an erased member would be one of the two', ['ana', 'bo', 'erased-x-2'], 'ana', false],
    ['not for someone who is not a member', ['ana', 'bo', 'cy'], 'di', false],
  ])('%s', (_case, members, who, expected) => {
    expect(goesOnWithout({ memberIds: members }, who)).toBe(expected);
  });
});

describe('depart', () => {
  it('takes the member out — id, snapshot, the reasons naming them, their pending move — and keeps the departure', () => {
    const doc = booked('c1', ['ana', 'bo', 'cy', 'di'], {
      pendingMove: {
        id: 'm1',
        requestedAt: at,
        requestedBy: 'cy',
        times: {
          start: { dateTime: '2027-03-26T09:00:00', timeZone: 'UTC' },
          end: { dateTime: '2027-03-26T09:30:00', timeZone: 'UTC' },
          recurrence: {
            pattern: { type: 'weekly', interval: 1, daysOfWeek: ['friday'], firstDayOfWeek: 'monday' },
            range: {
              type: 'endDate',
              startDate: '2027-03-26',
              endDate: '2027-04-25',
              recurrenceTimeZone: 'UTC',
            },
          },
        },
        first: { start: '2027-03-26T09:00:00.000Z', end: '2027-03-26T09:30:00.000Z' },
      },
    });
    const after = changedDoc(depart(doc, 'cy', 'paused', at));
    expect(after.memberIds).toEqual(['ana', 'bo', 'di']);
    expect(after.members.map((m) => m.userId)).toEqual(['ana', 'bo', 'di']);
    expect(after.reasons).toEqual([
      { kind: 'shared-goal', data: { goals: ['collaborative-learning'] } },
      { kind: 'teaches', data: { teacherId: 'ana', learnerId: 'bo', topics: ['Go'] } },
      { kind: 'fairness', data: { userIds: ['di'] } },
    ]);
    expect(after).toMatchObject({
      state: 'active',
      endRequested: null,
      pendingMove: null,
      departures: [{ userId: 'cy', at, reason: 'paused' }],
      formerMemberIds: ['cy'],
      series: doc.series,
    });
    // The series is booked again for those who stay.
    expect(seriesAfterDeparture(after)).toEqual({ eventId: 'ev-c1' });
  });

  it('keeps a skip’s category and private note on the circle, as a pair’s skip does', () => {
    const after = changedDoc(
      depart(booked('c1', ['ana', 'bo', 'cy']), 'ana', 'skipped', at, { category: 'away', note: 'leave' }),
    );
    expect(after.skips).toEqual([{ userId: 'ana', category: 'away', note: 'leave', at }]);
    expect(after.skippedBy).toEqual([]);
    expect(after.memberIds).toEqual(['bo', 'cy']);
  });

  it.each<[string, PairingDocument, string, Transition['kind']]>([
    ['refused for a pair (it ends instead)', booked('c1', ['ana', 'bo']), 'ana', 'refused'],
    [
      'refused when the circle is already ending',
      booked('c1', ['ana', 'bo', 'cy'], { endRequested: { at, reason: 'left' } }),
      'ana',
      'refused',
    ],
    ['refused when it is over', booked('c1', ['ana', 'bo', 'cy'], { state: 'ended' }), 'ana', 'refused'],
    [
      'unchanged when they already left',
      booked('c1', ['ana', 'bo', 'cy'], { formerMemberIds: ['di'] }),
      'di',
      'unchanged',
    ],
  ])('is %s', (_case, doc, who, kind) => {
    expect(depart(doc, who, 'left', at).kind).toBe(kind);
  });

  it('needs no calendar action before a series exists (booking reads the members when it books)', () => {
    expect(
      seriesAfterDeparture(changedDoc(depart(circle('c1', ['ana', 'bo', 'cy']), 'ana', 'left', at))),
    ).toBeNull();
  });

  it('erasing someone who left swaps them out of the departures too', () => {
    const left = changedDoc(
      depart(booked('c1', ['ana', 'bo', 'cy']), 'cy', 'skipped', at, { category: 'other', note: 'x' }),
    );
    const erased = changedDoc(eraseMember(left, 'cy', 'erased-c1-2', 'Former participant', at));
    expect(JSON.stringify(erased)).not.toContain('"cy"');
    expect(erased.formerMemberIds).toEqual(['erased-c1-2']);
    expect(erased.skips).toEqual([]);
  });

  it('a booking that finishes after someone left is recorded as it is (the booking worker then re-books it)', () => {
    const left = changedDoc(
      depart(circle('c1', ['ana', 'bo', 'cy'], { state: 'booking', bookingAttempts: [] }), 'cy', 'left', at),
    );
    const recorded = recordBooked(
      left,
      0,
      {
        organizerId: 'bo',
        eventId: 'ev-9',
        firstStart: '2027-03-25T09:00:00.000Z',
        firstEnd: '2027-03-25T09:30:00.000Z',
        joinUrl: null,
        transactionId: 'tx',
        degraded: null,
        load: null,
      },
      at,
    );
    expect(recorded.kind).toBe('changed');
  });
});

const deps = (h: LifecycleHarness) => ({ repos: h.repos, clock: h.clock.read, queues: h.queues });
const seriesActions = seriesActionServiceOf;
const booking = bookingServiceOf;

describe('leaving and pausing in a circle, through the services', () => {
  it('a member pauses: the circle goes on, its series ends and is booked again for the three who stay', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('c1', ['ana', 'bo', 'cy', 'di']));
    await requestEndOfMyPairings(deps(h), { tenantId: T, userId: 'cy' }, 'prog', 'paused');
    expect(h.queues.actions).toEqual([
      { version: 1, tenantId: T, pairingId: 'c1', action: 'rebook', eventId: 'ev-c1', reason: 'member-left' },
    ]);
    expect(await storedPairing(h.repos, 'c1')).toMatchObject({
      memberIds: ['ana', 'bo', 'di'],
      formerMemberIds: ['cy'],
      endRequested: null,
    });

    expect(await seriesActions(h).handle(h.queues.actions[0]!, first)).toEqual({
      kind: 'rebooked',
      attempt: 1,
    });
    // The old series ended from now on (what was held stays), in the words of a re-booking.
    expect(h.calendar.ends.flat()).toEqual([
      expect.objectContaining({
        organizerId: 'bo',
        eventId: 'ev-c1',
        from: now.getTime(),
        comment: 'Someone has left this circle; Pairwise is booking the sessions again for the rest of you.',
      }),
    ]);
    const rebooked = await storedPairing(h.repos, 'c1');
    expect(rebooked).toMatchObject({ state: 'proposed', bookingAttempt: 1, series: null });
    expect(rebooked.previousSeries).toEqual([
      expect.objectContaining({ eventId: 'ev-c1', reason: 'member-left' }),
    ]);

    expect(await booking(h).handle(h.queues.bookings[0]!, first)).toEqual({ kind: 'booked', degraded: null });
    // One series for the three who stay: organizer bo (the junior), the other two invited; cy is not.
    const [items] = h.calendar.ensures;
    expect(items).toHaveLength(1);
    expect(items![0]!.organizer).toBe('bo');
    expect(items![0]!.event.attendees.map((a) => a.emailAddress.address).sort()).toEqual([
      'ana@contoso.example',
      'di@contoso.example',
    ]);
    expect(await storedPairing(h.repos, 'c1')).toMatchObject({
      state: 'booked',
      memberIds: ['ana', 'bo', 'di'],
    });
  });

  it('the last two: when one of them leaves, the circle ends for both, as a pair does', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('c1', ['ana', 'bo'], { circle: true, formerMemberIds: ['cy'] }));
    await requestEndOfMyPairings(deps(h), { tenantId: T, userId: 'ana' }, 'prog', 'left');
    expect(h.queues.actions).toEqual([{ version: 1, tenantId: T, pairingId: 'c1', action: 'end' }]);
    expect(await storedPairing(h.repos, 'c1')).toMatchObject({
      memberIds: ['ana', 'bo'],
      endRequested: { reason: 'left' },
    });
  });

  it('a pair still ends when one person leaves (unchanged)', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('p1', ['ana', 'bo'], { circle: false }));
    await requestEndOfMyPairings(deps(h), { tenantId: T, userId: 'bo' }, 'prog', 'paused');
    expect(h.queues.actions).toEqual([{ version: 1, tenantId: T, pairingId: 'p1', action: 'end' }]);
  });

  it('a circle not yet booked needs no calendar work: the booking books those who stay', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(circle('c1', ['ana', 'bo', 'cy']));
    await requestEndOfMyPairings(deps(h), { tenantId: T, userId: 'ana' }, 'prog', 'left');
    expect(h.queues.actions).toEqual([]);
    const message = bookingMessage('c1');
    expect(await booking(h).handle(message, first)).toEqual({ kind: 'booked', degraded: null });
    expect(h.calendar.ensures[0]![0]!.event.attendees).toHaveLength(1);
  });

  it('someone left while their circle was being booked: the booked series is replaced at once', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(circle('c1', ['ana', 'bo', 'cy']));
    const service = booking(h);
    // The member leaves between the booking worker reading the circle and its creating the series.
    const ensure = h.calendar.ports.calendar.ensureSeriesMany.bind(h.calendar.ports.calendar);
    h.calendar.ports.calendar.ensureSeriesMany = async (items) => {
      await requestEndOfMyPairings(deps(h), { tenantId: T, userId: 'cy' }, 'prog', 'left');
      return ensure(items);
    };
    const message = bookingMessage('c1');
    expect(await service.handle(message, first)).toEqual({ kind: 'booked', degraded: null });
    expect(h.queues.actions).toEqual([
      { version: 1, tenantId: T, pairingId: 'c1', action: 'rebook', eventId: 'ev-c1', reason: 'member-left' },
    ]);
  });

  it('erasing the organizer: the circle goes on without them, its series ended on their calendar and booked again', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('c1', ['ana', 'bo', 'cy', 'di']));
    await eraseEverywhere({ ...deps(h), directory: nobody }, { tenantId: T, userId: 'bo' });
    // They leave as a leaver does; everything that was theirs in the circle is a tombstone.
    const left = await storedPairing(h.repos, 'c1');
    expect(left).toMatchObject({
      memberIds: ['ana', 'cy', 'di'],
      formerMemberIds: ['erased-c1-1'],
      departures: [{ userId: 'erased-c1-1', at: now.toISOString(), reason: 'erased' }],
      endRequested: null,
      series: { eventId: 'ev-c1', organizerId: 'erased-c1-1' },
    });
    expect(JSON.stringify(left)).not.toMatch(/"bo"|"BO"/);
    // The message carries the organizer's id: the pairing no longer holds it, their mailbox still holds the series.
    expect(h.queues.actions).toEqual([
      {
        version: 1,
        tenantId: T,
        pairingId: 'c1',
        action: 'rebook',
        eventId: 'ev-c1',
        reason: 'member-left',
        organizerId: 'bo',
      },
    ]);

    expect(await seriesActions(h).handle(h.queues.actions[0]!, first)).toEqual({
      kind: 'rebooked',
      attempt: 1,
    });
    expect(h.calendar.ends.flat()).toEqual([
      expect.objectContaining({ organizerId: 'bo', eventId: 'ev-c1', from: now.getTime() }),
    ]);
    const rebooked = await storedPairing(h.repos, 'c1');
    expect(rebooked.previousSeries).toEqual([
      expect.objectContaining({ eventId: 'ev-c1', organizerId: 'erased-c1-1', reason: 'member-left' }),
    ]);
    expect(JSON.stringify(rebooked)).not.toMatch(/"bo"|"BO"/);

    expect(await booking(h).handle(h.queues.bookings[0]!, first)).toEqual({ kind: 'booked', degraded: null });
    const [items] = h.calendar.ensures;
    const invited = [items![0]!.organizer, ...items![0]!.event.attendees.map((a) => a.emailAddress.address)];
    expect(invited.map((who) => who.replace('@contoso.example', '')).sort()).toEqual(['ana', 'cy', 'di']);
  });

  it('erasing a member of a circle down to its last two ends it, as a pair ends', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('c1', ['ana', 'bo'], { circle: true, formerMemberIds: ['cy'] }));
    await eraseEverywhere({ ...deps(h), directory: nobody }, { tenantId: T, userId: 'bo' });
    expect(h.queues.actions).toEqual([
      { version: 1, tenantId: T, pairingId: 'c1', action: 'end', organizerId: 'bo' },
    ]);
    expect(await storedPairing(h.repos, 'c1')).toMatchObject({
      memberIds: ['ana', 'erased-c1-1'],
      formerMemberIds: ['cy'],
      endRequested: { reason: 'erased' },
    });
  });

  it('two people erased from one circle get two tombstones, even when the first one’s place comes round again', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(circle('c1', ['ana', 'bo', 'cy', 'di']));
    await eraseEverywhere({ ...deps(h), directory: nobody }, { tenantId: T, userId: 'bo' });
    // cy now sits where bo sat.
    await eraseEverywhere({ ...deps(h), directory: nobody }, { tenantId: T, userId: 'cy' });
    const doc = await storedPairing(h.repos, 'c1');
    expect(doc.memberIds).toEqual(['ana', 'di']);
    expect(doc.formerMemberIds).toHaveLength(2);
    expect(new Set(doc.formerMemberIds).size).toBe(2);
    expect(doc.formerMemberIds.every((id) => id.startsWith('erased-c1-'))).toBe(true);
    // Not booked yet: nothing on a calendar to end or replace.
    expect(h.queues.actions).toEqual([]);
  });
});

describe('the organizer goes while the series is being booked', () => {
  /** Every creation a new event id, as Graph gives: the stray series and the one booked after it never share one. */
  const harness = async () => {
    let created = 0;
    return lifecycleHarness(now, {
      ensure: (key) => ({
        kind: 'created',
        series: {
          eventId: `ev-${key}-${++created}`,
          joinUrl: 'https://join/x',
          onlineMeetingMissing: false,
          existing: false,
        },
      }),
    });
  };
  /** `meanwhile` runs once Graph has created the first series, before the booking worker records it. */
  const afterCreation = (h: LifecycleHarness, meanwhile: () => Promise<void>) => {
    const ensure = h.calendar.ports.calendar.ensureSeriesMany.bind(h.calendar.ports.calendar);
    let done = false;
    h.calendar.ports.calendar.ensureSeriesMany = async (items) => {
      const created = await ensure(items);
      if (!done) {
        done = true;
        await meanwhile();
      }
      return created;
    };
  };
  /** Delivers every queued series action and booking until none is left; what each answered, in order. */
  const drain = async (h: LifecycleHarness) => {
    const outcomes: unknown[] = [];
    for (;;) {
      const actions = h.queues.actions.splice(0);
      const bookings = h.queues.bookings.splice(0);
      if (actions.length + bookings.length === 0) return outcomes;
      for (const m of actions) outcomes.push(await seriesActions(h).handle(m, first));
      for (const m of bookings) outcomes.push(await booking(h).handle(m, first));
    }
  };
  const leaves = (h: LifecycleHarness, userId: string) => () =>
    requestEndOfMyPairings(deps(h), { tenantId: T, userId }, 'prog', 'left');
  const isErased = (h: LifecycleHarness, userId: string) => () =>
    eraseEverywhere({ ...deps(h), directory: nobody }, { tenantId: T, userId });

  it.each<[string, (h: LifecycleHarness) => () => Promise<void>, string]>([
    ['leaves the program', (h) => leaves(h, 'bo'), 'bo'],
    ['is erased', (h) => isErased(h, 'bo'), 'erased-c1-1'],
  ])(
    'a circle of four whose organizer %s: the stray series ends on their calendar, the circle is booked again for the three who stay',
    async (_case, goes, formerId) => {
      const h = await harness();
      await h.repos.pairings.create(circle('c1', ['ana', 'bo', 'cy', 'di']));
      afterCreation(h, goes(h));

      // bo (the junior) organizes; the series exists on their calendar when they go: it is not the circle's.
      expect(await booking(h).handle(bookingMessage('c1'), first)).toEqual({
        kind: 'orphan',
        eventId: 'ev-c1-1',
      });
      expect(h.calendar.ensures[0]![0]!.organizer).toBe('bo');
      // The organizer's id travels in the message only: their mailbox holds the series.
      expect(h.queues.actions).toEqual([
        {
          version: 1,
          tenantId: T,
          pairingId: 'c1',
          action: 'end-orphan',
          organizerId: 'bo',
          eventId: 'ev-c1-1',
        },
      ]);
      expect(h.queues.bookings).toEqual([{ ...bookingMessage('c1'), attempt: 1 }]);
      expect(await storedPairing(h.repos, 'c1')).toMatchObject({
        state: 'proposed',
        bookingAttempt: 1,
        memberIds: ['ana', 'cy', 'di'],
        formerMemberIds: [formerId],
        series: null,
        organizerId: null,
        endRequested: null,
      });

      expect(await drain(h)).toEqual([
        { kind: 'ended', calendar: 'ended' },
        { kind: 'booked', degraded: null },
      ]);
      // Ended on the calendar that holds it, in the words of a circle going on without someone.
      expect(h.calendar.ends.flat()).toEqual([
        expect.objectContaining({
          organizerId: 'bo',
          eventId: 'ev-c1-1',
          comment:
            'Someone has left this circle; Pairwise is booking the sessions again for the rest of you.',
        }),
      ]);
      // One new series for the three who stay, organized by one of them; bo is neither organizer nor invited.
      const again = h.calendar.ensures[1]![0]!;
      const invited = [again.organizer, ...again.event.attendees.map((a) => a.emailAddress.address)];
      expect(invited.map((who) => who.replace('@contoso.example', '')).sort()).toEqual(['ana', 'cy', 'di']);
      const after = await storedPairing(h.repos, 'c1');
      expect(after).toMatchObject({
        state: 'booked',
        bookingAttempt: 1,
        memberIds: ['ana', 'cy', 'di'],
        series: { eventId: 'ev-c1-2', organizerId: again.organizer, endedAt: null },
      });
      expect(after.bookingAttempts).toEqual([
        expect.objectContaining({ attempt: 0, outcome: 'booked', reason: 'organizer-left' }),
        expect.objectContaining({ attempt: 1, outcome: 'booked' }),
      ]);
      if (formerId !== 'bo') expect(JSON.stringify(after)).not.toMatch(/"bo"|"BO"/);
      expect(h.queues.notifications.at(-1)).toMatchObject({
        activityType: 'sessionBooked',
        userIds: ['ana', 'cy', 'di'],
      });
    },
  );

  it('a pair whose organizer leaves: the series Graph created is recorded and ended, the pair ends', async () => {
    const h = await harness();
    await h.repos.pairings.create(circle('p1', ['ana', 'bo']));
    afterCreation(h, leaves(h, 'bo'));
    expect(await booking(h).handle(bookingMessage('p1'), first)).toEqual({ kind: 'booked', degraded: null });
    await drain(h);
    expect(h.calendar.ends.flat()).toEqual([
      expect.objectContaining({ organizerId: 'bo', eventId: 'ev-p1-1' }),
    ]);
    expect(h.queues.bookings).toEqual([]);
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'ended',
      endRequested: { reason: 'left' },
      series: { eventId: 'ev-p1-1', endedAt: now.toISOString() },
    });
    expect(h.calendar.ensures).toHaveLength(1);
  });

  it('a pair whose organizer is erased: the stray series ends on their calendar, the pair ends, their id is nowhere', async () => {
    const h = await harness();
    await h.repos.pairings.create(circle('p1', ['ana', 'bo']));
    afterCreation(h, isErased(h, 'bo'));
    expect(await booking(h).handle(bookingMessage('p1'), first)).toEqual({
      kind: 'orphan',
      eventId: 'ev-p1-1',
    });
    // Not booked again: the pair ends.
    expect(h.queues.bookings).toEqual([]);
    await drain(h);
    expect(h.calendar.ends.flat()).toEqual([
      expect.objectContaining({
        organizerId: 'bo',
        eventId: 'ev-p1-1',
        comment: 'This peer-mentoring series has ended. Thank you for taking part.',
      }),
    ]);
    const after = await storedPairing(h.repos, 'p1');
    expect(after).toMatchObject({
      state: 'ended',
      memberIds: ['ana', 'erased-p1-1'],
      endRequested: { reason: 'erased' },
      series: null,
    });
    expect(JSON.stringify(after)).not.toMatch(/"bo"|"BO"/);
    expect(h.calendar.ensures).toHaveLength(1);
  });
});
