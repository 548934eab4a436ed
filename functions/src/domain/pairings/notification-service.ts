import { type NotificationMessage } from '../../contracts/queue';
import { MicroBatcher } from '../micro-batcher';
import { type Clock, type Repositories } from '../ports';
import { type BackoffPolicy, DEFAULT_BACKOFF, isTransient, nextRetry } from './backoff';
import { ACTIVITY_PREVIEWS, activityTarget, deepLinkInto } from './lifecycle-texts';
import { type MessageRejection, pairingForMessage } from './message-pairing';
import { MAX_NOTIFICATION_RECIPIENTS, type NotifierFor, type WorkQueues } from './ports';

/**
 * Activity-feed notifications, sent by their own worker (`notifications` queue) so calendar work never waits for
 * them. Messages of one tenant, program and kind that arrive together are coalesced into one Graph request for up
 * to 100 members (the text and link are the same for all), which the adapter paces under Teams' rate. Each
 * message keeps its own retries: after a transient failure only its members not yet told are enqueued again,
 * later; a refusal (a bad request) drops the message rather than retrying it.
 */
export interface NotificationServiceDeps {
  repos: Pick<Repositories, 'programs' | 'pairings'>;
  notifierFor: NotifierFor;
  queues: WorkQueues;
  clock: Clock;
  random: () => number;
  tabDeepLink: string;
  backoff?: BackoffPolicy;
  /** How long the first message waits for company, and how many messages one flush takes at most. */
  coalesce?: { maxWaitMs: number; maxMessages: number };
}

export interface NotificationOutcome {
  sent: number;
  skipped: number;
  deferred: number;
  /** Why nothing was sent: the message does not match a stored pairing of its tenant and its members. */
  rejected?: MessageRejection | 'unknown';
}

/** What a flush did for each recipient: told, refused for good, or not told for now. */
interface FlushResult {
  told: ReadonlySet<string>;
  refused: ReadonlySet<string>;
  /** The transient error that stopped the flush, if one did. */
  stoppedBy: unknown;
}

const isPlaceholder = (userId: string) => userId.startsWith('erased-');

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createNotificationService(deps: NotificationServiceDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const coalesce = deps.coalesce ?? { maxWaitMs: 200, maxMessages: 50 };
  const batchers = new Map<string, MicroBatcher<NotificationMessage, FlushResult>>();

  const send = async (messages: NotificationMessage[]): Promise<FlushResult[]> => {
    const first = messages[0]!;
    const program = (await deps.repos.programs.get(first.tenantId, first.programId))?.doc;
    const notifier = deps.notifierFor(first.tenantId);
    // Erased members keep a placeholder id that no person has.
    const recipients = [...new Set(messages.flatMap((m) => m.userIds))].filter((id) => !isPlaceholder(id));
    const told = new Set<string>();
    const refused = new Set<string>();
    let stoppedBy: unknown;
    for (const userIds of chunks(recipients, MAX_NOTIFICATION_RECIPIENTS)) {
      try {
        await notifier.notify({
          userIds,
          activityType: first.activityType,
          parameters: { programName: program?.name ?? 'Pairwise' },
          webUrl: deepLinkInto(deps.tabDeepLink, activityTarget(first.activityType)),
          previewText: ACTIVITY_PREVIEWS[first.activityType],
        });
        userIds.forEach((id) => told.add(id));
      } catch (e) {
        if (!isTransient(e)) {
          userIds.forEach((id) => refused.add(id));
          continue;
        }
        // Throttled or unavailable: the rest waits for its retry rather than pressing on.
        stoppedBy = e;
        break;
      }
    }
    const result: FlushResult = { told, refused, stoppedBy };
    return messages.map(() => result);
  };

  const batcherFor = (message: NotificationMessage) => {
    const key = `${message.tenantId}|${message.programId}|${message.activityType}`;
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = new MicroBatcher(send, { maxBatch: coalesce.maxMessages, maxWaitMs: coalesce.maxWaitMs });
      batchers.set(key, batcher);
    }
    return batcher;
  };

  return {
    async handle(message: NotificationMessage): Promise<NotificationOutcome> {
      // A message about a pairing notifies only members of that stored pairing of the message's tenant.
      if (message.pairingId !== undefined) {
        const found = await pairingForMessage(deps.repos.pairings, {
          ...message,
          pairingId: message.pairingId,
        });
        if (found.kind !== 'found')
          return {
            sent: 0,
            skipped: 0,
            deferred: 0,
            rejected: found.kind === 'missing' ? 'unknown' : found.why,
          };
      }
      const { told, refused, stoppedBy } = await batcherFor(message).submit(message);
      const members = message.userIds.filter((id) => !isPlaceholder(id));
      const rest = members.filter((id) => !told.has(id) && !refused.has(id));
      const outcome: NotificationOutcome = {
        sent: members.filter((id) => told.has(id)).length,
        skipped: members.filter((id) => refused.has(id)).length,
        deferred: 0,
      };
      if (rest.length === 0) return outcome;
      const decision = nextRetry(message.retry, deps.clock(), deps.random, backoff);
      if (decision.kind === 'give-up' || stoppedBy === undefined) {
        outcome.skipped += rest.length;
        return outcome;
      }
      await deps.queues.notify([{ ...message, userIds: rest, retry: decision.retry }], {
        delaySeconds: decision.delaySeconds,
      });
      outcome.deferred = rest.length;
      return outcome;
    },
  };
}
