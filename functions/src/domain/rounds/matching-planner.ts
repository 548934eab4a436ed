import { type PairingReason, PairingReasonSchema } from '../../contracts/common';
import { type MatchingParticipant, type RoundInput, type RoundResult } from '../matching/types';
import { type CustomTimeZone } from '../model';
import { ianaNameOf, offsetMinutesAt, toZone } from '../scheduling/time-zones';
import { type PlanCandidate, type PlanInput, type PlanResult, type RoundPlanner } from './planner';

/** History entries are numbered relative to this round, so "roundsAgo" maps onto the engine's roundIndex. */
const currentRoundIndex = 1_000_000;

/**
 * The zone the matching engine compares working hours in (an IANA name): Graph reports Windows names by default;
 * a custom zone (bias and rules, no name) becomes its fixed offset at the round's start — the engine looks at the
 * round's first week, where that offset holds.
 */
export function matchingZoneOf(
  zone: string | CustomTimeZone | null | undefined,
  roundStartsOn: string,
): string | null {
  if (!zone) return null;
  if (typeof zone === 'string') return ianaNameOf(zone) ?? null;
  const resolved = toZone(zone);
  if (!resolved) return null;
  const minutes = offsetMinutesAt(resolved, Date.parse(`${roundStartsOn}T12:00:00Z`));
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}

function toParticipant(
  candidate: PlanCandidate,
  priority: Set<string>,
  roundStartsOn: string,
): MatchingParticipant {
  const wh = candidate.workingHours;
  const zone = wh?.timeZone ?? candidate.timeZone;
  return {
    id: candidate.userId,
    name: candidate.displayName,
    department: candidate.department,
    level: candidate.levelRank,
    managerChain: candidate.managerChain,
    hireDate: candidate.hireDate,
    timeZone: matchingZoneOf(zone, roundStartsOn),
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
        crossDepartment: input.rules.crossDepartment,
        groupSize: input.rules.groupSize,
      },
      weights: { ...input.weights },
      adminBlocks: input.blockedPairs,
    },
    participants: input.candidates.map((c) => toParticipant(c, priority, input.roundStartsOn)),
    history,
    roundIndex: currentRoundIndex,
    roundStartDate: input.roundStartsOn,
    seed: input.seed,
  };
}

export function fromRoundResult(result: RoundResult): PlanResult {
  return {
    algorithmVersion: result.algorithmVersion,
    optimality: result.optimality,
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
      // The private "not with" lists never surface to admins: their exclusions are left out of the detail (the
      // person is 'no-eligible-peer' with the next rule, or none), so an unmatched row cannot reveal a list.
      const top = u.blockedBy
        ? Object.entries(u.blockedBy)
            .filter(([rule]) => rule !== 'not-with')
            .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))[0]
        : undefined;
      return { userId: u.participantId, reason: u.reason, detail: top ? top[0] : null };
    }),
  };
}

/** Adapts the matching engine's `planRound` to the round service's planner port. */
export function plannerFrom(planRound: (input: RoundInput) => RoundResult): RoundPlanner {
  return (input) => fromRoundResult(planRound(toRoundInput(input)));
}
