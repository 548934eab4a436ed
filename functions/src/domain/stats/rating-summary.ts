/**
 * Ratings reach admins only in aggregates of at least {@link MIN_RATINGS_SHOWN} answers (k-anonymity): with fewer,
 * an average or a histogram can be read back to one person's answer (a pair's two ratings, a round with one).
 * The dashboard and the CSV export both summarise through here, so neither can show less-aggregated figures.
 */
export const MIN_RATINGS_SHOWN = 5;

export interface RatingSummary {
  /** How many ratings were given (always shown: it says how much feedback there is, not what it says). */
  count: number;
  /** Rounded to two decimals; null below the threshold. */
  average: number | null;
  /** Ratings of 1…5 stars; all zero below the threshold. */
  histogram: [number, number, number, number, number];
}

/** Accumulates ratings one at a time (the export streams), then summarises them. */
export class RatingTally {
  private readonly counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  private total = 0;
  private sum = 0;

  add(rating: number | null): void {
    if (rating === null || !Number.isInteger(rating) || rating < 1 || rating > 5) return;
    this.counts[rating - 1] = (this.counts[rating - 1] ?? 0) + 1;
    this.total += 1;
    this.sum += rating;
  }

  summary(): RatingSummary {
    if (this.total < MIN_RATINGS_SHOWN)
      return { count: this.total, average: null, histogram: [0, 0, 0, 0, 0] };
    return {
      count: this.total,
      average: Math.round((this.sum / this.total) * 100) / 100,
      histogram: [...this.counts],
    };
  }
}

export function summariseRatings(ratings: Iterable<number | null>): RatingSummary {
  const tally = new RatingTally();
  for (const rating of ratings) tally.add(rating);
  return tally.summary();
}
