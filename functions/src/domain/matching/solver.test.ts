import fc from 'fast-check';

import { mulberry32 } from './rng';
import { ResumableMatching, solveMaximumWeightMatching, type WeightedEdge } from './solver';

// edmonds-blossom is a CommonJS port of the classic O(n³) code; it is the reference on larger graphs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const edmondsBlossom = require('edmonds-blossom') as (
  edges: number[][],
  maxCardinality?: boolean,
) => number[];

/** Exhaustive optimum: try every matching (small graphs only). */
function bruteForceWeight(n: number, edges: ReadonlyArray<WeightedEdge>): number {
  const w = new Map<number, number>();
  for (const [a, b, x] of edges) {
    if (a === b || x <= 0) continue;
    const key = Math.min(a, b) * n + Math.max(a, b);
    w.set(key, Math.max(w.get(key) ?? 0, x));
  }
  const used = new Array<boolean>(n).fill(false);
  const best = (from: number): number => {
    let v = from;
    while (v < n && used[v]) v++;
    if (v >= n) return 0;
    used[v] = true;
    let result = best(v + 1); // v stays single
    for (let u = v + 1; u < n; u++) {
      const x = w.get(v * n + u);
      if (used[u] || x === undefined) continue;
      used[u] = true;
      result = Math.max(result, x + best(v + 1));
      used[u] = false;
    }
    used[v] = false;
    return result;
  };
  return best(0);
}

function expectValidMatching(
  n: number,
  edges: ReadonlyArray<WeightedEdge>,
  mate: Int32Array,
  weight: number,
): void {
  const present = new Map<number, number>();
  for (const [a, b, x] of edges) {
    const key = Math.min(a, b) * n + Math.max(a, b);
    present.set(key, Math.max(present.get(key) ?? -Infinity, x));
  }
  let total = 0;
  for (let v = 0; v < n; v++) {
    const u = mate[v]!;
    if (u === -1) continue;
    expect(mate[u]).toBe(v);
    expect(u).not.toBe(v);
    if (v < u) {
      const x = present.get(v * n + u);
      expect(x).toBeDefined();
      total += x!;
    }
  }
  expect(total).toBe(weight);
}

/**
 * Every pair with probability `density`, weights 1..maxW, from a small LCG (the regression cases below were
 * found with it, so their seeds reproduce only with this generator).
 */
function lcgGraph(n: number, density: number, maxW: number, seed: number): Array<[number, number, number]> {
  let s = seed;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    return ((s >>> 8) & 0xffff) / 0x10000;
  };
  const edges: Array<[number, number, number]> = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) if (rand() < density) edges.push([a, b, 1 + Math.floor(rand() * maxW)]);
  }
  return edges;
}

const graphArb = (maxN: number, maxW: number) =>
  fc.integer({ min: 1, max: maxN }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(
        fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 }), fc.integer({ min: -3, max: maxW })),
        { maxLength: (n * (n - 1)) / 2 + 3 },
      ),
    }),
  );

