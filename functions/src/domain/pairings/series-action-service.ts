import { type SeriesActionMessage } from '../../contracts/queue';
import { MicroBatcher, type MicroBatcherOptions } from '../micro-batcher';
import { erasedAmong } from '../people/erasure';
import { type Clock, type Repositories } from '../ports';
import { type CalendarComment, calendarComment } from '../texts';
import { type BackoffPolicy, DEFAULT_BACKOFF, nextRetry } from './backoff';
import {
  bookingMessage,
  failMove,
  hasRunningSeries,
  isDone,
  isTombstone,
  needAttention,
  type PairingDocument,
  rebook,
  recordEnded,
  recordMoved,
} from './lifecycle';
import { type MessageRejection, pairingForMessage } from './message-pairing';
import { applyTransition } from './pairing-writer';
import {
  type CalendarFailure,
  type CalendarPorts,
  type EndSeriesItem,
  type EndSeriesOutcome,
  type WorkQueues,
} from './ports';
import { seriesReaders } from './readers';
import { addTeamLoad } from './team-load';

/**
 * Calendar actions, performed the moment a lifecycle change asks for them (`series-actions` queue): end a series
 * early, replace it (re-book), move it, or end an orphan. Every action is idempotent — a redelivered message finds
 * the work done and changes nothing. Ends of one tenant are coalesced (≤ 20), so their reads and writes share
 * `$batch` requests.
 */
export interface SeriesActionServiceDeps {
  repos: Pick<Repositories, 'pairings' | 'leases' | 'participants'>;
  calendarFor: (tenantId: string) => Pick<CalendarPorts, 'series'>;
  queues: WorkQueues;
  clock: Clock;
  random: () => number;
  coalesce?: MicroBatcherOptions;
  backoff?: BackoffPolicy;
}

export type SeriesActionOutcome =
  | { kind: 'ignored'; why: string }
  | { kind: 'rejected'; why: MessageRejection }
  | { kind: 'ended'; calendar: EndSeriesOutcome['kind'] | 'no-series' }
  | { kind: 'rebooked'; attempt: number }
  | { kind: 'moved' }
  | { kind: 'needs-attention'; code: string }
  | { kind: 'deferred'; code: string; delaySeconds: number };

export interface SeriesActionService {
  handle(message: SeriesActionMessage, delivery: { lastDelivery: boolean }): Promise<SeriesActionOutcome>;
}

