import {
  type AdminPairing,
  type LevelMapping,
  type OverrideRequest,
  type RetryAction,
  type RetryAllResponse,
  type Round,
  type RoundRowsQuery,
  type RoundRowsResponse,
  type RoundSummary,
} from '../../contracts/admin';
import { type IssueCode } from '../../contracts/issues';
import { type RoundJobMessage } from '../../contracts/queue';
import { AppError, conflict, detail, ensureError, invalid, isAppError, notFound } from '../../errors';
import { type Actor, recordAudit } from '../audit';
import { mapWithConcurrency } from '../concurrency';
import { type Deps } from '../deps';
import { mapLevel } from '../levels/level-mapping';
import {
  type CalendarReach,
  emptyRoundStats,
  type MemberSnapshot,
  type PairingDocument,
  type ParticipantDocument,
  participantId,
  type ProgramDocument,
  type RoundDocument,
} from '../model';
import { attentionOf } from '../pairings/attention';
import { chooseCadence } from '../pairings/cadence';
import {
  bookingMessage,
  cancel,
  depart,
  drop,
  hasRunningSeries,
  isDone,
  isTombstone,
  proposedPairing,
  publish,
  retry,
} from '../pairings/lifecycle';
import { tellsWhyLeftOut } from '../pairings/notification-service';
import { enqueueEnds } from '../pairings/pairing-service';
import {
  applyTransition,
  deleteDraftPairing,
  storeNewPairings,
  transitionOrThrow,
} from '../pairings/pairing-writer';
import { MAX_NOTIFICATION_RECIPIENTS } from '../pairings/ports';
import { isAvailableFor } from '../participants/enrollment-service';
import { scrubErasedFromRound } from '../people/erasure';
import { type Stored } from '../ports';
import { formsCircles, getProgramOr404 } from '../programs/program-service';
import { isoInstant } from '../time';
import { updateWithRetry } from '../update';
import { type PlanCandidate, type PlanResult } from './planner';
import { roundRows } from './round-rows';
import { roundsRunningUntil } from './running-rounds';
import { latestSlot, roundDates, roundIdOf, roundKeyOf } from './schedule';

/** A running round belongs to the instance that claimed it for this long; after that another tick may take over. */
export const roundLeaseMs = 10 * 60_000;
/** A failed scheduled round is retried on later ticks, up to this many attempts in all. */
export const maxRoundAttempts = 10;
/** Parallel pairing writes per round: fast, and well inside a serverless container's burst. */
export const writeConcurrency = 16;

const livePairing = (p: PairingDocument) => !isDone(p);

function seedOf(text: string): number {
  // FNV-1a: a stable seed per round key, so a retried round plans the same way.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

function snapshotOf(participant: ParticipantDocument): MemberSnapshot {
  const d = participant.directory;
  return {
    userId: participant.userId,
    displayName: d?.displayName ?? '',
    jobTitle: d?.jobTitle ?? null,
    department: d?.department ?? null,
    level: d?.level ?? null,
    levelRank: d?.levelRank ?? null,
    timeZone: d?.timeZone ?? null,
  };
}

/**
 * The program's current level mapping applied to the stored raw inputs (kept for exactly this): a mapping edited
 * since the last directory sync counts at once, for the level band and for the levels the round shows.
 */
function withCurrentLevel(
  participant: ParticipantDocument,
  mapping: LevelMapping | null,
): ParticipantDocument {
  const d = participant.directory;
  if (!d) return participant;
  const level = mapLevel(d.levelSource, mapping);
  return { ...participant, directory: { ...d, level: level?.label ?? null, levelRank: level?.rank ?? null } };
}

const calendarMayBeBooked = (reach: CalendarReach | undefined) =>
  reach !== 'no-mailbox' && reach !== 'out-of-scope';

function candidateOf(participant: ParticipantDocument): PlanCandidate {
  const d = participant.directory;
  return {
    userId: participant.userId,
    displayName: d?.displayName ?? '',
    department: d?.department ?? null,
    jobTitle: d?.jobTitle ?? null,
    level: d?.level ?? null,
    levelRank: d?.levelRank ?? null,
    managerChain: d?.managerChain ?? [],
    hireDate: d?.hireDate ?? null,
    timeZone: d?.timeZone ?? null,
    workingHours: d?.workingHours ?? null,
    preferredLanguage: d?.preferredLanguage ?? null,
    preferences: participant.preferences,
  };
}

/** Who can be matched, who was paired recently, who comes first: the matching engine's input, read from the store. */
async function plan(deps: Deps, program: ProgramDocument, startsOn: string, seed: number) {
  const tenantId = program.tenantId;
  const participants = (
    await deps.repos.participants.queryAll(tenantId, {
      where: [
        { field: 'programId', op: 'eq', value: program.id },
        { field: 'status', op: 'in', values: ['active', 'paused'] },
      ],
    })
  )
    .map((p) => withCurrentLevel(p.doc, program.levelMapping))
    // A disabled account is never planned, even before the next sync marks the enrollment left.
    .filter((p) => isAvailableFor(p, startsOn) && p.directory?.accountEnabled !== false);
  // Someone whose calendar Pairwise cannot reach would leave their peer without sessions: they are not matched,
  // and the round says why. (`unknown`: not read yet, or a passing failure — booking finds out.)
  const unreachable = participants.filter((p) => !calendarMayBeBooked(p.directory?.calendar));
  const candidates = participants.filter((p) => calendarMayBeBooked(p.directory?.calendar));
  const published = await deps.repos.rounds.query(tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: program.id },
      { field: 'status', op: 'eq', value: 'published' },
    ],
    orderBy: { field: 'createdAt', direction: 'desc' },
    pageSize: Math.max(program.rules.cooldownRounds, 1),
  });
  const recent = published.items.map((r) => r.doc);
  const roundsAgo = new Map(recent.map((r, index) => [r.id, index + 1]));
  const historyPairings =
    recent.length && program.rules.cooldownRounds > 0
      ? await deps.repos.pairings.queryAll(tenantId, {
          where: [
            {
              field: 'roundId',
              op: 'in',
              values: recent.slice(0, program.rules.cooldownRounds).map((r) => r.id),
            },
            { field: 'state', op: 'ne', value: 'cancelled' },
          ],
        })
      : [];
  const started = Date.now();
  const result: PlanResult = await deps.planner({
    programId: program.id,
    kind: program.kind,
    rules: program.rules,
    weights: program.weights,
    levelMapping: program.levelMapping,
    roundStartsOn: startsOn,
    seed,
    candidates: candidates.map(candidateOf),
    history: historyPairings.map((p) => ({
      // Someone who left a circle still met its people: the cooldown keeps them apart too.
      memberIds: [...p.doc.memberIds, ...p.doc.formerMemberIds],
      roundsAgo: roundsAgo.get(p.doc.roundId) ?? 1,
    })),
    blockedPairs: program.blockedPairs,
    priorityUserIds: recent[0]?.unmatched.map((u) => u.userId) ?? [],
  });
  const durationMs = Date.now() - started;
  // The engine's answer is checked like any boundary: known people, nobody twice.
  const known = new Set(candidates.map((p) => p.userId));
  const seen = new Set<string>();
  for (const id of [
    ...result.pairings.flatMap((p) => p.memberIds),
    ...result.unmatched.map((u) => u.userId),
  ]) {
    if (!known.has(id) || seen.has(id)) throw new Error('The matching engine returned an inconsistent round');
    seen.add(id);
  }
  const unreachableReasons = unreachable.map((p) => ({
    userId: p.userId,
    reason: 'calendar-unreachable',
    detail: p.directory?.calendar ?? null,
  }));
  return {
    result: { ...result, unmatched: [...result.unmatched, ...unreachableReasons] },
    participants,
    durationMs,
  };
}

