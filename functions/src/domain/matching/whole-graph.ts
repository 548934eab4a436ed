import { bestCandidateGraph, type CandidateGraph } from './candidate-graph';
import { type Objective, weightOf } from './objective';
import { type BucketSample, HARD_RULES, PairList, type PairModel, rowBuffers } from './pair-model';
import { mix32, mulberry32 } from './rng';
import {
  DUAL_SCALE,
  type DualSolution,
  type MatchingSolution,
  reducedCostOf,
  ResumableMatching,
} from './solver';
import type { Optimality } from './types';

export interface WholeGraphOptions {
  /** Candidates per person in the first subgraph. */
  candidates: number;
  tieBit: (u: number, v: number) => number;
  /** Seeds the sample the candidates' prices are estimated from. */
  seed: number;
  /** performance.now() after which no further round of pricing starts (the result is then bounded). */
  deadline: number;
  /**
   * Shown each graph the solver is given (sorted compact form, solver weights: the first subgraph, then it with
   * the pairs each pricing added), before it solves: the bench times solvers on a round's real subgraphs with it.
   */
  onSolve?: (graph: SolverGraph) => void;
}

export interface SolverGraph {
  n: number;
  u: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

export interface WholeGraphSolution {
  mate: Int32Array;
  /** Pairs in the matching and the sum of their scores (without tie bits). */
  pairs: number;
  score: number;
  optimality: Optimality;
  /** The last solve's LP duals: with `optimality` exact, feasible for every eligible pair (the proof). */
  duals: DualSolution;
  /** The whole eligible graph's degrees and size, and the explanations of people with no eligible peer. */
  graph: Pick<CandidateGraph, 'degree' | 'eligibleEdges' | 'blockedCounts'>;
  /** Solves run, and the edges of the last subgraph solved. */
  rounds: number;
  edgesSolved: number;
  /** The last subgraph solved (u < v): each person's best candidates and the pairs pricing added. */
  subgraph: { u: Int32Array; v: Int32Array };
  timings: { candidatesMs: number; solveMs: number; pricingMs: number };
}

/** Pairs per person the pricer lists to price again (see `WholeGraphPricer`) before it prices rows instead. */
const LISTED_PAIRS = 40;
/**
 * Score points of slack per person that make a pair "comfortably" feasible: a pair within twice this of its
 * bound is listed (priced again on its own next time), so a person's row is priced again only when their dual
 * fell by more than this. Resumes move many duals a little — inside a blossom kept between solves a member's
 * dual falls while the blossom's rises — and with 0 (a row priced again whenever its dual fell at all), the late
 * pricings at 50,000 people looked at 13,000–18,000 people's rows each for a few hundred violated pairs. 2 lists
 * up to ~17 pairs per person (the list holds 40); 1 and 3 were measured too (docs/matching.md).
 */
const NEAR_TIGHT_POINTS = 2;

/** How many of its most violated edges each person may add per round of pricing. */
const ADDED_PER_PERSON = 3;

/**
 * The lexicographic optimum (people placed, then score, then tie bits) of the whole eligible graph without ever
 * holding it: solve on each person's best candidates, then price every eligible pair against the optimal duals
 * (`WholeGraphPricer`, bucket by bucket, most pairs dismissed by a score bound before they are scored); edges
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
  const { price, floor, fallback, sample } = estimatePrices(model, options.candidates, options.seed);
  const { degree, eligibleEdges } = model.degrees();
  const weigh: Weigh = (a, b, score) => weightOf(objective, score, tieBit(a, b));
  // Every person's k best from a pass over every eligible pair. (Above 4,000 pairs per person they came from
  // a sample of 2,048 of the people a bucket may meet until issue 17's sixth step: cheaper by half at 50,000
  // people, but the first subgraph then missed pairs the prices toward the duals would have found, and pricing
  // and the solves paid for it — 95,481 violated pairs after the first solve against 5,025.)
  const { graph: candidates } = bestCandidateGraph(model, options.candidates, tieBit, price, floor, fallback);
  const best: Subgraph = {
    u: candidates.eu,
    v: candidates.ev,
    score: candidates.score,
    w: new Float64Array(candidates.m),
  };
  // (A loop: Float64Array.from with a mapping reads through an iterator, slow over a million pairs.)
  for (let e = 0; e < candidates.m; e++) best.w[e] = weigh(best.u[e]!, best.v[e]!, best.score[e]!);
  const graph = { degree, eligibleEdges, blockedCounts: new Int32Array(n * HARD_RULES.length) };
  // Explanations for people nobody can be paired with: count, per rule, the candidates it excluded first.
  for (let v = 0; v < n; v++) if (degree[v] === 0) model.countBlocked(v, graph.blockedCounts);
  const first = mergeEdges(best, randomCandidates(model, sample, options.seed).sorted(weigh));
  const timings = { candidatesMs: performance.now() - started, solveMs: 0, pricingMs: 0 };

  const pricer = new WholeGraphPricer(model, objective, tieBit);
  // One solver for every round: the pairs pricing adds join it, and it resumes with its blossoms kept.
  const matching = new ResumableMatching(n, first.u, first.v, first.w, { start: 'fractional' });
  // The pairs pricing added, kept apart and merged into the first subgraph only when it is read (the result,
  // `onSolve`): a merge each round copied the whole subgraph (at 50,000 people a million pairs, eight times).
  const joined = new PairBuffer(0);
  const subgraph = (): Subgraph => (joined.count === 0 ? first : mergeEdges(first, joined.sorted(weigh)));
  for (let rounds = 1; ; rounds++) {
    if (options.onSolve !== undefined) {
      const sub = subgraph();
      options.onSolve({ n, u: sub.u, v: sub.v, w: sub.w });
    }
    const solveStarted = performance.now();
    const solution = matching.solve();
    const pricingStarted = performance.now();
    timings.solveMs += pricingStarted - solveStarted;
    const priced = pricer.price(solution.duals!);
    timings.pricingMs += performance.now() - pricingStarted;
    const done = priced.violators.length === 0;
    if (done || performance.now() >= options.deadline) {
      const sub = subgraph();
      const { pairs, score } = totals(solution, sub);
      return {
        mate: solution.mate,
        pairs,
        score,
        optimality: done
          ? { status: 'exact' }
          : bounded(objective, solution, sub, pairs, score, priced.violation, graph.degree),
        duals: solution.duals!,
        graph,
        rounds,
        edgesSolved: sub.u.length,
        subgraph: { u: sub.u, v: sub.v },
        timings,
      };
    }
    const added = priced.violators;
    const extra = new PairBuffer(added.length);
    for (const [a, b, s] of added) extra.push(a, b, s);
    const joining = extra.sorted(weigh);
    const joinStarted = performance.now();
    matching.addEdges(joining.u, joining.v, joining.w);
    timings.solveMs += performance.now() - joinStarted;
    for (const [a, b, s] of added) joined.push(a, b, s);
  }
}

/**
 * The (rank)-th largest of values[0..size) (rank 0: the largest), or -Infinity when there are fewer; may
 * reorder the values (Hoare's selection, linear on average; ranks below FEW in one pass, in order).
 */
export function largestAt(values: Float64Array, size: number, rank: number): number {
  if (rank >= size) return -Infinity;
  if (rank < FEW) return largestOfFew(values, size, rank);
  let lo = 0;
  let hi = size - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (rank <= j) hi = j;
    else if (rank >= i) lo = i;
    else return values[rank]!;
  }
  return values[rank]!;
}

