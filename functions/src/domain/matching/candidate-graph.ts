import { checkPair, type PreparedParticipant, type RuleContext } from './eligibility';
import { HARD_RULES, PairModel, type RowBuffers, rowBuffers } from './pair-model';
import { scoreOnly } from './scoring';
import type { MatchingWeights } from './types';

export { type EligiblePair, HARD_RULES, PairModel } from './pair-model';

/**
 * Every eligible pair of a round with its score and working-hours overlap. Edges are listed with u < v, sorted
 * by (u, v): that order is part of the contract (the solver, sparsifying and tie-breaks see the same graph
 * whichever builder made it).
 */
export interface CandidateGraph {
  /** Edges listed (all eligible pairs, or each person's best k with `bestK`). */
  m: number;
  /** Eligible pairs in all (m unless the graph keeps only the best candidates). */
  eligibleEdges: number;
  eu: Int32Array;
  ev: Int32Array;
  score: Float64Array;
  overlap: Float64Array;
  /** Eligible peers per person (in the whole eligible graph, also with `bestK`). */
  degree: Int32Array;
  /**
   * Per person and hard rule (n × HARD_RULES.length): how many candidates that rule excluded first. Filled for
   * people with no eligible peer (the only ones whose explanation needs it); other rows may be zero.
   */
  blockedCounts: Int32Array;
}

/** Growable typed edge lists (a plain array of 2 million boxed numbers costs more than the checks themselves). */
class EdgeList {
  m = 0;
  eu: Int32Array;
  ev: Int32Array;
  score: Float64Array;
  overlap: Float64Array;

  /**
   * `capacity`: the edges expected, when known. Each doubling copies the list into fresh memory, and fresh
   * memory costs a page fault per 4 KB on first touch (about 10 µs each on the 2-core benchmark machine).
   */
  constructor(capacity = 1024) {
    const size = Math.max(1, capacity);
    this.eu = new Int32Array(size);
    this.ev = new Int32Array(size);
    this.score = new Float64Array(size);
    this.overlap = new Float64Array(size);
  }

  push(u: number, v: number, score: number, overlap: number): void {
    if (this.m === this.eu.length) {
      const size = this.m * 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.eu = grow(this.eu, (n) => new Int32Array(n));
      this.ev = grow(this.ev, (n) => new Int32Array(n));
      this.score = grow(this.score, (n) => new Float64Array(n));
      this.overlap = grow(this.overlap, (n) => new Float64Array(n));
    }
    const k = this.m++;
    this.eu[k] = u;
    this.ev[k] = v;
    this.score[k] = score;
    this.overlap[k] = overlap;
  }

  finish(n: number): CandidateGraph {
    const degree = new Int32Array(n);
    for (let k = 0; k < this.m; k++) {
      degree[this.eu[k]!]!++;
      degree[this.ev[k]!]!++;
    }
    return {
      m: this.m,
      eligibleEdges: this.m,
      eu: this.eu.subarray(0, this.m),
      ev: this.ev.subarray(0, this.m),
      score: this.score.subarray(0, this.m),
      overlap: this.overlap.subarray(0, this.m),
      degree,
      blockedCounts: new Int32Array(n * HARD_RULES.length),
    };
  }

  /**
   * `finish` after putting the edges (u < v each) in (u, v) order: rows by counting, each row sorted by v.
   * `unique` drops repeats of an edge (the same pair with the same score).
   */
  finishSorted(n: number, options: { unique?: boolean } = {}): CandidateGraph {
    const { m } = this;
    const start = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) start[this.eu[k]! + 1]!++;
    for (let u = 0; u < n; u++) start[u + 1]! += start[u]!;
    const fill = start.slice(0, n);
    // Key v·m + k: sorting a row's keys sorts it by v and still says which edge each came from.
    const keys = new Float64Array(m);
    for (let k = 0; k < m; k++) keys[fill[this.eu[k]!]!++] = this.ev[k]! * m + k;
    const sorted = new EdgeList(m);
    for (let u = 0; u < n; u++) {
      const row = keys.subarray(start[u], start[u + 1]).sort();
      let previous = -1;
      for (const key of row) {
        const k = key % m;
        const v = this.ev[k]!;
        if (options.unique === true && v === previous) continue;
        previous = v;
        sorted.push(u, v, this.score[k]!, this.overlap[k]!);
      }
    }
    return sorted.finish(n);
  }
}

/**
 * The reference builder: `checkPair` and `scoreOnly` on every pair, O(n²) string-keyed set look-ups and
 * interval comparisons. Kept as the specification the fast builder is tested (and benchmarked) against.
 */