function buildPairings(
  program: ProgramDocument,
  round: RoundDocument,
  result: PlanResult,
  participants: ParticipantDocument[],
  now: string,
): PairingDocument[] {
  const byId = new Map(participants.map((p) => [p.userId, p]));
  const circles = formsCircles(program);
  return result.pairings.map((planned, index) => {
    const members = planned.memberIds
      .map((id) => byId.get(id))
      .filter((p): p is ParticipantDocument => p !== undefined);
    const { cadence, reason } = chooseCadence(
      members.map((m) => m.preferences.cadence),
      program.defaultCadence,
    );
    return proposedPairing(
      {
        id: `${round.id}-${index.toString(36).padStart(3, '0')}`,
        tenantId: program.tenantId,
        programId: program.id,
        roundId: round.id,
        published: false,
        members: members.map(snapshotOf),
        score: planned.score,
        reasons: [...planned.reasons, reason],
        cadence,
        sessionMinutes: program.sessionMinutes,
        startsOn: round.startsOn,
        endsOn: round.endsOn,
        overridden: false,
        circle: circles,
      },
      now,
    );
  });
}

/** Plans a claimed round and stores its pairings (unpublished). Idempotent: a planned round is not re-planned. */
async function planAndStore(
  deps: Deps,
  program: ProgramDocument,
  claimed: Stored<RoundDocument>,
): Promise<Stored<RoundDocument>> {
  if (claimed.doc.algorithmVersion !== null) return claimed;
  const { result, participants, durationMs } = await plan(
    deps,
    program,
    claimed.doc.startsOn,
    claimed.doc.seed,
  );
  const now = isoInstant(deps.clock());
  const pairings = buildPairings(program, claimed.doc, result, participants, now);
  await storeNewPairings(deps.repos.pairings, pairings);
  const names = new Map(participants.map((p) => [p.userId, p.directory?.displayName ?? '']));
  const stored = await deps.repos.rounds.replace(
    {
      ...claimed.doc,
      algorithmVersion: result.algorithmVersion,
      pairingIds: pairings.map((p) => p.id),
      unmatched: result.unmatched.map((u) => ({
        userId: u.userId,
        displayName: names.get(u.userId) ?? '',
        reason: u.reason,
        detail: u.detail,
      })),
      stats: {
        candidates: participants.length,
        pairings: pairings.length,
        triads: pairings.filter((p) => p.memberIds.length === 3).length,
        unmatched: result.unmatched.length,
        totalScore: pairings.reduce((sum, p) => sum + p.score, 0),
        durationMs,
        optimality: result.optimality ?? null,
      },
      updatedAt: now,
    },
    claimed.etag,
  );
  return rescrubbed(deps, stored, pairings);
}

/**
 * Someone erased while the round was planned or published may have been written back just now: they are scrubbed
 * again (domain/people/erasure.ts), and the round is re-read only when that happened.
 */
async function rescrubbed(
  deps: Deps,
  round: Stored<RoundDocument>,
  pairings: readonly PairingDocument[],
): Promise<Stored<RoundDocument>> {
  const scrubbed = await scrubErasedFromRound(deps, round.doc, pairings);
  if (scrubbed.length === 0) return round;
  return (await deps.repos.rounds.get(round.doc.tenantId, round.doc.id)) ?? round;
}

async function roundPairings(
  deps: Pick<Deps, 'repos'>,
  round: RoundDocument,
): Promise<Stored<PairingDocument>[]> {
  return deps.repos.pairings.queryAll(round.tenantId, {
    where: [{ field: 'roundId', op: 'eq', value: round.id }],
  });
}