/** Ranks below this are found in one pass over the values (at 20,000 people and more, mostly rank 0). */
const FEW = 8;
const few = new Float64Array(FEW);

/**
 * `largestAt` for rank < FEW without reordering: one pass keeping the rank + 1 largest so far, in descending
 * order (a quick selection passes over the values several times for the largest of them).
 */
function largestOfFew(values: Float64Array, size: number, rank: number): number {
  let kept = 0;
  for (let t = 0; t < size; t++) {
    const v = values[t]!;
    if (kept > rank && v <= few[rank]!) continue;
    // Insert v into its place, the smallest kept falling off when all rank + 1 places are taken.
    let at = kept > rank ? rank : kept++;
    while (at > 0 && few[at - 1]! < v) {
      few[at] = few[at - 1]!;
      at--;
    }
    few[at] = v;
  }
  return few[rank]!;
}

/**
 * Bucket a's sample's prices, in sample order: gathered when the bucket changes and reused while its members
 * (consecutive in bucket order) score the sample — read at the sample's scattered positions, each cost a cache miss.
 */
function sampledPrices(
  model: PairModel,
  sample: BucketSample,
  price: Float64Array,
  longest: number,
): (a: number) => Float64Array {
  const { order } = model.buckets;
  const gathered = new Float64Array(longest);
  let gatheredFor = -1;
  return (a) => {
    if (gatheredFor !== a) {
      const from = sample.start[a]!;
      const size = sample.start[a + 1]! - from;
      for (let t = 0; t < size; t++) gathered[t] = price[order[sample.positions[from + t]!]!]!;
      gatheredFor = a;
    }
    return gathered;
  };
}

