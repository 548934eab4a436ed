import { InvocationContext } from '@azure/functions';

import { createMemoryRepositories } from '../adapters/cosmos/memory-document-store';
import {
  type PairingDocument,
  PairingDocumentSchema,
  ParticipantDocumentSchema,
  participantId,
  ProgramDocumentSchema,
} from '../domain/model';
import { type Availability, type EnsureOutcome } from '../domain/scheduling';
import {
  type BookingAttemptRecord,
  type BookingWorkerPorts,
  createBookingWorker,
  tabDeepLinkOf,
} from './booking-worker';

const T = '7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f';
const now = new Date('2027-03-01T08:00:00Z');

function program() {
  return ProgramDocumentSchema.parse({
    id: 'prog',
    tenantId: T,
    name: 'Peer Circle',
    kind: 'collaborative-learning',
    roundLengthWeeks: 8,
    defaultCadence: 'weekly',
    sessionMinutes: 30,
    schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: 'admin',
    status: 'active',
  });
}

function participant(userId: string, zone: string, levelRank: number) {
  return ParticipantDocumentSchema.parse({
    id: participantId('prog', userId),
    tenantId: T,
    programId: 'prog',
    userId,
    status: 'active',
    pausedUntil: null,
    preferences: { goals: ['collaborative-learning'], cadence: 'weekly', preferredDays: ['thursday'] },
    enrolledAt: now.toISOString(),
    updatedAt: now.toISOString(),
    leftAt: null,
    directory: {
      displayName: userId.toUpperCase(),
      jobTitle: null,
      department: null,
      level: `L${levelRank}`,
      levelRank,
      managerId: 'boss',
      managerChain: ['boss'],
      hireDate: null,
      timeZone: zone,
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '09:00',
        endTime: '17:00',
        timeZone: zone,
      },
      preferredLanguage: null,
      levelSource: { jobTitle: null, attributes: {} },
    },
    directorySyncedAt: now.toISOString(),
    searchName: userId,
  });
}

function pairing(id: string, members: string[], extra: Partial<PairingDocument> = {}): PairingDocument {
  return PairingDocumentSchema.parse({
    id,
    tenantId: T,
    programId: 'prog',
    roundId: 'r1',
    published: true,
    memberIds: members,
    members: members.map((m) => ({
      userId: m,
      displayName: m.toUpperCase(),
      jobTitle: null,
      department: null,
      level: null,
      levelRank: null,
      timeZone: 'W. Europe Standard Time',
    })),
    score: 10,
    reasons: [
      { kind: 'shared-goal', data: { goals: ['collaborative-learning'] } },
      { kind: 'admin-override', data: {} },
    ],
    state: 'proposed',
    cadence: 'weekly',
    sessionMinutes: 30,
    startsOn: '2027-03-01',
    endsOn: '2027-04-25',
    organizerId: null,
    series: null,
    nextSession: null,
    attentionReason: null,
    overridden: false,
    skippedBy: [],
    endRequested: null,
    bookingAttempt: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...extra,
  });
}

interface Harness {
  repos: ReturnType<typeof createMemoryRepositories>;
  ports: BookingWorkerPorts;
  reads: number;
  ensures: Array<Parameters<BookingWorkerPorts['calendar']['ensureSeriesMany']>[0]>;
  ended: Array<{ organizer: string; eventId: string; from: number }>;
  notified: string[];
  handle: (message: unknown, dequeueCount?: number) => Promise<void>;
  warnings: string[];
}