/** How many rounds of the program were published before this one (a retried publish keeps its number). */
async function publishedRoundCount(deps: Pick<Deps, 'repos'>, round: RoundDocument): Promise<number> {
  const published = await deps.repos.rounds.queryAll(round.tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: round.programId },
      { field: 'status', op: 'eq', value: 'published' },
    ],
  });
  return published.filter((r) => r.doc.id !== round.id).length;
}

/**
 * Everyone the published round leaves out is told why, in an activity-feed notice in their language (the
 * notification worker reads each reason from the round). Enqueued before the round is marked published, like the
 * bookings: a publish retried after a crash may tell someone twice, never not at all.
 */
async function tellLeftOut(
  deps: Deps,
  round: RoundDocument,
  unmatched: RoundDocument['unmatched'],
): Promise<void> {
  const userIds = unmatched.filter(tellsWhyLeftOut).map((u) => u.userId);
  const messages = [];
  for (let i = 0; i < userIds.length; i += MAX_NOTIFICATION_RECIPIENTS)
    messages.push({
      version: 1 as const,
      tenantId: round.tenantId,
      programId: round.programId,
      roundId: round.id,
      userIds: userIds.slice(i, i + MAX_NOTIFICATION_RECIPIENTS),
      activityType: 'notPaired' as const,
    });
  if (messages.length > 0) await deps.queues.notify(messages);
}

/**
 * Makes a planned round live: exactly the pairings on the round's own list, minus those with a member who left or
 * paused since the plan (dropped, the others listed as unmatched with the reason); their pairings become visible,
 * one booking message per pairing is enqueued (at least once; booking is idempotent per pairing) and the people left
 * out are told why, then the round is marked published. A retried publish does the same again and changes nothing
 * twice (a notice may go twice).
 */
async function publishPlanned(deps: Deps, round: Stored<RoundDocument>): Promise<Stored<RoundDocument>> {
  const now = isoInstant(deps.clock());
  const listed = new Set(round.doc.pairingIds);
  const pairings = (await roundPairings(deps, round.doc)).filter((p) => listed.has(p.doc.id));
  const memberIds = [...new Set(pairings.flatMap((p) => p.doc.memberIds))];
  const participants = await deps.repos.participants.queryAll(round.doc.tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: round.doc.programId },
      { field: 'userId', op: 'in', values: memberIds },
    ],
  });
  const available = new Map(participants.map((p) => [p.doc.userId, p.doc]));
  const gone = (userId: string) => {
    const p = available.get(userId);
    return !p || !isAvailableFor(p, round.doc.startsOn);
  };
  const unmatched = [...round.doc.unmatched];
  const kept: PairingDocument[] = [];
  await mapWithConcurrency(pairings, writeConcurrency, async (pairing) => {
    let doc = pairing.doc;
    // A group (circle or triad) goes on without people gone since the plan when two or more stay (decision 0019).
    const leaving = doc.memberIds.filter(gone);
    const staying = doc.memberIds.filter((id) => !gone(id) && !isTombstone(id));
    if (!doc.published && leaving.length > 0 && doc.memberIds.length >= 3 && staying.length >= 2) {
      for (const userId of leaving) {
        const member = doc.members.find((m) => m.userId === userId);
        const status = available.get(userId)?.status;
        const written = await applyTransition(deps.repos.pairings, doc.tenantId, doc.id, (d) =>
          depart(d, userId, status === 'paused' ? 'paused' : 'left', now),
        );
        doc = written?.doc ?? doc;
        if (member && !isTombstone(userId) && !unmatched.some((u) => u.userId === userId))
          unmatched.push({
            userId,
            displayName: member.displayName,
            reason: status === 'paused' ? 'paused-since-plan' : 'left-since-plan',
            detail: null,
          });
      }
    }
    if (!doc.published && doc.memberIds.some(gone)) {
      await applyTransition(deps.repos.pairings, doc.tenantId, doc.id, (d) =>
        drop(d, 'member-unavailable', 'A member left or paused after the round was planned.', now),
      );
      for (const member of doc.members) {
        // An erased member is a tombstone: nobody to list.
        if (isTombstone(member.userId) || unmatched.some((u) => u.userId === member.userId)) continue;
        const status = available.get(member.userId)?.status;
        unmatched.push({
          userId: member.userId,
          displayName: member.displayName,
          reason: gone(member.userId)
            ? status === 'paused'
              ? 'paused-since-plan'
              : 'left-since-plan'
            : 'peer-left-since-plan',
          detail: null,
        });
      }
      return;
    }
    const written = await applyTransition(deps.repos.pairings, doc.tenantId, doc.id, (d) => publish(d, now));
    // Ending pairings (a member left after a partial publish) are not booked again.
    if (written && written.kind !== 'refused' && !isDone(written.doc) && written.doc.endRequested === null)
      kept.push(written.doc);
  });
  await deps.queues.book(kept.map(bookingMessage));
  await tellLeftOut(deps, round.doc, unmatched);
  const keptIds = new Set(kept.map((p) => p.id));
  const stillListed = pairings.filter((p) => keptIds.has(p.doc.id) || p.doc.published).map((p) => p.doc);
  const written = await deps.repos.rounds.replace(
    {
      ...round.doc,
      number: round.doc.number ?? (await publishedRoundCount(deps, round.doc)) + 1,
      status: 'published',
      publishedAt: now,
      leaseUntil: null,
      unmatched,
      stats: {
        ...round.doc.stats,
        pairings: stillListed.length,
        triads: stillListed.filter((p) => p.memberIds.length === 3).length,
        unmatched: unmatched.length,
        totalScore: stillListed.reduce((sum, p) => sum + p.score, 0),
      },
      updatedAt: now,
    },
    round.etag,
  );
  return rescrubbed(deps, written, stillListed);
}

