import {
  type FeedbackRequest,
  type FeedbackResponse,
  type PairingView,
  type PersonProfile,
  type SkipRequest,
} from '../../contracts/employee';
import { notFound } from '../../errors';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import {
  type FeedbackAnswer,
  type FeedbackDocument,
  feedbackId,
  type MemberSnapshot,
  type PairingDocument,
} from '../model';
import { type Stored } from '../ports';
import { ianaNameOf } from '../scheduling/time-zones';
import { isoDate, isoInstant } from '../time';
import { planSessions } from '../workspace/sessions';
import { feedbackDueFor, withFeedbackAnswer } from './feedback';
import {
  depart,
  type EndReason,
  goesOnWithout,
  isLive,
  leaveOrEnd,
  type PairingDocument as LifecycleDocument,
  seriesAfterDeparture,
  skip,
} from './lifecycle';
import { applyTransition } from './pairing-writer';
import { sessionsLikelyHeld } from './sessions-held';

/** Current = live: published, not done, not asked to end, and the round not over (the lifecycle's one rule). */
export const isCurrent = isLive;

export function toPersonProfile(member: MemberSnapshot): PersonProfile {
  return {
    userId: member.userId,
    displayName: member.displayName,
    jobTitle: member.jobTitle,
    department: member.department,
    level: member.level,
    // Graph reports Windows names; the contract promises IANA (what Intl in the tab understands).
    timeZone: member.timeZone ? (ianaNameOf(member.timeZone) ?? null) : null,
  };
}

/** `now` (an ISO instant) decides which sessions are over so far. */
export function toPairingView(
  pairing: PairingDocument,
  me: string,
  programName: string,
  myFeedback: FeedbackDocument | null,
  now: string,
): PairingView {
  return {
    id: pairing.id,
    programId: pairing.programId,
    programName,
    roundId: pairing.roundId,
    state: pairing.state,
    peers: pairing.members.filter((m) => m.userId !== me).map(toPersonProfile),
    circle: pairing.circle,
    reasons: pairing.reasons,
    cadence: pairing.cadence,
    // A chosen new time shows at once; the series-action worker moves the series in Outlook.
    nextSession: pairing.pendingMove
      ? {
          start: pairing.pendingMove.first.start,
          end: pairing.pendingMove.first.end,
          joinUrl: pairing.series?.joinUrl ?? null,
        }
      : pairing.nextSession,
    series: pairing.series
      ? {
          organizerId: pairing.series.organizerId,
          cadence: pairing.cadence,
          firstOccurrence: pairing.series.firstOccurrence,
          until: pairing.series.until,
        }
      : null,
    startsOn: pairing.startsOn,
    endsOn: pairing.endsOn,
    skipped: pairing.skippedBy.includes(me),
    sessionsHeld: sessionsLikelyHeld(pairing, now),
    myFeedback: myFeedback
      ? { met: myFeedback.met, rating: myFeedback.rating, submittedAt: myFeedback.submittedAt }
      : null,
    feedbackDue: feedbackDueFor(pairing, me, myFeedback, now),
    createdAt: pairing.createdAt,
  };
}

export async function myPairingDocuments(
  deps: Pick<Deps, 'repos'>,
  actor: Actor,
  programId?: string,
): Promise<Stored<PairingDocument>[]> {
  return deps.repos.pairings.queryAll(actor.tenantId, {
    where: [
      { field: 'memberIds', op: 'contains', value: actor.userId },
      { field: 'published', op: 'eq', value: true },
      ...(programId ? [{ field: 'programId', op: 'eq' as const, value: programId }] : []),
    ],
  });
}

async function programNames(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  ids: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const programs = await deps.repos.programs.queryAll(tenantId, {
    where: [{ field: 'id', op: 'in', values: unique }],
  });
  return new Map(programs.map((p) => [p.doc.id, p.doc.name]));
}

