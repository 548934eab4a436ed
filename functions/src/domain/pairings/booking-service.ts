import { type BookingMessage } from '../../contracts/queue';
import { MicroBatcher, type MicroBatcherOptions } from '../micro-batcher';
import { type ParticipantDocument, participantId, type ProgramDocument } from '../model';
import { type Clock, type Repositories } from '../ports';
import {
  type BookingPerson,
  type BookingRequest,
  type BookingResult,
  bookPairings,
} from '../scheduling/book-pairings';
import { type OrganizerPolicy } from '../scheduling/organizer';
import { sha1 } from '../scheduling/transaction-id';
import { type BackoffPolicy, DEFAULT_BACKOFF, nextRetry } from './backoff';
import {
  bookAgainWithout,
  bookingMessage,
  deferAttempt,
  isDone,
  MAX_GROUP_MEMBERS,
  mayHaveReachedGraph,
  needAttention,
  needsSeriesEnd,
  type PairingDocument,
  recordBooked,
  startAttempt,
} from './lifecycle';
import { type SchedulingMember, schedulingMemberOf } from './members';
import { type MessageRejection, pairingForMessage } from './message-pairing';
import { applyTransition } from './pairing-writer';
import { type CalendarPorts, type WorkQueues } from './ports';
import { addTeamLoad, readTeamLoad } from './team-load';

/**
 * Booking: one queue message per pairing, booked exactly once (docs/scheduling.md §9). Concurrent messages of a
 * tenant are coalesced (≤ 20 pairings) so their mailbox look-ups, free/busy reads and creations share `$batch`
 * requests. Transient failures back off with delayed re-enqueues for hours before anyone is asked to act; a
 * permanent failure needs attention at once.
 */
export interface BookingServiceDeps {
  repos: Pick<Repositories, 'programs' | 'participants' | 'pairings' | 'leases'>;
  calendarFor: (tenantId: string) => Pick<CalendarPorts, 'mailboxes' | 'freeBusy' | 'calendar'>;
  queues: WorkQueues;
  clock: Clock;
  /** [0, 1), for backoff jitter. */
  random: () => number;
  /** Deep link into the personal tab (the invitation's link). */
  tabDeepLink: string;
  coalesce?: MicroBatcherOptions;
  backoff?: BackoffPolicy;
}

export type BookingOutcome =
  | { kind: 'ignored'; why: 'unknown' | 'unpublished' | 'ending' | 'done' | 'stale' | 'no-program' }
  | { kind: 'rejected'; why: MessageRejection }
  | { kind: 'booked'; degraded: string | null }
  | { kind: 'needs-attention'; code: string }
  | { kind: 'deferred'; reason: string; delaySeconds: number }
  | { kind: 'orphan'; eventId: string };

interface Job {
  tenantId: string;
  request: Omit<BookingRequest, 'people'> & { people: readonly SchedulingMember[] };
}

type JobResult = BookingResult & { loadGroups?: string[] };

const DAY_MS = 24 * 60 * 60_000;

function organizerPolicyOf(policy: ProgramDocument['bookingPolicy']['organizer']): OrganizerPolicy {
  if (policy === 'more-senior') return 'senior-organizes';
  if (policy === 'random-seeded') return 'first-listed';
  return 'junior-organizes';
}

/** A pair or a group (a triad, a circle) as the tuple BookingRequest expects; fewer than two is not bookable. */
function asGroup<T>(people: readonly T[]): readonly [T, T, ...T[]] | undefined {
  const [a, b, ...rest] = people;
  return a !== undefined && b !== undefined && people.length <= MAX_GROUP_MEMBERS
    ? [a, b, ...rest]
    : undefined;
}

export interface BookingService {
  handle(message: BookingMessage, delivery: { lastDelivery: boolean }): Promise<BookingOutcome>;
}