function failureReasonOf(e: unknown): string {
  const error = ensureError(e);
  return (isAppError(error) ? `${error.code}: ${error.message}` : `${error.name}: ${error.message}`).slice(
    0,
    300,
  );
}

function newRound(
  program: ProgramDocument,
  id: string,
  roundKey: string,
  trigger: 'timer' | 'admin',
  status: RoundDocument['status'],
  slot: Date,
  now: Date,
): RoundDocument {
  return {
    id,
    tenantId: program.tenantId,
    programId: program.id,
    roundKey,
    number: null,
    status,
    trigger,
    createdAt: isoInstant(now),
    updatedAt: isoInstant(now),
    publishedAt: null,
    ...roundDates(slot, program.schedule.timeZone, program.roundLengthWeeks),
    failureReason: null,
    attempts: 1,
    leaseUntil:
      status === 'running' || status === 'planning'
        ? isoInstant(new Date(now.getTime() + roundLeaseMs))
        : null,
    algorithmVersion: null,
    seed: seedOf(`${program.id}|${roundKey}`),
    stats: emptyRoundStats,
    unmatched: [],
    pairingIds: [],
  };
}

/**
 * Claims the round of a scheduled slot. The round document doubles as the lease: its id is deterministic, so of
 * two timers racing, one `create` wins and the other gets 409. A failed round, or a running one whose lease ran
 * out (its instance died), is taken over with If-Match — again exactly one racer wins.
 */
async function claimScheduledRound(
  deps: Deps,
  program: ProgramDocument,
  slot: Date,
): Promise<Stored<RoundDocument> | null> {
  const now = deps.clock();
  const roundKey = roundKeyOf(slot, program.schedule.timeZone);
  const id = roundIdOf(program.id, roundKey);
  try {
    return await deps.repos.rounds.create(newRound(program, id, roundKey, 'timer', 'running', slot, now));
  } catch (e) {
    if (!(isAppError(e) && e.kind === 'conflict')) throw e;
  }
  const existing = await deps.repos.rounds.get(program.tenantId, id);
  if (!existing) return null;
  const { status, leaseUntil, attempts } = existing.doc;
  const leaseExpired = status === 'running' && (leaseUntil === null || leaseUntil < isoInstant(now));
  const retry = status === 'failed' && attempts < maxRoundAttempts;
  if (!leaseExpired && !retry) return null;
  try {
    return await deps.repos.rounds.replace(
      {
        ...existing.doc,
        status: 'running',
        attempts: attempts + 1,
        failureReason: null,
        leaseUntil: isoInstant(new Date(now.getTime() + roundLeaseMs)),
        updatedAt: isoInstant(now),
      },
      existing.etag,
    );
  } catch (e) {
    if (isAppError(e) && e.kind === 'precondition-failed') return null;
    throw e;
  }
}

export interface TickOutcome {
  tenantId: string;
  programId: string | null;
  roundKey: string | null;
  outcome: 'queued' | 'failed';
  reason?: string;
}

function roundJob(round: RoundDocument, action: RoundJobMessage['action']): RoundJobMessage {
  return {
    version: 1,
    tenantId: round.tenantId,
    programId: round.programId,
    roundId: round.id,
    action,
    attempt: round.attempts,
  };
}

/**
 * The rounds timer: every active program whose latest scheduled slot has no round yet gets exactly one, claimed
 * here and computed by the round worker (a large round takes minutes; many of them would not fit one tick).
 * Tenants and programs are independent: one that fails is recorded and the others go on.
 */
export async function runDueRounds(deps: Deps, tenantIds: readonly string[]): Promise<TickOutcome[]> {
  const outcomes: TickOutcome[] = [];
  for (const tenantId of tenantIds) {
    let programs: Stored<ProgramDocument>[];
    try {
      programs = await deps.repos.programs.queryAll(tenantId, {
        where: [{ field: 'status', op: 'eq', value: 'active' }],
      });
    } catch (e) {
      outcomes.push({
        tenantId,
        programId: null,
        roundKey: null,
        outcome: 'failed',
        reason: failureReasonOf(e),
      });
      continue;
    }
    for (const { doc: program } of programs) {
      try {
        const outcome = await queueDueRound(deps, program);
        if (outcome) outcomes.push(outcome);
      } catch (e) {
        outcomes.push({
          tenantId,
          programId: program.id,
          roundKey: null,
          outcome: 'failed',
          reason: failureReasonOf(e),
        });
      }
    }
  }
  return outcomes;
}

async function queueDueRound(deps: Deps, program: ProgramDocument): Promise<TickOutcome | null> {
  const tenantId = program.tenantId;
  const slot = latestSlot(
    program.schedule,
    deps.clock(),
    program.activatedAt ? new Date(program.activatedAt) : null,
  );
  if (!slot) return null;
  // One round at a time (decision 0020): a slot on or before the running round's last day starts nothing.
  const ownId = roundIdOf(program.id, roundKeyOf(slot, program.schedule.timeZone));
  const { startsOn } = roundDates(slot, program.schedule.timeZone, program.roundLengthWeeks);
  const running = await roundsRunningUntil(deps, tenantId, [program.id], startsOn, ownId);
  if (running.size > 0) return null;
  const claimed = await claimScheduledRound(deps, program, slot);
  if (!claimed) return null;
  try {
    await deps.queues.rounds([roundJob(claimed.doc, 'run')]);
    return { tenantId, programId: program.id, roundKey: claimed.doc.roundKey, outcome: 'queued' };
  } catch (e) {
    const reason = failureReasonOf(e);
    // Recorded on the round; the next tick retries it (claimScheduledRound).
    await markFailed(deps, claimed.doc, reason);
    return { tenantId, programId: program.id, roundKey: claimed.doc.roundKey, outcome: 'failed', reason };
  }
}

