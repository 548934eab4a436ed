import { InvocationContext } from '@azure/functions';

import { createMemoryRepositories } from '../adapters/cosmos/memory-document-store';
import { type ActivityNotification } from '../adapters/graph/calendar/activity-notifier';
import { type EndSeriesOutcome, type SeriesHealth } from '../adapters/graph/calendar/calendar-writer';
import { type BookingMessage } from '../contracts/queue';
import { type PairingDocument, PairingDocumentSchema, ProgramDocumentSchema } from '../domain/model';
import { type AttendeeResponse, occurrenceResponseOf, seriesResponseOf } from '../domain/scheduling';
import {
  createFollowUpTimer,
  deepLinkInto,
  type FollowUpPorts,
  type FollowUpRecord,
  followUpTimerFunction,
  type SessionRecord,
} from './follow-up-timer';

const T = '7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f';
const DAY = 86_400_000;
const t0 = Date.parse('2027-03-01T08:00:00Z');

type Doc = PairingDocument & { followUp?: FollowUpRecord; sessions?: SessionRecord[] };

function pairing(id: string, extra: Partial<PairingDocument> = {}): PairingDocument {
  return PairingDocumentSchema.parse({
    id,
    tenantId: T,
    programId: 'prog',
    roundId: 'r1',
    published: true,
    memberIds: ['ann', 'bob'],
    members: ['ann', 'bob'].map((u) => ({
      userId: u,
      displayName: u,
      jobTitle: null,
      department: null,
      level: null,
      levelRank: null,
      timeZone: 'UTC',
    })),
    score: 1,
    reasons: [],
    state: 'booked',
    cadence: 'weekly',
    sessionMinutes: 30,
    startsOn: '2027-03-01',
    endsOn: '2027-04-26',
    organizerId: 'ann',
    series: {
      organizerId: 'ann',
      eventId: `ev-${id}`,
      firstOccurrence: '2027-03-04T10:00:00.000Z',
      until: '2027-04-26',
      joinUrl: 'https://teams.example/j',
    },
    nextSession: {
      start: '2027-03-04T10:00:00.000Z',
      end: '2027-03-04T10:30:00.000Z',
      joinUrl: 'https://teams.example/j',
    },
    attentionReason: null,
    overridden: false,
    skippedBy: [],
    endRequested: null,
    bookingAttempt: 0,
    createdAt: new Date(t0).toISOString(),
    updatedAt: new Date(t0).toISOString(),
    ...extra,
  });
}

/** Weekly occurrences from 2027-03-04 10:00Z, each with the attendee's response. */
function weekly(
  responses: Array<'accepted' | 'declined' | 'notResponded'>,
  cancelled: number[] = [],
): SeriesHealth {
  const first = Date.parse('2027-03-04T10:00:00Z');
  return {
    state: 'active',
    attendeeResponse: 'accepted',
    occurrences: responses.map((r, i) => ({
      eventId: `occ${i}`,
      start: first + i * 7 * DAY,
      end: first + i * 7 * DAY + 30 * 60_000,
      isCancelled: cancelled.includes(i),
      attendeeResponse: r,
    })),
  };
}

/** A fake organizer's copy that answers per attendee mailbox, combined as the Graph adapter combines them. */
type PerAttendee = {
  series: Record<string, AttendeeResponse>;
  occurrences: Array<Record<string, AttendeeResponse>>;
};

