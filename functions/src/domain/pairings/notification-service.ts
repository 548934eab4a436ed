import { type NotificationMessage } from '../../contracts/queue';
import { MicroBatcher } from '../micro-batcher';
import { type ProgramDocument } from '../model';
import { type Clock, type Repositories } from '../ports';
import { nextRoundStart } from '../rounds/schedule';
import { activityPreview, notPairedPreview } from '../texts';
import { activityTarget, deepLinkInto } from './activity-links';
import { type BackoffPolicy, DEFAULT_BACKOFF, isTransient, nextRetry } from './backoff';
import { type MessageRejection, pairingForMessage } from './message-pairing';
import { MAX_NOTIFICATION_RECIPIENTS, type NotifierFor, type WorkQueues } from './ports';
import { readersOf, UNKNOWN_READER } from './readers';

/**
 * Activity-feed notifications, sent by their own worker (`notifications` queue) so calendar work never waits for
 * them. Messages of one tenant, program and kind that arrive together are coalesced: each member's preview is
 * rendered in their language (domain/texts, from their stored directory facts), and the members who read the same
 * preview share one Graph request for up to 100 (the link is the same for all), which the adapter paces under
 * Teams' rate. Each message keeps its own retries: after a transient failure only its members not yet told are
 * enqueued again, later; a refusal (a bad request) drops the message rather than retrying it.
 *
 * `notPaired` (a published round left someone out) names a round instead of a pairing: each recipient's preview
 * says why the round left them out and when the next round starts; someone the round no longer lists (an admin
 * paired them since) is not told.
 */