/** The round of this attempt failed (a later attempt, already claimed, is left alone). */
async function markFailed(deps: Deps, round: RoundDocument, reason: string): Promise<void> {
  await updateWithRetry(deps.repos.rounds, round.tenantId, round.id, (doc) =>
    doc.attempts === round.attempts && (doc.status === 'running' || doc.status === 'planning')
      ? {
          ...doc,
          status: 'failed' as const,
          failureReason: reason,
          leaseUntil: null,
          updatedAt: isoInstant(deps.clock()),
        }
      : null,
  );
}

export type RoundJobOutcome =
  | { kind: 'planned' | 'published'; pairings: number; unmatched: number; durationMs: number }
  | { kind: 'stale'; why: string }
  | { kind: 'failed'; reason: string };

/**
 * The round worker's one job: plan a draft, publish a draft, or plan and publish. The job takes the round's lease
 * with If-Match, so of two deliveries of one message only one computes; a job of a superseded attempt, or for a
 * round no longer waiting for it, is dropped. A failure is retried by the queue; on the last delivery the round
 * is marked failed with the reason (a scheduled one is then retried by the next timer tick).
 */
export async function runRoundJob(
  deps: Deps,
  job: RoundJobMessage,
  delivery: { lastDelivery: boolean },
): Promise<RoundJobOutcome> {
  const started = deps.clock().getTime();
  const stored = await deps.repos.rounds.get(job.tenantId, job.roundId);
  if (!stored || stored.doc.programId !== job.programId) return { kind: 'stale', why: 'no-such-round' };
  const waitingFor = job.action === 'plan' ? 'planning' : 'running';
  if (stored.doc.status !== waitingFor) return { kind: 'stale', why: `round-${stored.doc.status}` };
  if (stored.doc.attempts !== job.attempt) return { kind: 'stale', why: 'superseded' };
  const program = await deps.repos.programs.get(job.tenantId, job.programId);
  if (!program) {
    await markFailed(deps, stored.doc, 'The program no longer exists.');
    return { kind: 'failed', reason: 'program-gone' };
  }
  let claimed: Stored<RoundDocument>;
  try {
    claimed = await deps.repos.rounds.replace(
      {
        ...stored.doc,
        leaseUntil: isoInstant(new Date(deps.clock().getTime() + roundLeaseMs)),
        updatedAt: isoInstant(deps.clock()),
      },
      stored.etag,
    );
  } catch (e) {
    if (isAppError(e) && e.kind === 'precondition-failed') return { kind: 'stale', why: 'taken' };
    throw e;
  }
  try {
    const planned = await planAndStore(deps, program.doc, claimed);
    if (job.action === 'plan') {
      const draft = await updateWithRetry(deps.repos.rounds, job.tenantId, job.roundId, (doc) =>
        doc.status === 'planning' && doc.attempts === job.attempt
          ? { ...doc, status: 'draft' as const, leaseUntil: null, updatedAt: isoInstant(deps.clock()) }
          : null,
      );
      const done = draft?.doc ?? planned.doc;
      return outcomeOf('planned', done, started, deps);
    }
    const published = await publishPlanned(deps, planned);
    if (published.doc.trigger === 'admin') await discardDrafts(deps, job.tenantId, job.programId);
    return outcomeOf('published', published.doc, started, deps);
  } catch (e) {
    if (!delivery.lastDelivery) throw e;
    const reason = failureReasonOf(e);
    await markFailed(deps, claimed.doc, reason);
    return { kind: 'failed', reason };
  }
}

function outcomeOf(
  kind: 'planned' | 'published',
  round: RoundDocument,
  started: number,
  deps: Pick<Deps, 'clock'>,
): RoundJobOutcome {
  return {
    kind,
    pairings: round.stats.pairings,
    unmatched: round.stats.unmatched,
    durationMs: deps.clock().getTime() - started,
  };
}

/** Other drafts of the program were alternatives to the round just published: they can no longer be published. */
async function discardDrafts(deps: Deps, tenantId: string, programId: string): Promise<void> {
  const drafts = await deps.repos.rounds.queryAll(tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: programId },
      { field: 'status', op: 'in', values: ['draft', 'planning'] },
    ],
  });
  for (const draft of drafts) {
    await updateWithRetry(deps.repos.rounds, tenantId, draft.doc.id, (doc) =>
      doc.status === 'draft' || doc.status === 'planning'
        ? { ...doc, status: 'discarded' as const, leaseUntil: null, updatedAt: isoInstant(deps.clock()) }
        : null,
    );
  }
}

/**
 * Admin preview: a draft round, planned by the round worker; nothing is visible to people and nothing is booked.
 * Returns at once with the round `planning`; the tab follows it until it is a `draft` (or `failed`).
 */
export async function previewRound(
  deps: Deps,
  actor: Actor,
  programId: string,
  seed: number | undefined,
): Promise<Round> {
  const program = await getProgramOr404(deps, actor.tenantId, programId);
  if (program.doc.status === 'archived') throw conflict('The program is archived.');
  const now = deps.clock();
  const round = newRound(
    program.doc,
    `${programId}-${deps.newId('d')}`,
    `manual-${isoInstant(now)}`,
    'admin',
    'planning',
    now,
    now,
  );
  if (seed !== undefined) round.seed = seed;
  const created = await deps.repos.rounds.create(round);
  await deps.queues.rounds([roundJob(created.doc, 'plan')]);
  await recordAudit(deps, actor, 'round.preview', { programId, target: created.doc.id });
  return toRoundView(created, []);
}

