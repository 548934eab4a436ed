/**
 * The matching engine's own vocabulary. The backend adapts its stored documents (ParticipantDocument, the
 * program's rules and weights, past pairings) into these plain shapes; the engine never sees Cosmos or Graph.
 */
import type { Optimality } from '../../contracts/admin';
import type { Cadence, Goal, Weekday } from '../../contracts/common';

/** How good a round is against every pairing the hard rules allow (the whole eligible graph). */
export type { Optimality };

export type { Cadence, Goal, Weekday };

export type WorkStyle = 'remote' | 'hybrid' | 'onsite';

export interface WorkingHours {
  /** Days the person works (their local calendar). */
  days: Weekday[];
  /** Local wall-clock `HH:mm`. An end at or before the start means the day ends after midnight. */
  start: string;
  end: string;
}

export interface MatchingParticipant {
  /** Stable id (the user's object id); also the deterministic sort key. */
  id: string;
  /** Shown in the CLI only; never needed by the engine. */
  name?: string;
  department: string | null;
  team?: string | null;
  /** Level rank (higher = more senior); null when the level mapping cannot tell (no level rule then). */
  level: number | null;
  /** Manager, skip-level manager, … (nearest first). */
  managerChain: string[];
  /** ISO date; with the program's `newJoinerDays` decides who is a new joiner unless `isNewJoiner` is given. */
  hireDate?: string | null;
  isNewJoiner?: boolean;
  /** IANA time zone (the backend maps Windows names first); null = UTC. */
  timeZone: string | null;
  /** null = Monday–Friday 09:00–17:00 in the person's zone. */
  workingHours: WorkingHours | null;
  goals: Goal[];
  topicsToLearn: string[];
  topicsToShare: string[];
  languages: string[];
  /** One cadence, several acceptable ones, or 'any'. */
  cadence: Cadence | Cadence[] | 'any';
  workStyle?: WorkStyle | null;
  /** People this person prefers not to be paired with (private). */
  notWith: string[];
  /** How last round ended for this person; 'unmatched' and 'cancelled' earn the fairness bonus. */
  lastRoundOutcome?: 'matched' | 'unmatched' | 'cancelled' | null;
}

export type OddPolicy = 'triad' | 'carry-over';

export interface MatchingRules {
  /** Largest allowed level gap (0 = same level only). */
  levelBand: number;
  /** Not paired again within this many rounds (uses PairHistoryEntry.roundIndex). */
  cooldownRounds: number;
  /** Not paired again within this many weeks (uses PairHistoryEntry.date); 0 or absent = no week rule. */
  cooldownWeeks?: number;
  /** Minimum overlap of both working days, in hours. */
  minOverlapHours: number;
  oddPolicy: OddPolicy;
  /** Onboarding-buddy programs: hired within this many days of the round = new joiner (default 90). */
  newJoinerDays?: number;
  /**
   * Crossing departments: `require` makes it a hard rule (no two people of one department; someone whose
   * department is unknown may meet anyone), `prefer` (default) scores it with `weights.differentDepartment`,
   * `ignore` leaves it out (that weight counts as 0).
   */
  crossDepartment?: CrossDepartment;
  /**
   * 2 (default) = pairs; 3–6 = peer circles of about that many (docs/matching.md "Peer circles"). Onboarding-buddy
   * programs are always pairs: their rule (exactly one new joiner per pair) cannot hold for every pair of a group.
   */
  groupSize?: number;
}

export type CrossDepartment = 'require' | 'prefer' | 'ignore';

/** Integer points per soft criterion (0 = ignore). Integers keep the optimum exact. */
export interface MatchingWeights {
  /** Per goal both picked. */
  sharedGoal: number;
  /** Per topic one offers and the other wants to learn, each direction counted (at most 3 per direction). */
  complementaryTopics: number;
  differentDepartment: number;
  differentTeam: number;
  /** Once, when they share at least one language. */
  sharedLanguage: number;
  /** Both remote, both hybrid or both on-site. */
  sameWorkStyle: number;
  /** Exactly one of the two is a new joiner. */
  newJoinerTenured: number;
  /** Per member who was left out or had a cancelled pairing last round. */
  fairness: number;
  /** Scaled by the working-hours overlap: full points at 8 h or more. */
  timeZoneOverlap: number;
}

export type ProgramKind = Goal;

export interface MatchingProgram {
  kind: ProgramKind;
  rules: MatchingRules;
  /** Missing keys take `defaultWeights`. */
  weights?: Partial<MatchingWeights>;
  /** Pairs an admin blocked (either order). */
  adminBlocks?: Array<readonly [string, string]>;
}

export interface PairHistoryEntry {
  a: string;
  b: string;
  /** Round number the pair met in (compared with RoundInput.roundIndex). */
  roundIndex?: number;
  /** ISO date the pairing started (compared with RoundInput.roundStartDate). */
  date?: string;
}

