import fc from 'fast-check';

import { MIN_RATINGS_SHOWN, summariseRatings as summariseBy } from './rating-summary';

/** Each rating from a different person, unless `raters` says who gave which. */
const summariseRatings = (ratings: Array<number | null>, raters?: string[]) =>
  summariseBy(ratings.map((rating, i) => ({ rating, rater: raters?.[i] ?? `person-${i}` })));

describe('summariseRatings', () => {
  it.each([
    { ratings: [], count: 0, average: null, histogram: [0, 0, 0, 0, 0] },
    { ratings: [5], count: 1, average: null, histogram: [0, 0, 0, 0, 0] },
    { ratings: [1, 5, null], count: 2, average: null, histogram: [0, 0, 0, 0, 0] },
    { ratings: [1, 2, 3, 4], count: 4, average: null, histogram: [0, 0, 0, 0, 0] },
    { ratings: [1, 2, 3, 4, 4], count: 5, average: 2.8, histogram: [1, 1, 1, 2, 0] },
    { ratings: [5, 5, 5, 4, 4, 4], count: 6, average: 4.5, histogram: [0, 0, 0, 3, 3] },
    { ratings: [1, 1, 2, 2, 2, null, null], count: 5, average: 1.6, histogram: [2, 3, 0, 0, 0] },
    { ratings: [2, 2, 2, 3, 3, 3], count: 6, average: 2.5, histogram: [0, 3, 3, 0, 0] },
    { ratings: [4, 4, 4, 4, 5, 5], count: 6, average: 4.33, histogram: [0, 0, 0, 4, 2] },
  ])('$ratings → count $count, average $average', ({ ratings, count, average, histogram }) => {
    expect(summariseRatings(ratings)).toEqual({ count, average, histogram });
  });

  it.each([
    ['one person’s five sessions', ['a', 'a', 'a', 'a', 'a'], false],
    ['two people over five sessions', ['a', 'b', 'a', 'b', 'a'], false],
    ['four people, one of them twice', ['a', 'b', 'c', 'd', 'a'], false],
    ['five people', ['a', 'b', 'c', 'd', 'e'], true],
    ['five people, one of them twice', ['a', 'b', 'c', 'd', 'e', 'a'], true],
  ])('feedback is per session: %s → shown %s', (_name, raters, shown) => {
    const summary = summariseRatings(
      raters.map((_r, i) => (i % 5) + 1),
      raters,
    );
    expect(summary.count).toBe(raters.length);
    expect(summary.average !== null).toBe(shown);
    expect(summary.histogram.some((n) => n > 0)).toBe(shown);
  });

  it('ignores values that are not ratings', () => {
    expect(summariseRatings([0, 6, 2.5, -1, 3]).count).toBe(1);
  });

  it('never shows an aggregate of fewer ratings than the threshold, and always counts them all', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { maxLength: 40 }),
        (ratings) => {
          const given = ratings.filter((r) => r !== null);
          const summary = summariseRatings(ratings);
          expect(summary.count).toBe(given.length);
          if (given.length < MIN_RATINGS_SHOWN) {
            expect(summary.average).toBeNull();
            expect(summary.histogram).toEqual([0, 0, 0, 0, 0]);
          } else {
            expect(summary.histogram.reduce((a, b) => a + b, 0)).toBe(given.length);
            expect(summary.average).toBeCloseTo(given.reduce((a, b) => a + b, 0) / given.length, 2);
          }
        },
      ),
    );
  });
});