/**
 * Admin "run now" (no draft: plan and publish) or "publish this draft" (or a failed admin round, again). Returns at
 * once with the round `running`; the round worker publishes it and the tab follows it until it is `published`.
 */
export async function publishRound(
  deps: Deps,
  actor: Actor,
  programId: string,
  draftRoundId: string | undefined,
): Promise<Round> {
  const program = await getProgramOr404(deps, actor.tenantId, programId);
  if (program.doc.status === 'archived') throw conflict('The program is archived.');
  const now = deps.clock();
  let round: Stored<RoundDocument>;
  let action: RoundJobMessage['action'];
  if (draftRoundId) {
    const draft = await deps.repos.rounds.get(actor.tenantId, draftRoundId);
    if (!draft || draft.doc.programId !== programId) throw notFound('The round');
    const republish = draft.doc.status === 'failed' && draft.doc.trigger === 'admin';
    if (draft.doc.status !== 'draft' && !republish)
      throw conflict('Only a draft round (or a failed one of yours) can be published.');
    try {
      round = await deps.repos.rounds.replace(
        {
          ...draft.doc,
          status: 'running',
          attempts: draft.doc.attempts + 1,
          failureReason: null,
          leaseUntil: isoInstant(new Date(now.getTime() + roundLeaseMs)),
          updatedAt: isoInstant(now),
        },
        draft.etag,
      );
    } catch (e) {
      if (isAppError(e) && e.kind === 'precondition-failed')
        throw conflict('The round changed while you looked at it. Reload it and try again.');
      throw e;
    }
    action = round.doc.algorithmVersion === null ? 'run' : 'publish';
  } else {
    round = await deps.repos.rounds.create(
      newRound(
        program.doc,
        `${programId}-${deps.newId('m')}`,
        `manual-${isoInstant(now)}`,
        'admin',
        'running',
        now,
        now,
      ),
    );
    action = 'run';
  }
  await deps.queues.rounds([roundJob(round.doc, action)]);
  await recordAudit(deps, actor, draftRoundId ? 'round.publish' : 'round.run', {
    programId,
    target: round.doc.id,
  });
  // A new round has no pairings to read yet; a draft's are shown while it is published.
  return draftRoundId ? getRound(deps, actor.tenantId, programId, round.doc.id) : toRoundView(round, []);
}

export async function listRounds(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
): Promise<RoundSummary[]> {
  const rounds = await deps.repos.rounds.queryAll(tenantId, {
    where: [{ field: 'programId', op: 'eq', value: programId }],
    orderBy: { field: 'createdAt', direction: 'desc' },
  });
  return rounds.map(toRoundSummary);
}

export async function getRound(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
  roundId: string,
): Promise<Round> {
  const round = await deps.repos.rounds.get(tenantId, roundId);
  if (!round || round.doc.programId !== programId) throw notFound('The round');
  // A round being planned has no pairings yet: those already written are part of an unfinished plan.
  if (round.doc.status === 'planning') return toRoundView(round, []);
  return toRoundView(
    round,
    (await roundPairings(deps, round.doc)).map((p) => p.doc),
  );
}

/** One page of a round for the Rounds view (round-rows.ts), read as `getRound` reads the whole round. */
export async function getRoundRows(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
  roundId: string,
  query: RoundRowsQuery,
): Promise<RoundRowsResponse> {
  return roundRows(await getRound(deps, tenantId, programId, roundId), query);
}

export function toRoundSummary(stored: Stored<RoundDocument>): RoundSummary {
  const d = stored.doc;
  return {
    id: d.id,
    programId: d.programId,
    roundKey: d.roundKey,
    number: d.number,
    status: d.status,
    trigger: d.trigger,
    createdAt: d.createdAt,
    publishedAt: d.publishedAt,
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    failureReason: d.failureReason,
    algorithmVersion: d.algorithmVersion,
    stats: d.stats,
    etag: stored.etag,
  };
}

export function toAdminPairing(p: PairingDocument): AdminPairing {
  return {
    id: p.id,
    members: p.members.map((m) => ({
      userId: m.userId,
      displayName: m.displayName,
      department: m.department,
      level: m.level,
    })),
    score: p.score,
    reasons: p.reasons,
    state: p.state,
    nextSession: p.nextSession,
    attentionReason: p.attentionReason,
    attention: attentionOf(p),
    overridden: p.overridden,
    circle: p.circle,
  };
}

export function toRoundView(round: Stored<RoundDocument>, pairings: PairingDocument[]): Round {
  const order = new Map(round.doc.pairingIds.map((id, index) => [id, index]));
  const sorted = [...pairings].sort(
    (a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9) || a.id.localeCompare(b.id),
  );
  return { ...toRoundSummary(round), pairings: sorted.map(toAdminPairing), unmatched: round.doc.unmatched };
}

const sortedPair = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

/** An override that would put together people one of whom asked not to be: neutral on purpose (see below). */
const pairNotPossible = (): AppError =>
  new AppError('conflict', 'These people cannot be paired by an override. Choose someone else.', {
    code: 'pair_not_possible',
  });

/**
 * Admin overrides on a draft or published round. Changed pairings are replaced by new ones (a published pairing
 * is cancelled so the booking worker ends its series; a draft one is simply removed), and new live pairings of a
 * published round are enqueued for booking. `ifMatch` is the round's etag the admin looked at.
 */