export async function myPairings(
  deps: Pick<Deps, 'repos' | 'clock'>,
  actor: Actor,
): Promise<{ current: PairingView[]; past: PairingView[] }> {
  const pairings = await myPairingDocuments(deps, actor);
  const feedback = await deps.repos.feedback.queryAll(actor.tenantId, {
    where: [{ field: 'userId', op: 'eq', value: actor.userId }],
  });
  const feedbackByPairing = new Map(feedback.map((f) => [f.doc.pairingId, f.doc]));
  const names = await programNames(
    deps,
    actor.tenantId,
    pairings.map((p) => p.doc.programId),
  );
  const today = isoDate(deps.clock());
  const now = isoInstant(deps.clock());
  const views = pairings.map(({ doc }) => ({
    doc,
    view: toPairingView(
      doc,
      actor.userId,
      names.get(doc.programId) ?? '',
      feedbackByPairing.get(doc.id) ?? null,
      now,
    ),
  }));
  const current = views
    .filter(({ doc }) => isCurrent(doc, today))
    .sort((a, b) => a.doc.startsOn.localeCompare(b.doc.startsOn));
  const past = views
    .filter(({ doc }) => !isCurrent(doc, today))
    .sort((a, b) => b.doc.startsOn.localeCompare(a.doc.startsOn));
  return { current: current.map((v) => v.view), past: past.map((v) => v.view) };
}

/** My pairing, or 404 — also when it exists but is someone else's or not yet published. */
export async function myPairingOr404(
  deps: Pick<Deps, 'repos'>,
  actor: Actor,
  pairingId: string,
): Promise<Stored<PairingDocument>> {
  const pairing = await deps.repos.pairings.get(actor.tenantId, pairingId);
  if (!pairing || !pairing.doc.published || !pairing.doc.memberIds.includes(actor.userId))
    throw notFound('The pairing');
  return pairing;
}

/**
 * `POST /api/pairings/{pairingId}/feedback`, the route from before feedback was per session (older tabs and the
 * activity-feed link use it): it answers for the latest session that has started by now, or session 1 while none
 * has — the session the workspace calls current (docs/api.md). The workspace answers for a chosen session.
 */
export async function submitFeedback(
  deps: Deps,
  actor: Actor,
  pairingId: string,
  request: FeedbackRequest,
): Promise<FeedbackResponse> {
  const pairing = await myPairingOr404(deps, actor, pairingId);
  const session = planSessions(pairing.doc, isoInstant(deps.clock())).current;
  const answer = await recordFeedback(deps, actor, pairing.doc, session, request);
  return { pairingId, met: answer.met, rating: answer.rating, submittedAt: answer.submittedAt };
}

/**
 * Records my answer for one session of a pairing I am in (the caller checked membership and the session). Only I
 * write my feedback document, so a plain read-then-upsert loses nothing but my own double click.
 */
export async function recordFeedback(
  deps: Pick<Deps, 'repos' | 'clock'>,
  actor: Actor,
  pairing: PairingDocument,
  session: number,
  request: FeedbackRequest,
): Promise<FeedbackAnswer> {
  const id = feedbackId(pairing.id, actor.userId);
  const existing = await deps.repos.feedback.get(actor.tenantId, id);
  const answer: FeedbackAnswer = {
    session,
    met: request.met,
    rating: request.rating,
    comment: request.comment,
    submittedAt: isoInstant(deps.clock()),
  };
  const doc = withFeedbackAnswer(
    existing?.doc ?? null,
    {
      id,
      tenantId: actor.tenantId,
      programId: pairing.programId,
      roundId: pairing.roundId,
      pairingId: pairing.id,
      userId: actor.userId,
    },
    answer,
  );
  await deps.repos.feedback.upsert(doc);
  return answer;
}

/**
 * I skip the round's remaining sessions: the series ends early, and why (a category, and a note only I will see
 * again) is kept on my side of the pairing. Skipping again, or a pairing no longer current, changes nothing.
 */