/** People sampled per bucket to estimate prices: the estimates' rank errors shrink as 1/√SAMPLE. */
const SAMPLE = 256;
/**
 * The fallback floor for people the floor left short of candidates is about their (FALLBACK_RANKS·k)-th best
 * score less price (the floor: their 2k-th).
 */
const FALLBACK_RANKS = 8;
/** Rounds that move the prices toward the duals (see `estimatePrices`). */
const PRICE_ROUNDS = 3;

/**
 * Each person's price — half their k-th best score, then moved toward the duals over PRICE_ROUNDS rounds —
 * and a floor for their candidates (about their 2k-th best score less price; the fallback, their
 * (FALLBACK_RANKS·k)-th), all estimated from a sample of the people their bucket may meet instead of a pass
 * over all of them: the k-th best of d is about the (k·s/d)-th best of a sample of s. (Exported for
 * bench/experiments/parallel-candidates.ts.)
 */
export function estimatePrices(
  model: PairModel,
  k: number,
  seed: number,
): { price: Float64Array; floor: Float64Array; fallback: Float64Array; sample: BucketSample } {
  const n = model.n;
  const { order, of } = model.buckets;
  const sample = model.sampleBuckets(SAMPLE, mulberry32(mix32(seed ^ 0x5eed)));
  let longest = 0;
  for (let a = 0; a < model.buckets.count; a++) {
    longest = Math.max(longest, sample.start[a + 1]! - sample.start[a]!);
  }
  const scores = new Float64Array(longest);
  // The k-th best of d is about the (k·s/d)-th best of a sample of s.
  const rankOf = (a: number, size: number, wanted: number): number =>
    Math.min(size, Math.floor((wanted * size) / Math.max(1, sample.reach[a]! - 1)));
  // The sample rank of a person's k-th best (the price's, at first and in every round).
  const kthRank = (a: number, size: number): number => Math.min(k - 1, rankOf(a, size, k));
  // Each person's sample scores, kept for the rounds and floors below (scoring the sample again cost as much
  // as a round): person at position pi, scores [offset[pi], offset[pi + 1]). Scores are integers, exact in
  // 32-bit floats, which halve the memory (at 50,000 people 51 MB).
  const offset = new Int32Array(n + 1);
  for (let pi = 0; pi < n; pi++) {
    const a = of[order[pi]!]!;
    offset[pi + 1] = offset[pi]! + sample.start[a + 1]! - sample.start[a]!;
  }
  const stored = new Float32Array(offset[n]!);
  const price = new Float64Array(n);
  for (let pi = 0; pi < n; pi++) {
    const a = of[order[pi]!]!;
    const size = model.scoreSample(pi, sample, sample.start[a]!, sample.start[a + 1]!, scores);
    stored.set(scores.subarray(0, size), offset[pi]);
    const kth = largestAt(scores, size, kthRank(a, size));
    price[order[pi]!] = kth > 0 ? Math.floor(kth / 2) : 0;
  }
  /** Into `scores`: person pi's sample scores less each sampled person's price; their count. */
  const lessPrices = (pi: number, sampledPrice: Float64Array): number => {
    const from = offset[pi]!;
    const size = offset[pi + 1]! - from;
    for (let t = 0; t < size; t++) scores[t] = stored[from + t]! - sampledPrice[t]!;
    return size;
  };
  // Toward the duals: a person's dual is what their best partner leaves them (y_u = max over v of s − y_v), so
  // each round moves a price halfway to the k-th best score less the other's price. Half the k-th best score
  // prices a favourite as anyone else, and the candidates missed the pairs that proved it: at 10,000 people
  // the first pricing found 2,284 violated pairs, 149 after three rounds.
  const next = new Float64Array(n);
  for (let round = 0; round < PRICE_ROUNDS; round++) {
    const pricesOf = sampledPrices(model, sample, price, longest);
    for (let pi = 0; pi < n; pi++) {
      const i = order[pi]!;
      const a = of[i]!;
      const size = lessPrices(pi, pricesOf(a));
      const kth = largestAt(scores, size, kthRank(a, size));
      next[i] = kth === -Infinity ? price[i]! : Math.max(0, Math.floor((price[i]! + kth) / 2));
    }
    price.set(next);
  }
  const floor = new Float64Array(n);
  const fallback = new Float64Array(n);
  const pricesOf = sampledPrices(model, sample, price, longest);
  for (let pi = 0; pi < n; pi++) {
    const a = of[order[pi]!]!;
    const size = lessPrices(pi, pricesOf(a));
    floor[order[pi]!] = largestAt(scores, size, rankOf(a, size, 2 * k)) - 1;
    // (A selection above may have reordered the scores; a deeper one still finds its rank.)
    fallback[order[pi]!] = largestAt(scores, size, rankOf(a, size, FALLBACK_RANKS * k)) - 1;
  }
  return { price, floor, fallback, sample };
}

