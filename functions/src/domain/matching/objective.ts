import { DUAL_SCALE } from './solver';

/**
 * The solver's weight of a pair, C + score·J + tie bit: J exceeds the sum of all tie bits of any matching and
 * C the score part of any matching, so the maximum-weight matching places as many people as possible, then has
 * the best real score, and the seed (through the tie bits) only chooses between equally good rounds.
 *
 * Every weight, dual and slack the solver handles stays below 2^53, so its arithmetic is exact integer
 * arithmetic: its largest quantities (an event key: a slack plus twice the accumulated dual change, in units of
 * 1/DUAL_SCALE) stay below 32·DUAL_SCALE times the largest weight, and `EXACT_LIMIT` leaves a factor of 2 more.
 * Sums over a whole matching are never formed in floating point: a round's total is counted as pairs and score
 * points, and the certified gap in integers (BigInt). The largest weight grows as n²·(best pair score)/4, so
 * this is exact up to about 700,000 people with the default weights (pairs score at most ~280 points) and
 * about 280,000 with every admin weight at its maximum of 100 (~1,700 points) — past what one program's pair
 * passes can visit in a day, let alone a round.
 */
export interface Objective {
  /** Per pair, whatever its score: more than the score part of any matching. */
  C: number;
  /** Per score point: more than the tie bits of any matching. */
  J: number;
  /** The largest score any pair may have (weights computed from larger scores would not be ordered right). */
  maxScore: number;
}

/** The largest weight the solver's exact arithmetic allows (its quantities stay below 32× the largest weight). */
const EXACT_LIMIT = Math.floor(Number.MAX_SAFE_INTEGER / (64 * DUAL_SCALE));

/** The objective for n people whose pairs score at most `maxScore` (an upper bound is enough). */
export function roundObjective(n: number, maxScore: number): Objective {
  const half = Math.floor(n / 2);
  const J = half + 1;
  const top = Math.max(0, maxScore);
  const C = half * (top * J + 1) + 1;
  if (C + top * J + 1 > EXACT_LIMIT) {
    throw new RangeError(
      `weights too large for exact arithmetic (${n} people, scores up to ${top}); lower the weights`,
    );
  }
  return { C, J, maxScore: top };
}

export const weightOf = (o: Objective, score: number, bit: number): number => o.C + score * o.J + bit;
