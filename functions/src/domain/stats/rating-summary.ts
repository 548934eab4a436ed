/**
 * Ratings reach admins only in aggregates of at least {@link MIN_RATINGS_SHOWN} answers from as many different people
 * (k-anonymity): with fewer, an average or a histogram can be read back to one person's answers (a pair's ratings, a
 * round with one). People, not only ratings, since feedback is per session: one person's five sessions are five
 * ratings of one person.
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
  private readonly raters = new Set<string>();
  private total = 0;
  private sum = 0;

  /** `rater` is who gave it (only counted, to tell five people from one person's five sessions). */
  add(rating: number | null, rater: string): void {
    if (rating === null || !Number.isInteger(rating) || rating < 1 || rating > 5) return;
    this.raters.add(rater);
    this.counts[rating - 1] = (this.counts[rating - 1] ?? 0) + 1;
    this.total += 1;
    this.sum += rating;
  }

  summary(): RatingSummary {
    if (this.total < MIN_RATINGS_SHOWN || this.raters.size < MIN_RATINGS_SHOWN)
      return { count: this.total, average: null, histogram: [0, 0, 0, 0, 0] };
    return {
      count: this.total,
      average: Math.round((this.sum / this.total) * 100) / 100,
      histogram: [...this.counts],
    };
  }
}

export function summariseRatings(ratings: Iterable<{ rating: number | null; rater: string }>): RatingSummary {
  const tally = new RatingTally();
  for (const { rating, rater } of ratings) tally.add(rating, rater);
  return tally.summary();
}