export async function overrideRound(
  deps: Deps,
  actor: Actor,
  programId: string,
  roundId: string,
  request: OverrideRequest,
  ifMatch: string | undefined,
): Promise<Round> {
  const program = await getProgramOr404(deps, actor.tenantId, programId);
  const round = await deps.repos.rounds.get(actor.tenantId, roundId);
  if (!round || round.doc.programId !== programId) throw notFound('The round');
  if (round.doc.status !== 'draft' && round.doc.status !== 'published')
    throw conflict('Only a draft or published round can be changed.');
  if (ifMatch !== undefined && ifMatch !== round.etag)
    throw new AppError('precondition-failed', 'The round changed since you read it; reload and try again.', {
      code: 'precondition_failed',
    });
  const isDraft = round.doc.status === 'draft';
  const now = isoInstant(deps.clock());
  const pairings = (await roundPairings(deps, round.doc)).filter((p) => livePairing(p.doc));
  const pairingOf = (userId: string) => pairings.find((p) => p.doc.memberIds.includes(userId));
  const bad = (path: string, code: IssueCode, issue: string) =>
    invalid('The request body is not valid.', [detail(`body.${path}`, code, issue)]);

  let unmatched = [...round.doc.unmatched];
  const removed: Stored<PairingDocument>[] = [];
  const added: PairingDocument[] = [];
  let pairingIds = [...round.doc.pairingIds];
  let blockedPairs = program.doc.blockedPairs;

  const participantSnapshot = async (userId: string): Promise<MemberSnapshot> => {
    const p = await deps.repos.participants.get(actor.tenantId, participantId(programId, userId));
    if (!p || p.doc.status === 'left')
      throw bad('userIds', 'not-a-participant', 'everyone must be a participant of the program');
    return snapshotOf(withCurrentLevel(p.doc, program.doc.levelMapping));
  };
  /** An override's pairing: proposed, at a cadence every member accepts (their own choices, not the old pair's). */
  const newPairing = async (members: MemberSnapshot[], circle = false): Promise<PairingDocument> => {
    const enrollments = await Promise.all(
      members.map((m) => deps.repos.participants.get(actor.tenantId, participantId(programId, m.userId))),
    );
    // The private "not with" list binds admins too (the tab promises nobody sees it, not even admins): the
    // refusal names neither person nor list, so an admin cannot probe who listed whom.
    const ids = new Set(members.map((m) => m.userId));
    const excluded = enrollments.some((e) =>
      e?.doc.preferences.notWith.some((id) => id.toLowerCase() !== e.doc.userId && ids.has(id.toLowerCase())),
    );
    if (excluded) throw pairNotPossible();
    const { cadence, reason } = chooseCadence(
      enrollments.map((e) => e?.doc.preferences.cadence ?? program.doc.defaultCadence),
      program.doc.defaultCadence,
    );
    return proposedPairing(
      {
        id: `${round.doc.id}-${deps.newId('o')}`,
        tenantId: actor.tenantId,
        programId,
        roundId: round.doc.id,
        published: !isDraft,
        members,
        score: 0,
        reasons: [{ kind: 'admin-override', data: {} }, reason],
        cadence,
        sessionMinutes: program.doc.sessionMinutes,
        startsOn: round.doc.startsOn,
        endsOn: round.doc.endsOn,
        overridden: true,
        circle,
      },
      now,
    );
  };
  const unpair = (pairing: Stored<PairingDocument>) => {
    removed.push(pairing);
    for (const member of pairing.doc.members) {
      if (!unmatched.some((u) => u.userId === member.userId)) {
        unmatched.push({
          userId: member.userId,
          displayName: member.displayName,
          reason: 'unpaired-by-admin',
          detail: null,
        });
      }
    }
  };

  switch (request.action) {
    case 'unpair': {
      const pairing = pairings.find((p) => p.doc.id === request.pairingId);
      if (!pairing) throw bad('pairingId', 'no-live-pairing', 'no live pairing with this id in the round');
      unpair(pairing);
      break;
    }
    case 'pair': {
      const [a, b] = request.userIds.map((id) => id.toLowerCase()) as [string, string];
      if (pairingOf(a) || pairingOf(b))
        throw bad('userIds', 'not-unpaired', 'both people must be unpaired in this round (unpair first)');
      const members = [await participantSnapshot(a), await participantSnapshot(b)];
      added.push(await newPairing(members));
      unmatched = unmatched.filter((u) => u.userId !== a && u.userId !== b);
      break;
    }
    case 'swap': {
      const first = pairings.find((p) => p.doc.id === request.first.pairingId);
      const second = pairings.find((p) => p.doc.id === request.second.pairingId);
      const a = request.first.userId.toLowerCase();
      const b = request.second.userId.toLowerCase();
      if (!first || !first.doc.memberIds.includes(a))
        throw bad('first', 'not-in-live-pairing', 'not a member of a live pairing in this round');
      if (!second || !second.doc.memberIds.includes(b))
        throw bad('second', 'not-in-live-pairing', 'not a member of a live pairing in this round');
      if (first.doc.id === second.doc.id)
        throw bad('second.pairingId', 'same-pairing', 'swap between two different pairings');
      const memberA = first.doc.members.find((m) => m.userId === a)!;
      const memberB = second.doc.members.find((m) => m.userId === b)!;
      removed.push(first, second);
      added.push(
        await newPairing(
          first.doc.members.map((m) => (m.userId === a ? memberB : m)),
          first.doc.circle,
        ),
        await newPairing(
          second.doc.members.map((m) => (m.userId === b ? memberA : m)),
          second.doc.circle,
        ),
      );
      break;
    }
    case 'block': {
      const [a, b] = sortedPair(request.userIds[0].toLowerCase(), request.userIds[1].toLowerCase());
      if (!blockedPairs.some(([x, y]) => x === a && y === b)) blockedPairs = [...blockedPairs, [a, b]];
      const together = pairings.find((p) => p.doc.memberIds.includes(a) && p.doc.memberIds.includes(b));
      if (together) unpair(together);
      break;
    }
  }

  // The round first (If-Match): of two admins overriding the same round at once, one gets 412 and nothing is half-done.
  for (const pairing of removed)
    pairingIds = isDraft ? pairingIds.filter((id) => id !== pairing.doc.id) : pairingIds;
  pairingIds = [...pairingIds, ...added.map((p) => p.id)];
  const livePairings = pairings
    .filter((p) => !removed.includes(p))
    .map((p) => p.doc)
    .concat(added);
  const updatedRound = await deps.repos.rounds.replace(
    {
      ...round.doc,
      pairingIds,
      unmatched,
      stats: {
        ...round.doc.stats,
        pairings: livePairings.length,
        triads: livePairings.filter((p) => p.memberIds.length === 3).length,
        unmatched: unmatched.length,
        totalScore: livePairings.reduce((sum, p) => sum + p.score, 0),
        // The planner's proof was for its pairings, not for these.
        optimality: null,
      },
      updatedAt: now,
    },
    round.etag,
  );
  const cancelled: PairingDocument[] = [];
  for (const pairing of removed) {
    if (isDraft) await deleteDraftPairing(deps.repos.pairings, actor.tenantId, pairing.doc.id);
    else {
      const written = await applyTransition(deps.repos.pairings, actor.tenantId, pairing.doc.id, (doc) =>
        cancel(doc, now),
      );
      if (written?.kind === 'changed') cancelled.push(written.doc);
    }
  }
  await storeNewPairings(deps.repos.pairings, added);
  await enqueueEnds(deps, cancelled);
  if (blockedPairs !== program.doc.blockedPairs) {
    await updateWithRetry(deps.repos.programs, actor.tenantId, programId, (doc) => ({
      ...doc,
      blockedPairs,
      updatedAt: now,
    }));
  }
  if (!isDraft && added.length > 0) await deps.queues.book(added.map(bookingMessage));
  await recordAudit(deps, actor, 'round.override', {
    programId,
    target: roundId,
    reason: request.reason,
    details: { action: request.action, removed: removed.map((p) => p.doc.id), added: added.map((p) => p.id) },
  });
  return toRoundView(
    updatedRound,
    (await roundPairings(deps, updatedRound.doc)).map((p) => p.doc),
  );
}

