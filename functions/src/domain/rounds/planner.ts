import { type z } from 'zod';

import {
  type LevelMapping,
  type MatchingRulesSchema,
  type MatchingWeightsSchema,
  type Optimality,
} from '../../contracts/admin';
import { type PairingReason, type ProgramKind } from '../../contracts/common';
import { type EnrollmentPreferences } from '../../contracts/employee';
import { type WorkingHours } from '../model';

/**
 * The port to the matching engine (functions/src/domain/matching, issue 4): everything a round needs to know, in,
 * and the pairings with their structured reasons, out. The round service never matches by itself.
 */
export interface PlanCandidate {
  userId: string;
  displayName: string;
  department: string | null;
  jobTitle: string | null;
  level: string | null;
  levelRank: number | null;
  /** Manager, skip-level manager … (nearest first). */
  managerChain: string[];
  hireDate: string | null;
  timeZone: string | null;
  workingHours: WorkingHours | null;
  preferredLanguage: string | null;
  preferences: EnrollmentPreferences;
}

export interface PlanInput {
  programId: string;
  kind: ProgramKind;
  rules: z.infer<typeof MatchingRulesSchema>;
  weights: z.infer<typeof MatchingWeightsSchema>;
  levelMapping: LevelMapping | null;
  /** The round's first date (`yyyy-MM-dd`); working-hours overlap is computed on it. */
  roundStartsOn: string;
  seed: number;
  candidates: PlanCandidate[];
  /** Pairings of the program's last `cooldownRounds` published rounds; `roundsAgo` 1 = the previous round. */
  history: { memberIds: string[]; roundsAgo: number }[];
  /** Pairs an admin blocked (people's own "not with" lists are in their preferences). */
  blockedPairs: [string, string][];
  /** Left out or carried over last round: they come first. */
  priorityUserIds: string[];
}

export interface PlannedPairing {
  memberIds: string[];
  score: number;
  reasons: PairingReason[];
}

export interface PlanResult {
  pairings: PlannedPairing[];
  unmatched: { userId: string; reason: string; detail: string | null }[];
  algorithmVersion: string;
  /** How good the pairings are against every pairing the hard rules allow (absent: not known). */
  optimality?: Optimality;
}

export type RoundPlanner = (input: PlanInput) => PlanResult | Promise<PlanResult>;
