import { type NotificationMessage } from '../../contracts/queue';
import { AppError } from '../../errors';
import { type LifecycleHarness, lifecycleHarness, pairingDoc, T } from '../../testing/lifecycle-fixtures';
import { type RoundDocument, RoundDocumentSchema } from '../model';
import { participantId } from '../model';
import { createNotificationService } from './notification-service';
import { type ActivityNotification } from './ports';

const now = new Date('2027-03-01T08:00:00Z');
/** A message about a pairing (`pairingId`), or about many people of the program at once (`null`). */
const message = (pairingId: string | null, userIds: string[], over: Partial<NotificationMessage> = {}) =>
  ({
    version: 1,
    tenantId: T,
    programId: 'prog',
    ...(pairingId === null ? {} : { pairingId }),
    userIds,
    activityType: 'feedbackRequested',
    ...over,
  }) satisfies NotificationMessage;

async function setup(fail: (call: number, n: ActivityNotification) => Error | undefined = () => undefined) {
  const h = await lifecycleHarness(now);
  await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo', 'cy']));
  await h.repos.pairings.create(pairingDoc(now, 'p2', ['cy', 'di']));
  await h.repos.pairings.create(pairingDoc(now, 'p3', ['ed', 'fa']));
  await h.repos.pairings.create(pairingDoc(now, 'p4', ['gu', 'ha']));
  const sent: ActivityNotification[] = [];
  let calls = 0;
  const service = createNotificationService({
    repos: h.repos,
    notifierFor: () => ({
      notify: (n) => {
        const error = fail(calls++, n);
        if (error) return Promise.reject(error);
        sent.push(n);
        return Promise.resolve();
      },
    }),
    queues: h.queues,
    clock: h.clock.read,
    random: () => 0,
    tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
    coalesce: { maxWaitMs: 5, maxMessages: 50 },
  });
  return { h, sent, service };
}

const throttled = () => new AppError('throttled', 'busy', { retryAfterSeconds: 1 });

/** Sets what the directory sync stored about a member's language. */
async function speaks(
  repos: LifecycleHarness['repos'],
  userId: string,
  language: { mailboxLanguage?: string | null; preferredLanguage?: string | null },
) {
  const stored = (await repos.participants.get(T, participantId('prog', userId)))!;
  await repos.participants.replace(
    { ...stored.doc, directory: { ...stored.doc.directory!, ...language } },
    stored.etag,
  );
}

function roundDoc(over: Partial<RoundDocument> = {}): RoundDocument {
  return RoundDocumentSchema.parse({
    id: 'r-9',
    tenantId: T,
    programId: 'prog',
    roundKey: 'prog-20270301T0900',
    number: 2,
    status: 'published',
    trigger: 'timer',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    publishedAt: now.toISOString(),
    startsOn: '2027-03-01',
    endsOn: '2027-04-25',
    failureReason: null,
    attempts: 1,
    leaseUntil: null,
    algorithmVersion: 'test',
    seed: 1,
    stats: { candidates: 4, pairings: 0, triads: 0, unmatched: 4, totalScore: 0, durationMs: 1 },
    unmatched: [
      { userId: 'ana', displayName: 'ANA', reason: 'no-eligible-peer', detail: 'level-band' },
      { userId: 'bo', displayName: 'BO', reason: 'carried-over-with-priority', detail: null },
      // Someone's private list never shows through: cy reads the bare reason.
      { userId: 'cy', displayName: 'CY', reason: 'no-eligible-peer', detail: 'not-with' },
      { userId: 'di', displayName: 'DI', reason: 'left-since-plan', detail: null },
    ],
    pairingIds: [],
    ...over,
  });
}