/**
 * An admin's retry of one pairing, by what it needs: a pairing asked to end whose end failed → the end again; one
 * with a series on the calendars → a re-booking that replaces it (the old one ended, its id kept); one that never
 * got a series → booking again with a new attempt (fresh transactionId). Never a second series.
 */
async function retryOne(
  deps: Deps,
  tenantId: string,
  pairing: PairingDocument,
): Promise<{ action: RetryAction; pairing: PairingDocument }> {
  const now = isoInstant(deps.clock());
  if (pairing.endRequested !== null && (!isDone(pairing) || hasRunningSeries(pairing))) {
    await enqueueEnds(deps, [pairing]);
    return { action: 'end', pairing };
  }
  if (hasRunningSeries(pairing) && !isDone(pairing)) {
    await deps.queues.act([
      {
        version: 1,
        tenantId,
        pairingId: pairing.id,
        action: 'rebook',
        eventId: pairing.series!.eventId!,
        reason: 'admin-rebook',
      },
    ]);
    return { action: 'rebook', pairing };
  }
  const doc = await transitionOrThrow(deps.repos.pairings, tenantId, pairing.id, (d) => retry(d, now));
  await deps.queues.book([bookingMessage(doc)]);
  return { action: 'book', pairing: doc };
}

/** Retries one pairing of the program (see `retryOne`); 409 naming the state when there is nothing to retry. */
export async function retryBooking(
  deps: Deps,
  actor: Actor,
  programId: string,
  pairingId: string,
): Promise<RetryAction> {
  const pairing = await deps.repos.pairings.get(actor.tenantId, pairingId);
  if (!pairing || pairing.doc.programId !== programId || !pairing.doc.published)
    throw notFound('The pairing');
  if (isDone(pairing.doc) && !hasRunningSeries(pairing.doc))
    throw conflict(`The pairing is ${pairing.doc.state}; there is nothing to retry.`);
  const { action } = await retryOne(deps, actor.tenantId, pairing.doc);
  await recordAudit(deps, actor, 'pairing.retry-booking', {
    programId,
    target: pairingId,
    details: { action },
  });
  return action;
}

/** Retries every pairing of the program that needs attention, in one action. */
export async function retryAllNeedingAttention(
  deps: Deps,
  actor: Actor,
  programId: string,
): Promise<RetryAllResponse> {
  await getProgramOr404(deps, actor.tenantId, programId);
  const waiting = await deps.repos.pairings.queryAll(actor.tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: programId },
      { field: 'state', op: 'eq', value: 'needs-attention' },
      { field: 'published', op: 'eq', value: true },
    ],
  });
  const actions: Record<RetryAction, number> = { book: 0, rebook: 0, end: 0 };
  await mapWithConcurrency(waiting, writeConcurrency, async ({ doc }) => {
    try {
      actions[(await retryOne(deps, actor.tenantId, doc)).action] += 1;
    } catch (e) {
      // Changed meanwhile (e.g. a worker finished it): not retried, not fatal for the others.
      if (!(isAppError(e) && (e.kind === 'conflict' || e.kind === 'not-found'))) throw e;
    }
  });
  const retried = actions.book + actions.rebook + actions.end;
  await recordAudit(deps, actor, 'program.retry-bookings', {
    programId,
    target: programId,
    details: { retried, ...actions },
  });
  return { retried, actions };
}