function setup(health: Map<string, SeriesHealth | Error | PerAttendee>) {
  const repos = createMemoryRepositories();
  let now = t0;
  const notifications: ActivityNotification[] = [];
  const ended: Array<{ organizer: string; eventId: string; from: number }> = [];
  const published: BookingMessage[] = [];
  const reads: Array<{ organizer: string; attendee: string }> = [];
  const resolves: string[][] = [];
  const ports: FollowUpPorts = {
    calendar: {
      readSeriesHealth: (organizer, eventId, attendees) => {
        const mailboxes = typeof attendees === 'string' ? [attendees] : attendees;
        reads.push({ organizer, attendee: mailboxes.join(',') });
        const h = health.get(eventId);
        if (!h) return Promise.resolve({ state: 'deleted' });
        if (h instanceof Error) return Promise.reject(h);
        if (!('series' in h)) return Promise.resolve(h);
        const answer = (byMailbox: Record<string, AttendeeResponse>) =>
          mailboxes.map((m) => byMailbox[m] ?? 'none');
        const base = weekly(h.occurrences.map(() => 'accepted'));
        return Promise.resolve({
          state: 'active',
          attendeeResponse: seriesResponseOf(answer(h.series)),
          occurrences:
            base.state === 'active'
              ? base.occurrences.map((o, i) => ({
                  ...o,
                  attendeeResponse: occurrenceResponseOf(answer(h.occurrences[i]!)),
                }))
              : [],
        });
      },
      endSeriesEarly: (input): Promise<EndSeriesOutcome> => {
        ended.push({ organizer: input.organizer, eventId: input.eventId, from: input.from });
        return Promise.resolve({ kind: 'ended', lastDate: '2027-03-10' });
      },
    },
    mailboxes: {
      resolve: (ids) => {
        resolves.push([...ids]);
        return Promise.resolve(
          new Map(ids.map((id) => [id, { id, mail: `${id}@contoso.example`, displayName: id }])),
        );
      },
    },
    notifier: {
      notify: (n) => {
        notifications.push(n as unknown as ActivityNotification);
        return Promise.resolve();
      },
    },
  };
  const tick = createFollowUpTimer({
    repos,
    bookings: { publish: (m) => Promise.resolve(void published.push(...m)) },
    portsFor: () => ports,
    clock: () => new Date(now),
    tenantIds: [T],
    tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
  });
  const lines: string[] = [];
  const context = () =>
    new InvocationContext({
      functionName: 'follow-up-timer',
      logHandler: (_level, ...args) => void lines.push(args.map(String).join(' ')),
    });
  return {
    repos,
    notifications,
    ended,
    published,
    reads,
    resolves,
    lines,
    setNow: (value: number) => void (now = value),
    tick: () => tick(context()),
    doc: async (id: string) => (await repos.pairings.get(T, id))!.doc as Doc,
    seed: async () => {
      await repos.programs.create(
        ProgramDocumentSchema.parse({
          id: 'prog',
          tenantId: T,
          name: 'Peer Circle',
          kind: 'collaborative-learning',
          roundLengthWeeks: 8,
          defaultCadence: 'weekly',
          sessionMinutes: 30,
          schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
          createdAt: new Date(t0).toISOString(),
          updatedAt: new Date(t0).toISOString(),
          createdBy: 'admin',
          status: 'active',
        }),
      );
    },
  };
}