describe('notification service', () => {
  it('tells every member in one request, in words with the program’s name, linking to the right place', async () => {
    const { sent, service } = await setup();
    expect(await service.handle(message('p1', ['ana', 'bo', 'cy']))).toEqual({
      sent: 3,
      skipped: 0,
      deferred: 0,
    });
    expect(sent).toEqual([
      {
        userIds: ['ana', 'bo', 'cy'],
        activityType: 'feedbackRequested',
        parameters: { programName: 'Peer Circle' },
        webUrl: expect.stringContaining(encodeURIComponent('"subEntityId":"feedback"')),
        previewText: 'Did you meet? Tell us how your first session went.',
      },
    ]);
  });

  it('coalesces messages of one program and kind that arrive together; other kinds go separately', async () => {
    const { sent, service } = await setup();
    const outcomes = await Promise.all([
      service.handle(message('p1', ['ana', 'bo'])),
      service.handle(message('p2', ['cy', 'di'])),
      service.handle(message('p3', ['ed', 'fa'], { activityType: 'seriesEnded' })),
      service.handle(message('p4', ['gu', 'ha'])),
    ]);
    expect(outcomes.map((o) => o.sent)).toEqual([2, 2, 2, 2]);
    expect(sent.map((n) => [n.activityType, [...n.userIds]])).toEqual([
      ['feedbackRequested', ['ana', 'bo', 'cy', 'di', 'gu', 'ha']],
      ['seriesEnded', ['ed', 'fa']],
    ]);
  });

  it('never puts more than 100 recipients in one request, and never the placeholder of an erased member', async () => {
    const { sent, service } = await setup();
    const people = Array.from({ length: 130 }, (_, i) => `u${i}`);
    await Promise.all([
      service.handle(message(null, people.slice(0, 70))),
      service.handle(message(null, [...people.slice(70), 'erased-x1'])),
    ]);
    expect(sent.map((n) => n.userIds.length)).toEqual([100, 30]);
    expect(sent.flatMap((n) => n.userIds)).toEqual(people);
  });

  it('throttled partway: each message re-enqueues only its members not yet told, later; nobody is told twice', async () => {
    const { h, sent, service } = await setup((call) => (call === 1 ? throttled() : undefined));
    const people = Array.from({ length: 150 }, (_, i) => `u${i}`);
    const outcomes = await Promise.all([
      service.handle(message(null, people.slice(0, 100))),
      service.handle(message(null, people.slice(100))),
    ]);
    expect(outcomes).toEqual([
      { sent: 100, skipped: 0, deferred: 0 },
      { sent: 0, skipped: 0, deferred: 50 },
    ]);
    expect(sent.flatMap((n) => n.userIds)).toEqual(people.slice(0, 100));
    expect(h.queues.notifications).toEqual([
      {
        ...message(null, people.slice(100)),
        retry: { count: 1, firstFailedAt: now.toISOString() },
      },
    ]);
    expect(h.queues.delays).toEqual([{ queue: 'notify', delaySeconds: 60 }]);
  });

  it('a refused request (not transient) is dropped, not retried; the other requests still go', async () => {
    const { h, sent, service } = await setup((call) =>
      call === 0 ? new AppError('upstream', 'Bad request', { code: 'graph_400' }) : undefined,
    );
    const people = Array.from({ length: 120 }, (_, i) => `u${i}`);
    const outcome = await service.handle(message(null, people));
    expect(outcome).toEqual({ sent: 20, skipped: 100, deferred: 0 });
    expect(sent.flatMap((n) => n.userIds)).toEqual(people.slice(100));
    expect(h.queues.notifications).toEqual([]);
  });

  it('gives up after the backoff budget rather than retrying for ever', async () => {
    const { h, service } = await setup(() => throttled());
    const old = { count: 9, firstFailedAt: new Date(now.getTime() - 7 * 3600_000).toISOString() };
    expect(await service.handle({ ...message('p1', ['ana', 'bo']), retry: old })).toEqual({
      sent: 0,
      skipped: 2,
      deferred: 0,
    });
    expect(h.queues.notifications).toEqual([]);
  });

  it.each([
    ['another tenant', { tenantId: '0f0e0d0c-0b0a-4909-8807-060504030201' }, 'unknown'],
    ['another program', { programId: 'other-prog' }, 'program-mismatch'],
    ['someone who is not a member', { userIds: ['ana', 'zed'] }, 'not-a-member'],
    ['a pairing that does not exist', { pairingId: 'p-none' }, 'unknown'],
  ])('sends nothing for a message naming %s', async (_name, change, why) => {
    const { sent, service, h } = await setup(() => undefined);
    expect(await service.handle({ ...message('p1', ['ana', 'bo']), ...change })).toEqual({
      sent: 0,
      skipped: 0,
      deferred: 0,
      rejected: why,
    });
    expect(sent).toEqual([]);
    expect(h.queues.notifications).toEqual([]);
  });

  it('renders each member’s preview in their language; members who read the same words share one request', async () => {
    const { h, sent, service } = await setup();
    await speaks(h.repos, 'ana', { mailboxLanguage: 'de-DE', preferredLanguage: 'en-GB' });
    await speaks(h.repos, 'cy', { mailboxLanguage: null, preferredLanguage: 'fr-CA' });
    await speaks(h.repos, 'di', { preferredLanguage: 'es-ES' });
    await Promise.all([
      service.handle(message('p1', ['ana', 'bo', 'cy'])),
      service.handle(message('p2', ['cy', 'di'])),
    ]);
    expect(sent.map((n) => [n.previewText, [...n.userIds]])).toEqual([
      ['Haben Sie sich getroffen? Erzählen Sie uns, wie Ihre erste Sitzung war.', ['ana']],
      ['Did you meet? Tell us how your first session went.', ['bo', 'di']],
      ['Vous êtes-vous rencontrés\u202f? Dites-nous comment s’est passée votre première séance.', ['cy']],
    ]);
    // The rest of the notification is the same for everyone.
    expect(new Set(sent.map((n) => JSON.stringify([n.activityType, n.parameters, n.webUrl]))).size).toBe(1);
  });

  it('tells each person a published round left out why, in their language, with the next round’s day', async () => {
    const { h, sent, service } = await setup();
    await h.repos.rounds.create(roundDoc());
    await speaks(h.repos, 'ana', { mailboxLanguage: 'de-CH' });
    await speaks(h.repos, 'cy', { preferredLanguage: 'fr-FR' });
    const outcome = await service.handle({
      ...message(null, ['ana', 'bo', 'cy', 'di', 'ed']),
      activityType: 'notPaired',
      roundId: 'r-9',
    });
    // di left since the plan and ed is not on the round's list: neither is told anything.
    expect(outcome).toEqual({ sent: 3, skipped: 2, deferred: 0 });
    expect(sent).toEqual([
      {
        userIds: ['ana'],
        activityType: 'notPaired',
        parameters: { programName: 'Peer Circle' },
        // The tab's home explains why and what would help.
        webUrl: 'https://teams.microsoft.com/l/entity/app/mentoring',
        // The round runs until Sunday 25 April: the next one starts the Monday after (decision 0020).
        previewText: 'Auf Ihrer Ebene nimmt noch niemand teil. Die nächste Runde beginnt am 26. April 2027.',
      },
      expect.objectContaining({
        userIds: ['bo'],
        previewText:
          'An odd number of people joined and you were the one left over: you come first next round. The next round starts on April 26, 2027.',
      }),
      expect.objectContaining({
        userIds: ['cy'],
        previewText:
          'Personne qui vous corresponde n’était inscrit au moment de la constitution des binômes. Le prochain tour commence le 26 avril 2027.',
      }),
    ]);
    expect(h.queues.notifications).toEqual([]);
  });

  it('a message merged from several pairings tells the members of each, in one request', async () => {
    const { sent, service } = await setup();
    const merged = { ...message(null, ['ana', 'bo', 'cy', 'ed', 'fa']), pairingIds: ['p1', 'p3'] };
    expect(await service.handle(merged)).toEqual({ sent: 5, skipped: 0, deferred: 0 });
    expect(sent.map((n) => n.userIds)).toEqual([['ana', 'bo', 'cy', 'ed', 'fa']]);
  });

  it('a merged message loses only the members of a pairing that is gone, and only when one is gone', async () => {
    const { sent, service } = await setup();
    const withGone = { ...message(null, ['ana', 'bo', 'zed', 'yo']), pairingIds: ['p1', 'p-gone'] };
    expect(await service.handle(withGone)).toEqual({ sent: 2, skipped: 0, deferred: 0 });
    expect(sent.map((n) => n.userIds)).toEqual([['ana', 'bo']]);
  });

  it.each([
    ['a stranger to all its pairings', { userIds: ['ana', 'ed', 'zed'] }, 'not-a-member'],
    ['a pairing of another program among them', { programId: 'other-prog' }, 'program-mismatch'],
    ['only pairings that do not exist', { pairingIds: ['p-none', 'p-gone'] }, 'unknown'],
  ])('refuses a merged message naming %s whole', async (_name, change, why) => {
    const { sent, service, h } = await setup();
    const merged = { ...message(null, ['ana', 'ed']), pairingIds: ['p1', 'p3'], ...change };
    expect(await service.handle(merged)).toEqual({ sent: 0, skipped: 0, deferred: 0, rejected: why });
    expect(sent).toEqual([]);
    expect(h.queues.notifications).toEqual([]);
  });

  it('a merged message throttled partway is re-enqueued with its pairings, for the members not yet told', async () => {
    const { h, service } = await setup((call) => (call === 0 ? throttled() : undefined));
    const merged = { ...message(null, ['ana', 'ed']), pairingIds: ['p1', 'p3'] };
    expect(await service.handle(merged)).toEqual({ sent: 0, skipped: 0, deferred: 2 });
    expect(h.queues.notifications).toEqual([
      expect.objectContaining({ pairingIds: ['p1', 'p3'], userIds: ['ana', 'ed'], retry: expect.anything() }),
    ]);
  });

  it.each([
    ['a round of another program', { programId: 'other-prog' }],
    ['a draft round', { status: 'draft' as const }],
  ])('tells nobody about %s', async (_, change) => {
    const { h, sent, service } = await setup();
    await h.repos.rounds.create(roundDoc(change));
    const outcome = await service.handle({
      ...message(null, ['ana', 'bo']),
      activityType: 'notPaired',
      roundId: 'r-9',
    });
    expect(outcome).toEqual({ sent: 0, skipped: 2, deferred: 0 });
    expect(sent).toEqual([]);
  });
});