export function createSeriesActionService(deps: SeriesActionServiceDeps): SeriesActionService {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const now = () => deps.clock().toISOString();
  const batchers = new Map<string, MicroBatcher<EndSeriesItem, EndSeriesOutcome | CalendarFailure>>();

  const endSeries = (tenantId: string, item: EndSeriesItem) => {
    let batcher = batchers.get(tenantId);
    if (!batcher) {
      batcher = new MicroBatcher(
        async (items) => {
          const results = await deps.calendarFor(tenantId).series.endSeriesMany(items);
          return items.map(
            (i): EndSeriesOutcome | CalendarFailure =>
              results.get(i.key) ?? { kind: 'failed', transient: true, code: 'no-result' },
          );
        },
        deps.coalesce ?? { maxBatch: 20, maxWaitMs: 50 },
      );
      batchers.set(tenantId, batcher);
    }
    return batcher.submit(item);
  };

  /** A transient calendar failure: the same action again later, or — after hours — a person is asked to act. */
  const deferOrGiveUp = async (
    message: SeriesActionMessage,
    failure: CalendarFailure,
  ): Promise<SeriesActionOutcome> => {
    const decision = nextRetry(message.retry, deps.clock(), deps.random, backoff);
    if (decision.kind === 'retry') {
      await deps.queues.act([{ ...message, retry: decision.retry }], { delaySeconds: decision.delaySeconds });
      return { kind: 'deferred', code: failure.code, delaySeconds: decision.delaySeconds };
    }
    return giveUp(message, failure);
  };

  const giveUp = async (
    message: SeriesActionMessage,
    failure: CalendarFailure,
  ): Promise<SeriesActionOutcome> => {
    const code = message.action === 'end' ? 'end-failed' : `${message.action}-failed`;
    const words =
      message.action === 'end'
        ? 'The series could not be ended in Outlook'
        : message.action === 'move'
          ? 'The series could not be moved in Outlook'
          : 'The series could not be replaced in Outlook';
    await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (doc) =>
      message.action === 'move'
        ? failMove(doc, message.moveId, false, now())
        : needAttention(doc, code, `${words} (${failure.code}); retry it from the admin page.`, now()),
    );
    return { kind: 'needs-attention', code };
  };

  const failed = (
    outcome: EndSeriesOutcome | CalendarFailure | { kind: 'moved' } | { kind: 'missing' },
  ): outcome is CalendarFailure => outcome.kind === 'failed';

  /** The comment Outlook sends with the change, in the readers' languages (organizer's first). */
  const commentFor = async (
    doc: Pick<PairingDocument, 'tenantId' | 'programId' | 'memberIds'>,
    organizerId: string,
    kind: CalendarComment,
  ) =>
    calendarComment(
      await seriesReaders(
        deps.repos.participants,
        { ...doc, memberIds: doc.memberIds.filter((id) => !isTombstone(id)) },
        organizerId,
      ),
      kind,
    );

  const endOf = async (
    message: SeriesActionMessage,
    doc: PairingDocument,
    from: number,
    kind: CalendarComment,
    organizerId = doc.series!.organizerId,
  ) => {
    const series = doc.series!;
    return endSeries(message.tenantId, {
      key: `${doc.id}/${series.eventId}`,
      organizerId,
      eventId: series.eventId!,
      from,
      comment: await commentFor(doc, organizerId, kind),
    });
  };

  const releaseLoad = async (tenantId: string, doc: PairingDocument) => {
    if (doc.series?.load) await addTeamLoad(deps.repos.leases, tenantId, doc.series.load, -1, now());
  };

  const notifyEnded = (doc: PairingDocument) =>
    deps.queues.notify([
      {
        version: 1,
        tenantId: doc.tenantId,
        programId: doc.programId,
        pairingId: doc.id,
        // Erased members keep a placeholder id that no mailbox has.
        userIds: doc.memberIds.filter((id) => !isTombstone(id)),
        activityType: 'seriesEnded',
      },
    ]);

  const end = async (
    message: Extract<SeriesActionMessage, { action: 'end' }>,
  ): Promise<SeriesActionOutcome> => {
    const found = await pairingForMessage(deps.repos.pairings, message);
    if (found.kind === 'rejected') return found;
    const doc = found.kind === 'found' ? found.doc : null;
    if (!doc) return { kind: 'ignored', why: 'unknown' };
    if (doc.endRequested === null) return { kind: 'ignored', why: 'no end asked' };
    if (isDone(doc) && !hasRunningSeries(doc)) return { kind: 'ignored', why: 'already ended' };
    let calendar: SeriesActionOutcome & { kind: 'ended' } = { kind: 'ended', calendar: 'no-series' };
    // An erased organizer's id travels in the message only; a tombstone addresses no mailbox.
    const organizerId = message.organizerId ?? doc.series?.organizerId ?? '';
    if (hasRunningSeries(doc) && !isTombstone(organizerId)) {
      const from = Math.max(deps.clock().getTime(), Date.parse(doc.endRequested.at));
      const outcome = await endOf(message, doc, from, 'ended', organizerId);
      if (failed(outcome))
        return outcome.transient ? deferOrGiveUp(message, outcome) : giveUp(message, outcome);
      calendar = { kind: 'ended', calendar: outcome.kind };
    }
    const written = await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (d) =>
      recordEnded(d, now()),
    );
    if (written?.kind === 'changed') {
      await releaseLoad(message.tenantId, doc);
      // Members of a pairing that never reached their calendars have no sessions to be told about.
      if (doc.series !== null) await notifyEnded(written.doc);
    }
    return calendar;
  };

  const replace = async (
    message: Extract<SeriesActionMessage, { action: 'rebook' }>,
  ): Promise<SeriesActionOutcome> => {
    const found = await pairingForMessage(deps.repos.pairings, message);
    if (found.kind === 'rejected') return found;
    const doc = found.kind === 'found' ? found.doc : null;
    if (!doc) return { kind: 'ignored', why: 'unknown' };
    if (doc.series?.eventId !== message.eventId) return { kind: 'ignored', why: 'not the current series' };
    if (doc.endRequested !== null || isDone(doc)) return { kind: 'ignored', why: 'ending' };
    // The old series ends first (what was held stays): never two series for one pairing.
    // Told in the words of why: a time that did not suit, or a circle going on without someone.
    const why = message.reason === 'member-left' ? 'member-left' : 'rebooked';
    // An erased organizer's id travels in the message only, as for `end`; a tombstone addresses no mailbox.
    const organizerId = message.organizerId ?? doc.series.organizerId;
    if (!isTombstone(organizerId)) {
      const outcome = await endOf(message, doc, deps.clock().getTime(), why, organizerId);
      if (failed(outcome))
        return outcome.transient ? deferOrGiveUp(message, outcome) : giveUp(message, outcome);
    }
    const written = await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (d) =>
      rebook(d, message.eventId, message.reason, now()),
    );
    if (written?.kind !== 'changed') return { kind: 'ignored', why: 'already re-booked' };
    await releaseLoad(message.tenantId, doc);
    await deps.queues.book([bookingMessage(written.doc)]);
    return { kind: 'rebooked', attempt: written.doc.bookingAttempt };
  };

  const move = async (
    message: Extract<SeriesActionMessage, { action: 'move' }>,
  ): Promise<SeriesActionOutcome> => {
    const found = await pairingForMessage(deps.repos.pairings, message);
    if (found.kind === 'rejected') return found;
    const doc = found.kind === 'found' ? found.doc : null;
    const pending = doc?.pendingMove;
    if (!doc || !pending || pending.id !== message.moveId || !hasRunningSeries(doc))
      return { kind: 'ignored', why: 'no such move' };
    const outcome = await deps.calendarFor(message.tenantId).series.moveSeries({
      organizerId: doc.series!.organizerId,
      eventId: doc.series!.eventId!,
      times: pending.times,
    });
    if (failed(outcome)) {
      return outcome.transient ? deferOrGiveUp(message, outcome) : giveUp(message, outcome);
    }
    if (outcome.kind === 'missing') {
      await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (d) =>
        failMove(d, message.moveId, true, now()),
      );
      return { kind: 'needs-attention', code: 'series-missing' };
    }
    await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (d) =>
      recordMoved(d, message.moveId, now()),
    );
    return { kind: 'moved' };
  };

  /**
   * Whether the organizer an orphan's message names could have booked for this pairing: a member, someone who left
   * it (`formerMemberIds`), or — erased since, so the pairing holds only their tombstone — a person of this tenant
   * the erasure marker confirms (decision 0010: the message is the one place their id still travels).
   */
  const organizedFor = async (doc: PairingDocument, organizerId: string): Promise<boolean> => {
    const id = organizerId.toLowerCase();
    if (doc.memberIds.includes(id) || doc.formerMemberIds.includes(id)) return true;
    if (![...doc.memberIds, ...doc.formerMemberIds].some(isTombstone)) return false;
    return (await erasedAmong(deps, doc.tenantId, [organizerId])).has(organizerId);
  };

  /** The words the orphan's attendees read: booked twice, or gone with an organizer who left (or was erased). */
  const orphanComment = (doc: PairingDocument | null, organizerId: string): CalendarComment => {
    if (!doc || doc.memberIds.includes(organizerId.toLowerCase())) return 'orphan';
    return doc.endRequested !== null || isDone(doc) ? 'ended' : 'member-left';
  };

  const endOrphan = async (
    message: Extract<SeriesActionMessage, { action: 'end-orphan' }>,
  ): Promise<SeriesActionOutcome> => {
    // When the pairing is still stored, the organizer the message names must have organized for it, in the same
    // tenant: a message cannot end an arbitrary event in someone else's mailbox. (A pairing gone since is no
    // reason to leave the orphan on the calendars.)
    const found = await pairingForMessage(deps.repos.pairings, message);
    if (found.kind === 'rejected') return found;
    const doc = found.kind === 'found' ? found.doc : null;
    if (doc && !(await organizedFor(doc, message.organizerId)))
      return { kind: 'rejected', why: 'not-a-member' };
    // Never the pairing's own series: an orphan is one the pairing does not hold.
    if (doc?.series?.eventId === message.eventId) return { kind: 'ignored', why: 'it is the current series' };
    const kind = orphanComment(doc, message.organizerId);
    const outcome = await endSeries(message.tenantId, {
      key: `orphan/${message.eventId}`,
      organizerId: message.organizerId,
      eventId: message.eventId,
      from: deps.clock().getTime(),
      // A pairing gone since leaves no readers to ask: the organizer's words are then English.
      comment: doc ? await commentFor(doc, message.organizerId, kind) : calendarComment([], kind),
    });
    if (failed(outcome)) {
      if (!outcome.transient) return { kind: 'ignored', why: outcome.code };
      const decision = nextRetry(message.retry, deps.clock(), deps.random, backoff);
      if (decision.kind === 'give-up') return { kind: 'ignored', why: outcome.code };
      await deps.queues.act([{ ...message, retry: decision.retry }], { delaySeconds: decision.delaySeconds });
      return { kind: 'deferred', code: outcome.code, delaySeconds: decision.delaySeconds };
    }
    return { kind: 'ended', calendar: outcome.kind };
  };

  const perform = (message: SeriesActionMessage): Promise<SeriesActionOutcome> => {
    switch (message.action) {
      case 'end':
        return end(message);
      case 'rebook':
        return replace(message);
      case 'move':
        return move(message);
      case 'end-orphan':
        return endOrphan(message);
    }
  };

  return {
    async handle(message, delivery) {
      try {
        return await perform(message);
      } catch (e) {
        if (!delivery.lastDelivery) throw e;
        // Cosmos or the queue failed under us: back off instead of poisoning the message.
        return deferOrGiveUp(message, { kind: 'failed', transient: true, code: 'worker-failure' });
      }
    },
  };
}