export function buildCandidateGraphNaive(
  people: readonly PreparedParticipant[],
  ctx: RuleContext,
  weights: MatchingWeights,
): CandidateGraph {
  const n = people.length;
  const list = new EdgeList();
  const counts = new Int32Array(n * HARD_RULES.length);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const check = checkPair(people[i]!, people[j]!, ctx);
      if (!check.ok) {
        const r = HARD_RULES.indexOf(check.rule);
        counts[i * HARD_RULES.length + r]!++;
        counts[j * HARD_RULES.length + r]!++;
        continue;
      }
      list.push(i, j, scoreOnly(people[i]!, people[j]!, check.overlapHours, weights), check.overlapHours);
    }
  }
  const graph = list.finish(n);
  graph.blockedCounts.set(counts);
  return graph;
}

export interface CandidateGraphOptions {
  /**
   * Keep only each person's k best candidates (an edge survives if either end keeps it): best by score less the
   * other person's `price` (none: 0), then `tieBit(u, v)`, then the lower-numbered other person — the order the
   * whole graph's edges would rank in. Chosen while the pairs are scored, so the whole graph is never held.
   */
  bestK?: { k: number; tieBit: (u: number, v: number) => number; price?: ArrayLike<number> };
  /** The model to read pairs from, when the caller has one already (it depends only on people, ctx, weights). */
  model?: PairModel;
}

/**
 * The same graph as `buildCandidateGraphNaive`, fast: only pairs of compatible buckets are looked at (see
 * `PairModel`); with `bestK`, only the best candidates of each person, with `degree` and `eligibleEdges` still
 * counting the whole eligible graph.
 */
export function buildCandidateGraph(
  people: readonly PreparedParticipant[],
  ctx: RuleContext,
  weights: MatchingWeights,
  options: CandidateGraphOptions = {},
): CandidateGraph & { model: PairModel } {
  const n = people.length;
  const model = options.model ?? new PairModel(people, ctx, weights);
  const rows = rowBuffers(n);
  const { partners, scores, hours } = rows;
  let graph: CandidateGraph;
  if (options.bestK === undefined) {
    const list = new EdgeList();
    model.forEachRow(rows, (i, count) => {
      for (let t = 0; t < count; t++) {
        const j = partners[t]!;
        list.push(Math.min(i, j), Math.max(i, j), scores[t]!, hours[t]!);
      }
    });
    graph = list.finishSorted(n);
  } else {
    const { k, tieBit, price } = options.bestK;
    graph = bestCandidateGraph(model, k, tieBit, price).graph;
  }
  // Explanations for people nobody can be paired with: count, per rule, the candidates it excluded first.
  for (let v = 0; v < n; v++) if (graph.degree[v] === 0) model.countBlocked(v, graph.blockedCounts);
  return { ...graph, model };
}

/**
 * Each person's k best candidates (see `CandidateGraphOptions.bestK`), in one pass that skips the pairs whose
 * score bound could enter neither heap; `degree` and `eligibleEdges` count the whole eligible graph. `kth` is
 * each person's k-th best score (their worst kept candidate's; -Infinity with fewer than k candidates).
 */
export function bestCandidateGraph(
  model: PairModel,
  k: number,
  tieBit: (u: number, v: number) => number,
  price: ArrayLike<number> = new Float64Array(model.n),
  /**
   * A guess at each person's threshold (see BestCandidates.threshold) before their heap is full: candidates
   * at or below it are skipped. Where it proves too high (`BestCandidates.lowerFloor`), the person's pairs are
   * looked at again, so the result is each person's k best whatever the guesses.
   */
  floor?: Float64Array,
  /**
   * A lower guess, for the people `floor` left short: their pairs are looked at again above it, and only
   * those it leaves short still look at every pair of theirs.
   */
  fallback?: Float64Array,
): { graph: CandidateGraph; kth: Float64Array } {
  const n = model.n;
  const { position } = model.buckets;
  const best = new BestCandidates(n, k, tieBit, price, position);
  if (floor !== undefined) for (let x = 0; x < n; x++) best.threshold[position[x]!] = floor[x]!;
  const priceAt = pricesByPosition(model, price);
  // One set of row buffers for the pass and its retries (fresh memory costs a page fault per 4 KB).
  const rows = rowBuffers(n);
  offerPairs(model, best, priceAt, rows, 0, n);
  const { degree, eligibleEdges } = model.degrees();
  if (floor !== undefined) retryShort(model, best, priceAt, rows, degree, fallback);
  return { graph: best.finish(degree, eligibleEdges), kth: best.kthScores() };
}

/** Each person's price at their position in bucket order (as a pass's filter reads it). */
export function pricesByPosition(model: PairModel, price: ArrayLike<number>): Float64Array {
  const { order } = model.buckets;
  const priceAt = new Float64Array(model.n);
  for (let p = 0; p < model.n; p++) priceAt[p] = price[order[p]!]!;
  return priceAt;
}