export async function skipPairing(
  deps: Deps,
  actor: Actor,
  pairingId: string,
  request: SkipRequest,
): Promise<PairingView> {
  const pairing = await myPairingOr404(deps, actor, pairingId);
  const today = isoDate(deps.clock());
  let doc = pairing.doc;
  if (isCurrent(doc, today) && !doc.skippedBy.includes(actor.userId)) {
    const now = isoInstant(deps.clock());
    const reason = { category: request.category, note: request.note };
    // In a circle that goes on without me, I leave it for the round; a pair (or a circle too small) ends.
    const written = await applyTransition(deps.repos.pairings, actor.tenantId, pairingId, (current) =>
      goesOnWithout(current, actor.userId)
        ? depart(current, actor.userId, 'skipped', now, reason)
        : skip(current, actor.userId, reason, now),
    );
    if (written?.kind === 'changed') await followUpEnding(deps, [written.doc]);
    if (written?.kind === 'changed' && written.doc.formerMemberIds.includes(actor.userId)) {
      // The circle is no longer mine to see; what I see is that I skipped the rest of its round.
      const program = await deps.repos.programs.get(actor.tenantId, doc.programId);
      const feedback = await deps.repos.feedback.get(actor.tenantId, feedbackId(pairingId, actor.userId));
      return {
        ...toPairingView(written.doc, actor.userId, program?.doc.name ?? '', feedback?.doc ?? null, now),
        skipped: true,
      };
    }
    doc = written?.doc ?? doc;
  }
  const program = await deps.repos.programs.get(actor.tenantId, doc.programId);
  const feedback = await deps.repos.feedback.get(actor.tenantId, feedbackId(pairingId, actor.userId));
  return toPairingView(
    doc,
    actor.userId,
    program?.doc.name ?? '',
    feedback?.doc ?? null,
    isoInstant(deps.clock()),
  );
}

/** The end actions for pairings just asked to end: enqueued at once, so nothing waits for a sweep. */
export async function enqueueEnds(
  deps: Pick<Deps, 'queues'>,
  pairings: readonly PairingDocument[],
  erasedOrganizer?: string,
) {
  await deps.queues.act(
    pairings.map((p) => ({
      version: 1,
      tenantId: p.tenantId,
      pairingId: p.id,
      action: 'end' as const,
      ...(erasedOrganizer ? { organizerId: erasedOrganizer } : {}),
    })),
  );
}

/**
 * The calendar work after members left: a pairing asked to end has its series ended; a circle that went on
 * without someone has its series booked again for those who stay (decision 0019). Enqueued at once.
 * `erasedOrganizer`: the series' organizer was just erased — the pairing holds a tombstone, the message carries
 * the id whose mailbox holds the series (decision 0010).
 */
export async function followUpEnding(
  deps: Pick<Deps, 'queues'>,
  pairings: readonly LifecycleDocument[],
  erasedOrganizer?: string,
) {
  await enqueueEnds(
    deps,
    pairings.filter((p) => p.endRequested !== null),
    erasedOrganizer,
  );
  const rebooks = pairings.flatMap((p) => {
    if (p.endRequested !== null) return [];
    const series = seriesAfterDeparture(p);
    return series
      ? [
          {
            version: 1 as const,
            tenantId: p.tenantId,
            pairingId: p.id,
            action: 'rebook' as const,
            eventId: series.eventId,
            reason: 'member-left' as const,
            ...(erasedOrganizer ? { organizerId: erasedOrganizer } : {}),
          },
        ]
      : [];
  });
  if (rebooks.length > 0) await deps.queues.act(rebooks);
}

/**
 * Pausing or leaving: my current pairings (in one program, or all) end — their series end early — except circles
 * that go on without me (decision 0019), which I leave: they are booked again for the others.
 */
export async function requestEndOfMyPairings(
  deps: Pick<Deps, 'repos' | 'clock' | 'queues'>,
  actor: Actor,
  programId: string | undefined,
  reason: EndReason,
): Promise<void> {
  const today = isoDate(deps.clock());
  const now = isoInstant(deps.clock());
  const changed: PairingDocument[] = [];
  for (const pairing of await myPairingDocuments(deps, actor, programId)) {
    if (!isCurrent(pairing.doc, today)) continue;
    const written = await applyTransition(deps.repos.pairings, actor.tenantId, pairing.doc.id, (doc) =>
      leaveOrEnd(doc, actor.userId, reason, now),
    );
    if (written?.kind === 'changed') changed.push(written.doc);
  }
  await followUpEnding(deps, changed);
}
