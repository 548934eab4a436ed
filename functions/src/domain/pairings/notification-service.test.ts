import { type NotificationMessage } from '../../contracts/queue';
import { AppError } from '../../errors';
import { lifecycleHarness, pairingDoc, T } from '../../testing/lifecycle-fixtures';
import { createNotificationService } from './notification-service';
import { type ActivityNotification } from './ports';

const now = new Date('2027-03-01T08:00:00Z');
const message: NotificationMessage = {
  version: 1,
  tenantId: T,
  programId: 'prog',
  pairingId: 'p1',
  userIds: ['ana', 'bo', 'cy'],
  activityType: 'feedbackRequested',
};

async function setup(fail: (userId: string) => Error | undefined) {
  const h = await lifecycleHarness(now);
  await h.repos.pairings.create(pairingDoc(now, 'p1', ['ana', 'bo', 'cy']));
  const sent: ActivityNotification[] = [];
  const service = createNotificationService({
    repos: h.repos,
    notifierFor: () => ({
      notify: (n) => {
        const error = fail(n.userId);
        if (error) return Promise.reject(error);
        sent.push(n);
        return Promise.resolve();
      },
    }),
    queues: h.queues,
    clock: h.clock.read,
    random: () => 0,
    tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
  });
  return { h, sent, service };
}

describe('notification service', () => {
  it('tells every member, in words with the program’s name, linking to the right place in the tab', async () => {
    const { sent, service } = await setup(() => undefined);
    expect(await service.handle(message)).toEqual({ sent: 3, skipped: 0, deferred: 0 });
    expect(sent[0]).toEqual({
      userId: 'ana',
      activityType: 'feedbackRequested',
      parameters: { programName: 'Peer Circle' },
      webUrl: expect.stringContaining(encodeURIComponent('"subEntityId":"feedback/p1"')),
      previewText: 'Did you meet? Tell us how your first session went.',
    });
  });

  it('throttled partway: only the members not yet told are enqueued again, later; nobody is told twice', async () => {
    const { h, sent, service } = await setup((userId) =>
      userId === 'bo' ? new AppError('throttled', 'busy', { retryAfterSeconds: 1 }) : undefined,
    );
    expect(await service.handle(message)).toEqual({ sent: 1, skipped: 0, deferred: 2 });
    expect(sent.map((n) => n.userId)).toEqual(['ana']);
    expect(h.queues.notifications).toEqual([
      { ...message, userIds: ['bo', 'cy'], retry: { count: 1, firstFailedAt: now.toISOString() } },
    ]);
    expect(h.queues.delays).toEqual([{ queue: 'notify', delaySeconds: 60 }]);
  });

  it('a member Graph refuses (the app is not installed for them) is skipped, the others are told', async () => {
    const { sent, service } = await setup((userId) =>
      userId === 'bo' ? new AppError('upstream', 'Forbidden', { code: 'graph_403' }) : undefined,
    );
    expect(await service.handle(message)).toEqual({ sent: 2, skipped: 1, deferred: 0 });
    expect(sent.map((n) => n.userId)).toEqual(['ana', 'cy']);
  });

  it.each([
    ['another tenant', { tenantId: '0f0e0d0c-0b0a-4909-8807-060504030201' }, 'unknown'],
    ['another program', { programId: 'other-prog' }, 'program-mismatch'],
    ['someone who is not a member', { userIds: ['ana', 'zed'] }, 'not-a-member'],
    ['a pairing that does not exist', { pairingId: 'p-none' }, 'unknown'],
  ])('sends nothing for a message naming %s', async (_name, change, why) => {
    const { sent, service, h } = await setup(() => undefined);
    expect(await service.handle({ ...message, ...change })).toEqual({
      sent: 0,
      skipped: 0,
      deferred: 0,
      rejected: why,
    });
    expect(sent).toEqual([]);
    expect(h.queues.notifications).toEqual([]);
  });
});