/**
 * `bestCandidateGraph`'s pass: every eligible pair of the rows at positions [from, to) of bucket order offered
 * to both ends' heaps, but those the filter shows neither heap can take. (Exported for
 * bench/experiments/parallel-candidates.ts, which splits the rows between threads.)
 */
export function offerPairs(
  model: PairModel,
  best: BestCandidates,
  priceAt: Float64Array,
  rows: RowBuffers,
  from: number,
  to: number,
): void {
  const { partners, scores, hours } = rows;
  model.forEachRow(
    rows,
    (i, count) => {
      for (let t = 0; t < count; t++) {
        const j = partners[t]!;
        best.offer(Math.min(i, j), Math.max(i, j), scores[t]!, hours[t]!);
      }
    },
    { filter: { left: priceAt, right: best.threshold }, from, to },
  );
}

/**
 * Where the floor guessed was too high, the person's pairs looked at again above the lower guess (`fallback`),
 * then every pair of those it still fails. Every pair at once cost most of the candidates' time: a row's
 * threshold rises only after the row (at 50,000 people, 90 M of the pass's 92 M pairs offered).
 */
export function retryShort(
  model: PairModel,
  best: BestCandidates,
  priceAt: Float64Array,
  rows: RowBuffers,
  degree: Int32Array,
  fallback: Float64Array | undefined,
): void {
  const { partners, scores, hours } = rows;
  for (const guess of fallback === undefined ? [null] : [fallback, null]) {
    const short: number[] = [];
    for (let x = 0; x < model.n; x++) {
      if (best.lowerFloor(x, guess?.[x] ?? -Infinity, degree[x]!)) short.push(x);
    }
    if (short.length === 0) break;
    model.forEachRow(
      rows,
      (i, count) => {
        for (let t = 0; t < count; t++) best.offerTo(i, partners[t]!, scores[t]!, hours[t]!);
      },
      { people: short, filter: { left: priceAt, right: best.threshold } },
    );
  }
}

/**
 * Per person, a min-heap of its k best candidates so far (the root is the worst kept). A candidate's key packs
 * (score less the candidate's price, tie bit, other person) so that a larger key is better: (score − price)·2 +
 * bit first, then the lower other. (Exported for bench/experiments/parallel-candidates.ts.)
 */
export class BestCandidates {
  private readonly keys: Float64Array;
  private readonly others: Int32Array;
  private readonly scores: Float64Array;
  private readonly hours: Float64Array;
  private readonly size: Int32Array;
  /**
   * Per person: the key a candidate must beat (the heap root once full, else -Infinity). Kept apart from the
   * heaps because it is read for every pair: n numbers stay in cache where n heaps do not.
   */
  private readonly worst: Float64Array;
  /**
   * Per person (by position in bucket order, as the pass's filter reads it), in score units: a candidate j whose
   * score bound u has u − price[j] ≤ threshold cannot enter the heap (its best key stays below the worst kept);
   * -Infinity until the heap is full.
   */
  readonly threshold: Float64Array;

