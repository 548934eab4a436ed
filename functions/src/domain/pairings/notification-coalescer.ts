import { type NotificationMessage } from '../../contracts/queue';
import { MicroBatcher, type MicroBatcherOptions } from '../micro-batcher';
import { MAX_NOTIFICATION_RECIPIENTS, type WorkQueues } from './ports';

/** Pairings one coalesced notification message names at most (the schema's bound on `pairingIds`). */
export const MAX_NOTIFICATION_PAIRINGS = 50;

/**
 * Why notifications are coalesced where they are produced, not only where they are sent: the notification worker
 * coalesces the messages the host runs at once, and the host runs at most `batchSize + newBatchThreshold` (24) of
 * them per instance. One message per pairing therefore capped a flush at ~48 recipients, and since each flush sends
 * one request per preview language, three languages tripled the requests (38 → 111 at 1,000 people). Merging the
 * pairings a worker finishes together into one message (≤ 100 recipients, ≤ 50 pairings) lets each of those 24
 * slots carry up to 100 people.
 *
 * Only first sends merge: a message with a retry state or a delay is the notification worker's own re-enqueue and
 * passes through unchanged.
 */
export function mergeNotifications(messages: readonly NotificationMessage[]): NotificationMessage[] {
  const merged: NotificationMessage[] = [];
  const open = new Map<string, NotificationMessage>();
  for (const message of messages) {
    const mergeable = message.retry === undefined && message.roundId === undefined;
    const pairings = message.pairingIds ?? (message.pairingId !== undefined ? [message.pairingId] : []);
    if (!mergeable || pairings.length === 0) {
      merged.push(message);
      continue;
    }
    const key = `${message.tenantId}|${message.programId}|${message.activityType}`;
    const current = open.get(key);
    const userIds = current ? [...new Set([...current.userIds, ...message.userIds])] : [];
    const pairingIds = current ? [...(current.pairingIds ?? []), ...pairings] : [];
    if (
      current &&
      userIds.length <= MAX_NOTIFICATION_RECIPIENTS &&
      pairingIds.length <= MAX_NOTIFICATION_PAIRINGS
    ) {
      current.userIds = userIds;
      current.pairingIds = pairingIds;
      continue;
    }
    const { pairingId: _single, ...rest } = message;
    const started: NotificationMessage = {
      ...rest,
      userIds: [...message.userIds],
      pairingIds: [...pairings],
    };
    open.set(key, started);
    merged.push(started);
  }
  return merged;
}

/**
 * Work queues whose first-send notifications are gathered for a moment and enqueued merged
 * (`mergeNotifications`). The caller's promise settles once its message is enqueued, as before: a worker that
 * completes its queue message after `notify` resolved has not lost the notification.
 */
export function coalescingNotifications(
  queues: WorkQueues,
  options: MicroBatcherOptions = { maxBatch: MAX_NOTIFICATION_PAIRINGS, maxWaitMs: 100 },
): WorkQueues {
  const batcher = new MicroBatcher<NotificationMessage, void>(async (messages) => {
    await queues.notify(mergeNotifications(messages));
    return messages.map(() => undefined);
  }, options);
  return {
    book: (messages, opts) => queues.book(messages, opts),
    act: (messages, opts) => queues.act(messages, opts),
    rounds: (messages) => queues.rounds(messages),
    async notify(messages, opts) {
      if (opts?.delaySeconds !== undefined && opts.delaySeconds > 0) return queues.notify(messages, opts);
      await Promise.all(messages.map((m) => batcher.submit(m)));
    },
  };
}
