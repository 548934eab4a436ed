import {
  DUAL_SCALE,
  type DualSolution,
  type MatchingSolution,
  reducedCostOf,
  ResumableMatching,
} from './solver';

/**
 * Exact maximum-weight matching on a large graph by pricing (column generation): solve on a small subgraph,
 * then check every other edge against the subgraph's optimal duals. When none violates its dual constraint,
 * those duals are feasible for the whole graph and the subgraph's matching is optimal for it too (LP duality);
 * otherwise the most violated edges join the subgraph and the solver resumes where it stood (`ResumableMatching`:
 * its blossoms kept), so only the few trees the new edges open are grown again.
 *
 * Why: on a dense round graph most edges never matter (each person's best few candidates decide the round),
 * but a blossom solver scans every edge of every vertex it labels. Solving on each person's best candidates
 * and pricing the rest out costs a linear pass per round instead.
 */
export interface PricedSolution extends MatchingSolution {
  /** The last solve's duals: feasible for every edge of the whole graph, so they prove the matching optimal. */
  duals: DualSolution;
  /** Solves run (1 when the first subgraph was already optimal). */
  rounds: number;
  /** Edges in the last subgraph solved. */
  edgesSolved: number;
}

/** How many of its most violated edges each vertex may add per round: enough to converge in a few rounds. */
const ADDED_PER_VERTEX = 3;

/**
 * `eu`, `ev`, `w`: the whole graph in sorted compact form (u < v, sorted by (u, v), no duplicates, positive
 * weights). `initial[e] = 1` marks the edges of the first subgraph; it is updated in place with the edges added.
 */
export function solveByPricing(
  n: number,
  eu: Int32Array,
  ev: Int32Array,
  w: Float64Array,
  initial: Uint8Array,
  options: { certify?: boolean } = {},
): PricedSolution {
  const m = eu.length;
  if (ev.length !== m || w.length !== m || initial.length !== m) {
    throw new RangeError('edge arrays differ in length');
  }
  const inSubgraph = initial;
  let size = 0;
  for (let e = 0; e < m; e++) size += inSubgraph[e]!;
  const first = new Int32Array(size);
  for (let e = 0, t = 0; e < m; e++) if (inSubgraph[e] === 1) first[t++] = e;
  const matching = new ResumableMatching(
    n,
    Int32Array.from(first, (e) => eu[e]!),
    Int32Array.from(first, (e) => ev[e]!),
    Float64Array.from(first, (e) => w[e]!),
  );
  for (let rounds = 1; ; rounds++) {
    const solution = matching.solve({ certify: options.certify });
    const duals = solution.duals!;
    const added = mostViolated(n, eu, ev, w, inSubgraph, duals);
    if (added.length === 0) return { ...solution, duals, rounds, edgesSolved: size };
    for (const e of added) inSubgraph[e] = 1;
    size += added.length;
    matching.addEdges(
      Int32Array.from(added, (e) => eu[e]!),
      Int32Array.from(added, (e) => ev[e]!),
      Float64Array.from(added, (e) => w[e]!),
    );
  }
}

/**
 * Edges outside the subgraph whose dual constraint fails, at most ADDED_PER_VERTEX per vertex (the most
 * violated, lower edge index first on ties), in edge order.
 */
function mostViolated(
  n: number,
  eu: Int32Array,
  ev: Int32Array,
  w: Float64Array,
  inSubgraph: Uint8Array,
  duals: DualSolution,
): number[] {
  const L = ADDED_PER_VERTEX;
  const worstReduced = new Float64Array(n * L);
  const worstEdge = new Int32Array(n * L).fill(-1);
  const offer = (x: number, reduced: number, e: number): void => {
    // Replace the empty slot, or else the least violated one if this edge is more violated.
    let slot = -1;
    for (let j = x * L; j < x * L + L; j++) {
      if (worstEdge[j] === -1) {
        slot = j;
        break;
      }
      if (slot === -1 || worstReduced[j]! > worstReduced[slot]!) slot = j;
    }
    if (worstEdge[slot] === -1 || reduced < worstReduced[slot]!) {
      worstReduced[slot] = reduced;
      worstEdge[slot] = e;
    }
  };
  const m = eu.length;
  const reducedCost = reducedCostOf(duals);
  const vertex = duals.vertex;
  for (let e = 0; e < m; e++) {
    if (inSubgraph[e] === 1) continue;
    const a = eu[e]!;
    const b = ev[e]!;
    // Blossom duals only add: an edge feasible on its vertex duals alone is feasible (the common case).
    if (vertex[a]! + vertex[b]! >= DUAL_SCALE * w[e]!) continue;
    const reduced = reducedCost(a, b, w[e]!);
    if (reduced >= 0) continue;
    offer(a, reduced, e);
    offer(b, reduced, e);
  }
  const chosen = new Uint8Array(m);
  const out: number[] = [];
  for (const e of worstEdge) {
    if (e >= 0 && chosen[e] === 0) {
      chosen[e] = 1;
      out.push(e);
    }
  }
  return out.sort((x, y) => x - y);
}
