import { type NotificationMessage } from '../../contracts/queue';
import { AppError } from '../../errors';
import { lifecycleHarness, T } from '../../testing/lifecycle-fixtures';
import { createNotificationService } from './notification-service';
import { type ActivityNotification } from './ports';

const now = new Date('2027-03-01T08:00:00Z');
const message = (pairingId: string, userIds: string[], over: Partial<NotificationMessage> = {}) =>
  ({
    version: 1,
    tenantId: T,
    programId: 'prog',
    pairingId,
    userIds,
    activityType: 'feedbackRequested',
    ...over,
  }) satisfies NotificationMessage;

async function setup(fail: (call: number, n: ActivityNotification) => Error | undefined = () => undefined) {
  const h = await lifecycleHarness(now);
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
      service.handle(message('p1', people.slice(0, 70))),
      service.handle(message('p2', [...people.slice(70), 'erased-x1'])),
    ]);
    expect(sent.map((n) => n.userIds.length)).toEqual([100, 30]);
    expect(sent.flatMap((n) => n.userIds)).toEqual(people);
  });

  it('throttled partway: each message re-enqueues only its members not yet told, later; nobody is told twice', async () => {
    const { h, sent, service } = await setup((call) => (call === 1 ? throttled() : undefined));
    const people = Array.from({ length: 150 }, (_, i) => `u${i}`);
    const outcomes = await Promise.all([
      service.handle(message('p1', people.slice(0, 100))),
      service.handle(message('p2', people.slice(100))),
    ]);
    expect(outcomes).toEqual([
      { sent: 100, skipped: 0, deferred: 0 },
      { sent: 0, skipped: 0, deferred: 50 },
    ]);
    expect(sent.flatMap((n) => n.userIds)).toEqual(people.slice(0, 100));
    expect(h.queues.notifications).toEqual([
      {
        ...message('p2', people.slice(100)),
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
    const outcome = await service.handle(message('p1', people));
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
});
