import { type SeriesActionMessage } from '../../contracts/queue';
import {
  bookedSeries,
  type LifecycleHarness,
  lifecycleHarness,
  pairingDoc,
  seriesActionServiceOf,
  storedPairing,
  T,
} from '../../testing/lifecycle-fixtures';
import { participantId } from '../model';
import { erasureMarkerId } from '../people/erasure';
import { type PairingDocument } from './lifecycle';

const now = new Date('2027-03-20T08:00:00Z');
const first = { lastDelivery: false };

const service = seriesActionServiceOf;

const end = (pairingId: string): SeriesActionMessage => ({
  version: 1,
  tenantId: T,
  pairingId,
  action: 'end',
});
const booked = (id: string, extra: Partial<PairingDocument> = {}) =>
  pairingDoc(now, id, ['ana', 'bo'], {
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

async function seedLoad(h: LifecycleHarness, count: number) {
  await h.repos.leases.upsert({
    id: 'team-load.manager:boss',
    tenantId: T,
    kind: 'team-load',
    group: 'manager:boss',
    counts: { 'thu-09': count },
    updatedAt: now.toISOString(),
  });
}

describe('series actions: end', () => {
  it('ends the series from the request instant (past sessions stay), the pairing ends, members told once', async () => {
    const h = await lifecycleHarness(now);
    await seedLoad(h, 2);
    const requested = '2027-03-21T10:00:00.000Z';
    await h.repos.pairings.create(booked('p1', { endRequested: { at: requested, reason: 'left' } }));
    expect(await service(h).handle(end('p1'), first)).toEqual({ kind: 'ended', calendar: 'ended' });
    expect(h.calendar.ends).toEqual([
      [
        {
          key: 'p1/ev-p1',
          organizerId: 'bo',
          eventId: 'ev-p1',
          from: Date.parse(requested),
          comment: expect.stringMatching(/has ended/),
        },
      ],
    ]);
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'ended',
      nextSession: null,
      series: { endedAt: now.toISOString() },
    });
    expect(h.queues.notifications).toEqual([
      expect.objectContaining({ pairingId: 'p1', userIds: ['ana', 'bo'], activityType: 'seriesEnded' }),
    ]);
    // The series' hour goes back to the team.
    const load = (await h.repos.leases.get(T, 'team-load.manager:boss'))!.doc;
    expect(load.kind === 'team-load' && load.counts).toEqual({ 'thu-09': 1 });
    // A redelivered message finds the work done: no second Graph call, no second notification.
    expect(await service(h).handle(end('p1'), first)).toEqual({ kind: 'ignored', why: 'already ended' });
    expect(h.calendar.ends).toHaveLength(1);
    expect(h.queues.notifications).toHaveLength(1);
  });

  it('ends the series of an erased organizer by the id the message carries (the pairing holds a tombstone)', async () => {
    const h = await lifecycleHarness(now);
    const requested = '2027-03-21T10:00:00.000Z';
    const tomb = 'erased-p9-1';
    await h.repos.pairings.create(
      booked('p9', {
        memberIds: ['ana', tomb],
        organizerId: tomb,
        series: bookedSeries(tomb, 'ev-p9', '2027-03-04T09:00:00.000Z'),
        endRequested: { at: requested, reason: 'erased' },
      }),
    );
    const organizerId = 'a0000000-0000-4000-8000-0000000000b0';
    expect(await service(h).handle({ ...end('p9'), organizerId } as SeriesActionMessage, first)).toEqual({
      kind: 'ended',
      calendar: 'ended',
    });
    expect(h.calendar.ends.flat()).toEqual([expect.objectContaining({ organizerId, eventId: 'ev-p9' })]);
    expect(JSON.stringify(await storedPairing(h.repos, 'p9'))).not.toContain(organizerId);
    // Without the id a tombstone addresses no mailbox: the pairing ends, Graph is not called.
    await h.repos.pairings.create(
      booked('p10', {
        memberIds: ['ana', tomb],
        organizerId: tomb,
        series: bookedSeries(tomb, 'ev-p10', '2027-03-04T09:00:00.000Z'),
        endRequested: { at: requested, reason: 'erased' },
      }),
    );
    expect(await service(h).handle(end('p10'), first)).toEqual({ kind: 'ended', calendar: 'no-series' });
    expect(h.calendar.ends.flat()).toHaveLength(1);
    expect(h.queues.notifications.flatMap((n) => n.userIds)).not.toContain(tomb);
  });

  it('ends a pairing that needs attention and still has its series (never left running)', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(
      booked('p1', {
        state: 'needs-attention',
        attentionReason: 'A peer declined the series again.',
        endRequested: { at: now.toISOString(), reason: 'paused' },
      }),
    );
    await service(h).handle(end('p1'), first);
    expect(h.calendar.ends).toHaveLength(1);
    expect((await storedPairing(h.repos, 'p1')).state).toBe('ended');
  });

  it('a cancelled pairing stays cancelled; one without a series ends without Graph and tells nobody', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(
      booked('p1', { state: 'cancelled', endRequested: { at: now.toISOString(), reason: 'admin-override' } }),
    );
    await h.repos.pairings.create(
      pairingDoc(now, 'p2', ['cy', 'di'], { endRequested: { at: now.toISOString(), reason: 'skipped' } }),
    );
    const s = service(h);
    await Promise.all([s.handle(end('p1'), first), s.handle(end('p2'), first)]);
    expect((await storedPairing(h.repos, 'p1')).state).toBe('cancelled');
    expect((await storedPairing(h.repos, 'p2')).state).toBe('ended');
    expect(h.calendar.ends.flat().map((i) => i.eventId)).toEqual(['ev-p1']);
    expect(h.queues.notifications.map((n) => n.pairingId)).toEqual(['p1']);
  });

  it('coalesces concurrent ends of a tenant into one batched call', async () => {
    const h = await lifecycleHarness(now);
    const ids = ['p1', 'p2', 'p3'];
    for (const id of ids)
      await h.repos.pairings.create(booked(id, { endRequested: { at: now.toISOString(), reason: 'left' } }));
    const s = service(h);
    await Promise.all(ids.map((id) => s.handle(end(id), first)));
    expect(h.calendar.ends).toHaveLength(1);
    expect(h.calendar.ends[0]!.map((i) => i.eventId).sort()).toEqual(['ev-p1', 'ev-p2', 'ev-p3']);
  });

  it('a transient failure comes back later; a permanent one needs attention and keeps the end asked for', async () => {
    const h = await lifecycleHarness(now, {
      end: () => ({ kind: 'failed', transient: true, code: 'graph_503' }),
    });
    await h.repos.pairings.create(booked('p1', { endRequested: { at: now.toISOString(), reason: 'left' } }));
    expect(await service(h).handle(end('p1'), first)).toEqual({
      kind: 'deferred',
      code: 'graph_503',
      delaySeconds: 60,
    });
    expect(h.queues.actions).toEqual([
      { ...end('p1'), retry: { count: 1, firstFailedAt: now.toISOString() } },
    ]);
    expect((await storedPairing(h.repos, 'p1')).state).toBe('active');

    h.calendar.options.end = () => ({
      kind: 'failed',
      transient: false,
      code: 'graph_403_ErrorAccessDenied',
    });
    expect(await service(h).handle(end('p1'), first)).toEqual({
      kind: 'needs-attention',
      code: 'end-failed',
    });
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'needs-attention',
      attentionCode: 'end-failed',
      attentionReason: expect.stringMatching(/could not be ended in Outlook \(graph_403_ErrorAccessDenied\)/),
      endRequested: { reason: 'left' },
    });
  });

  it('does nothing for a pairing nobody asked to end', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('p1'));
    expect((await service(h).handle(end('p1'), first)).kind).toBe('ignored');
    expect(h.calendar.ends).toHaveLength(0);
  });
});