describe('solveMaximumWeightMatching', () => {
  it.each([
    {
      name: 'empty graph',
      n: 0,
      edges: [] as WeightedEdge[],
      weight: 0,
      pairs: [] as Array<[number, number]>,
    },
    {
      name: 'one edge',
      n: 2,
      edges: [[0, 1, 5]] as WeightedEdge[],
      weight: 5,
      pairs: [[0, 1]] as Array<[number, number]>,
    },
    {
      name: 'path prefers the two outer edges',
      n: 4,
      edges: [
        [0, 1, 3],
        [1, 2, 4],
        [2, 3, 3],
      ] as WeightedEdge[],
      weight: 6,
      pairs: [
        [0, 1],
        [2, 3],
      ] as Array<[number, number]>,
    },
    {
      name: 'heavy middle edge beats two light ones (not max-cardinality)',
      n: 4,
      edges: [
        [0, 1, 1],
        [1, 2, 10],
        [2, 3, 1],
      ] as WeightedEdge[],
      weight: 10,
      pairs: [[1, 2]] as Array<[number, number]>,
    },
    {
      name: 'odd cycle (blossom) with a pendant',
      n: 5,
      edges: [
        [0, 1, 6],
        [1, 2, 6],
        [2, 0, 6],
        [2, 3, 5],
        [3, 4, 1],
      ] as WeightedEdge[],
      weight: 11,
      pairs: [
        [0, 1],
        [2, 3],
      ] as Array<[number, number]>,
    },
    {
      name: 'non-positive and self-loop edges are ignored',
      n: 3,
      edges: [
        [0, 1, 0],
        [1, 2, -4],
        [2, 2, 9],
      ] as WeightedEdge[],
      weight: 0,
      pairs: [] as Array<[number, number]>,
    },
  ])('$name', ({ n, edges, weight, pairs }) => {
    const result = solveMaximumWeightMatching(n, edges);
    expect(result.weight).toBe(weight);
    expect(result.pairs).toEqual(pairs);
    expectValidMatching(n, edges, result.mate, result.weight);
  });

  it('rejects endpoints outside the vertex range', () => {
    expect(() => solveMaximumWeightMatching(2, [[0, 2, 1]])).toThrow(RangeError);
  });

  it('equals brute force on random small graphs (exact optimum, valid matching)', () => {
    fc.assert(
      fc.property(graphArb(10, 20), ({ n, edges }) => {
        const result = solveMaximumWeightMatching(n, edges, { certify: true });
        expect(result.certificateProblem).toBeNull();
        expectValidMatching(n, edges, result.mate, result.weight);
        expect(result.weight).toBe(bruteForceWeight(n, edges));
      }),
      { numRuns: 400 },
    );
  });

  it('equals brute force when many weights tie (degenerate duals)', () => {
    fc.assert(
      fc.property(graphArb(11, 2), ({ n, edges }) => {
        expect(solveMaximumWeightMatching(n, edges).weight).toBe(bruteForceWeight(n, edges));
      }),
      { numRuns: 300 },
    );
  });

  it('equals edmonds-blossom on larger random graphs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 120 }),
        fc.double({ min: 0.02, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer(),
        (n, density, maxW, seed) => {
          const edges = lcgGraph(n, density, maxW, seed);
          const result = solveMaximumWeightMatching(n, edges, { certify: true });
          expect(result.certificateProblem).toBeNull();
          const mate = edges.length === 0 ? [] : edmondsBlossom(edges.map((e) => [...e]));
          const reference = edges.reduce((sum, [a, b, w]) => (mate[a] === b ? sum + w : sum), 0);
          expectValidMatching(n, edges, result.mate, result.weight);
          expect(result.weight).toBe(reference);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('equals edmonds-blossom on tie-heavy graphs where trees dissolve around marked T blossoms (regression)', () => {
    // Seed 1070 once left a stale "reached" mark inside another tree's T blossom after a tree dissolved.
    for (let seed = 1040; seed < 1100; seed++) {
      const rand = mulberry32(seed);
      const n = 2 + Math.floor(rand() * 40);
      const density = rand();
      const maxW = 1 + Math.floor(rand() * (rand() < 0.3 ? 3 : 100));
      const edges: Array<[number, number, number]> = [];
      for (let a = 0; a < n; a++) {
        for (let b = a + 1; b < n; b++)
          if (rand() < density) edges.push([a, b, 1 + Math.floor(rand() * maxW)]);
      }
      const mate = edges.length === 0 ? [] : edmondsBlossom(edges.map((e) => [...e]));
      const reference = edges.reduce((sum, [a, b, w]) => (mate[a] === b ? sum + w : sum), 0);
      expect(solveMaximumWeightMatching(n, edges).weight).toBe(reference);
    }
  });

  it('keeps every skipped S-to-free edge due when a free vertex loses its earliest event (regression)', () => {
    // Each S-to-free edge no earlier than the free vertex's best is skipped; these graphs broke versions that
    // lost the skipped edges when the best edge's augmentation freed nobody, or when a re-look found a tight edge.
    const cases: Array<[number, number, number, number]> = [
      [37, 0.21089172363281253, 16, -14],
      [111, 0.08500671386718751, 8, -1039634667],
    ];
    for (const [n, density, maxW, seed] of cases) {
      const edges = lcgGraph(n, density, maxW, seed);
      const result = solveMaximumWeightMatching(n, edges, { certify: true });
      expect(result.certificateProblem).toBeNull();
      const mate = edmondsBlossom(edges.map((e) => [...e]));
      expect(result.weight).toBe(edges.reduce((sum, [a, b, w]) => (mate[a] === b ? sum + w : sum), 0));
    }
  });

  it('equals edmonds-blossom on dense round-like graphs (large constant, near-uniform weights)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 90 }), fc.integer(), (n, seed) => {
        const rand = mulberry32(seed);
        const edges: Array<[number, number, number]> = [];
        for (let a = 0; a < n; a++) {
          for (let b = a + 1; b < n; b++)
            if (rand() < 0.6) edges.push([a, b, 100000 + Math.floor(rand() * 20)]);
        }
        const result = solveMaximumWeightMatching(n, edges, { certify: true });
        expect(result.certificateProblem).toBeNull();
        const mate = edges.length === 0 ? [] : edmondsBlossom(edges.map((e) => [...e]));
        expect(result.weight).toBe(edges.reduce((sum, [a, b, w]) => (mate[a] === b ? sum + w : sum), 0));
      }),
      { numRuns: 40 },
    );
  });

  it('proves optimality on a larger sparse graph with its dual certificate', () => {
    const rand = mulberry32(99);
    const n = 3000;
    const edges: Array<[number, number, number]> = [];
    for (let e = 0; e < 15 * n; e++)
      edges.push([Math.floor(rand() * n), Math.floor(rand() * n), 1 + Math.floor(rand() * 500)]);
    expect(solveMaximumWeightMatching(n, edges, { certify: true }).certificateProblem).toBeNull();
  });

  it('is deterministic', () => {
    const edges: WeightedEdge[] = [];
    for (let a = 0; a < 40; a++)
      for (let b = a + 1; b < 40; b++) if ((a * 7 + b * 13) % 5 === 0) edges.push([a, b, 1 + ((a + b) % 3)]);
    expect(solveMaximumWeightMatching(40, edges).pairs).toEqual(
      solveMaximumWeightMatching(40, [...edges]).pairs,
    );
  });
});

