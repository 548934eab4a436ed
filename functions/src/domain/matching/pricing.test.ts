import fc from 'fast-check';

import { solveByPricing } from './pricing';
import { mulberry32 } from './rng';
import {
  DUAL_SCALE,
  reducedCostOf,
  solveMaximumWeightMatching,
  solveSortedMaximumWeightMatching,
} from './solver';

interface SortedGraph {
  n: number;
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

/** A random graph in sorted compact form: every pair present with probability `density`. */
function randomGraph(n: number, density: number, weight: () => number, rand: () => number): SortedGraph {
  const u: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (rand() >= density) continue;
      u.push(a);
      v.push(b);
      w.push(weight());
    }
  }
  return { n, u: Int32Array.from(u), v: Int32Array.from(v), w: Float64Array.from(w) };
}

const directWeight = (g: SortedGraph): number =>
  solveMaximumWeightMatching(
    g.n,
    Array.from(g.u, (a, e) => [a, g.v[e]!, g.w[e]!] as const),
  ).weight;

/** Pricing must give the direct optimum, with duals feasible for every edge of the whole graph. */
function expectExact(g: SortedGraph, initial: Uint8Array): ReturnType<typeof solveByPricing> {
  const result = solveByPricing(g.n, g.u, g.v, g.w, initial, { certify: true });
  expect(result.certificateProblem).toBeNull();
  expect(result.weight).toBe(directWeight(g));
  let leastReduced = Infinity;
  const reducedCost = reducedCostOf(result.duals);
  for (let e = 0; e < g.u.length; e++) {
    leastReduced = Math.min(leastReduced, reducedCost(g.u[e]!, g.v[e]!, g.w[e]!));
  }
  expect(leastReduced).toBeGreaterThanOrEqual(0);
  expect(Array.from(result.mate, (y, x) => y === -1 || result.mate[y] === x).every(Boolean)).toBe(true);
  return result;
}

describe('solveByPricing', () => {
  it('equals the direct optimum on random graphs from any first subgraph', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.constantFrom(3, 50, 1000),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (n, density, maxW, keepShare, seed) => {
          const rand = mulberry32(seed);
          const g = randomGraph(n, density, () => 1 + Math.floor(rand() * maxW), rand);
          const initial = Uint8Array.from(g.u, () => (rand() < keepShare ? 1 : 0));
          expectExact(g, initial);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals the direct optimum on round-like graphs (large constant, near-uniform weights)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 80 }), fc.integer(), (n, seed) => {
        const rand = mulberry32(seed);
        const g = randomGraph(n, 0.6, () => 100000 + Math.floor(rand() * 20), rand);
        // Each vertex's first few edges only: the shape planRound starts from.
        const seen = new Int32Array(n);
        const initial = Uint8Array.from(g.u, (a, e) => {
          const b = g.v[e]!;
          const keep = seen[a]! < 3 || seen[b]! < 3;
          seen[a]!++;
          seen[b]!++;
          return keep ? 1 : 0;
        });
        expectExact(g, initial);
      }),
      { numRuns: 60 },
    );
  });

  it('adds edges over several rounds when the first subgraph misses the optimum', () => {
    const rand = mulberry32(7);
    const g = randomGraph(120, 0.3, () => 1 + Math.floor(rand() * 1000), rand);
    // Only the lightest edge of each vertex: far from optimal.
    const lightest = new Int32Array(g.n).fill(-1);
    for (let e = 0; e < g.u.length; e++) {
      for (const x of [g.u[e]!, g.v[e]!]) {
        if (lightest[x] === -1 || g.w[e]! < g.w[lightest[x]!]!) lightest[x] = e;
      }
    }
    const initial = new Uint8Array(g.u.length);
    for (const e of lightest) if (e >= 0) initial[e] = 1;
    const result = expectExact(g, initial);
    expect(result.rounds).toBeGreaterThan(1);
    expect(result.edgesSolved).toBeLessThan(g.u.length);
  });

  it('solves once when the first subgraph is the whole graph', () => {
    const rand = mulberry32(3);
    const g = randomGraph(50, 0.4, () => 1 + Math.floor(rand() * 100), rand);
    const result = expectExact(g, new Uint8Array(g.u.length).fill(1));
    expect(result.rounds).toBe(1);
  });
});

describe('resuming the solver from given duals and matching', () => {
  // A triangle 0-1-2 plus 2-3: the optimum is 0-1 and 2-3 (weight 9).
  const u = Int32Array.from([0, 0, 1, 2]);
  const v = Int32Array.from([1, 2, 2, 3]);
  const w = Float64Array.from([5, 3, 3, 4]);
  const big = DUAL_SCALE * 10;

  it('reaches the optimum from any feasible start', () => {
    const start = { mate: Int32Array.from([-1, -1, -1, -1]), dual: Float64Array.from([big, big, big, big]) };
    const result = solveSortedMaximumWeightMatching(4, u, v, w, { start, certify: true });
    expect(result.certificateProblem).toBeNull();
    expect(result.weight).toBe(9);
    // From a start that already matches 0-2 (tight: 10 + 2 = 4·3) the solver must undo it.
    const matched = { mate: Int32Array.from([2, -1, 0, -1]), dual: Float64Array.from([10, 30, 2, 30]) };
    expect(solveSortedMaximumWeightMatching(4, u, v, w, { start: matched }).weight).toBe(9);
  });

  it.each([
    ['an infeasible edge', { mate: [-1, -1, -1, -1], dual: [0, 0, 0, 0] }, /violates its dual constraint/],
    ['a negative dual', { mate: [-1, -1, -1, -1], dual: [-1, big, big, big] }, /has dual -1/],
    ['a one-sided mate', { mate: [1, -1, -1, -1], dual: [big, big, big, big] }, /not mutual/],
    ['a mate without an edge', { mate: [3, -1, -1, 0], dual: [big, big, big, big] }, /is not an edge/],
    ['a slack matched edge', { mate: [1, 0, -1, -1], dual: [big, big, big, big] }, /is not tight/],
  ])('rejects a start with %s', (_, start, message) => {
    expect(() =>
      solveSortedMaximumWeightMatching(4, u, v, w, {
        start: { mate: Int32Array.from(start.mate), dual: Float64Array.from(start.dual) },
      }),
    ).toThrow(message);
  });
});
