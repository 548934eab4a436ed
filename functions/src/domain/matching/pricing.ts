import {
  DUAL_SCALE,
  type DualSolution,
  foldDuals,
  type MatchingSolution,
  reducedCostOf,
  solveSortedMaximumWeightMatching,
  type WarmStart,
} from './solver';

/**
 * Exact maximum-weight matching on a large graph by pricing (column generation): solve on a small subgraph,
 * then check every other edge against the subgraph's optimal duals. When none violates its dual constraint,
 * those duals are feasible for the whole graph and the subgraph's matching is optimal for it too (LP duality);
 * otherwise the most violated edges join the subgraph and the solve resumes from the previous duals and
 * matching, so only the few trees the new edges open are grown again.
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
  let start: WarmStart | undefined;
  for (let rounds = 1; ; rounds++) {
    let size = 0;
    for (let e = 0; e < m; e++) size += inSubgraph[e]!;
    const su = new Int32Array(size);
    const sv = new Int32Array(size);
    const sw = new Float64Array(size);
    for (let e = 0, t = 0; e < m; e++) {
      if (inSubgraph[e] === 0) continue;
      su[t] = eu[e]!;
      sv[t] = ev[e]!;
      sw[t] = w[e]!;
      t++;
    }
    const solution = solveSortedMaximumWeightMatching(n, su, sv, sw, {
      start,
      duals: true,
      certify: options.certify,
    });
    const duals = solution.duals!;

    const added = mostViolated(n, eu, ev, w, inSubgraph, duals);
    if (added.length === 0) {
      return { ...solution, duals, rounds, edgesSolved: size };
    }
    for (const e of added) inSubgraph[e] = 1;
    start = resumeState(
      n,
      { u: su, v: sv, w: sw },
      solution.mate,
      duals,
      added.map((e) => [eu[e]!, ev[e]!, w[e]!] as const),
    );
  }
}

/**
 * The state to resume from once edges join a solved subgraph: blossom duals folded into their vertices (feasible
 * for every old edge, no blossom to carry over), matched edges that leave a positive blossom — slack once folded
 * — made tight again by lowering their ends where no other edge minds (else unmatched), and each new edge made
 * feasible by raising its ends just enough. Raising a matched end would make
 * its matched edge slack: its mate is lowered as much instead as far as none of the mate's edges minds (the
 * matching keeps the pair), the raise is shared between the two ends so, and only what is left unmatches a pair
 * (both become roots of the next solve's trees).
 * `old` is the subgraph that was solved (sorted compact form); `added` the edges joining it.
 */
export function resumeState(
  n: number,
  old: { u: Int32Array; v: Int32Array; w: Float64Array },
  solvedMate: Int32Array,
  duals: DualSolution,
  added: ReadonlyArray<readonly [number, number, number]>,
): WarmStart {
  const dual = foldDuals(duals);
  const mate = Int32Array.from(solvedMate);
  const m = old.u.length;
  // Adjacency of the new subgraph (old and added edges), to see how far a dual may fall.
  const total = m + added.length;
  const start = new Int32Array(n + 1);
  const edgeEnd = (k: number, side: 0 | 1): number =>
    k < m ? (side === 0 ? old.u[k]! : old.v[k]!) : added[k - m]![side];
  const weightOf = (k: number): number => (k < m ? old.w[k]! : added[k - m]![2]);
  for (let k = 0; k < total; k++) {
    start[edgeEnd(k, 0) + 1]!++;
    start[edgeEnd(k, 1) + 1]!++;
  }
  for (let x = 0; x < n; x++) start[x + 1]! += start[x]!;
  const other = new Int32Array(2 * total);
  const weight = new Float64Array(2 * total);
  const fill = start.slice(0, n);
  for (let k = 0; k < total; k++) {
    const a = edgeEnd(k, 0);
    const b = edgeEnd(k, 1);
    other[fill[a]!] = b;
    weight[fill[a]!++] = weightOf(k);
    other[fill[b]!] = a;
    weight[fill[b]!++] = weightOf(k);
  }
  /** How far y's dual can fall before an edge of y other than the one to `except` turns infeasible. */
  const room = (y: number, except: number): number => {
    let least = dual[y]!;
    for (let t = start[y]!; t < start[y + 1]!; t++) {
      if (other[t] === except) continue;
      least = Math.min(least, dual[y]! + dual[other[t]!]! - DUAL_SCALE * weight[t]!);
    }
    return least;
  };
  // A matched edge inside nested blossoms is slack once folded (an inner blossom's dual went to one end only):
  // its ends fall by the slack where none of their other edges minds, and only otherwise is the pair unmatched.
  for (let t = 0; t < m; t++) {
    const a = old.u[t]!;
    const b = old.v[t]!;
    if (mate[a] !== b) continue;
    let slack = dual[a]! + dual[b]! - DUAL_SCALE * old.w[t]!;
    if (slack === 0) continue;
    const fromA = Math.min(slack, Math.max(0, room(a, b)));
    dual[a] = dual[a]! - fromA;
    slack -= fromA;
    const fromB = Math.min(slack, Math.max(0, room(b, a)));
    dual[b] = dual[b]! - fromB;
    slack -= fromB;
    if (slack > 0) {
      mate[a] = -1;
      mate[b] = -1;
    }
  }
  /** Raises x by `by`, lowering its mate as much when it has the room (the pair stays), else unmatching it. */
  const raise = (x: number, by: number): void => {
    const y = mate[x]!;
    if (y !== -1) {
      if (room(y, x) >= by) dual[y] = dual[y]! - by;
      else {
        mate[x] = -1;
        mate[y] = -1;
      }
    }
    dual[x] = dual[x]! + by;
  };
  for (const [a, b, wt] of added) {
    const need = DUAL_SCALE * wt - dual[a]! - dual[b]!;
    if (need <= 0) continue;
    // A free end is raised (it only becomes a root); else the raise is shared between the two ends as far as
    // their mates have room to fall, and only what is left unmatches a pair.
    if (mate[a] === -1 || mate[b] === -1) {
      dual[mate[a] === -1 ? a : b] = dual[mate[a] === -1 ? a : b]! + need;
      continue;
    }
    const onA = Math.min(need, Math.max(0, room(mate[a]!, a)));
    if (onA > 0) raise(a, onA);
    if (need - onA > 0) raise(b, need - onA);
  }
  return { mate, dual };
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