describe('series actions: rebook', () => {
  const rebook = (pairingId: string, eventId: string): SeriesActionMessage => ({
    version: 1,
    tenantId: T,
    pairingId,
    action: 'rebook',
    eventId,
    reason: 'declined',
  });

  it('ends the declined series first, keeps its id in the history, and books again with attempt + 1', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('p1'));
    expect(await service(h).handle(rebook('p1', 'ev-p1'), first)).toEqual({ kind: 'rebooked', attempt: 1 });
    expect(h.calendar.ends[0]).toEqual([
      expect.objectContaining({
        eventId: 'ev-p1',
        from: now.getTime(),
        comment: expect.stringMatching(/new time/),
      }),
    ]);
    const doc = await storedPairing(h.repos, 'p1');
    expect(doc).toMatchObject({ state: 'proposed', bookingAttempt: 1, series: null, nextSession: null });
    expect(doc.previousSeries.map((s) => s.eventId)).toEqual(['ev-p1']);
    expect(doc.followUp.declinedFirstSessions).toEqual(['2027-03-04T09:00:00.000Z']);
    expect(h.queues.bookings).toEqual([expect.objectContaining({ pairingId: 'p1', attempt: 1 })]);
    // Redelivered: the series it named is history now.
    expect((await service(h).handle(rebook('p1', 'ev-p1'), first)).kind).toBe('ignored');
    expect(h.queues.bookings).toHaveLength(1);
  });

  it('the comment Outlook sends goes in the organizer’s language first, then the attendee’s', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('p1'));
    for (const [userId, language] of [
      ['bo', { mailboxLanguage: 'de-DE' }],
      ['ana', { preferredLanguage: 'fr-CA' }],
    ] as const) {
      const stored = (await h.repos.participants.get(T, participantId('prog', userId)))!;
      await h.repos.participants.replace(
        { ...stored.doc, directory: { ...stored.doc.directory!, ...language } },
        stored.etag,
      );
    }
    await service(h).handle(rebook('p1', 'ev-p1'), first);
    expect(h.calendar.ends[0]?.[0]?.comment).toBe(
      'Diese Zeit hat nicht für alle gepasst; Pairwise bucht eine neue.\n\n' +
        'Cet horaire ne convenait pas à tout le monde\u202f; Pairwise réserve un nouveau créneau.',
    );
  });

  it('replaces the series of an erased organizer by the id the message carries, or without Graph when it has none', async () => {
    const h = await lifecycleHarness(now);
    const circle = (id: string) =>
      pairingDoc(now, id, ['ana', 'cy', 'di'], {
        circle: true,
        state: 'active',
        organizerId: `erased-${id}-1`,
        series: bookedSeries(`erased-${id}-1`, `ev-${id}`, '2027-03-04T09:00:00.000Z'),
        formerMemberIds: [`erased-${id}-1`],
      });
    await h.repos.pairings.create(circle('c1'));
    await h.repos.pairings.create(circle('c2'));
    const organizerId = 'a0000000-0000-4000-8000-0000000000b0';
    const left = (pairingId: string, by?: string): SeriesActionMessage => ({
      version: 1,
      tenantId: T,
      pairingId,
      action: 'rebook',
      eventId: `ev-${pairingId}`,
      reason: 'member-left',
      ...(by ? { organizerId: by } : {}),
    });
    expect(await service(h).handle(left('c1', organizerId), first)).toEqual({
      kind: 'rebooked',
      attempt: 1,
    });
    expect(h.calendar.ends.flat()).toEqual([
      expect.objectContaining({
        organizerId,
        eventId: 'ev-c1',
        comment: expect.stringMatching(/left this circle/),
      }),
    ]);
    expect(JSON.stringify(await storedPairing(h.repos, 'c1'))).not.toContain(organizerId);
    // A tombstone addresses no mailbox: booked again for those who stay, Graph not asked to end anything.
    expect(await service(h).handle(left('c2'), first)).toEqual({ kind: 'rebooked', attempt: 1 });
    expect(h.calendar.ends.flat()).toHaveLength(1);
    expect(h.queues.bookings.map((b) => b.pairingId)).toEqual(['c1', 'c2']);
  });

  it('never replaces a series asked to end, nor one that is not the pairing’s current series', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('p1', { endRequested: { at: now.toISOString(), reason: 'left' } }));
    await h.repos.pairings.create(booked('p2'));
    expect((await service(h).handle(rebook('p1', 'ev-p1'), first)).kind).toBe('ignored');
    expect((await service(h).handle(rebook('p2', 'ev-other'), first)).kind).toBe('ignored');
    expect(h.calendar.ends).toHaveLength(0);
  });
});

