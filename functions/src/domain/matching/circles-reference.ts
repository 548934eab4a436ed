import { type CircleScorer, compareStandings, standingOf } from './circles';

/**
 * The exact optimum of the circles problem on a small program, by exhaustion — the reference `formCircles` is
 * measured against (tests and `npm run bench -- circles`). The problem: disjoint circles of 2 … k + 1 people,
 * every circle feasible (`CircleScorer.score` ≥ 0); best by `compareStandings`, the order the search uses: the most
 * people placed, sizes closest to k (`sizeCost`), the most circles, the highest total circle score. Exponential:
 * up to about 14 people.
 */
export function exhaustiveCircles(
  scorer: CircleScorer,
  people: readonly number[],
  k: number,
): { placed: number; sizes: number[]; score: number; groups: number[][] } {
  const all = [...people].sort((a, b) => a - b);
  for (let m = all.length; m >= 2; m--) {
    const choices = sizeChoices(m, k);
    // Choices equally good on size (cost and number of circles) are compared on score: the first tier with a
    // feasible partition holds the best.
    for (let i = 0; i < choices.length;) {
      let j = i;
      const tier = standingOf(choices[i]!, k);
      while (j < choices.length && compareStandings(standingOf(choices[j]!, k), tier) === 0) j++;
      let best: { sizes: number[]; score: number; groups: number[][] } | null = null;
      for (const sizes of choices.slice(i, j)) {
        for (const subset of subsetsOf(all, m)) {
          const found = bestPartition(scorer, subset, sizes);
          if (
            found !== null &&
            (best === null ||
              compareStandings(standingOf(sizes, k, found.score), standingOf(best.sizes, k, best.score)) < 0)
          )
            best = { sizes, ...found };
        }
      }
      if (best !== null) return { placed: m, ...best };
      i = j;
    }
  }
  return { placed: 0, sizes: [], score: 0, groups: [] };
}

/** Every multiset of sizes 2 … k + 1 summing to m, best first (`compareStandings`: least cost, then most circles). */
export function sizeChoices(m: number, k: number): number[][] {
  const out: number[][] = [];
  const sizes: number[] = [];
  const walk = (left: number, largest: number): void => {
    if (left === 0) {
      out.push([...sizes]);
      return;
    }
    for (let s = Math.min(largest, left); s >= 2; s--) {
      sizes.push(s);
      walk(left - s, s);
      sizes.pop();
    }
  };
  walk(m, k + 1);
  return out.sort((a, b) => compareStandings(standingOf(a, k), standingOf(b, k)));
}

function* subsetsOf(items: readonly number[], size: number): Generator<number[]> {
  if (size === items.length) {
    yield [...items];
    return;
  }
  const chosen: number[] = [];
  function* pick(from: number): Generator<number[]> {
    if (chosen.length === size) {
      yield [...chosen];
      return;
    }
    for (let i = from; i <= items.length - (size - chosen.length); i++) {
      chosen.push(items[i]!);
      yield* pick(i + 1);
      chosen.pop();
    }
  }
  yield* pick(0);
}

/** The best partition of `people` into feasible circles of exactly the given sizes (any order), or null. */
function bestPartition(
  scorer: CircleScorer,
  people: readonly number[],
  sizes: readonly number[],
): { score: number; groups: number[][] } | null {
  const counts = new Map<number, number>();
  for (const s of sizes) counts.set(s, (counts.get(s) ?? 0) + 1);
  const used = new Uint8Array(people.length);
  const groups: number[][] = [];
  let best: { score: number; groups: number[][] } | null = null;
  const place = (total: number): void => {
    // The lowest unplaced person opens the next circle: each partition is met once.
    const first = used.indexOf(0);
    if (first < 0) {
      if (best === null || total > best.score) best = { score: total, groups: groups.map((g) => [...g]) };
      return;
    }
    used[first] = 1;
    for (const [size, count] of counts) {
      if (count === 0) continue;
      counts.set(size, count - 1);
      const members = [people[first]!];
      const grow = (from: number): void => {
        if (members.length === size) {
          const s = scorer.score(members);
          if (s < 0) return;
          groups.push([...members]);
          place(total + s);
          groups.pop();
          return;
        }
        for (let i = from; i < people.length; i++) {
          if (used[i] === 1) continue;
          const v = people[i]!;
          // Every pair must be eligible: stop a branch at its first ineligible pair.
          if (members.some((u) => scorer.pairBase(u, v) < 0)) continue;
          used[i] = 1;
          members.push(v);
          grow(i + 1);
          members.pop();
          used[i] = 0;
        }
      };
      grow(first + 1);
      counts.set(size, count);
    }
    used[first] = 0;
  };
  place(0);
  return best;
}