async function harness(
  options: { outcome?: (key: string) => EnsureOutcome; noMailbox?: string[] } = {},
): Promise<Harness> {
  const repos = createMemoryRepositories();
  await repos.programs.create(program());
  await repos.participants.create(participant('ana', 'W. Europe Standard Time', 4));
  await repos.participants.create(participant('bo', 'W. Europe Standard Time', 2));
  await repos.participants.create(participant('cy', 'GMT Standard Time', 3));
  await repos.participants.create(participant('di', 'GMT Standard Time', 3));
  const h = { repos, reads: 0, ensures: [], ended: [], notified: [], warnings: [] } as unknown as Harness;
  h.ports = {
    freeBusy: {
      readAvailability: (r) => {
        h.reads += 1;
        return Promise.resolve(
          new Map(
            r.mailboxes.map((m): [string, Availability] => [
              m,
              { mailbox: m, window: r.window, intervals: [] },
            ]),
          ),
        );
      },
    },
    calendar: {
      ensureSeriesMany: (items) => {
        h.ensures.push(items);
        return Promise.resolve(
          new Map(
            items.map((i) => [
              i.key,
              options.outcome?.(i.key) ?? {
                kind: 'created',
                series: {
                  eventId: `ev-${i.key}`,
                  joinUrl: 'https://join/x',
                  onlineMeetingMissing: false,
                  existing: false,
                },
              },
            ]),
          ),
        );
      },
      endSeriesEarly: (input) => {
        h.ended.push(input);
        return Promise.resolve({ kind: 'ended', lastDate: '2027-03-20' });
      },
    },
    mailboxes: {
      resolve: (ids) =>
        Promise.resolve(
          new Map(
            ids
              .filter((id) => !options.noMailbox?.includes(id))
              .map((id) => [id, { mail: `${id}@contoso.example`, displayName: id }]),
          ),
        ),
    },
    notifier: {
      notify: (n) => {
        h.notified.push(`${n.userId}:${n.activityType}`);
        return Promise.resolve();
      },
    },
  };
  const worker = createBookingWorker({
    repos,
    portsFor: () => h.ports,
    clock: () => now,
    tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
    coalesce: { maxBatch: 20, maxWaitMs: 5 },
  });
  h.handle = (message, dequeueCount = 1) =>
    worker(
      message,
      new InvocationContext({
        functionName: 'booking-worker',
        triggerMetadata: { dequeueCount },
        logHandler: (level, ...args) => level === 'warning' && h.warnings.push(String(args[0])),
      }),
    );
  return h;
}

const message = (pairingId: string, attempt = 0) => ({
  version: 1,
  tenantId: T,
  programId: 'prog',
  roundId: 'r1',
  pairingId,
  attempt,
});

async function stored(
  h: Harness,
  id: string,
): Promise<PairingDocument & { bookingAttempts?: BookingAttemptRecord[]; transactionId?: string }> {
  return (await h.repos.pairings.get(T, id))!.doc;
}

