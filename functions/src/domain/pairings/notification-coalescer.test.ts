import { type NotificationMessage } from '../../contracts/queue';
import {
  coalescingNotifications,
  MAX_NOTIFICATION_PAIRINGS,
  mergeNotifications,
} from './notification-coalescer';
import { type WorkQueues } from './ports';

const T = '11111111-2222-4333-8444-555555555555';
const about = (
  pairingId: string,
  userIds: string[],
  over: Partial<NotificationMessage> = {},
): NotificationMessage => ({
  version: 1,
  tenantId: T,
  programId: 'prog',
  pairingId,
  userIds,
  activityType: 'sessionBooked',
  ...over,
});

describe('mergeNotifications', () => {
  it('merges first sends of one tenant, program and kind into one message naming every pairing', () => {
    expect(
      mergeNotifications([about('p1', ['a', 'b']), about('p2', ['c', 'd']), about('p3', ['e', 'f', 'g'])]),
    ).toEqual([
      {
        version: 1,
        tenantId: T,
        programId: 'prog',
        pairingIds: ['p1', 'p2', 'p3'],
        userIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
        activityType: 'sessionBooked',
      },
    ]);
  });

  it('keeps kinds and programs apart, and leaves retries and round notices as they are', () => {
    const retry = about('p4', ['h', 'i'], { retry: { count: 2, firstFailedAt: '2027-01-01T00:00:00Z' } });
    const round: NotificationMessage = {
      version: 1,
      tenantId: T,
      programId: 'prog',
      roundId: 'r1',
      userIds: ['x'],
      activityType: 'notPaired',
    };
    const out = mergeNotifications([
      about('p1', ['a', 'b']),
      about('p2', ['c', 'd'], { activityType: 'seriesEnded' }),
      about('p3', ['e', 'f'], { programId: 'other' }),
      retry,
      round,
      about('p5', ['j', 'k']),
    ]);
    expect(out.map((m) => [m.activityType, m.programId, m.pairingIds ?? m.pairingId ?? m.roundId])).toEqual([
      ['sessionBooked', 'prog', ['p1', 'p5']],
      ['seriesEnded', 'prog', ['p2']],
      ['sessionBooked', 'other', ['p3']],
      ['sessionBooked', 'prog', 'p4'],
      ['notPaired', 'prog', 'r1'],
    ]);
    expect(out[3]).toBe(retry);
  });

  it('never puts more than 100 recipients or 50 pairings in one message, and loses nobody', () => {
    const triads = Array.from({ length: 40 }, (_, i) => about(`t${i}`, [`t${i}a`, `t${i}b`, `t${i}c`]));
    const pairs = Array.from({ length: 120 }, (_, i) => about(`p${i}`, [`p${i}a`, `p${i}b`]));
    for (const input of [triads, pairs]) {
      const out = mergeNotifications(input);
      for (const m of out) {
        expect(m.userIds.length).toBeLessThanOrEqual(100);
        expect(m.pairingIds!.length).toBeLessThanOrEqual(MAX_NOTIFICATION_PAIRINGS);
      }
      expect(out.flatMap((m) => m.userIds).sort()).toEqual(input.flatMap((m) => m.userIds).sort());
      expect(out.flatMap((m) => m.pairingIds).sort()).toEqual(input.map((m) => m.pairingId).sort());
    }
    expect(mergeNotifications(triads)).toHaveLength(2); // 33 triads (99 people), then 7
    expect(mergeNotifications(pairs)).toHaveLength(3); // 50 pairs, 50, then 20
  });
});

describe('coalescingNotifications', () => {
  function recording() {
    const calls: Array<{ messages: readonly NotificationMessage[]; delaySeconds?: number }> = [];
    const queues: WorkQueues = {
      book: () => Promise.resolve(),
      act: () => Promise.resolve(),
      rounds: () => Promise.resolve(),
      notify: (messages, opts) => {
        calls.push({
          messages,
          ...(opts?.delaySeconds !== undefined ? { delaySeconds: opts.delaySeconds } : {}),
        });
        return Promise.resolve();
      },
    };
    return { calls, queues };
  }

  it('enqueues notifications sent together as one merged message, each caller settling once it is enqueued', async () => {
    const { calls, queues } = recording();
    const coalesced = coalescingNotifications(queues, { maxBatch: 50, maxWaitMs: 5 });
    await Promise.all([
      coalesced.notify([about('p1', ['a', 'b'])]),
      coalesced.notify([about('p2', ['c', 'd'])]),
      coalesced.notify([about('p3', ['e', 'f'])]),
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.messages).toEqual([expect.objectContaining({ pairingIds: ['p1', 'p2', 'p3'] })]);
  });

  it('passes a delayed re-enqueue through at once, unmerged', async () => {
    const { calls, queues } = recording();
    const coalesced = coalescingNotifications(queues, { maxBatch: 50, maxWaitMs: 5 });
    await coalesced.notify([about('p1', ['a', 'b'])], { delaySeconds: 30 });
    expect(calls).toEqual([{ messages: [about('p1', ['a', 'b'])], delaySeconds: 30 }]);
  });

  it('a failed enqueue fails every caller of that flush, so no worker completes a message whose notice was lost', async () => {
    const queues: WorkQueues = {
      book: () => Promise.resolve(),
      act: () => Promise.resolve(),
      rounds: () => Promise.resolve(),
      notify: () => Promise.reject(new Error('queue down')),
    };
    const coalesced = coalescingNotifications(queues, { maxBatch: 50, maxWaitMs: 5 });
    const results = await Promise.allSettled([
      coalesced.notify([about('p1', ['a', 'b'])]),
      coalesced.notify([about('p2', ['c', 'd'])]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