  constructor(
    private readonly n: number,
    private readonly k: number,
    private readonly tieBit: (u: number, v: number) => number,
    /** What each person is worth to the others: candidates are ranked by score less the candidate's price. */
    private readonly price: ArrayLike<number>,
    /** Each person's position in bucket order (where `threshold` keeps their value). */
    private readonly position: Int32Array,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`best k must be a positive integer, got ${k}`);
    this.keys = new Float64Array(n * k);
    this.others = new Int32Array(n * k);
    this.scores = new Float64Array(n * k);
    this.hours = new Float64Array(n * k);
    this.size = new Int32Array(n);
    this.worst = new Float64Array(n).fill(-Infinity);
    this.threshold = new Float64Array(n).fill(-Infinity);
  }

  private key(rank: number, other: number): number {
    return rank * OTHER_RANGE + (OTHER_RANGE - 1 - other);
  }

  /** Eligible pair i < j: a candidate for both. The tie bit is hashed only when it could matter. */
  offer(i: number, j: number, score: number, hours: number): void {
    // With the better tie bit, the key each side would get; a full heap whose worst beats it turns it away.
    const rankForI = 2 * (score - this.price[j]!);
    const rankForJ = 2 * (score - this.price[i]!);
    const wantedByI = (rankForI + 1) * OTHER_RANGE + OTHER_RANGE - 1 - j > this.worst[i]!;
    const wantedByJ = (rankForJ + 1) * OTHER_RANGE + OTHER_RANGE - 1 - i > this.worst[j]!;
    if (!wantedByI && !wantedByJ) return;
    const bit = this.tieBit(i, j);
    if (wantedByI) this.push(i, this.key(rankForI + bit, j), j, score, hours);
    if (wantedByJ) this.push(j, this.key(rankForJ + bit, i), i, score, hours);
  }

  /**
   * When x's k best may be wrong because of a floor guessed too high, lowers the floor to `to` (never below
   * the heap's own threshold) and says so: the pairs between the two are still to be looked at. They may be
   * wrong while x keeps fewer than k of its `degree` peers, or while its worst kept is at or below the floor:
   * candidates were offered to x also when the other end wanted them, so a full heap does not show that every
   * candidate above x's worst kept was offered — a worst kept above the floor does.
   */
  lowerFloor(x: number, to: number, degree: number): boolean {
    const full = this.size[x] === this.k;
    const own = full ? thresholdBelow(this.worst[x]!) : -Infinity;
    const at = this.position[x]!;
    const floor = this.threshold[at]!;
    const wrong = full ? floor > own : this.size[x]! < degree;
    const lowered = Math.max(own, to);
    if (!wrong || floor <= lowered) return false;
    this.threshold[at] = lowered;
    return true;
  }

  /** Eligible pair (x, other), offered again to x only: ignored if x keeps `other` already. */
  offerTo(x: number, other: number, score: number, hours: number): void {
    const rank = 2 * (score - this.price[other]!);
    if ((rank + 1) * OTHER_RANGE + OTHER_RANGE - 1 - other <= this.worst[x]!) return;
    for (let t = 0; t < this.size[x]!; t++) if (this.others[x * this.k + t] === other) return;
    const key = this.key(rank + this.tieBit(Math.min(x, other), Math.max(x, other)), other);
    this.push(x, key, other, score, hours);
  }

  private push(x: number, key: number, other: number, score: number, hours: number): void {
    const { k, keys } = this;
    const base = x * k;
    const size = this.size[x]!;
    let at: number;
    if (size < k) {
      // Sift up from the end.
      at = size;
      this.size[x] = size + 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (keys[base + parent]! <= key) break;
        this.move(base + parent, base + at);
        at = parent;
      }
    } else {
      if (key <= keys[base]!) return;
      // Replace the root (the worst kept) and sift down.
      at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= k) break;
        if (child + 1 < k && keys[base + child + 1]! < keys[base + child]!) child++;
        if (keys[base + child]! >= key) break;
        this.move(base + child, base + at);
        at = child;
      }
    }
    keys[base + at] = key;
    this.others[base + at] = other;
    this.scores[base + at] = score;
    this.hours[base + at] = hours;
    if (this.size[x] === k) {
      this.worst[x] = keys[base]!;
      const at = this.position[x]!;
      this.threshold[at] = Math.max(this.threshold[at]!, thresholdBelow(keys[base]!));
    }
  }

  /** Each person's worst kept score (the k-th best when full), or -Infinity with fewer than k candidates. */
  kthScores(): Float64Array {
    const { n, k } = this;
    const out = new Float64Array(n).fill(-Infinity);
    for (let x = 0; x < n; x++) {
      if (this.size[x] !== k) continue;
      let worst = Infinity;
      for (let t = 0; t < k; t++) worst = Math.min(worst, this.scores[x * k + t]!);
      out[x] = worst;
    }
    return out;
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from]!;
    this.others[to] = this.others[from]!;
    this.scores[to] = this.scores[from]!;
    this.hours[to] = this.hours[from]!;
  }

  /** The kept edges, u < v sorted by (u, v), each once. */
  finish(degree: Int32Array, eligibleEdges: number): CandidateGraph {
    const { n, k } = this;
    let kept = 0;
    for (let x = 0; x < n; x++) kept += this.size[x]!;
    const list = new EdgeList(kept);
    for (let x = 0; x < n; x++) {
      for (let t = 0; t < this.size[x]!; t++) {
        const other = this.others[x * k + t]!;
        list.push(Math.min(x, other), Math.max(x, other), this.scores[x * k + t]!, this.hours[x * k + t]!);
      }
    }
    // A pair kept by both ends appears twice.
    const graph = list.finishSorted(n, { unique: true });
    return { ...graph, eligibleEdges, degree };
  }
}

/** Other-person numbers are packed below this in a candidate key (more people than any program has). */
const OTHER_RANGE = 1 << 24;

/**
 * The threshold (see BestCandidates.threshold) a full heap whose worst kept key is `worst` sets: with worst rank r
 * (key = r·OTHER_RANGE + a part below OTHER_RANGE), a bound u with 2(u − price) + 1 ≤ r − 1 keeps out.
 */
const thresholdBelow = (worst: number): number => (Math.floor(worst / OTHER_RANGE) - 2) / 2;
