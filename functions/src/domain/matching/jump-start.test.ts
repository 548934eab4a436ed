import fc from 'fast-check';

import { fractionalStart } from './jump-start';
import { mulberry32 } from './rng';
import { DUAL_SCALE, solveMaximumWeightMatching, solveSortedMaximumWeightMatching } from './solver';

type Edge = [number, number, number];

/** Edges (a < b, no duplicates, positive integer weights) as the adjacency `fractionalStart` reads. */
function adjacency(n: number, edges: readonly Edge[]) {
  const start = new Int32Array(n + 1);
  for (const [a, b] of edges) {
    start[a + 1]!++;
    start[b + 1]!++;
  }
  for (let x = 0; x < n; x++) start[x + 1]! += start[x]!;
  const end = start.slice(0, n);
  const other = new Int32Array(2 * edges.length);
  const value = new Float64Array(2 * edges.length);
  for (const [a, b, w] of edges) {
    other[end[a]!] = b;
    value[end[a]!++] = DUAL_SCALE * w;
    other[end[b]!] = a;
    value[end[b]!++] = DUAL_SCALE * w;
  }
  return { start, end, other, value };
}

/** Unique undirected edges with weights in [1, maxW], sorted (the solver's compact form). */
function graph(n: number, density: number, weight: (rand: () => number) => number, seed: number): Edge[] {
  const rand = mulberry32(seed);
  const edges: Edge[] = [];
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) if (rand() < density) edges.push([a, b, weight(rand)]);
  return edges;
}

/** Everything a start must be for the solver: checked here, not by the solver's own checks alone. */
function expectValidStart(n: number, edges: readonly Edge[]) {
  const { start, end, other, value } = adjacency(n, edges);
  const result = fractionalStart(n, start, end, other, value, 1)!;
  expect(result).not.toBeNull();
  const { mate, dual } = result;
  const weightOf = new Map(edges.map(([a, b, w]) => [a * n + b, w]));
  for (let x = 0; x < n; x++) {
    expect(Number.isInteger(dual[x]) && dual[x]! >= 0).toBe(true);
    const y = mate[x]!;
    if (y === -1) continue;
    expect(mate[y]).toBe(x);
    const w = weightOf.get(Math.min(x, y) * n + Math.max(x, y));
    expect(w).toBeDefined();
    expect(dual[x]! + dual[y]!).toBe(DUAL_SCALE * w!);
  }
  for (const [a, b, w] of edges) expect(dual[a]! + dual[b]!).toBeGreaterThanOrEqual(DUAL_SCALE * w);
  return result;
}

const solveFrom = (n: number, edges: readonly Edge[], from: { mate: Int32Array; dual: Float64Array }) =>
  solveSortedMaximumWeightMatching(
    n,
    Int32Array.from(edges, (e) => e[0]),
    Int32Array.from(edges, (e) => e[1]),
    Float64Array.from(edges, (e) => e[2]),
    { start: from, certify: true },
  );

describe('fractionalStart', () => {
  it('gives feasible integral duals and a matching on tight edges, from which the solver reaches the optimum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer(),
        (n, density, maxW, seed) => {
          const edges = graph(n, density, (rand) => 1 + Math.floor(rand() * maxW), seed);
          const start = expectValidStart(n, edges);
          const solved = solveFrom(n, edges, start);
          expect(solved.certificateProblem).toBeNull();
          expect(solved.weight).toBe(solveMaximumWeightMatching(n, edges).weight);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each<[string, number, Edge[]]>([
    ['no edges', 4, []],
    ['one edge', 2, [[0, 1, 5]]],
    // An odd cycle: the fractional optimum is a half on every edge, and no pair is both copies' choice.
    [
      'a triangle',
      3,
      [
        [0, 1, 7],
        [0, 2, 7],
        [1, 2, 7],
      ],
    ],
    [
      'a star (one centre for three leaves)',
      4,
      [
        [0, 1, 3],
        [0, 2, 9],
        [0, 3, 4],
      ],
    ],
    [
      'a path whose middle edge is heaviest',
      4,
      [
        [0, 1, 5],
        [1, 2, 6],
        [2, 3, 5],
      ],
    ],
  ])('on %s', (_name, n, edges) => {
    const start = expectValidStart(n, edges);
    expect(solveFrom(n, edges, start).weight).toBe(solveMaximumWeightMatching(n, edges).weight);
  });

  it('leaves few people free on a round-like graph (a large constant on every edge, scores close together)', () => {
    const n = 600;
    const edges = graph(
      n,
      0.05,
      (rand) => 1_000_000 + 1000 * Math.floor(rand() * 200) + Math.floor(rand() * 2),
      7,
    );
    const { mate, dual } = expectValidStart(n, edges);
    let free = 0;
    for (let x = 0; x < n; x++) if (mate[x] === -1 && dual[x]! > 0) free++;
    // Measured 10–15 % on rounds; the greedy start leaves about half free.
    expect(free).toBeLessThan(n * 0.2);
    expect(solveFrom(n, edges, { mate, dual }).weight).toBe(solveMaximumWeightMatching(n, edges).weight);
  });

  it('is deterministic', () => {
    const n = 120;
    const edges = graph(n, 0.2, (rand) => 1 + Math.floor(rand() * 50), 3);
    const { start, end, other, value } = adjacency(n, edges);
    const a = fractionalStart(n, start, end, other, value, 1)!;
    const b = fractionalStart(n, start, end, other, value, 1)!;
    expect([Array.from(a.mate), Array.from(a.dual)]).toEqual([Array.from(b.mate), Array.from(b.dual)]);
  });
});