export function createBookingService(deps: BookingServiceDeps): BookingService {
  const batchers = new Map<string, MicroBatcher<Job, JobResult>>();
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const now = () => deps.clock().toISOString();

  /** One flush: every member's mailbox, the team load of every group, then `bookPairings` for the lot. */
  const flush = async (tenantId: string, jobs: Job[]): Promise<JobResult[]> => {
    const ports = deps.calendarFor(tenantId);
    const mailboxes = await ports.mailboxes.lookup(jobs.flatMap((j) => j.request.people.map((p) => p.id)));
    const results = new Map<string, JobResult>();
    const ready: BookingRequest[] = [];
    for (const { request } of jobs) {
      const ids = request.people.map((p) => p.id);
      if (ids.some((id) => mailboxes.unknown.has(id))) {
        results.set(request.pairingId, {
          kind: 'retry-later',
          pairingId: request.pairingId,
          reason: 'mailbox-lookup-failed',
          message: 'The directory could not be read right now.',
        });
        continue;
      }
      const people = asGroup(
        request.people.flatMap((p): BookingPerson[] => {
          const mailbox = mailboxes.found.get(p.id);
          return mailbox ? [{ ...p, mailbox: mailbox.mail }] : [];
        }),
      );
      if (!people || people.length !== request.people.length) {
        results.set(request.pairingId, {
          kind: 'needs-attention',
          pairingId: request.pairingId,
          reason: 'no-mailbox',
          message: 'A member has no mailbox Pairwise can book in.',
        });
        continue;
      }
      ready.push({ ...request, people });
    }
    const groupsOf = (request: BookingRequest) => [
      ...new Set(request.people.flatMap((p) => p.loadGroups ?? [])),
    ];
    const load = await readTeamLoad(deps.repos.leases, tenantId, ready.flatMap(groupsOf));
    const notBefore = deps.clock().getTime() + DAY_MS;
    // bookPairings answers in its own (pairing id) order: results are matched by id, never by position.
    const booked = new Map(
      (await bookPairings(ready, ports, { notBefore, load })).map((r) => [r.pairingId, r] as const),
    );
    for (const request of ready) {
      const result = booked.get(request.pairingId);
      if (result) results.set(request.pairingId, { ...result, loadGroups: groupsOf(request) });
    }
    return jobs.map(
      (j) =>
        results.get(j.request.pairingId) ?? {
          kind: 'retry-later',
          pairingId: j.request.pairingId,
          reason: 'no-result',
          message: 'No result for this pairing.',
        },
    );
  };

  const batcherFor = (tenantId: string): MicroBatcher<Job, JobResult> => {
    let batcher = batchers.get(tenantId);
    if (!batcher) {
      batcher = new MicroBatcher<Job, JobResult>(
        (jobs) => flush(tenantId, jobs),
        deps.coalesce ?? { maxBatch: 20, maxWaitMs: 50 },
      );
      batchers.set(tenantId, batcher);
    }
    return batcher;
  };

  const requestFor = async (
    pairing: PairingDocument,
    program: ProgramDocument,
    attempt: number,
  ): Promise<Job['request']> => {
    const participants = await Promise.all(
      pairing.memberIds.map((id) =>
        deps.repos.participants.get(pairing.tenantId, participantId(pairing.programId, id)),
      ),
    );
    const byId = new Map<string, ParticipantDocument>();
    for (const p of participants) if (p) byId.set(p.doc.userId, p.doc);
    const people = pairing.members.map((m) => schedulingMemberOf(m, byId.get(m.userId)));
    if (program.bookingPolicy.organizer === 'random-seeded') {
      // Deterministic per pairing: the same retry always picks the same organizer.
      const key = (p: { id: string }) =>
        Array.from(sha1(new TextEncoder().encode(`${pairing.id}/${p.id}`)).slice(0, 4)).join('.');
      people.sort((x, y) => (key(x) < key(y) ? -1 : 1));
    }
    return {
      tenantId: pairing.tenantId,
      pairingId: pairing.id,
      attempt,
      mayExist: mayHaveReachedGraph(pairing, attempt),
      people,
      cadence: pairing.cadence,
      durationMinutes: pairing.sessionMinutes,
      round: {
        start: Date.parse(`${pairing.startsOn}T00:00:00Z`),
        end: Date.parse(`${pairing.endsOn}T23:59:59Z`),
      },
      program: {
        name: program.name,
        subjectTemplate: program.bookingPolicy.subjectTemplate,
        bodyTemplate: program.bookingPolicy.bodyTemplate,
        allowNewTimeProposals: program.bookingPolicy.allowNewTimeProposals,
        organizerPolicy: organizerPolicyOf(program.bookingPolicy.organizer),
      },
      reasons: pairing.reasons,
      tabDeepLink: deps.tabDeepLink,
      declinedFirstSessions: pairing.followUp.declinedFirstSessions,
    };
  };

  /** A transient failure: retried later with a growing delay, or — once the budget is spent — needs attention. */
  const deferOrGiveUp = async (message: BookingMessage, reason: string): Promise<BookingOutcome> => {
    const decision = nextRetry(message.retry, deps.clock(), deps.random, backoff);
    if (decision.kind === 'give-up') {
      const hours = Math.round(decision.failingForMs / 3_600_000);
      const code = 'graph-unavailable';
      await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (doc) =>
        needAttention(
          doc,
          code,
          `Microsoft Graph was unavailable for about ${hours} hours (${reason}); retry the booking.`,
          now(),
          { hours },
        ),
      );
      return { kind: 'needs-attention', code };
    }
    await applyTransition(deps.repos.pairings, message.tenantId, message.pairingId, (doc) =>
      deferAttempt(doc, message.attempt, reason, now()),
    );
    await deps.queues.book([{ ...message, retry: decision.retry }], { delaySeconds: decision.delaySeconds });
    return { kind: 'deferred', reason, delaySeconds: decision.delaySeconds };
  };

  const book = async (message: BookingMessage): Promise<BookingOutcome> => {
    const { tenantId, pairingId, attempt } = message;
    const found = await pairingForMessage(deps.repos.pairings, message);
    if (found.kind === 'missing') return { kind: 'ignored', why: 'unknown' };
    if (found.kind === 'rejected') return found;
    const pairing = found.doc;
    if (!pairing.published) return { kind: 'ignored', why: 'unpublished' };
    if (pairing.endRequested !== null) {
      // Ending wins; the end action was enqueued with the request (and the sweep re-enqueues lost ones).
      return { kind: 'ignored', why: 'ending' };
    }
    if (isDone(pairing) || pairing.state === 'booked' || pairing.state === 'active')
      return { kind: 'ignored', why: 'done' };
    if (attempt !== pairing.bookingAttempt || pairing.state === 'needs-attention')
      return { kind: 'ignored', why: 'stale' };
    const program = (await deps.repos.programs.get(tenantId, pairing.programId))?.doc;
    if (!program) return { kind: 'ignored', why: 'no-program' };
    const request = await requestFor(pairing, program, attempt);
    // Recorded before any Graph call: a crash after Graph created the series leaves a trace (mayHaveReachedGraph).
    const started = await applyTransition(deps.repos.pairings, tenantId, pairingId, (doc) =>
      startAttempt(doc, attempt, now()),
    );
    if (!started || started.kind === 'refused') return { kind: 'ignored', why: 'stale' };

    const result = await batcherFor(tenantId).submit({ tenantId, request });
    if (result.kind === 'booked') {
      const load = result.loadGroups?.length ? { key: result.slot.loadKey, groups: result.loadGroups } : null;
      const written = await applyTransition(deps.repos.pairings, tenantId, pairingId, (doc) =>
        recordBooked(
          doc,
          attempt,
          {
            organizerId: result.organizerId,
            eventId: result.series.eventId,
            firstStart: new Date(result.slot.firstOccurrence.start).toISOString(),
            firstEnd: new Date(result.slot.firstOccurrence.end).toISOString(),
            joinUrl: result.series.joinUrl ?? null,
            transactionId: result.transactionId,
            degraded: result.degraded ?? null,
            load,
          },
          now(),
        ),
      );
      if (!written || written.kind === 'refused') {
        // The pairing moved on meanwhile (re-booked, already holds a series, or its organizer left or was erased):
        // this series must not stay. The message carries the organizer's id: their mailbox holds it.
        await deps.queues.act([
          {
            version: 1,
            tenantId,
            pairingId,
            action: 'end-orphan',
            organizerId: result.organizerId,
            eventId: result.series.eventId,
          },
        ]);
        // A group that went on without its organizer is booked again for those who stay.
        const again = await applyTransition(deps.repos.pairings, tenantId, pairingId, (doc) =>
          bookAgainWithout(doc, attempt, result.organizerId, now()),
        );
        if (again?.kind === 'changed') await deps.queues.book([bookingMessage(again.doc)]);
        return { kind: 'orphan', eventId: result.series.eventId };
      }
      if (written.kind === 'changed' && load) await addTeamLoad(deps.repos.leases, tenantId, load, 1, now());
      const bookedFor = new Set([result.organizerId, ...result.attendeeIds]);
      const stays = written.doc.memberIds;
      if (needsSeriesEnd(written.doc)) {
        await deps.queues.act([{ version: 1, tenantId, pairingId, action: 'end' }]);
      } else if (stays.length !== bookedFor.size || stays.some((id) => !bookedFor.has(id))) {
        // Someone left the circle while this booking was under way: booked again for those who stay.
        await deps.queues.act([
          {
            version: 1,
            tenantId,
            pairingId,
            action: 'rebook',
            eventId: result.series.eventId,
            reason: 'member-left',
          },
        ]);
      } else if (written.kind === 'changed') {
        await deps.queues.notify([
          {
            version: 1,
            tenantId,
            programId: pairing.programId,
            pairingId,
            userIds: pairing.memberIds,
            activityType: 'sessionBooked',
          },
        ]);
      }
      return { kind: 'booked', degraded: result.degraded ?? null };
    }
    if (result.kind === 'needs-attention') {
      await applyTransition(deps.repos.pairings, tenantId, pairingId, (doc) =>
        needAttention(doc, result.reason, result.message, now(), result.params),
      );
      return { kind: 'needs-attention', code: result.reason };
    }
    return deferOrGiveUp(message, result.reason);
  };

  return {
    async handle(message, delivery) {
      try {
        return await book(message);
      } catch (e) {
        // Cosmos or the queue failed under us. Before the host's last delivery would poison the message, it is
        // put back with a delay instead (the pairing is untouched, so nothing is lost).
        if (!delivery.lastDelivery) throw e;
        return deferOrGiveUp(message, 'worker-failure');
      }
    },
  };
}