export interface RoundInput {
  program: MatchingProgram;
  participants: MatchingParticipant[];
  history?: PairHistoryEntry[];
  /** This round's number; history entries within `cooldownRounds` of it are blocked. */
  roundIndex?: number;
  /** ISO date of the round's first day: working-hours overlap is computed on the week from it (DST-aware). */
  roundStartDate: string;
  /** Breaks ties between equally good rounds; the same input and seed give the same round. */
  seed?: number;
  /**
   * Candidates per person in the first subgraph the solver sees (default 20). A speed setting only: the rest of
   * the eligible graph is priced in, so the round is the whole graph's optimum whatever the value.
   */
  candidatesPerPerson?: number;
  /**
   * How long proving the optimum may take (default 60 s); past it, the round is returned with a certified bound
   * on how far from the optimum it is (`optimality`). Only a round stopped this way depends on the machine.
   */
  timeBudgetMs?: number;
}

export type HardRule =
  | 'admin-block'
  | 'not-with'
  | 'management-chain'
  | 'cooldown'
  | 'same-department'
  | 'onboarding-pairing'
  | 'level-band'
  | 'cadence'
  | 'working-hours-overlap';

/** Why two people were paired; the same shapes as the API's PairingReason, plus team and work style. */
export type MatchReason =
  | { kind: 'same-level'; data: { level: string | null } }
  | { kind: 'level-gap'; data: { gap: number } }
  | { kind: 'different-department'; data: { departments: string[] } }
  | { kind: 'different-team'; data: { teams: string[] } }
  | { kind: 'shared-goal'; data: { goals: Goal[] } }
  | { kind: 'teaches'; data: { teacherId: string; learnerId: string; topics: string[] } }
  | { kind: 'overlap-hours'; data: { hours: number } }
  | { kind: 'shared-language'; data: { languages: string[] } }
  | { kind: 'same-work-style'; data: { workStyle: WorkStyle } }
  | { kind: 'new-joiner-buddy'; data: { newJoinerId: string } }
  | { kind: 'fairness'; data: { userIds: string[] } };

export interface Pairing {
  /** 2 members, or 3 for a triad; a circle's 2–7 (sorted). */
  members: string[];
  /**
   * Sum of the soft-criteria points of every member pair (the real score, without tie-breaks); in a circle each
   * pair's working-hours points are the whole circle's shared stretch's.
   */
  score: number;
  /** Least working-hours overlap between any two members, in hours; a circle's: the stretch all members share. */
  overlapHours: number;
  reasons: MatchReason[];
}

export type UnmatchedReason =
  /** Every other person was excluded by a hard rule; `blockedBy` counts candidates per (first) rule. */
  | { participantId: string; reason: 'no-eligible-peer'; blockedBy: Partial<Record<HardRule, number>> }
  /** Left over (odd count or no triad possible): first in line next round. */
  | { participantId: string; reason: 'carried-over-with-priority'; blockedBy?: undefined };

export interface RoundMetrics {
  participants: number;
  pairs: number;
  triads: number;
  /** Groups of four or more (peer circles). */
  largerGroups: number;
  unmatched: number;
  /** Share of participants placed in a pair or triad (0–100). */
  placedPercent: number;
  /** Share of pairings whose members all come from different departments. */
  crossDepartmentPercent: number;
  /** Share of pairings whose members all share at least one goal. */
  sharedGoalPercent: number;
  meanOverlapHours: number;
  /** Pairs placed again within the cooldown (always 0 for planRound; reported for baselines). */
  repeatsWithinCooldown: number;
  /** Pairings whose least member-pair overlap is below the program's minimum (always 0 for planRound). */
  belowMinOverlap: number;
  totalScore: number;
  eligibleEdges: number;
}

export interface RoundResult {
  algorithmVersion: string;
  pairings: Pairing[];
  unmatched: UnmatchedReason[];
  metrics: RoundMetrics;
  optimality: Optimality;
  /** How the optimum was found: candidates per person at first, solves run, edges in the last one. */
  search: {
    candidatesPerPerson: number;
    rounds: number;
    edgesSolved: number;
    /**
     * Circles only: the local search's kicks and improving moves; `stoppedByDeadline` when the time budget cut it
     * short (only then does the round depend on the machine).
     */
    circles?: { kicks: number; improvements: number; stoppedByDeadline: boolean };
  };
  /**
   * prepareMs: people prepared and bucketed; candidatesMs: the first subgraph chosen (two passes over the
   * eligible pairs); solveMs: the solves; pricingMs: the passes pricing every eligible pair; circlesMs (circles
   * only): growing the pairs into circles, the local search and the bound.
   */
  timings: {
    prepareMs: number;
    candidatesMs: number;
    solveMs: number;
    pricingMs: number;
    circlesMs?: number;
    totalMs: number;
  };
}
