import { bestCandidateGraph, type CandidateGraph } from './candidate-graph';
import { type Objective, weightOf } from './objective';
import { type PairModel, rowBuffers } from './pair-model';
import { resumeState } from './pricing';
import {
  DUAL_SCALE,
  type DualSolution,
  type MatchingSolution,
  reducedCostOf,
  solveSortedMaximumWeightMatching,
  type WarmStart,
} from './solver';
import type { Optimality } from './types';

export interface WholeGraphOptions {
  /** Candidates per person in the first subgraph. */
  candidates: number;
  tieBit: (u: number, v: number) => number;
  /** performance.now() after which no further round of pricing starts (the result is then bounded). */
  deadline: number;
}

export interface WholeGraphSolution {
  mate: Int32Array;
  /** Pairs in the matching and the sum of their scores (without tie bits). */
  pairs: number;
  score: number;
  optimality: Optimality;
  /** The whole eligible graph's degrees and size, and the explanations of people with no eligible peer. */
  graph: Pick<CandidateGraph, 'degree' | 'eligibleEdges' | 'blockedCounts'>;
  /** Solves run, and the edges of the last subgraph solved. */
  rounds: number;
  edgesSolved: number;
  timings: { candidatesMs: number; solveMs: number; pricingMs: number };
}

/** How many of its most violated edges each person may add per round of pricing. */
const ADDED_PER_PERSON = 3;

/**
 * The lexicographic optimum (people placed, then score, then tie bits) of the whole eligible graph without ever
 * holding it: solve on each person's best candidates, then price every eligible pair against the optimal duals
 * (`priceWholeGraph`, bucket by bucket, most pairs dismissed by a score bound before they are scored); edges
 * whose dual constraint fails join the subgraph and the solver resumes, until none fails — the duals are then
 * feasible for the whole graph, which proves the matching optimal for it (LP duality). If the deadline passes
 * first, the violations priced last bound how far from the optimum the matching can be.
 *
 * Candidates are ranked by score less the candidate's price (half their k-th best score): on round graphs a few
 * people are everyone's favourites, and best-by-score alone gives a subgraph where they are all anyone may
 * meet (at 10,000 people its maximum matching places 80 %); the price, a cheap stand-in for the optimal duals,
 * spreads the candidates so the first solve is close to the whole graph's optimum.
 */
export function solveWholeGraph(
  model: PairModel,
  objective: Objective,
  options: WholeGraphOptions,
): WholeGraphSolution {
  const n = model.n;
  const { tieBit } = options;
  const started = performance.now();
  const first = bestCandidateGraph(model, options.candidates, tieBit);
  const price = Float64Array.from(first.kth, (kth) => (kth > 0 ? Math.floor(kth / 2) : 0));
  const { graph } = bestCandidateGraph(model, options.candidates, tieBit, price);
  // Explanations for people nobody can be paired with: count, per rule, the candidates it excluded first.
  for (let v = 0; v < n; v++) if (graph.degree[v] === 0) model.countBlocked(v, graph.blockedCounts);
  let sub: Subgraph = {
    u: graph.eu,
    v: graph.ev,
    score: graph.score,
    w: Float64Array.from(graph.score, (s, e) => weightOf(objective, s, tieBit(graph.eu[e]!, graph.ev[e]!))),
  };
  const timings = { candidatesMs: performance.now() - started, solveMs: 0, pricingMs: 0 };

  let start: WarmStart | undefined;
  for (let rounds = 1; ; rounds++) {
    const solveStarted = performance.now();
    const solution = solveSortedMaximumWeightMatching(n, sub.u, sub.v, sub.w, { start, duals: true });
    const pricingStarted = performance.now();
    timings.solveMs += pricingStarted - solveStarted;
    const priced = priceWholeGraph(model, objective, tieBit, solution.duals!);
    timings.pricingMs += performance.now() - pricingStarted;
    const done = priced.violators.length === 0;
    if (done || performance.now() >= options.deadline) {
      const { pairs, score } = totals(solution, sub);
      return {
        mate: solution.mate,
        pairs,
        score,
        optimality: done
          ? { status: 'exact' }
          : bounded(objective, solution, sub, pairs, score, priced.violation, graph.degree),
        graph,
        rounds,
        edgesSolved: sub.u.length,
        timings,
      };
    }
    const added = priced.violators;
    start = resumeState(
      n,
      sub,
      solution.mate,
      solution.duals!,
      added.map(([a, b, s]) => [a, b, weightOf(objective, s, tieBit(a, b))] as const),
    );
    sub = mergeEdges(sub, added, objective, tieBit);
  }
}