export interface NotificationServiceDeps {
  repos: Pick<Repositories, 'programs' | 'pairings' | 'participants' | 'rounds'>;
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

/**
 * Whether a person a round left out is told so: not when they left or paused since the plan (their own doing), not
 * an erased member's placeholder.
 */
export function tellsWhyLeftOut(entry: { userId: string; reason: string }): boolean {
  return (
    !isPlaceholder(entry.userId) && entry.reason !== 'left-since-plan' && entry.reason !== 'paused-since-plan'
  );
}

type CheckedMessage =
  { kind: 'ok'; message: NotificationMessage } | { kind: 'rejected'; why: MessageRejection | 'unknown' };

/**
 * The message as far as the store backs it. A message naming one pairing is refused whole when that pairing is
 * missing or does not match (as before); a merged one loses only the members of pairings that are gone (ended and
 * purged, or erased since), and is refused whole when any pairing it names is another tenant's or program's, or
 * when a recipient belongs to none of its pairings: a forged message is not partly honoured.
 */
async function recipientsOfPairings(
  store: NotificationServiceDeps['repos']['pairings'],
  message: NotificationMessage,
): Promise<CheckedMessage> {
  const named = [
    ...new Set([
      ...(message.pairingId !== undefined ? [message.pairingId] : []),
      ...(message.pairingIds ?? []),
    ]),
  ];
  if (named.length === 0) return { kind: 'ok', message };
  const found = await Promise.all(
    named.map((pairingId) => pairingForMessage(store, { ...message, pairingId })),
  );
  const members = new Set<string>();
  let missing = 0;
  for (const f of found) {
    if (f.kind === 'rejected') return f;
    if (f.kind === 'missing') missing++;
    else f.doc.memberIds.forEach((id) => members.add(id));
  }
  if (missing === named.length) return { kind: 'rejected', why: 'unknown' };
  const userIds = message.userIds.filter((id) => members.has(id.toLowerCase()));
  if (userIds.length < message.userIds.length && missing === 0)
    return { kind: 'rejected', why: 'not-a-member' };
  if (userIds.length === 0) return { kind: 'rejected', why: 'unknown' };
  return { kind: 'ok', message: { ...message, userIds } };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createNotificationService(deps: NotificationServiceDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  // Messages arrive merged (≤ 100 recipients each, see notification-coalescer.ts) as the bookings of one flush
  // finish, a second or two apart: waiting a second gathers a few of them, so each language's readers share
  // fuller requests. Ten messages (≤ 1,000 recipients, ≤ ~12 paced requests) keep a flush to seconds.
  const coalesce = deps.coalesce ?? { maxWaitMs: 1000, maxMessages: 10 };
  const batchers = new Map<string, MicroBatcher<NotificationMessage, FlushResult>>();

  /** Each recipient's preview in their language; someone absent from the map is not to be told. */
  const previewsFor = async (
    first: NotificationMessage,
    program: ProgramDocument | undefined,
    recipients: readonly string[],
  ): Promise<Map<string, string>> => {
    const readers = await readersOf(deps.repos.participants, first.tenantId, first.programId, recipients);
    const readerOf = (id: string) => readers.get(id) ?? UNKNOWN_READER;
    const previews = new Map<string, string>();
    const type = first.activityType;
    if (type !== 'notPaired') {
      for (const id of recipients) previews.set(id, activityPreview(readerOf(id).locale, type));
      return previews;
    }
    const round = first.roundId
      ? (await deps.repos.rounds.get(first.tenantId, first.roundId))?.doc
      : undefined;
    if (!round || round.programId !== first.programId || round.status !== 'published') return previews;
    // The round they were left out of runs until its last day; the next one starts after it (decision 0020).
    const next =
      program?.status === 'active' ? nextRoundStart(program.schedule, deps.clock(), round.endsOn) : null;
    for (const id of recipients) {
      const entry = round.unmatched.find((u) => u.userId === id);
      if (!entry || !tellsWhyLeftOut(entry)) continue;
      const reader = readerOf(id);
      previews.set(
        id,
        notPairedPreview(
          reader.locale,
          entry,
          next ? { at: next.getTime(), timeZone: reader.timeZone } : null,
        ),
      );
    }
    return previews;
  };

  const send = async (messages: NotificationMessage[]): Promise<FlushResult[]> => {
    const first = messages[0]!;
    const program = (await deps.repos.programs.get(first.tenantId, first.programId))?.doc;
    const notifier = deps.notifierFor(first.tenantId);
    // Erased members keep a placeholder id that no person has.
    const recipients = [...new Set(messages.flatMap((m) => m.userIds))].filter((id) => !isPlaceholder(id));
    const previews = await previewsFor(first, program, recipients);
    const told = new Set<string>();
    const refused = new Set(recipients.filter((id) => !previews.has(id)));
    // One request per preview text (and per 100 readers of it), in the order recipients came.
    const byPreview = new Map<string, string[]>();
    for (const id of recipients) {
      const preview = previews.get(id);
      if (preview !== undefined) byPreview.set(preview, [...(byPreview.get(preview) ?? []), id]);
    }
    let stoppedBy: unknown;
    send: for (const [previewText, readers] of byPreview) {
      for (const userIds of chunks(readers, MAX_NOTIFICATION_RECIPIENTS)) {
        try {
          await notifier.notify({
            userIds,
            activityType: first.activityType,
            parameters: { programName: program?.name ?? 'Pairwise' },
            webUrl: deepLinkInto(deps.tabDeepLink, activityTarget(first.activityType)),
            previewText,
          });
          userIds.forEach((id) => told.add(id));
        } catch (e) {
          if (!isTransient(e)) {
            userIds.forEach((id) => refused.add(id));
            continue;
          }
          // Throttled or unavailable: the rest waits for its retry rather than pressing on.
          stoppedBy = e;
          break send;
        }
      }
    }
    const result: FlushResult = { told, refused, stoppedBy };
    return messages.map(() => result);
  };

  const batcherFor = (message: NotificationMessage) => {
    const key = `${message.tenantId}|${message.programId}|${message.activityType}|${message.roundId ?? ''}`;
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = new MicroBatcher(send, { maxBatch: coalesce.maxMessages, maxWaitMs: coalesce.maxWaitMs });
      batchers.set(key, batcher);
    }
    return batcher;
  };

  return {
    async handle(received: NotificationMessage): Promise<NotificationOutcome> {
      // A message about pairings notifies only members of those stored pairings of the message's tenant.
      const checked = await recipientsOfPairings(deps.repos.pairings, received);
      if (checked.kind === 'rejected') return { sent: 0, skipped: 0, deferred: 0, rejected: checked.why };
      const message = checked.message;
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