describe('booking worker', () => {
  it('books a pairing: the junior organizes, series and next session stored, attempt recorded, both notified', async () => {
    const h = await harness();
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo']));
    await h.handle(message('p1'));
    const doc = await stored(h, 'p1');
    expect(doc).toMatchObject({
      state: 'booked',
      organizerId: 'bo',
      attentionReason: null,
      series: { organizerId: 'bo', eventId: 'ev-p1', until: '2027-04-25', joinUrl: 'https://join/x' },
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
    const item = h.ensures[0]![0]!;
    expect(item).toMatchObject({ organizer: 'bo@contoso.example', mayExist: false });
    expect(item.event.subject).toBe('Peer Circle: peer mentoring');
    expect(item.event.body.content).toContain('You share goals: collaborative learning.');
    expect(item.event.allowNewTimeProposals).toBe(true);
    expect(h.notified).toEqual(['ana:sessionBooked', 'bo:sessionBooked']);
  });

  it('coalesces concurrent messages of a tenant into one free/busy read and one ensure', async () => {
    const h = await harness();
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo']));
    await h.repos.pairings.create(pairing('p2', ['cy', 'di']));
    await Promise.all([h.handle(message('p1')), h.handle(message('p2'))]);
    expect(h.reads).toBe(1);
    expect(h.ensures).toHaveLength(1);
    expect(h.ensures[0]!.map((i) => i.key).sort()).toEqual(['p1', 'p2']);
  });

  it('a redelivery after a crash mid-attempt looks for the existing series first (mayExist)', async () => {
    const h = await harness();
    await h.repos.pairings.create(
      pairing('p1', ['ana', 'bo'], {
        state: 'booking',
        bookingAttempts: [
          { attempt: 0, startedAt: now.toISOString(), finishedAt: null, outcome: null, reason: null },
        ],
      }),
    );
    await h.handle(message('p1'), 2);
    expect(h.ensures[0]![0]!.mayExist).toBe(true);
    expect((await stored(h, 'p1')).state).toBe('booked');
  });

  it('an admin retry after needs-attention looks for a series an earlier attempt may have created', async () => {
    const h = await harness();
    const failed = {
      attempt: 0,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      outcome: 'needs-attention' as const,
      reason: 'unavailable',
    };
    await h.repos.pairings.create(
      pairing('p1', ['ana', 'bo'], { state: 'proposed', bookingAttempt: 1, bookingAttempts: [failed] }),
    );
    await h.handle(message('p1', 1));
    expect(h.ensures[0]![0]!.mayExist).toBe(true);
  });

  it('a re-booking after a booked (then declined) series does not take the old series for the new one', async () => {
    const h = await harness();
    const booked = {
      attempt: 0,
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      outcome: 'booked' as const,
      reason: null,
    };
    await h.repos.pairings.create(
      pairing('p1', ['ana', 'bo'], { state: 'proposed', bookingAttempt: 1, bookingAttempts: [booked] }),
    );
    await h.handle(message('p1', 1));
    expect(h.ensures[0]![0]!.mayExist).toBe(false);
  });

  it('a re-booking after a declined series avoids the declined weekly time', async () => {
    const first = await harness();
    await first.repos.pairings.create(pairing('p1', ['ana', 'bo']));
    await first.handle(message('p1'));
    const declinedStart = (await stored(first, 'p1')).nextSession!.start;

    const h = await harness();
    await h.repos.pairings.create({
      ...pairing('p1', ['ana', 'bo'], { state: 'proposed', bookingAttempt: 1 }),
      followUp: { rebooks: 1, declinedFirstSessions: [declinedStart] },
    });
    await h.handle(message('p1', 1));
    const doc = await stored(h, 'p1');
    expect(doc.state).toBe('booked');
    const clock = (iso: string): string => iso.slice(11, 16);
    const weekday = (iso: string): number => new Date(iso).getUTCDay();
    const again = doc.nextSession!.start;
    expect([weekday(again), clock(again)]).not.toEqual([weekday(declinedStart), clock(declinedStart)]);
  });

  it('does nothing for a booked pairing or a stale attempt', async () => {
    const h = await harness();
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo'], { state: 'booked' }));
    await h.repos.pairings.create(
      pairing('p2', ['cy', 'di'], { bookingAttempt: 2, state: 'needs-attention' }),
    );
    await h.handle(message('p1'));
    await h.handle(message('p2', 1));
    expect(h.reads + h.ensures.length).toBe(0);
  });

  it('Graph busy: throws for a queue retry, then on the last delivery records needs-attention instead of poisoning', async () => {
    const h = await harness({
      outcome: () => ({
        kind: 'failed',
        retryable: true,
        error: { kind: 'throttled', code: 'graph_throttled', message: 'm' },
      }),
    });
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo']));
    await expect(h.handle(message('p1'), 1)).rejects.toMatchObject({ kind: 'unavailable' });
    expect((await stored(h, 'p1')).bookingAttempts![0]).toMatchObject({
      outcome: 'retry-later',
      finishedAt: null,
    });
    await h.handle(message('p1'), 5);
    const doc = await stored(h, 'p1');
    expect(doc).toMatchObject({
      state: 'needs-attention',
      attentionReason: expect.stringContaining('unavailable'),
    });
    expect(h.ensures[1]![0]!.mayExist).toBe(true);
  });

  const refused = (): EnsureOutcome => ({
    kind: 'failed',
    retryable: false,
    error: { kind: 'upstream', code: 'graph_400', message: 'Microsoft Graph answered 400.' },
  });
  it.each<[string, Parameters<typeof harness>[0], string]>([
    ['Graph refuses the event', { outcome: refused }, 'Microsoft Graph answered 400.'],
    ['no mailbox', { noMailbox: ['bo'] }, 'A member has no mailbox Pairwise can book in.'],
  ])('%s → needs-attention with the reason', async (_name, options, reason) => {
    const h = await harness(options);
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo']));
    await h.handle(message('p1'));
    expect(await stored(h, 'p1')).toMatchObject({ state: 'needs-attention', attentionReason: reason });
    expect(h.notified).toEqual([]);
  });

  it('a triad is booked, not flagged: the junior of three organizes, both others invited, all three notified', async () => {
    const h = await harness();
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo', 'cy']));
    await h.handle(message('p1'));
    const doc = await stored(h, 'p1');
    expect(doc).toMatchObject({
      state: 'booked',
      organizerId: 'bo',
      attentionReason: null,
      series: { organizerId: 'bo', eventId: 'ev-p1', until: '2027-04-25', joinUrl: 'https://join/x' },
    });
    expect(doc.bookingAttempts).toEqual([
      expect.objectContaining({ attempt: 0, outcome: 'booked', finishedAt: now.toISOString() }),
    ]);
    expect(h.reads).toBe(1);
    const item = h.ensures[0]![0]!;
    expect(item.organizer).toBe('bo@contoso.example');
    // Levels: bo 2 organizes, then cy 3 and ana 4 as required attendees.
    expect(item.event.attendees).toEqual([
      { emailAddress: { address: 'cy@contoso.example', name: 'CY' }, type: 'required' },
      { emailAddress: { address: 'ana@contoso.example', name: 'ANA' }, type: 'required' },
    ]);
    expect(item.event.body.content).toContain('Why you three:');
    expect(doc.transactionId).toBe(item.event.transactionId);
    expect(h.notified.sort()).toEqual(['ana:sessionBooked', 'bo:sessionBooked', 'cy:sessionBooked']);
  });

  it('a triad member without a mailbox → needs-attention, nothing created', async () => {
    const h = await harness({ noMailbox: ['cy'] });
    await h.repos.pairings.create(pairing('p1', ['ana', 'bo', 'cy']));
    await h.handle(message('p1'));
    expect(await stored(h, 'p1')).toMatchObject({ state: 'needs-attention' });
    expect(h.ensures).toHaveLength(0);
  });

  it('ends a booked series when an end is requested (never deletes), and marks the pairing ended', async () => {
    const h = await harness();
    const at = '2027-03-20T10:00:00.000Z';
    await h.repos.pairings.create(
      pairing('p1', ['ana', 'bo'], {
        state: 'booked',
        organizerId: 'bo',
        series: {
          organizerId: 'bo',
          eventId: 'ev-1',
          firstOccurrence: '2027-03-04T09:00:00.000Z',
          until: '2027-04-25',
          joinUrl: null,
        },
        endRequested: { at, reason: 'left' },
      }),
    );
    await h.handle(message('p1'));
    expect(h.ended).toEqual([
      { organizer: 'bo@contoso.example', eventId: 'ev-1', from: Date.parse(at), comment: expect.any(String) },
    ]);
    expect((await stored(h, 'p1')).state).toBe('ended');
  });

  it('drops a malformed message with a warning', async () => {
    const h = await harness();
    await h.handle({ version: 2, pairingId: 42 });
    expect(h.warnings).toEqual(['booking: dropped a malformed message']);
  });

  it('links to the personal tab when the Teams app id is known', () => {
    expect(
      tabDeepLinkOf({
        TEAMS_APP_ID: '11111111-1111-1111-1111-111111111111',
        TAB_BASE_URL: 'https://x.example/',
      }),
    ).toBe('https://teams.microsoft.com/l/entity/11111111-1111-1111-1111-111111111111/mentoring');
    expect(tabDeepLinkOf({ TEAMS_APP_ID: undefined, TAB_BASE_URL: 'https://x.example/' })).toBe(
      'https://x.example/',
    );
  });
});