interface Subgraph {
  u: Int32Array;
  v: Int32Array;
  score: Float64Array;
  w: Float64Array;
}

function totals(solution: MatchingSolution, sub: Subgraph): { pairs: number; score: number } {
  let pairs = 0;
  let score = 0;
  for (let e = 0; e < sub.u.length; e++) {
    if (solution.mate[sub.u[e]!] !== sub.v[e]) continue;
    pairs++;
    score += sub.score[e]!;
  }
  return { pairs, score };
}

/**
 * The proven gap when pricing still found violations. Raising each person's dual by half the largest violation
 * at them makes the duals feasible for the whole graph (each violated pair gains at least its violation), so
 * the whole graph's optimum weighs at most the matching's weight (equal to the subgraph's dual objective) plus
 * the sum of those raises, G. In weight units C·pairs + score·J + tie bits, the same number of pairs then
 * scores at most ⌊(G + tie bits) / J⌋ more; more pairs are ruled out when everyone with a peer is placed (all
 * but one) or when G is below C less the matching's score part.
 */
function bounded(
  objective: Objective,
  solution: MatchingSolution,
  sub: Subgraph,
  pairs: number,
  score: number,
  violation: bigint,
  degree: Int32Array,
): Optimality {
  // violation = Σ per person of the largest violation, in units of 1/DUAL_SCALE: G = violation / (2·DUAL_SCALE).
  const scale = BigInt(2 * DUAL_SCALE);
  let bits = 0;
  for (let e = 0; e < sub.u.length; e++) {
    if (solution.mate[sub.u[e]!] === sub.v[e]) bits += sub.w[e]! - weightOf(objective, sub.score[e]!, 0);
  }
  let withPeer = 0;
  for (const d of degree) if (d > 0) withPeer++;
  const placesMost =
    pairs === Math.floor(withPeer / 2) ||
    violation < scale * (BigInt(objective.C) - BigInt(score) * BigInt(objective.J) - BigInt(bits));
  if (!placesMost) return { status: 'bounded', gap: null };
  const gap = (violation + scale * BigInt(bits)) / (scale * BigInt(objective.J));
  return { status: 'bounded', gap: Number(gap) };
}

/** Adds edges (u < v, not in the subgraph) to a subgraph in sorted compact form, keeping it sorted. */
function mergeEdges(
  sub: Subgraph,
  added: ReadonlyArray<readonly [number, number, number]>,
  objective: Objective,
  tieBit: (u: number, v: number) => number,
): Subgraph {
  const extra = [...added].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const m = sub.u.length + extra.length;
  const out: Subgraph = {
    u: new Int32Array(m),
    v: new Int32Array(m),
    score: new Float64Array(m),
    w: new Float64Array(m),
  };
  let a = 0;
  let b = 0;
  for (let k = 0; k < m; k++) {
    const takeOld =
      b >= extra.length ||
      (a < sub.u.length && (sub.u[a]! < extra[b]![0] || (sub.u[a] === extra[b]![0] && sub.v[a]! < extra[b]![1])));
    if (takeOld) {
      out.u[k] = sub.u[a]!;
      out.v[k] = sub.v[a]!;
      out.score[k] = sub.score[a]!;
      out.w[k] = sub.w[a]!;
      a++;
    } else {
      const [x, y, s] = extra[b]!;
      out.u[k] = x;
      out.v[k] = y;
      out.score[k] = s;
      out.w[k] = weightOf(objective, s, tieBit(x, y));
      b++;
    }
  }
  return out;
}