describe('series actions: move and orphans', () => {
  it('a move of a series that is gone needs attention with the reason', async () => {
    const h = await lifecycleHarness(now);
    const move = {
      id: 'mv-1',
      requestedAt: now.toISOString(),
      requestedBy: 'ana',
      times: {
        start: { dateTime: '2027-03-26T10:00:00', timeZone: 'UTC' },
        end: { dateTime: '2027-03-26T10:30:00', timeZone: 'UTC' },
        recurrence: {
          pattern: {
            type: 'weekly' as const,
            interval: 1,
            daysOfWeek: ['friday' as const],
            firstDayOfWeek: 'monday' as const,
          },
          range: {
            type: 'endDate' as const,
            startDate: '2027-03-26',
            endDate: '2027-04-25',
            recurrenceTimeZone: 'UTC',
          },
        },
      },
      first: { start: '2027-03-26T10:00:00.000Z', end: '2027-03-26T10:30:00.000Z' },
    };
    await h.repos.pairings.create(booked('p1', { state: 'booked', pendingMove: move }));
    h.calendar.ports.series.moveSeries = () => Promise.resolve({ kind: 'missing' });
    expect(
      await service(h).handle(
        { version: 1, tenantId: T, pairingId: 'p1', action: 'move', moveId: 'mv-1' },
        first,
      ),
    ).toEqual({ kind: 'needs-attention', code: 'series-missing' });
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'needs-attention',
      attentionCode: 'series-missing',
      pendingMove: null,
    });
  });

  it('ends an orphan series, but never the pairing’s own', async () => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(booked('p1'));
    const orphan = (eventId: string): SeriesActionMessage => ({
      version: 1,
      tenantId: T,
      pairingId: 'p1',
      action: 'end-orphan',
      organizerId: 'bo',
      eventId,
    });
    expect((await service(h).handle(orphan('ev-p1'), first)).kind).toBe('ignored');
    // An organizer who is not a member of the stored pairing: refused, nothing ended.
    expect(
      await service(h).handle({ ...orphan('ev-other'), organizerId: 'zed' } as SeriesActionMessage, first),
    ).toEqual({ kind: 'rejected', why: 'not-a-member' });
    expect(await service(h).handle(orphan('ev-stray'), first)).toEqual({ kind: 'ended', calendar: 'ended' });
    expect(h.calendar.ends.flat().map((i) => i.eventId)).toEqual(['ev-stray']);
    expect((await storedPairing(h.repos, 'p1')).state).toBe('active');
  });
});

