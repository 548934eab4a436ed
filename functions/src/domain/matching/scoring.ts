import type { PreparedParticipant } from './eligibility';
import type { Goal, MatchingWeights, MatchReason } from './types';

const MAX_TOPICS_PER_DIRECTION = 3;
const FULL_OVERLAP_HOURS = 8;

export interface PairScore {
  score: number;
  reasons: MatchReason[];
}

/** Points only, without building explanations: called for every eligible pair of a round. */
export function scoreOnly(
  a: PreparedParticipant,
  b: PreparedParticipant,
  overlap: number,
  w: MatchingWeights,
): number {
  const pa = a.person;
  const pb = b.person;
  let score = 0;
  if (pa.department && pb.department && pa.department !== pb.department) score += w.differentDepartment;
  if (pa.team && pb.team && pa.team !== pb.team) score += w.differentTeam;
  score += w.sharedGoal * popcount(a.goalBits & b.goalBits);
  score += w.complementaryTopics * (countShared(a.share, b.learn) + countShared(b.share, a.learn));
  if (countShared(a.languages, b.languages) > 0) score += w.sharedLanguage;
  if (pa.workStyle && pa.workStyle === pb.workStyle) score += w.sameWorkStyle;
  if (a.newJoiner !== b.newJoiner) score += w.newJoinerTenured;
  if (pa.lastRoundOutcome === 'unmatched' || pa.lastRoundOutcome === 'cancelled') score += w.fairness;
  if (pb.lastRoundOutcome === 'unmatched' || pb.lastRoundOutcome === 'cancelled') score += w.fairness;
  score += Math.floor((w.timeZoneOverlap * Math.min(overlap, FULL_OVERLAP_HOURS)) / FULL_OVERLAP_HOURS);
  return score;
}

function countShared(x: ReadonlyMap<string, string>, y: ReadonlyMap<string, string>): number {
  let count = 0;
  for (const key of x.keys()) if (y.has(key) && ++count === MAX_TOPICS_PER_DIRECTION) break;
  return count;
}

function popcount(bits: number): number {
  let count = 0;
  for (let b = bits; b !== 0; b &= b - 1) count++;
  return count;
}

/** Points and the reasons behind them (reasons are listed even when a weight is 0). */
export function scorePair(
  a: PreparedParticipant,
  b: PreparedParticipant,
  overlap: number,
  weights: MatchingWeights,
): PairScore {
  const reasons: MatchReason[] = [];
  let score = 0;
  const pa = a.person;
  const pb = b.person;

  if (pa.level !== null && pb.level !== null) {
    if (pa.level === pb.level) reasons.push({ kind: 'same-level', data: { level: String(pa.level) } });
    else reasons.push({ kind: 'level-gap', data: { gap: Math.abs(pa.level - pb.level) } });
  }
  if (pa.department && pb.department && pa.department !== pb.department) {
    score += weights.differentDepartment;
    reasons.push({ kind: 'different-department', data: { departments: [pa.department, pb.department] } });
  }
  if (pa.team && pb.team && pa.team !== pb.team) {
    score += weights.differentTeam;
    reasons.push({ kind: 'different-team', data: { teams: [pa.team, pb.team] } });
  }
  const goals: Goal[] = [...a.goals].filter((g) => b.goals.has(g)).sort();
  if (goals.length > 0) {
    score += weights.sharedGoal * goals.length;
    reasons.push({ kind: 'shared-goal', data: { goals } });
  }
  for (const [teacher, learner] of [
    [a, b],
    [b, a],
  ] as const) {
    const topics = [...teacher.share.keys()].filter((t) => learner.learn.has(t)).sort();
    if (topics.length === 0) continue;
    score += weights.complementaryTopics * Math.min(topics.length, MAX_TOPICS_PER_DIRECTION);
    reasons.push({
      kind: 'teaches',
      data: {
        teacherId: teacher.person.id,
        learnerId: learner.person.id,
        topics: topics.map((t) => teacher.share.get(t)!),
      },
    });
  }
  const languages = [...a.languages.keys()].filter((l) => b.languages.has(l)).sort();
  if (languages.length > 0) {
    score += weights.sharedLanguage;
    reasons.push({ kind: 'shared-language', data: { languages: languages.map((l) => a.languages.get(l)!) } });
  }
  if (pa.workStyle && pa.workStyle === pb.workStyle) {
    score += weights.sameWorkStyle;
    reasons.push({ kind: 'same-work-style', data: { workStyle: pa.workStyle } });
  }
  if (a.newJoiner !== b.newJoiner) {
    score += weights.newJoinerTenured;
    reasons.push({ kind: 'new-joiner-buddy', data: { newJoinerId: a.newJoiner ? pa.id : pb.id } });
  }
  const leftOut = [pa, pb]
    .filter((p) => p.lastRoundOutcome === 'unmatched' || p.lastRoundOutcome === 'cancelled')
    .map((p) => p.id);
  if (leftOut.length > 0) {
    score += weights.fairness * leftOut.length;
    reasons.push({ kind: 'fairness', data: { userIds: leftOut } });
  }
  score += Math.floor((weights.timeZoneOverlap * Math.min(overlap, FULL_OVERLAP_HOURS)) / FULL_OVERLAP_HOURS);
  reasons.push({ kind: 'overlap-hours', data: { hours: Math.round(overlap * 100) / 100 } });
  return { score, reasons };
}