describe('follow-up timer', () => {
  it('reads the organizer’s copy with the attendee’s mailbox and stores sessions and the next session; booked → active after the first session', async () => {
    const s = setup(new Map([['ev-p1', weekly(['accepted', 'notResponded', 'notResponded'])]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    const summary = await s.tick();
    expect(summary).toMatchObject({ checked: 1, outcomes: { healthy: 1, failed: 0 } });
    expect(s.reads).toEqual([{ organizer: 'ann@contoso.example', attendee: 'bob@contoso.example' }]);
    let doc = await s.doc('p1');
    expect(doc.state).toBe('booked');
    expect(doc.sessions?.map((x) => x.verdict)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    expect(s.notifications).toHaveLength(0);

    s.setNow(Date.parse('2027-03-05T08:00:00Z'));
    await s.tick();
    doc = await s.doc('p1');
    expect(doc.state).toBe('active');
    expect(doc.sessions?.[0]).toEqual({
      start: '2027-03-04T10:00:00.000Z',
      verdict: 'likely-held',
      likelyHeld: true,
    });
    expect(doc.followUp?.likelyHeld).toBe(1);
    expect(doc.nextSession).toEqual({
      start: '2027-03-11T10:00:00.000Z',
      end: '2027-03-11T10:30:00.000Z',
      joinUrl: 'https://teams.example/j',
    });
  });

  it('does not rewrite a pairing whose series did not change (no write per tick)', async () => {
    const s = setup(new Map([['ev-p1', weekly(['accepted', 'accepted'])]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    await s.tick();
    const etag = (await s.repos.pairings.get(T, 'p1'))!.etag;
    s.setNow(t0 + 60 * 60_000);
    await s.tick();
    expect((await s.repos.pairings.get(T, 'p1'))!.etag).toBe(etag);
  });

  it('resolves the mailboxes of all a tenant’s pairings in one look-up per tick', async () => {
    const s = setup(
      new Map([
        ['ev-p1', weekly(['accepted'])],
        ['ev-p2', weekly(['accepted'])],
      ]),
    );
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    await s.repos.pairings.create(
      pairing('p2', {
        memberIds: ['cat', 'dan'],
        series: { organizerId: 'cat', eventId: 'ev-p2', firstOccurrence: null, until: null, joinUrl: null },
      }),
    );
    expect((await s.tick()).outcomes.healthy).toBe(2);
    expect(s.resolves).toHaveLength(1);
    expect([...s.resolves[0]!].sort()).toEqual(['ann', 'bob', 'cat', 'dan']);
    expect(s.reads).toContainEqual({ organizer: 'cat@contoso.example', attendee: 'dan@contoso.example' });
  });

  it('asks both people for feedback once, after the first session, however many ticks follow', async () => {
    const s = setup(new Map([['ev-p1', weekly(['accepted', 'accepted', 'accepted'])]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    await s.tick();
    expect(s.notifications).toHaveLength(0);
    s.setNow(Date.parse('2027-03-05T08:00:00Z'));
    await s.tick();
    await s.tick();
    s.setNow(Date.parse('2027-03-12T08:00:00Z'));
    await s.tick();
    const feedback = s.notifications.filter((n) => n.activityType === 'feedbackRequested');
    expect(feedback.map((n) => n.userId).sort()).toEqual(['ann', 'bob']);
    expect(feedback[0]).toMatchObject({
      parameters: { programName: 'Peer Circle' },
      // Opens "did you meet?" for this pairing directly (Teams subEntityId).
      webUrl:
        'https://teams.microsoft.com/l/entity/app/mentoring?context=%7B%22subEntityId%22%3A%22feedback%2Fp1%22%7D',
    });
    expect((await s.doc('p1')).followUp?.feedbackRequestedAt).toBe('2027-03-05T08:00:00.000Z');
    expect((await s.doc('p1')).followUp?.likelyHeld).toBe(2);
  });

  it('notes a declined occurrence as missed without re-booking, and does not ask for feedback on a missed first session', async () => {
    const s = setup(new Map([['ev-p1', weekly(['declined', 'accepted'])]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    s.setNow(Date.parse('2027-03-05T08:00:00Z'));
    expect((await s.tick()).outcomes.healthy).toBe(1);
    const doc = await s.doc('p1');
    expect(doc.followUp?.missed).toEqual(['occ0']);
    expect(doc.sessions?.[0]?.verdict).toBe('missed');
    expect(doc.state).toBe('booked');
    expect(s.published).toHaveLength(0);
    expect(s.notifications).toHaveLength(0);
  });

  it('re-books a series the attendee declined: old series ended from now (past kept), attempt + 1 published', async () => {
    const declined: SeriesHealth = { state: 'active', attendeeResponse: 'declined', occurrences: [] };
    const s = setup(new Map([['ev-p1', declined]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    expect((await s.tick()).outcomes.rebooked).toBe(1);
    expect(s.ended).toEqual([{ organizer: 'ann@contoso.example', eventId: 'ev-p1', from: t0 }]);
    expect(s.published).toEqual([
      { version: 1, tenantId: T, programId: 'prog', roundId: 'r1', pairingId: 'p1', attempt: 1 },
    ]);
    const doc = await s.doc('p1');
    expect(doc).toMatchObject({
      state: 'proposed',
      bookingAttempt: 1,
      series: null,
      followUp: {
        rebooks: 1,
        previousSeriesIds: ['ev-p1'],
        declinedFirstSessions: ['2027-03-04T10:00:00.000Z'],
      },
    });
    // A proposed pairing is the worker's: the timer leaves it alone.
    expect((await s.tick()).checked).toBe(0);
  });

  it('flags a second decline instead of re-booking forever, and tells both people once', async () => {
    const declined: SeriesHealth = { state: 'active', attendeeResponse: 'declined', occurrences: [] };
    const s = setup(new Map([['ev-p1', declined]]));
    await s.seed();
    await s.repos.pairings.create({ ...pairing('p1'), followUp: { rebooks: 1 } });
    expect((await s.tick()).outcomes.flagged).toBe(1);
    await s.tick();
    const doc = await s.doc('p1');
    expect(doc.state).toBe('needs-attention');
    expect(doc.attentionReason).toMatch(/declined the series again/);
    expect(s.published).toHaveLength(0);
    expect(s.ended).toHaveLength(0);
    expect(
      s.notifications
        .filter((n) => n.activityType === 'actionNeeded')
        .map((n) => n.userId)
        .sort(),
    ).toEqual(['ann', 'bob']);
  });

  it('flags a series the organizer deleted or cancelled with the reason', async () => {
    const s = setup(new Map<string, SeriesHealth>([['ev-p2', { state: 'cancelled' }]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    await s.repos.pairings.create(pairing('p2'));
    expect((await s.tick()).outcomes.flagged).toBe(2);
    expect((await s.doc('p1')).attentionReason).toBe('The organizer deleted the meeting series.');
    expect((await s.doc('p2')).attentionReason).toBe('The meeting series was cancelled in Outlook.');
  });

  it('ends the series early when a member left (from the request instant), then ended, notified once; past occurrences are never deleted', async () => {
    const s = setup(new Map([['ev-p1', weekly(['accepted'])]]));
    await s.seed();
    const at = '2027-03-10T12:00:00.000Z';
    await s.repos.pairings.create(pairing('p1', { state: 'active', endRequested: { at, reason: 'left' } }));
    // An admin-unpaired pairing is cancelled and keeps that state; its series still ends.
    await s.repos.pairings.create(
      pairing('p2', { state: 'cancelled', endRequested: { at, reason: 'admin-override' } }),
    );
    await s.repos.pairings.create(pairing('p3', { state: 'cancelled' }));
    s.setNow(Date.parse('2027-03-09T08:00:00Z'));
    expect((await s.tick()).outcomes.ended).toBe(2);
    expect(s.ended).toEqual([
      { organizer: 'ann@contoso.example', eventId: 'ev-p1', from: Date.parse(at) },
      { organizer: 'ann@contoso.example', eventId: 'ev-p2', from: Date.parse(at) },
    ]);
    expect(await s.doc('p1')).toMatchObject({ state: 'ended', nextSession: null });
    expect((await s.doc('p2')).state).toBe('cancelled');
    expect((await s.doc('p3')).followUp).toBeUndefined();
    expect(s.notifications.filter((n) => n.activityType === 'seriesEnded')).toHaveLength(4);
    // Ended pairings are not looked at again.
    expect((await s.tick()).checked).toBe(0);
    expect(s.ended).toHaveLength(2);
  });

  it('closes a pairing whose round is over without touching Outlook (the recurrence already ends with the round)', async () => {
    const s = setup(new Map([['ev-p1', weekly(['accepted'])]]));
    await s.seed();
    await s.repos.pairings.create(pairing('p1', { state: 'active' }));
    s.setNow(Date.parse('2027-04-27T08:00:00Z'));
    expect((await s.tick()).outcomes.ended).toBe(1);
    expect(s.ended).toHaveLength(0);
    expect(s.reads).toHaveLength(0);
    expect((await s.doc('p1')).state).toBe('ended');
  });

  it('keeps going when one pairing fails, and logs no mail addresses', async () => {
    const s = setup(
      new Map<string, SeriesHealth | Error>([
        ['ev-p1', new Error('boom bob@contoso.example')],
        ['ev-p2', weekly(['accepted'])],
      ]),
    );
    await s.seed();
    await s.repos.pairings.create(pairing('p1'));
    await s.repos.pairings.create(pairing('p2'));
    const summary = await s.tick();
    expect(summary.outcomes).toMatchObject({ failed: 1, healthy: 1 });
    expect(s.lines.join('\n')).not.toMatch(/@contoso/);
    expect(s.lines.join('\n')).toMatch(/followup\.failed/);
  });

  describe('a group of three', () => {
    const triad = (id: string, extra: Partial<PairingDocument> = {}) =>
      pairing(id, {
        memberIds: ['ann', 'bob', 'cia'],
        members: ['ann', 'bob', 'cia'].map((u) => ({
          userId: u,
          displayName: u,
          jobTitle: null,
          department: null,
          level: null,
          levelRank: null,
          timeZone: 'UTC',
        })),
        ...extra,
      });
    const bob = 'bob@contoso.example';
    const cia = 'cia@contoso.example';

    it('reads both attendees; a decline by the second attendee re-books the series like a pair’s', async () => {
      const s = setup(
        new Map([['ev-t1', { series: { [bob]: 'accepted', [cia]: 'declined' }, occurrences: [] }]]),
      );
      await s.seed();
      await s.repos.pairings.create(triad('t1'));
      expect((await s.tick()).outcomes.rebooked).toBe(1);
      expect(s.reads).toEqual([{ organizer: 'ann@contoso.example', attendee: `${bob},${cia}` }]);
      expect(s.ended).toEqual([{ organizer: 'ann@contoso.example', eventId: 'ev-t1', from: t0 }]);
      expect(s.published).toEqual([
        { version: 1, tenantId: T, programId: 'prog', roundId: 'r1', pairingId: 't1', attempt: 1 },
      ]);
      expect(await s.doc('t1')).toMatchObject({
        state: 'proposed',
        bookingAttempt: 1,
        series: null,
        followUp: { rebooks: 1, declinedFirstSessions: ['2027-03-04T10:00:00.000Z'] },
      });
    });

    it('a second decline by any attendee is flagged and all three are told', async () => {
      const s = setup(
        new Map([['ev-t1', { series: { [bob]: 'declined', [cia]: 'accepted' }, occurrences: [] }]]),
      );
      await s.seed();
      await s.repos.pairings.create({ ...triad('t1'), followUp: { rebooks: 1 } });
      expect((await s.tick()).outcomes.flagged).toBe(1);
      expect((await s.doc('t1')).attentionReason).toMatch(/declined the series again/);
      expect(s.published).toHaveLength(0);
      expect(
        s.notifications
          .filter((n) => n.activityType === 'actionNeeded')
          .map((n) => n.userId)
          .sort(),
      ).toEqual(['ann', 'bob', 'cia']);
    });

    it('an occurrence one attendee declined still likely took place with the other; declined by both → missed', async () => {
      const s = setup(
        new Map([
          [
            'ev-t1',
            {
              series: { [bob]: 'accepted', [cia]: 'accepted' },
              occurrences: [
                { [bob]: 'declined', [cia]: 'accepted' },
                { [bob]: 'declined', [cia]: 'declined' },
                { [bob]: 'accepted', [cia]: 'accepted' },
              ],
            },
          ],
        ]),
      );
      await s.seed();
      await s.repos.pairings.create(triad('t1'));
      s.setNow(Date.parse('2027-03-12T08:00:00Z'));
      expect((await s.tick()).outcomes.healthy).toBe(1);
      const doc = await s.doc('t1');
      expect(doc.sessions?.map((x) => x.verdict)).toEqual(['likely-held', 'missed', 'upcoming']);
      expect(doc.followUp?.missed).toEqual(['occ1']);
      expect(doc.state).toBe('active');
      expect(s.published).toHaveLength(0);
    });
  });

  it('is registered as a timer on the FOLLOW_UP_TIMER_SCHEDULE setting', () => {
    const definition = followUpTimerFunction(() => {
      throw new Error('not composed at registration');
    });
    expect(definition).toMatchObject({
      kind: 'timer',
      name: 'follow-up-timer',
      schedule: '%FOLLOW_UP_TIMER_SCHEDULE%',
    });
  });
});

describe('deepLinkInto', () => {
  it.each([
    [
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring',
      'feedback/p-1',
      'https://teams.microsoft.com/l/entity/5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10/mentoring?context=%7B%22subEntityId%22%3A%22feedback%2Fp-1%22%7D',
    ],
    ['https://pairwise.example.com/', 'pairing/p-2', 'https://pairwise.example.com/#/pairing/p-2'],
  ])('links %s to %s', (base, target, expected) => {
    expect(deepLinkInto(base, target)).toBe(expected);
  });
});
