import { type PairingReason, PairingReasonSchema } from '../../contracts/common';
import { type MatchingParticipant, type RoundInput, type RoundResult } from '../matching/types';
import { ianaNameOf } from '../scheduling/time-zones';
import { type PlanCandidate, type PlanInput, type PlanResult, type RoundPlanner } from './planner';

/** History entries are numbered relative to this round, so "roundsAgo" maps onto the engine's roundIndex. */
const currentRoundIndex = 1_000_000;

function toParticipant(candidate: PlanCandidate, priority: Set<string>): MatchingParticipant {
  const wh = candidate.workingHours;
  const zoneName = wh?.timeZone ?? candidate.timeZone;
  return {
    id: candidate.userId,
    name: candidate.displayName,
    department: candidate.department,
    level: candidate.levelRank,
    managerChain: candidate.managerChain,
    hireDate: candidate.hireDate,
    // Graph reports Windows names by default; the engine wants IANA.
    timeZone: zoneName ? (ianaNameOf(zoneName) ?? null) : null,
    workingHours: wh ? { days: wh.daysOfWeek, start: wh.startTime, end: wh.endTime } : null,
    goals: candidate.preferences.goals,
    topicsToLearn: candidate.preferences.topicsToLearn,
    topicsToShare: candidate.preferences.topicsToShare,
    languages: candidate.preferences.languages.length
      ? candidate.preferences.languages
      : candidate.preferredLanguage
        ? [candidate.preferredLanguage]
        : [],
    cadence: candidate.preferences.cadence,
    notWith: candidate.preferences.notWith.map((id) => id.toLowerCase()),
    lastRoundOutcome: priority.has(candidate.userId) ? 'unmatched' : null,
  };
}

export function toRoundInput(input: PlanInput): RoundInput {
  const priority = new Set(input.priorityUserIds);
  const history = input.history.flatMap(({ memberIds, roundsAgo }) =>
    memberIds.flatMap((a, i) =>
      memberIds.slice(i + 1).map((b) => ({ a, b, roundIndex: currentRoundIndex - roundsAgo })),
    ),
  );
  return {
    program: {
      kind: input.kind,
      rules: {
        levelBand: input.rules.levelBand,
        cooldownRounds: input.rules.cooldownRounds,
        minOverlapHours: input.rules.minOverlapHours,
        oddPolicy: input.rules.oddPolicy,
      },
      weights: { ...input.weights },
      adminBlocks: input.blockedPairs,
    },
    participants: input.candidates.map((c) => toParticipant(c, priority)),
    history,
    roundIndex: currentRoundIndex,
    roundStartDate: input.roundStartsOn,
    seed: input.seed,
  };
}

export function fromRoundResult(result: RoundResult): PlanResult {
  return {
    algorithmVersion: result.algorithmVersion,
    pairings: result.pairings.map((p) => ({
      memberIds: p.members,
      score: p.score,
      // Reasons the API does not know (team, work style) are dropped rather than sent unvalidated.
      reasons: p.reasons.flatMap((r): PairingReason[] => {
        const parsed = PairingReasonSchema.safeParse(r);
        return parsed.success ? [parsed.data] : [];
      }),
    })),
    unmatched: result.unmatched.map((u) => {
      const top = u.blockedBy
        ? Object.entries(u.blockedBy).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))[0]
        : undefined;
      return { userId: u.participantId, reason: u.reason, detail: top ? top[0] : null };
    }),
  };
}

/** Adapts the matching engine's `planRound` to the round service's planner port. */
export function plannerFrom(planRound: (input: RoundInput) => RoundResult): RoundPlanner {
  return (input) => fromRoundResult(planRound(toRoundInput(input)));
}
