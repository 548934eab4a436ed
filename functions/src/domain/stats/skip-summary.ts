import { SKIP_CATEGORIES, type SkipCategory } from '../../contracts/common';
import { type PairingDocument } from '../model';
import { MIN_RATINGS_SHOWN } from './rating-summary';

/**
 * Skip reasons reach admins on the terms ratings do (docs/decisions/0015-skip-reasons-and-k-anonymity.md): counts
 * per category only once the program has at least this many skips with a reason, so a count cannot be read back to
 * one person's reason; below, the total alone. The private notes never reach this module's output.
 */
export const MIN_SKIPS_SHOWN = MIN_RATINGS_SHOWN;

export interface SkipSummary {
  /** Every skip, including skips from before reasons were asked (they have no category). */
  total: number;
  /** Skips with a reason, per category; null below {@link MIN_SKIPS_SHOWN} skips with a reason. */
  byCategory: Record<SkipCategory, number> | null;
}

export function summariseSkips(
  pairings: Iterable<Pick<PairingDocument, 'skippedBy' | 'skips'>>,
): SkipSummary {
  const counts = Object.fromEntries(SKIP_CATEGORIES.map((c) => [c, 0])) as Record<SkipCategory, number>;
  let total = 0;
  let withReason = 0;
  for (const pairing of pairings) {
    const skippers = new Set([...pairing.skippedBy, ...pairing.skips.map((s) => s.userId)]);
    total += skippers.size;
    for (const s of pairing.skips) {
      counts[s.category] += 1;
      withReason += 1;
    }
  }
  return { total, byCategory: withReason >= MIN_SKIPS_SHOWN ? counts : null };
}
