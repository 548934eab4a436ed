import { type ProgramStats } from '../../contracts/admin';
import {
  type FeedbackDocument,
  type PairingDocument,
  type ParticipantDocument,
  type RoundDocument,
  type WorkspaceDocument,
} from '../model';
import { sessionsLikelyHeld } from '../pairings/sessions-held';
import { addDays, isoDate } from '../time';
import { summariseRatings } from './rating-summary';
import { summariseSkips } from './skip-summary';
import { summariseWorkspaces } from './workspace-summary';

const bookedStates = new Set(['booked', 'active', 'ended']);

function mondayOf(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00.000Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  return addDays(isoDay, -weekday);
}

/**
 * A program's dashboard, aggregated in code (the local Cosmos server has no GROUP BY). Feedback only ever appears
 * as counts and as averages of at least five ratings (rating-summary.ts), skip reasons as counts per category from
 * five skips up (skip-summary.ts): individual answers never reach an admin. Sessions held are inferred from
 * calendar responses and kept apart from the funnel's self-reported "met".
 */
export function computeProgramStats(input: {
  programId: string;
  now: Date;
  participants: ParticipantDocument[];
  rounds: RoundDocument[];
  pairings: PairingDocument[];
  feedback: FeedbackDocument[];
  /** The program's stored pair workspaces (only counted: workspace-summary.ts). */
  workspaces?: WorkspaceDocument[];
}): ProgramStats {
  const today = isoDate(input.now);
  const published = input.pairings.filter((p) => p.published);

  // Participants over time: enrolled (joined and not yet left) and active, one point per week.
  const participantsOverTime: ProgramStats['participantsOverTime'] = [];
  const firstJoin = input.participants.map((p) => p.enrolledAt.slice(0, 10)).sort()[0];
  if (firstJoin) {
    let week = mondayOf(firstJoin);
    for (let guard = 0; week <= today && guard < 520; guard++) {
      const end = addDays(week, 6);
      const enrolled = input.participants.filter(
        (p) => p.enrolledAt.slice(0, 10) <= end && (p.leftAt === null || p.leftAt.slice(0, 10) > end),
      );
      const active = enrolled.filter(
        (p) => p.status === 'active' || (p.pausedUntil !== null && p.pausedUntil <= end),
      );
      participantsOverTime.push({ date: week, enrolled: enrolled.length, active: active.length });
      week = addDays(week, 7);
    }
  }

  const placed = new Set(published.flatMap((p) => p.memberIds));
  const booked = new Set(published.filter((p) => bookedStates.has(p.state)).flatMap((p) => p.memberIds));
  const met = new Set(input.feedback.filter((f) => f.met).map((f) => f.userId));

  const ratings = summariseRatings(input.feedback.map((f) => f.rating));

  const live = published.filter((p) => p.state !== 'cancelled');
  const departments = [
    ...new Set(live.flatMap((p) => p.members.map((m) => m.department ?? 'Unknown'))),
  ].sort();
  const index = new Map(departments.map((d, i) => [d, i]));
  const counts = departments.map(() => departments.map(() => 0));
  for (const pairing of live) {
    const depts = pairing.members.map((m) => index.get(m.department ?? 'Unknown') ?? 0);
    for (let i = 0; i < depts.length; i++) {
      for (let j = i + 1; j < depts.length; j++) {
        const a = depts[i] ?? 0;
        const b = depts[j] ?? 0;
        counts[a]![b]! += 1;
        if (a !== b) counts[b]![a]! += 1;
      }
    }
  }

  const now = input.now.toISOString();
  const held = published.map((p) => sessionsLikelyHeld(p, now));
  const sessionsHeld = {
    likelyHeld: held.reduce((sum, h) => sum + h.likelyHeld, 0),
    sessionsSoFar: held.reduce((sum, h) => sum + h.sessionsSoFar, 0),
    pairings: held.filter((h) => h.sessionsSoFar > 0).length,
    pairingsWithOneHeld: held.filter((h) => h.likelyHeld > 0).length,
  };

  const unmatchedReasons = new Map<string, number>();
  for (const round of input.rounds.filter((r) => r.status === 'published')) {
    for (const u of round.unmatched)
      unmatchedReasons.set(u.reason, (unmatchedReasons.get(u.reason) ?? 0) + 1);
  }

  return {
    programId: input.programId,
    generatedAt: input.now.toISOString(),
    participantsOverTime,
    funnel: {
      participants: input.participants.filter((p) => p.status !== 'left').length,
      placed: placed.size,
      booked: booked.size,
      met: met.size,
    },
    ratingsGiven: ratings.count,
    averageRating: ratings.average,
    ratingCounts: ratings.histogram,
    departmentMatrix: { departments, counts },
    unmatchedReasons: [...unmatchedReasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count),
    rounds: input.rounds.filter((r) => r.status === 'published').length,
    needsAttention: published.filter((p) => p.state === 'needs-attention').length,
    sessionsHeld,
    skips: summariseSkips(published),
    workspaces: summariseWorkspaces(published, input.workspaces ?? []),
  };
}