/** Random candidates per person added to the best ones (see `randomCandidates`). */
const RANDOM_CANDIDATES = 3;

/**
 * A few random eligible partners per person, from their bucket's sample. Best candidates alone can leave the
 * first subgraph short of a perfect matching — at 50,000 people a few favourites were most people's candidates
 * and it placed 1,384 fewer people than the whole graph — and a free person (dual zero) makes pricing find
 * violations everywhere. A random graph of minimum degree 3 has a near-perfect matching.
 */
function randomCandidates(model: PairModel, sample: BucketSample, seed: number): PairBuffer {
  const { order, of } = model.buckets;
  const out = new PairBuffer(RANDOM_CANDIDATES * model.n);
  for (let pi = 0; pi < model.n; pi++) {
    const i = order[pi]!;
    const a = of[i]!;
    const from = sample.start[a]!;
    const size = sample.start[a + 1]! - from;
    if (size === 0) continue;
    for (let t = 0; t < RANDOM_CANDIDATES; t++) {
      // Each person picks their own members of the shared sample (a hash of who and which), not the same few.
      const j = order[sample.positions[from + (mix32(mix32(seed ^ pi) + t) % size)]!]!;
      const pair = model.pair(i, j);
      if (pair !== null) out.push(i, j, pair.score);
    }
  }
  return out;
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

/** A pair's solver weight (its score, with the tie bit of a and b). */
type Weigh = (a: number, b: number, score: number) => number;

const subgraphOfSize = (size: number): Subgraph => ({
  u: new Int32Array(size),
  v: new Int32Array(size),
  score: new Float64Array(size),
  w: new Float64Array(size),
});

/** The subgraph's first `count` edges (views, not copies). */
const firstEdges = (sub: Subgraph, count: number): Subgraph => ({
  u: sub.u.subarray(0, count),
  v: sub.v.subarray(0, count),
  score: sub.score.subarray(0, count),
  w: sub.w.subarray(0, count),
});

/**
 * Pairs gathered without a tuple each (a million of them from the sampled candidates at 50,000 people, whose
 * allocation and comparison sort took most of a second), then put in (u, v) order.
 */
class PairBuffer {
  private u: Int32Array;
  private v: Int32Array;
  private score: Float64Array;
  private size = 0;

  get count(): number {
    return this.size;
  }

  constructor(capacity: number) {
    this.u = new Int32Array(Math.max(16, capacity));
    this.v = new Int32Array(this.u.length);
    this.score = new Float64Array(this.u.length);
  }

  /** Adds pair {a, b} (in either order) with its score. */
  push(a: number, b: number, score: number): void {
    if (this.size === this.u.length) {
      const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.u = grow(this.u, new Int32Array(2 * this.size));
      this.v = grow(this.v, new Int32Array(2 * this.size));
      this.score = grow(this.score, new Float64Array(2 * this.size));
    }
    this.u[this.size] = Math.min(a, b);
    this.v[this.size] = Math.max(a, b);
    this.score[this.size] = score;
    this.size++;
  }

  /**
   * The pairs in sorted compact form (u < v, by u then v, each pair once: the first pushed), each weighed:
   * counted into place by u, then each person's pairs sorted by v.
   */
  sorted(weigh: Weigh): Subgraph {
    const { u, v, score, size } = this;
    let top = -1;
    for (let e = 0; e < size; e++) top = Math.max(top, u[e]!);
    const start = new Int32Array(top + 2);
    for (let e = 0; e < size; e++) start[u[e]! + 1]!++;
    for (let x = 0; x <= top; x++) start[x + 1]! += start[x]!;
    const at = new Int32Array(size);
    const fill = start.slice(0, top + 1);
    for (let e = 0; e < size; e++) at[fill[u[e]!]!++] = e;
    for (let x = 0; x <= top; x++) {
      const from = start[x]!;
      const to = start[x + 1]!;
      // By v, then by when pushed (so the first of a repeated pair is kept).
      at.subarray(from, to).sort((a, b) => v[a]! - v[b]! || a - b);
    }
    const out = subgraphOfSize(size);
    let m = 0;
    for (let t = 0; t < size; t++) {
      const e = at[t]!;
      if (m > 0 && out.u[m - 1] === u[e] && out.v[m - 1] === v[e]) continue;
      out.u[m] = u[e]!;
      out.v[m] = v[e]!;
      out.score[m] = score[e]!;
      out.w[m] = weigh(u[e]!, v[e]!, score[e]!);
      m++;
    }
    return firstEdges(out, m);
  }
}

/** Adds edges in sorted compact form to a subgraph in the same form, keeping it so; edges it has already are skipped. */
function mergeEdges(sub: Subgraph, extra: Subgraph): Subgraph {
  const m = sub.u.length + extra.u.length;
  const out = subgraphOfSize(m);
  let a = 0;
  let b = 0;
  let k = 0;
  while (a < sub.u.length || b < extra.u.length) {
    const order =
      b >= extra.u.length ? -1 : a >= sub.u.length ? 1 : sub.u[a]! - extra.u[b]! || sub.v[a]! - extra.v[b]!;
    // The subgraph's edge when it comes first or both have it; else the added one.
    const from = order <= 0 ? sub : extra;
    const at = order <= 0 ? a : b;
    out.u[k] = from.u[at]!;
    out.v[k] = from.v[at]!;
    out.score[k] = from.score[at]!;
    out.w[k] = from.w[at]!;
    if (order <= 0) a++;
    if (order >= 0) b++;
    k++;
  }
  return firstEdges(out, k);
}

export interface PricedGraph {
  /** Violated pairs [u, v, score] (u < v), at most ADDED_PER_PERSON per person (the most violated). */
  violators: Array<[number, number, number]>;
  /** Σ over people of the largest violation at them (units of 1/DUAL_SCALE of a weight); 0n when none. */
  violation: bigint;
  /** People whose every pair was priced (all of them the first time). */
  rowsPriced: number;
}

/**
 * Prices every eligible pair's dual constraint under the duals of a solved subgraph: y_u + y_v (+ 2·the duals
 * of the blossoms holding both) ≥ DUAL_SCALE·w. The first call looks at every pair; later calls only at the
 * pairs of people whose dual fell by more than a margin since (a pair with twice the margin to spare whose two
 * duals each fell by at most the margin still satisfies y_u + y_v ≥ DUAL_SCALE·w), and the pairs without that
 * much to spare on vertex duals (near tight, violated, or feasible only thanks to blossom duals: kept in a list;
 * past LISTED_PAIRS per person, their people's rows are priced again instead).
 * A pair whose score bound already satisfies the constraint with the better tie bit and both margins to spare
 * is dismissed by the pass's filter before it is scored (θ: each person's dual in score points, less the
 * margin); the rest are checked exactly.
 */
export class WholeGraphPricer {
  /**
   * Each person's dual when their row was last priced: every pair not listed below had, when last looked at,
   * both margins to spare on the lower of each end's dual and reference.
   */
  private reference: Float64Array | null = null;
  /** Pairs [u, v, score] that failed on vertex duals alone at the last pricing (violated or saved by blossoms). */
  private listed = new PairList();
  /**
   * The list before last, emptied and filled again: a new list each pricing grew by doubling to hundreds of
   * thousands of pairs (at 50,000 people, 480 MB of arrays thrown away over a round, each 64 MB a full
   * garbage collection of the whole heap).
   */
  private spare = new PairList();
  /** People with such a pair the list had no room for: their rows are priced again. */
  private unlisted: Uint8Array | null = null;

  constructor(
    private readonly model: PairModel,
    private readonly objective: Objective,
    private readonly tieBit: (u: number, v: number) => number,
  ) {}

  price(duals: DualSolution): PricedGraph {
    const { model, objective, tieBit } = this;
    const n = model.n;
    const { C, J } = objective;
    const y = duals.vertex;
    // The comfort margin per person in dual units (see NEAR_TIGHT_POINTS).
    const margin = DUAL_SCALE * J * NEAR_TIGHT_POINTS;
    let rows: Int32Array | undefined;
    const again = new Uint8Array(n);
    if (this.reference !== null) {
      const reference = this.reference;
      const unlisted = this.unlisted!;
      const list: number[] = [];
      for (let v = 0; v < n; v++) {
        if (y[v]! < reference[v]! - margin || unlisted[v] === 1) {
          list.push(v);
          again[v] = 1;
        }
      }
      rows = Int32Array.from(list);
    }
    // A person's reference is their dual when their row was last priced; a pair is judged on the lower of each
    // end's dual and reference. (Moving every reference to the current duals let falls within the margin add up
    // over rounds unseen: a pair two margins from tight could be violated three pricings later.)
    if (this.reference === null) this.reference = Float64Array.from(y);
    else for (let v = 0; v < n; v++) if (again[v] === 1) this.reference[v] = y[v]!;
    const reference = this.reference;
    const judged = new Float64Array(n);
    for (let v = 0; v < n; v++) judged[v] = Math.min(y[v]!, reference[v]!);
    const listed = this.listed;
    this.listed = this.spare;
    this.listed.size = 0;
    this.spare = listed;
    const unlisted = new Uint8Array(n);
    this.unlisted = unlisted;
    const room = LISTED_PAIRS * n;

    // Pair (i, j) with score s surely satisfies its constraint with both margins to spare when ŷ_i + ŷ_j ≥
    // DUAL_SCALE·(C + s·J + 1) + 2·margin (ŷ: `judged`), i.e. when s ≤ θ_i + θ_j with θ = (ŷ / DUAL_SCALE −
    // (C + 1) / 2) / J − NEAR_TIGHT_POINTS; 1e-7 covers rounding in θ.
    const theta = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      theta[p] = (judged[model.buckets.order[p]!]! / DUAL_SCALE - (C + 1) / 2) / J - NEAR_TIGHT_POINTS - 1e-7;
    }
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
    const check = (a: number, b: number, s: number): void => {
      const w = weightOf(objective, s, tieBit(a, b));
      if (judged[a]! + judged[b]! >= DUAL_SCALE * w + 2 * margin) return;
      // The pair is near tight or fails on vertex duals alone: whatever it is now, it must be priced again next
      // time unless both its people's rows are — listed, or failing room, with its people's rows. (A violated
      // pair each end has worse ones than may stay out.)
      if (this.listed.size < room) this.listed.push(a, b, s);
      else {
        unlisted[a] = 1;
        unlisted[b] = 1;
      }
      if (y[a]! + y[b]! >= DUAL_SCALE * w) return;
      // Blossom duals only add: the exact reduced cost is needed only when the vertex duals fall short.
      const reduced = reducedCost(a, b, w);
      if (reduced >= 0) return;
      offer(a, b, reduced, s);
      offer(b, a, reduced, s);
    };
    const buffers = rowBuffers(n);
    const { partners, scores } = buffers;
    model.forEachRow(
      buffers,
      (i, count) => {
        for (let t = 0; t < count; t++) {
          const j = partners[t]!;
          check(Math.min(i, j), Math.max(i, j), scores[t]!);
        }
      },
      { filter: { left: theta, right: theta }, people: rows },
    );
    // Listed pairs with a person whose row was priced were just seen again.
    for (let t = 0; t < listed.size; t++) {
      const a = listed.a[t]!;
      const b = listed.b[t]!;
      if (again[a] === 0 && again[b] === 0) check(a, b, listed.score[t]!);
    }

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
    return { violators, violation, rowsPriced: rows?.length ?? n };
  }
}
