import { type NotificationMessage } from '../../contracts/queue';
import { type Clock, type Repositories } from '../ports';
import { type BackoffPolicy, DEFAULT_BACKOFF, isTransient, nextRetry } from './backoff';
import { ACTIVITY_PREVIEWS, activityTarget, deepLinkInto } from './lifecycle-texts';
import { type MessageRejection, pairingForMessage } from './message-pairing';
import { type NotifierFor, type WorkQueues } from './ports';

/**
 * Activity-feed notifications, sent by their own worker (`notifications` queue) at Graph's pace (5 per second per
 * tenant), so calendar work never waits for them. Each member is sent to once: after a transient failure only the
 * members not yet notified are enqueued again; a member Graph refuses (app not installed for them) is skipped.
 */
export interface NotificationServiceDeps {
  repos: Pick<Repositories, 'programs' | 'pairings'>;
  notifierFor: NotifierFor;
  queues: WorkQueues;
  clock: Clock;
  random: () => number;
  tabDeepLink: string;
  backoff?: BackoffPolicy;
}

export interface NotificationOutcome {
  sent: number;
  skipped: number;
  deferred: number;
  /** Why nothing was sent: the message does not match a stored pairing of its tenant and its members. */
  rejected?: MessageRejection | 'unknown';
}

export function createNotificationService(deps: NotificationServiceDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  return {
    async handle(message: NotificationMessage): Promise<NotificationOutcome> {
      // Only members of a stored pairing of the message's tenant are ever notified.
      const found = await pairingForMessage(deps.repos.pairings, message);
      if (found.kind !== 'found')
        return {
          sent: 0,
          skipped: 0,
          deferred: 0,
          rejected: found.kind === 'missing' ? 'unknown' : found.why,
        };
      const program = (await deps.repos.programs.get(message.tenantId, message.programId))?.doc;
      const notifier = deps.notifierFor(message.tenantId);
      const outcome: NotificationOutcome = { sent: 0, skipped: 0, deferred: 0 };
      for (const [index, userId] of message.userIds.entries()) {
        try {
          await notifier.notify({
            userId,
            activityType: message.activityType,
            parameters: { programName: program?.name ?? 'Pairwise' },
            webUrl: deepLinkInto(deps.tabDeepLink, activityTarget(message.activityType, message.pairingId)),
            previewText: ACTIVITY_PREVIEWS[message.activityType],
          });
          outcome.sent += 1;
        } catch (e) {
          if (!isTransient(e)) {
            outcome.skipped += 1;
            continue;
          }
          const rest = message.userIds.slice(index);
          const decision = nextRetry(message.retry, deps.clock(), deps.random, backoff);
          if (decision.kind === 'give-up') {
            outcome.skipped += rest.length;
            return outcome;
          }
          await deps.queues.notify([{ ...message, userIds: rest, retry: decision.retry }], {
            delaySeconds: decision.delaySeconds,
          });
          outcome.deferred = rest.length;
          return outcome;
        }
      }
      return outcome;
    },
  };
}