describe('series actions: the orphan of an organizer who went while it was booked', () => {
  const stray: SeriesActionMessage = {
    version: 1,
    tenantId: T,
    pairingId: 'c1',
    action: 'end-orphan',
    organizerId: 'bo',
    eventId: 'ev-stray',
  };
  const going = { state: 'proposed', series: null, organizerId: null, bookingAttempt: 1 } as const;

  // The circle goes on for ana, cy and di; who left it is kept by id, or by tombstone once erased.
  it.each<[string, string[], boolean, 'ended' | 'rejected']>([
    ['someone who left the circle', ['bo'], false, 'ended'],
    ['someone erased since, whom the erasure marker confirms', ['erased-c1-1'], true, 'ended'],
    ['an id the erasure marker does not confirm', ['erased-c1-1'], false, 'rejected'],
    ['someone erased, named for a circle they were never in', ['cy2'], true, 'rejected'],
  ])('an organizer who is %s', async (_case, formerMemberIds, marker, expected) => {
    const h = await lifecycleHarness(now);
    await h.repos.pairings.create(
      pairingDoc(now, 'c1', ['ana', 'cy', 'di'], { circle: true, formerMemberIds, ...going }),
    );
    if (marker)
      await h.repos.leases.upsert({
        id: erasureMarkerId(T, 'bo'),
        tenantId: T,
        kind: 'erasure',
        erasedAt: now.toISOString(),
      });
    const outcome = await service(h).handle(stray, first);
    if (expected === 'rejected') {
      expect(outcome).toEqual({ kind: 'rejected', why: 'not-a-member' });
      expect(h.calendar.ends).toEqual([]);
      return;
    }
    expect(outcome).toEqual({ kind: 'ended', calendar: 'ended' });
    // The circle goes on: its members read why the series they were invited to is gone.
    expect(h.calendar.ends.flat()).toEqual([
      expect.objectContaining({
        organizerId: 'bo',
        eventId: 'ev-stray',
        comment: 'Someone has left this circle; Pairwise is booking the sessions again for the rest of you.',
      }),
    ]);
    expect(await storedPairing(h.repos, 'c1')).toMatchObject(going);
  });
});

describe('series actions: messages that do not match their stored pairing', () => {
  const otherTenant = '0f0e0d0c-0b0a-4909-8807-060504030201';

  /** A store that ignored the partition key would find this tenant's pairing for another tenant's message. */
  function partitionBlind(h: LifecycleHarness): LifecycleHarness {
    const pairings = h.repos.pairings;
    const blind = Object.assign(Object.create(pairings) as typeof pairings, {
      get: (_tenantId: string, id: string) => pairings.get(T, id),
    });
    return { ...h, repos: { ...h.repos, pairings: blind } };
  }

  it.each([
    ['end', { action: 'end' }],
    ['rebook', { action: 'rebook', eventId: 'ev-p1', reason: 'declined' }],
    ['move', { action: 'move', moveId: 'm1' }],
    ['end-orphan', { action: 'end-orphan', organizerId: 'bo', eventId: 'ev-stray' }],
  ])('%s naming another tenant is refused before any calendar call', async (_name, action) => {
    const h = partitionBlind(await lifecycleHarness(now));
    // Whatever the action would need (an end asked, a move pending), the mismatch is refused first.
    await h.repos.pairings.create(
      booked('p1', {
        endRequested: { at: now.toISOString(), by: 'ana', reason: 'left' },
      } as Partial<PairingDocument>),
    );
    const before = JSON.stringify(await storedPairing(h.repos, 'p1'));
    const message = { version: 1, tenantId: otherTenant, pairingId: 'p1', ...action } as SeriesActionMessage;
    expect(await service(h).handle(message, first)).toEqual({ kind: 'rejected', why: 'tenant-mismatch' });
    expect(h.calendar.ends).toEqual([]);
    expect(h.calendar.moves).toEqual([]);
    expect(h.queues.bookings).toEqual([]);
    expect(JSON.stringify(await storedPairing(h.repos, 'p1'))).toBe(before);
  });
});