/** Edges in sorted compact form (u < v, by u then v), as typed arrays. */
function compact(edges: ReadonlyArray<WeightedEdge>): [Int32Array, Int32Array, Float64Array] {
  const sorted = [...edges].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return [
    Int32Array.from(sorted, (e) => e[0]),
    Int32Array.from(sorted, (e) => e[1]),
    Float64Array.from(sorted, (e) => e[2]),
  ];
}

describe('ResumableMatching', () => {
  /**
   * Solves part of a graph, then joins the rest in batches (some reversed, some repeated), solving after each:
   * every solve must be optimal for the edges joined so far, with its certificate (blossoms kept between solves
   * must stay full and feasible).
   */
  const joinInBatches = (
    n: number,
    all: Array<[number, number, number]>,
    seed: number,
    start: 'greedy' | 'fractional' = 'greedy',
  ): void => {
    const rand = mulberry32(seed);
    const first = all.filter(() => rand() < 0.4);
    const firstSet = new Set(first);
    let rest = all.filter((e) => !firstSet.has(e));
    const matching = new ResumableMatching(n, ...compact(first), { start });
    const joined = [...first];
    for (;;) {
      const result = matching.solve({ certify: true });
      // One expectation per solve (thousands of solves): certificate, mutual mates on joined edges, weight.
      const weightOf = new Map(joined.map(([a, b, x]) => [a * n + b, x]));
      let total = 0;
      let valid = true;
      result.mate.forEach((y, x) => {
        if (y === -1) return;
        valid &&= result.mate[y] === x && weightOf.has(Math.min(x, y) * n + Math.max(x, y));
        if (x < y) total += weightOf.get(x * n + y) ?? 0;
      });
      expect([result.certificateProblem, valid, total, result.weight]).toEqual([
        null,
        true,
        result.weight,
        solveMaximumWeightMatching(n, joined).weight,
      ]);
      if (rest.length === 0) return;
      const batch = rest.filter(() => rand() < 0.5);
      if (batch.length === 0) batch.push(rest[0]!);
      const batchSet = new Set(batch);
      rest = rest.filter((e) => !batchSet.has(e));
      joined.push(...batch);
      // An edge already joined comes again now and then (it is skipped), and some ends come reversed.
      const offered = rand() < 0.3 && joined.length > 0 ? [...batch, joined[0]!] : batch;
      const flip = offered.map(() => rand() < 0.5);
      matching.addEdges(
        Int32Array.from(offered, (e, t) => (flip[t] ? e[1] : e[0])),
        Int32Array.from(offered, (e, t) => (flip[t] ? e[0] : e[1])),
        Float64Array.from(offered, (e) => e[2]),
      );
    }
  };

  it('stays optimal as edges join, on small graphs with many ties (blossoms kept and opened)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rand = mulberry32(seed);
      const n = 6 + Math.floor(rand() * 40);
      joinInBatches(n, lcgGraph(n, 0.1 + rand() * 0.5, 1 + Math.floor(rand() * 4), seed), seed);
    }
  });

  it('stays optimal as edges join, on sparse graphs with nested blossoms and spread weights', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = mulberry32(1000 + seed);
      const n = 100 + Math.floor(rand() * 200);
      joinInBatches(n, lcgGraph(n, (2 + rand() * 8) / n, rand() < 0.5 ? 3 : 1000, seed), seed);
    }
  });

  it('stays optimal from a fractional start, as edges join (small tie-heavy, sparse, and round-like graphs)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = mulberry32(seed);
      const n = 6 + Math.floor(rand() * 40);
      joinInBatches(n, lcgGraph(n, 0.1 + rand() * 0.5, 1 + Math.floor(rand() * 4), seed), seed, 'fractional');
    }
    for (let seed = 1; seed <= 20; seed++) {
      const rand = mulberry32(1000 + seed);
      const n = 100 + Math.floor(rand() * 200);
      const graph = lcgGraph(n, (2 + rand() * 8) / n, rand() < 0.5 ? 3 : 1000, seed);
      joinInBatches(n, graph, seed, 'fractional');
    }
    for (let seed = 1; seed <= 20; seed++) {
      const rand = mulberry32(2000 + seed);
      const n = 20 + Math.floor(rand() * 60);
      const round: Array<[number, number, number]> = [];
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++)
          if (rand() < 0.5) round.push([a, b, 100000 + Math.floor(rand() * 20)]);
      joinInBatches(n, round, seed, 'fractional');
    }
  });

  it('rejects an edge it cannot join', () => {
    const matching = new ResumableMatching(3, Int32Array.of(0), Int32Array.of(1), Float64Array.of(2));
    matching.solve();
    expect(() => matching.addEdges(Int32Array.of(1), Int32Array.of(3), Float64Array.of(1))).toThrow(
      RangeError,
    );
    expect(() => matching.addEdges(Int32Array.of(1), Int32Array.of(2), Float64Array.of(0))).toThrow(
      RangeError,
    );
    expect(() => matching.addEdges(Int32Array.of(2), Int32Array.of(2), Float64Array.of(1))).toThrow(
      RangeError,
    );
  });
});