export interface PricedGraph {
  /** Violated pairs [u, v, score] (u < v), at most ADDED_PER_PERSON per person (the most violated). */
  violators: Array<[number, number, number]>;
  /** Σ over people of the largest violation at them (units of 1/DUAL_SCALE of a weight); 0n when none. */
  violation: bigint;
}

/**
 * Every eligible pair's dual constraint under the duals of a solved subgraph: y_u + y_v (+ 2·the duals of the
 * blossoms holding both) ≥ DUAL_SCALE·w. A pair whose score bound already satisfies it with the better tie bit
 * is dismissed by the pass's filter before it is scored (θ below: each person's dual in score points); the
 * rest are checked exactly, in integers.
 */
export function priceWholeGraph(
  model: PairModel,
  objective: Objective,
  tieBit: (u: number, v: number) => number,
  duals: DualSolution,
): PricedGraph {
  const n = model.n;
  const { C, J } = objective;
  const y = duals.vertex;
  // Pair (i, j) with score s is surely feasible when y_i + y_j ≥ DUAL_SCALE·(C + s·J + 1), i.e. when
  // s ≤ θ_i + θ_j with θ = (y / DUAL_SCALE − (C + 1) / 2) / J; the margin covers rounding in θ.
  const theta = Float64Array.from(y, (d) => (d / DUAL_SCALE - (C + 1) / 2) / J - 1e-7);
  const reducedCost = reducedCostOf(duals);
  const L = ADDED_PER_PERSON;
  const worstReduced = new Float64Array(n * L);
  const worstPartner = new Int32Array(n * L).fill(-1);
  const worstScore = new Float64Array(n * L);
  const largest = new Float64Array(n);
  const offer = (x: number, other: number, reduced: number, score: number): void => {
    if (-reduced > largest[x]!) largest[x] = -reduced;
    // Fill an empty slot, or else replace the least violated one if this pair is more violated.
    let slot = -1;
    for (let t = x * L; t < x * L + L; t++) {
      if (worstPartner[t] === -1) {
        slot = t;
        break;
      }
      if (slot === -1 || worstReduced[t]! > worstReduced[slot]!) slot = t;
    }
    if (worstPartner[slot] === -1 || reduced < worstReduced[slot]!) {
      worstReduced[slot] = reduced;
      worstPartner[slot] = other;
      worstScore[slot] = score;
    }
  };
  const rows = rowBuffers(n);
  const { partners, scores } = rows;
  model.forEachRow(
    rows,
    (i, count) => {
      for (let t = 0; t < count; t++) {
        const j = partners[t]!;
        const s = scores[t]!;
        const a = Math.min(i, j);
        const b = Math.max(i, j);
        const w = weightOf(objective, s, tieBit(a, b));
        if (y[a]! + y[b]! >= DUAL_SCALE * w) continue;
        // Blossom duals only add: the exact reduced cost is needed only when the vertex duals fall short.
        const reduced = reducedCost(a, b, w);
        if (reduced >= 0) continue;
        offer(a, b, reduced, s);
        offer(b, a, reduced, s);
      }
    },
    { filter: { left: theta, right: theta } },
  );
  const seen = new Set<number>();
  const violators: Array<[number, number, number]> = [];
  let violation = 0n;
  for (let x = 0; x < n; x++) {
    if (largest[x]! > 0) violation += BigInt(Math.ceil(largest[x]!));
    for (let t = x * L; t < x * L + L; t++) {
      const other = worstPartner[t]!;
      if (other === -1) continue;
      const a = Math.min(x, other);
      const b = Math.max(x, other);
      if (seen.has(a * n + b)) continue;
      seen.add(a * n + b);
      violators.push([a, b, worstScore[t]!]);
    }
  }
  return { violators, violation };
}
