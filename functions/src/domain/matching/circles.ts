import type { PreparedParticipant } from './eligibility';
import { overlapPoints, type PairModel, rowBuffers } from './pair-model';
import { mulberry32 } from './rng';
import { solveMaximumWeightMatching, type WeightedEdge } from './solver';
import type { Cadence, MatchingWeights, MatchReason } from './types';

/**
 * Peer circles (issue 17): a program's people in groups of about N (3–6) instead of pairs. Pure, like the rest of
 * the engine; docs/matching.md ("Peer circles") has the method and its measured quality.
 *
 * A circle is a group in which **every pair** may meet (every hard rule, the cooldown included, holds for each of
 * them), whose members all accept one cadence and all work at the same time for at least the program's minimum
 * (the longest stretch the whole group shares — what one recurring slot for everyone needs, which pairwise overlaps
 * do not promise). Its score is the pairs' score generalised: the sum over its member pairs of everything a pair
 * scores, with the working-hours points taken from the overlap the whole group shares (so a pair's circle score
 * is exactly its pair score).
 *
 * The best circles place the most people, then have sizes closest to the size asked for (`sizeCost`; equally
 * close, the most circles), then the highest total score: `compareStandings`, the one order the sizes, the
 * placements, the repairs and the local search rank by. The method (NP-hard to do exactly): sizes are chosen first
 * (`groupSizes`); the whole eligible graph's optimal pairing seeds it (its best pairs are the cores); the other
 * people join the cores in rounds of maximum-weight assignment (whole pairs while a core needs two or more, then
 * one by one); whoever is left is placed where it does best (into a circle, in a seat whose holder moves on,
 * pulling peers into a new circle, one step further); sizes are repaired; then a local search swaps and moves
 * people between circles while that makes the circles better, kicked out of local optima a fixed number of times
 * (iterated local search, seeded, so the same input gives the same circles). Decision 0019; measured against
 * exhaustion in the bench.
 */

export const MIN_CIRCLE_SIZE = 3;
export const MAX_CIRCLE_SIZE = 6;

/**
 * How far a grouping's sizes are from the size asked for: Σ (size − k)². Squared, so that sizes spread evenly
 * (4 + 3 rather than 5 + 2 for seven people in groups of 5).
 */
export function sizeCost(sizes: readonly number[], k: number): number {
  return sizes.reduce((sum, s) => sum + (s - k) * (s - k), 0);
}

/**
 * How good a grouping is, in the terms of decision 0019's order — or what a change does to it: each part is a sum
 * over circles, so a change compared with `NO_CHANGE` says whether the grouping it leads to is better.
 */
export interface CircleStanding {
  placed: number;
  /** Σ (size − k)² (`sizeCost`). */
  sizeCost: number;
  circles: number;
  score: number;
}

export const NO_CHANGE: Readonly<CircleStanding> = { placed: 0, sizeCost: 0, circles: 0, score: 0 };

/**
 * The order of groupings (decision 0019, point 3), and the one comparison of them — the sizes chosen, the leftovers
 * placed, the repairs, the local search and its kicks, and the exhaustive reference all rank by it: negative when
 * `a` is better than `b`. Better is the most people placed; then sizes closest to the size asked for; of equally
 * close ones the most circles (10 people in circles of 4 are 4 + 3 + 3, not the equally close 5 + 5, which any
 * score would favour: a larger circle has more member pairs to score); then the highest total score.
 */
export function compareStandings(a: CircleStanding, b: CircleStanding): number {
  return b.placed - a.placed || a.sizeCost - b.sizeCost || b.circles - a.circles || b.score - a.score;
}

/** The standing of circles of these sizes (scoring `score` in all). */
export function standingOf(sizes: readonly number[], k: number, score = 0): CircleStanding {
  return {
    placed: sizes.reduce((sum, s) => sum + s, 0),
    sizeCost: sizeCost(sizes, k),
    circles: sizes.length,
    score,
  };
}

/**
 * The sizes of the circles m people form in a program of circles of about k: each between 2 and k + 1, the best
 * by `compareStandings` — the least `sizeCost`, and of equally close ones the most circles (smaller, easier to
 * seat): 10 people in circles of 4 are 4 + 3 + 3, 9 are 5 + 4, 7 are 4 + 3. Largest first. Two people are one
 * pair (nobody is left out for want of a third); one person forms none.
 */
export function groupSizes(m: number, k: number): number[] {
  if (m < 2) return [];
  const split = (g: number): number[] => {
    const base = Math.floor(m / g);
    const extra = m - base * g;
    return Array.from({ length: g }, (_, i) => base + (i < extra ? 1 : 0));
  };
  let best: number[] | null = null;
  // The cost is convex in the number of circles: the best is next to m / k, unless the size limits move it.
  const fewest = Math.ceil(m / (k + 1));
  const most = Math.floor(m / 2);
  const from = Math.max(fewest, Math.floor(m / k) - 1);
  const to = Math.min(most, Math.ceil(m / k) + 1);
  for (let g = from <= to ? from : fewest; g <= (from <= to ? to : most); g++) {
    const sizes = split(g);
    if (best === null || compareStandings(standingOf(sizes, k), standingOf(best, k)) < 0) best = sizes;
  }
  return best ?? [m];
}

const CADENCE_BIT: Readonly<Record<Cadence, number>> = { weekly: 1, biweekly: 2, monthly: 4 };
const ANY_CADENCE = 7;
/** Pair look-ups remembered (a direct-mapped cache: a colliding pair replaces the one before). */
const PAIR_CACHE_SIZE = 1 << 21;
/** Common stretches remembered by set of schedules (direct-mapped, like the pairs). */
const OVERLAP_CACHE_SIZE = 1 << 16;

/**
 * Scores groups: the hard rules for a whole group (every pair eligible, one cadence for all, a shared working
 * stretch of at least the minimum) and the circle score. Pair look-ups go through the pair model, so a group is
 * checked by exactly the rules and points a pair is.
 */
export class CircleScorer {
  readonly n: number;
  private readonly cadence: Int32Array;
  /** Schedule id per person: people sharing a zone and hours share one interval list (and one id). */
  private readonly schedule: Int32Array;
  private readonly schedules: Array<readonly number[]> = [];
  /** The distinct schedules of the group being scored (a circle has 7 people at most). */
  private readonly ids = new Int32Array(16);
  /** Each schedule's own longest stretch (a circle whose members share one schedule). */
  private readonly own: Float64Array;
  /** Common stretches by set of schedules (a direct-mapped cache, keyed exactly when the ids fit a number). */
  private readonly overlapKey = new Float64Array(OVERLAP_CACHE_SIZE).fill(-1);
  private readonly overlapValue = new Float64Array(OVERLAP_CACHE_SIZE);
  private readonly cacheKey = new Float64Array(PAIR_CACHE_SIZE).fill(-1);
  private readonly cacheValue = new Float64Array(PAIR_CACHE_SIZE);
  /** Two buffers the common stretch of a group is intersected in (7 working days each at most, as minutes). */
  private bufferA = new Float64Array(32);
  private bufferB = new Float64Array(32);

  constructor(
    private readonly model: PairModel,
    people: readonly PreparedParticipant[],
    private readonly weights: MatchingWeights,
    private readonly minOverlapHours: number,
  ) {
    this.n = people.length;
    this.cadence = Int32Array.from(people, (p) =>
      p.cadences === null ? ANY_CADENCE : [...p.cadences].reduce((bits, c) => bits | CADENCE_BIT[c], 0),
    );
    const ids = new Map<readonly number[], number>();
    this.schedule = Int32Array.from(people, (p) => {
      let id = ids.get(p.intervals);
      if (id === undefined) {
        ids.set(p.intervals, (id = this.schedules.length));
        this.schedules.push(p.intervals);
      }
      return id;
    });
    this.own = Float64Array.from(this.schedules, (s) => longest(s));
    const longestList = Math.max(0, ...this.schedules.map((s) => s.length));
    if (longestList > this.bufferA.length) {
      this.bufferA = new Float64Array(longestList);
      this.bufferB = new Float64Array(longestList);
    }
  }

  /** A pair's score without its working-hours points (the circle adds those for the whole group), or -1. */
  pairBase(a: number, b: number): number {
    const key = a < b ? a * this.n + b : b * this.n + a;
    const slot = (Math.imul(key | 0, 0x9e3779b1) ^ Math.floor(key / 4294967296)) & (PAIR_CACHE_SIZE - 1);
    if (this.cacheKey[slot] === key) return this.cacheValue[slot]!;
    const pair = this.model.pair(a, b);
    const value = pair === null ? -1 : pair.score - overlapPoints(this.weights, pair.overlapHours);
    this.cacheKey[slot] = key;
    this.cacheValue[slot] = value;
    return value;
  }

  /** The longest stretch every member works at the same time during the round's first week, in hours. */
  commonOverlapHours(members: readonly number[], size = members.length): number {
    // The members' distinct schedules, sorted by insertion (a handful): the set, not the order, decides.
    const ids = this.ids;
    let count = 0;
    for (let m = 0; m < size; m++) {
      const s = this.schedule[members[m]!]!;
      let at = count;
      while (at > 0 && ids[at - 1]! > s) at--;
      if (at > 0 && ids[at - 1] === s) continue;
      for (let t = count; t > at; t--) ids[t] = ids[t - 1]!;
      ids[at] = s;
      count++;
    }
    if (count === 1) return this.own[ids[0]!]!;
    // Digits id + 1 in base (schedules + 1): no digit is 0, so sets of different sizes never share a key.
    const radix = this.schedules.length + 1;
    let key = 0;
    for (let t = 0; t < count; t++) key = key * radix + ids[t]! + 1;
    if (!Number.isSafeInteger(key * radix)) return this.intersected(ids, count);
    const slot = (Math.imul(key | 0, 0x85ebca6b) ^ Math.floor(key / 4294967296)) & (OVERLAP_CACHE_SIZE - 1);
    if (this.overlapKey[slot] === key) return this.overlapValue[slot]!;
    const hours = this.intersected(ids, count);
    this.overlapKey[slot] = key;
    this.overlapValue[slot] = hours;
    return hours;
  }

  private intersected(ids: Int32Array, count: number): number {
    const first = this.schedules[ids[0]!]!;
    let size = first.length;
    let current = this.bufferA;
    let next = this.bufferB;
    for (let i = 0; i < size; i++) current[i] = first[i]!;
    // Sorted lists of disjoint [from, to) minutes: intersected pairwise by a merge, without allocating.
    for (let t = 1; t < count && size > 0; t++) {
      const other = this.schedules[ids[t]!]!;
      let out = 0;
      let i = 0;
      let j = 0;
      while (i < size && j < other.length) {
        const lo = Math.max(current[i]!, other[j]!);
        const hi = Math.min(current[i + 1]!, other[j + 1]!);
        if (hi > lo) {
          next[out++] = lo;
          next[out++] = hi;
        }
        if (current[i + 1]! < other[j + 1]!) i += 2;
        else j += 2;
      }
      size = out;
      [current, next] = [next, current];
    }
    return longest(current, size);
  }

  /** The cadences every member accepts, as a bit set (weekly 1, biweekly 2, monthly 4); 0 = none in common. */
  commonCadences(members: readonly number[]): number {
    let bits = ANY_CADENCE;
    for (const v of members) bits &= this.cadence[v]!;
    return bits;
  }

  /** The circle score of a group, or -1 when a hard rule fails for it (scores are never negative). */
  score(members: readonly number[]): number {
    const size = members.length;
    if (size < 2) return size === 1 ? 0 : -1;
    if (this.commonCadences(members) === 0) return -1;
    let base = 0;
    for (let x = 0; x < size; x++) {
      for (let y = x + 1; y < size; y++) {
        const b = this.pairBase(members[x]!, members[y]!);
        if (b < 0) return -1;
        base += b;
      }
    }
    return this.completed(base, members, size);
  }

  /**
   * The score of `size` members (members[0..size)) whose pairs are all eligible and sum to `base` (their points
   * without working hours): the whole-group rules checked and the shared stretch's points added, or -1.
   */
  completed(base: number, members: readonly number[], size = members.length): number {
    let bits = ANY_CADENCE;
    for (let t = 0; t < size; t++) bits &= this.cadence[members[t]!]!;
    if (bits === 0) return -1;
    const hours = this.commonOverlapHours(members, size);
    if (hours < this.minOverlapHours) return -1;
    return base + ((size * (size - 1)) / 2) * overlapPoints(this.weights, hours);
  }
}

/** Longest interval of a sorted list of [from, to) minute pairs, in hours. */
function longest(intervals: ArrayLike<number>, size = intervals.length): number {
  let best = 0;
  for (let i = 0; i < size; i += 2) best = Math.max(best, intervals[i + 1]! - intervals[i]!);
  return best / 60;
}

/** Candidate partners per person (compressed rows): where the local search looks for better circles. */
export interface Neighbourhoods {
  start: Int32Array;
  list: Int32Array;
}

/** Rows from a list of pairs (either order, repeats allowed): each pair listed under both people, once. */
export function neighbourhoodsOf(n: number, pairs: ArrayLike<number>[]): Neighbourhoods {
  const seen = new Set<number>();
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (const list of pairs) {
    for (let t = 0; t + 1 < list.length; t += 2) {
      const a = Math.min(list[t]!, list[t + 1]!);
      const b = Math.max(list[t]!, list[t + 1]!);
      if (a === b || seen.has(a * n + b)) continue;
      seen.add(a * n + b);
      rows[a]!.push(b);
      rows[b]!.push(a);
    }
  }
  const start = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) start[v + 1] = start[v]! + rows[v]!.length;
  const list = new Int32Array(start[n]!);
  for (let v = 0; v < n; v++) {
    rows[v]!.sort((x, y) => x - y);
    list.set(rows[v]!, start[v]);
  }
  return { start, list };
}

/**
 * Each person's `t` best pair scores (descending; -Infinity where they have fewer eligible peers) and the partners
 * they come from, in one pass over the eligible pairs that skips every pair entering neither person's list.
 */
export function bestPairScores(model: PairModel, t: number): { scores: Float64Array; partners: Int32Array } {
  const n = model.n;
  const scores = new Float64Array(n * t).fill(-Infinity);
  const partners = new Int32Array(n * t).fill(-1);
  const { position } = model.buckets;
  // The filter reads each person's t-th best so far (by position in bucket order): a pair at or below both ends'
  // is skipped, and the thresholds rise as the lists fill.
  const threshold = new Float64Array(n).fill(-Infinity);
  const offer = (v: number, other: number, score: number): void => {
    const row = v * t;
    if (score <= scores[row + t - 1]!) return;
    let at = t - 1;
    while (at > 0 && scores[row + at - 1]! < score) {
      scores[row + at] = scores[row + at - 1]!;
      partners[row + at] = partners[row + at - 1]!;
      at--;
    }
    scores[row + at] = score;
    partners[row + at] = other;
    threshold[position[v]!] = scores[row + t - 1]!;
  };
  const rows = rowBuffers(n);
  model.forEachRow(
    rows,
    (i, count) => {
      for (let c = 0; c < count; c++) {
        const j = rows.partners[c]!;
        offer(i, j, rows.scores[c]!);
        offer(j, i, rows.scores[c]!);
      }
    },
    { filter: { left: new Float64Array(n), right: threshold } },
  );
  return { scores, partners };
}

/**
 * An upper bound on the score of any circles placing `placed` people in `sizes` (each pair's full score, its own
 * overlap points included, bounds its share of a circle's score): each placed person gets their best (size − 1)
 * pair scores, the people and the sizes chosen independently at their best — half the sum, as every pair is
 * counted from both ends.
 */
export function circleScoreBound(best: Float64Array, t: number, n: number, sizes: readonly number[]): number {
  if (sizes.length === 0) return 0;
  const placed = sizes.reduce((s, x) => s + x, 0);
  const small = Math.min(...sizes);
  const prefix = (v: number, count: number): number => {
    let sum = 0;
    for (let c = 0; c < Math.min(count, t); c++) {
      const s = best[v * t + c]!;
      if (s === -Infinity) break;
      sum += s;
    }
    return sum;
  };
  const base = Float64Array.from({ length: n }, (_, v) => prefix(v, small - 1));
  base.sort().reverse();
  let bound = 0;
  for (let c = 0; c < Math.min(placed, n); c++) bound += base[c]!;
  // People in larger groups add their next best scores: bounded by the best such additions of anyone.
  const extraNeeded = sizes.map((s) => s - small);
  const maxExtra = Math.max(...extraNeeded);
  for (let e = 1; e <= maxExtra; e++) {
    const members = sizes.filter((s) => s - small >= e).reduce((sum, s) => sum + s, 0);
    const gains = Float64Array.from({ length: n }, (_, v) => {
      const s = small - 2 + e < t ? best[v * t + small - 2 + e]! : -Infinity;
      return s === -Infinity ? 0 : s;
    });
    gains.sort().reverse();
    for (let c = 0; c < Math.min(members, n); c++) bound += gains[c]!;
  }
  return Math.floor(bound / 2);
}

export interface CircleInput {
  scorer: CircleScorer;
  /** Groups of about this many (3–6). */
  size: number;
  /** The optimal pairing of the whole eligible graph (mate of each person, -1 = single). */
  mate: Int32Array;
  /** Eligible peers per person (0 = nobody may meet them: never placed). */
  degree: Int32Array;
  neighbours: Neighbourhoods;
  /** 0 for people left out last round (they keep their place first), 1 for the others. */
  priority: (v: number) => number;
  seed: number;
  /** performance.now() after which the local search stops improving (the result is then machine-dependent). */
  deadline: number;
  /** Kicks of the iterated local search (default: six per person, at most 10,000). */
  kicks?: number;
}

export interface CircleOutcome {
  groups: number[][];
  /** People with an eligible peer whom no circle could take. */
  leftovers: number[];
  score: number;
  search: { kicks: number; improvements: number; stoppedByDeadline: boolean };
}

/** Members of circles one over the size asked for, at most, searched whole for a new circle (`gatherSpares`). */
const EVERY_SPARE_UP_TO = 64;

/** Cores × units at most, for assignment rounds that try every pair (above, only neighbours' cores are tried). */
const ALL_PAIRS_LIMIT = 60_000;

/** Circles for everyone who may meet someone: see the module comment. Deterministic for the same input. */
export function formCircles(input: CircleInput): CircleOutcome {
  const { scorer, mate, degree, neighbours } = input;
  const n = scorer.n;
  const k = input.size;
  const rand = mulberry32(input.seed ^ 0x0c1c1e5);
  const placeable: number[] = [];
  for (let v = 0; v < n; v++) if (degree[v]! > 0) placeable.push(v);
  const sizes = groupSizes(placeable.length, k);

  // Cores: the optimal pairing's best pairs, one per circle; the other pairs and singles fill them.
  const pairs: Array<[number, number, number]> = [];
  for (let v = 0; v < n; v++) {
    const u = mate[v]!;
    if (u > v) pairs.push([v, u, scorer.score([v, u])]);
  }
  pairs.sort((x, y) => y[2] - x[2] || x[0] - y[0]);
  const coreCount = Math.min(sizes.length, pairs.length);
  const groups: number[][] = [];
  const target: number[] = [];
  for (let c = 0; c < coreCount; c++) {
    groups.push([pairs[c]![0], pairs[c]![1]]);
    target.push(sizes[c]!);
  }
  const groupOf = new Int32Array(n).fill(-1);
  groups.forEach((g, i) => g.forEach((v) => (groupOf[v] = i)));
  let freePairs: Array<[number, number]> = pairs.slice(coreCount).map(([a, b]) => [a, b]);
  let singles = placeable.filter((v) => mate[v] === -1);

  const needOf = (g: number): number => target[g]! - groups[g]!.length;
  const candidateGroups = (unit: readonly number[], allowed: (g: number) => boolean): number[] => {
    const found = new Set<number>();
    for (const x of unit) {
      for (let e = neighbours.start[x]!; e < neighbours.start[x + 1]!; e++) {
        const g = groupOf[neighbours.list[e]!]!;
        if (g >= 0 && allowed(g)) found.add(g);
      }
    }
    return [...found].sort((a, b) => a - b);
  };

  // Fill rounds: a maximum-weight assignment of units to cores that need them (as many placed as possible, then
  // the best gain), until no core needs anyone or nobody fits. Whole pairs first, while a core needs two or more;
  // then people one by one, a pair's two people each on their own.
  let oneByOne = false;
  for (;;) {
    const needy = groups.map((_, g) => g).filter((g) => needOf(g) > 0);
    if (needy.length === 0 || (freePairs.length === 0 && singles.length === 0)) break;
    const pairRound = !oneByOne && freePairs.length > 0 && needy.some((g) => needOf(g) >= 2);
    const cores = pairRound ? needy.filter((g) => needOf(g) >= 2) : needy;
    const units: number[][] = pairRound
      ? freePairs.map((p) => [...p])
      : [...singles, ...freePairs.flat()].map((v) => [v]);
    const assigned = assignUnits(scorer, groups, cores, units, candidateGroups);
    if (assigned.size === 0) {
      if (!pairRound) break;
      oneByOne = true;
      continue;
    }
    for (const [unit, g] of assigned) {
      for (const v of units[unit]!) {
        groups[g]!.push(v);
        groupOf[v] = g;
      }
    }
    const placed = (v: number) => groupOf[v]! >= 0;
    // A pair one of whose people joined a core leaves the other single; untouched pairs stay pairs.
    singles = [
      ...singles.filter((v) => !placed(v)),
      ...freePairs.filter(([a, b]) => placed(a) !== placed(b)).map(([a, b]) => (placed(a) ? b : a)),
    ].sort((a, b) => a - b);
    freePairs = freePairs.filter(([a, b]) => !placed(a) && !placed(b));
  }
  // Pairs no core could take stay together — placed, if not yet in a circle of the size asked for (the local
  // search and the leftovers below may grow them).
  for (const [a, b] of freePairs) {
    groupOf[a] = groupOf[b] = groups.length;
    groups.push([a, b]);
    target.push(k);
  }
  let leftovers = [...singles];
  leftovers.sort((a, b) => input.priority(a) - input.priority(b) || a - b);

  const score = groups.map((g) => scorer.score(g));
  const search = new LocalSearch(scorer, groups, groupOf, score, neighbours, rand, k);
  leftovers = search.placeLeftovers(leftovers, target);
  search.repairSizes();
  search.gatherSpares();
  // A fixed number of kicks (not a time), so the same input gives the same circles on any machine.
  const kicks = input.kicks ?? Math.min(10_000, 6 * placeable.length);
  const outcome = search.improve(kicks, input.deadline);
  // Kicks may leave circles one over again: gather what they left (each new circle only improves the grouping).
  search.gatherSpares();
  for (const g of groups) g.sort((a, b) => a - b);
  const kept = groups.filter((g) => g.length > 0);
  return {
    groups: kept,
    leftovers,
    score: search.total(),
    search: outcome,
  };
}

/** One round of assignment: unit index → core, by an exact maximum-weight matching on the bipartite graph. */
function assignUnits(
  scorer: CircleScorer,
  groups: number[][],
  cores: readonly number[],
  units: readonly number[][],
  candidateGroups: (unit: readonly number[], allowed: (g: number) => boolean) => number[],
): Map<number, number> {
  const isCore = new Set(cores);
  const all = cores.length * units.length <= ALL_PAIRS_LIMIT;
  const coreIndex = new Map(cores.map((g, i) => [g, i]));
  const gains: Array<[number, number, number]> = [];
  const unitScore = units.map((u) => scorer.score(u));
  const coreScore = cores.map((g) => scorer.score(groups[g]!));
  units.forEach((unit, j) => {
    const tried = all ? cores : candidateGroups(unit, (g) => isCore.has(g));
    for (const g of tried) {
      const merged = scorer.score([...groups[g]!, ...unit]);
      if (merged < 0) continue;
      gains.push([coreIndex.get(g)!, j, merged - coreScore[coreIndex.get(g)!]! - unitScore[j]!]);
    }
  });
  if (gains.length === 0) return new Map();
  let low = Infinity;
  let high = -Infinity;
  for (const [, , gain] of gains) {
    low = Math.min(low, gain);
    high = Math.max(high, gain);
  }
  // Integer weights, placing as many as possible first: C exceeds the gains of any assignment.
  const spread = high - low + 1;
  const C = (Math.min(cores.length, units.length) + 1) * spread;
  const edges: WeightedEdge[] = gains.map(([c, j, gain]) => [c, cores.length + j, C + gain - low + 1]);
  const { mate } = solveMaximumWeightMatching(cores.length + units.length, edges);
  const assigned = new Map<number, number>();
  for (let j = 0; j < units.length; j++) {
    const c = mate[cores.length + j]!;
    if (c >= 0) assigned.set(j, cores[c]!);
  }
  return assigned;
}

/**
 * Swaps and moves between circles while the grouping gets better; every circle stays feasible. A move goes to a
 * circle smaller than the mover's own, so sizes never drift away from the size asked for.
 */
class LocalSearch {
  private readonly queued: Uint8Array;
  private queue: number[] = [];
  /** Candidate circles are assembled here while they are scored (a circle has 7 people at most). */
  private readonly scratchA: number[] = new Array<number>(16).fill(0);
  private readonly scratchB: number[] = new Array<number>(16).fill(0);
  private readonly scratchContrib = new Float64Array(16);
  /**
   * Kicks so far, and the kick at which mending each circle's size last failed: a circle that could not be mended
   * rests for kicks enough to change about half the circles (it is tried at every kick only in small programs).
   */
  private kicks = 0;
  private readonly mendFailed: number[] = [];
  private improvements = 0;
  /** Groups changed during a kick, with their members and score before it (to undo a kick that did not pay). */
  private journal: Map<number, { members: number[]; score: number }> | null = null;

  constructor(
    private readonly scorer: CircleScorer,
    private readonly groups: number[][],
    private readonly groupOf: Int32Array,
    private readonly score: number[],
    private readonly neighbours: Neighbourhoods,
    private readonly rand: () => number,
    private readonly size: number,
  ) {
    this.queued = new Uint8Array(scorer.n);
    this.now = standingOf(
      groups.filter((g) => g.length > 0).map((g) => g.length),
      size,
      score.reduce((sum, x) => sum + x, 0),
    );
  }

  /** The grouping's standing, kept as circles change (a kick must not pass over every circle). */
  private readonly now: CircleStanding;

  private costOf(size: number): number {
    return size === 0 ? 0 : (size - this.size) * (size - this.size);
  }

  total(): number {
    return this.now.score;
  }

  private standing(): CircleStanding {
    return { ...this.now };
  }

  /** What changes [group, members, score] do to the standing (a new circle: group = the number of circles). */
  private changeOf(changes: ReadonlyArray<readonly [number, readonly number[], number]>): CircleStanding {
    const change = { ...NO_CHANGE };
    for (const [g, members, score] of changes) {
      const before = this.groups[g]?.length ?? 0;
      change.placed += members.length - before;
      change.sizeCost += this.costOf(members.length) - this.costOf(before);
      change.circles += Number(members.length > 0) - Number(before > 0);
      change.score += score - (this.score[g] ?? 0);
    }
    return change;
  }

  private touch(g: number): void {
    if (this.journal !== null && !this.journal.has(g))
      this.journal.set(g, { members: [...this.groups[g]!], score: this.score[g]! });
  }

  private set(g: number, members: number[], score: number): void {
    this.touch(g);
    this.assign(g, members, score);
  }

  /** Circle g becomes `members` (a new circle: g = the number of circles). */
  private assign(g: number, members: number[], score: number): void {
    if (g === this.groups.length) {
      this.groups.push([]);
      this.score.push(0);
    }
    const change = this.changeOf([[g, members, score]]);
    this.now.placed += change.placed;
    this.now.sizeCost += change.sizeCost;
    this.now.circles += change.circles;
    this.now.score += change.score;
    this.groups[g] = members;
    this.score[g] = score;
    for (const v of members) this.groupOf[v] = g;
  }

  private enqueue(v: number): void {
    if (this.queued[v] === 0) {
      this.queued[v] = 1;
      this.queue.push(v);
    }
  }

  /** Groups a person's candidate partners are in (their own excluded), ascending. */
  private nearGroups(u: number): number[] {
    const own = this.groupOf[u]!;
    const found: number[] = [];
    for (let e = this.neighbours.start[u]!; e < this.neighbours.start[u + 1]!; e++) {
      const g = this.groupOf[this.neighbours.list[e]!]!;
      if (g >= 0 && g !== own && !found.includes(g)) found.push(g);
    }
    return found.sort((a, b) => a - b);
  }

  /**
   * Leftovers, in priority order, each placed where the grouping does best (`compareStandings`) — nobody is left
   * out while some circle can take them: into a circle (to one over the size asked for at most); taking the seat
   * of a member who moves to another circle; or with people of one circle who may all meet them, in a new circle
   * (the others staying two or more). Whoever is still left forms circles with other leftovers where they may.
   * Returns who is still left.
   */
  placeLeftovers(leftovers: readonly number[], target: number[]): number[] {
    const size = this.size;
    let still: number[] = [];
    const apply = (changes: Array<[number, number[], number]>) => {
      for (const [g, members, score] of changes) {
        if (g === this.groups.length) {
          this.groups.push([]);
          this.score.push(0);
          target.push(size);
        }
        this.set(g, members, score);
      }
    };
    for (const x of leftovers) {
      const best = this.bestPlacement(x);
      if (best !== null) apply(best.changes);
      else if (!this.rescue(x, apply)) still.push(x);
    }
    // The rest among themselves: a circle grown greedily from each (priority first), as long as it stays feasible.
    const left = new Set(still);
    still = [];
    for (const x of [...left]) {
      if (!left.has(x)) continue;
      left.delete(x);
      let members = [x];
      let score = 0;
      for (;;) {
        let best: { y: number; score: number } | null = null;
        if (members.length < size) {
          for (const y of left) {
            const s = this.scorer.score([...members, y]);
            if (s >= 0 && (best === null || s > best.score)) best = { y, score: s };
          }
        }
        if (best === null) break;
        members = [...members, best.y];
        score = best.score;
        left.delete(best.y);
      }
      if (members.length < 2) {
        still.push(x);
        continue;
      }
      target.push(members.length);
      this.assign(this.groups.length, members, score);
    }
    return still.sort((a, b) => a - b);
  }

  /**
   * One step further for someone nobody can take: x pairs with a peer y whose circle is a pair [y, z], and z is
   * placed elsewhere the usual ways; tried for each such y, undone when z finds no place.
   */
  private rescue(x: number, apply: (changes: Array<[number, number[], number]>) => void): boolean {
    for (let e = this.neighbours.start[x]!; e < this.neighbours.start[x + 1]!; e++) {
      const y = this.neighbours.list[e]!;
      const b = this.groupOf[y]!;
      if (b < 0 || this.groups[b]!.length !== 2) continue;
      const z = this.groups[b]!.find((v) => v !== y)!;
      const pair = [y, x];
      const s = this.scorer.score(pair);
      if (s < 0) continue;
      const saved = { members: this.groups[b]!, score: this.score[b]! };
      this.set(b, pair, s);
      this.groupOf[z] = -1;
      const placed = this.bestPlacement(z);
      if (placed !== null) {
        apply(placed.changes);
        return true;
      }
      this.set(b, saved.members, saved.score);
      this.groupOf[x] = -1;
    }
    return false;
  }

  /** The best way to place x (see `placeLeftovers`): the circles it changes, as [group, members, score]. */
  private bestPlacement(x: number): { changes: Array<[number, number[], number]> } | null {
    const k = this.size;
    let best: { change: CircleStanding; changes: Array<[number, number[], number]> } | null = null;
    const offer = (changes: Array<[number, number[], number]>) => {
      const change = this.changeOf(changes);
      if (best === null || compareStandings(change, best.change) < 0) best = { change, changes };
    };
    const fresh = this.groups.length;
    for (const b of this.candidatesFor(x)) {
      const groupB = this.groups[b]!;
      const sizeB = groupB.length;
      if (sizeB === 0) continue;
      // Into B.
      if (sizeB <= k) {
        const members = [...groupB, x];
        const s = this.scorer.score(members);
        if (s >= 0) offer([[b, members, s]]);
      }
      // In y's seat; y into a circle C near them.
      for (const y of groupB) {
        const withX = groupB.map((v) => (v === y ? x : v));
        const sb = this.scorer.score(withX);
        if (sb < 0) continue;
        for (const c of this.candidatesFor(y)) {
          if (c === b || this.groups[c]!.length > k) continue;
          const withY = [...this.groups[c]!, y];
          const sc = this.scorer.score(withY);
          if (sc < 0) continue;
          offer([
            [b, withX, sb],
            [c, withY, sc],
          ]);
        }
      }
      // With some of B who may all meet x, in a new circle (B keeps two or more).
      const near = groupB.filter((v) => this.scorer.pairBase(x, v) >= 0);
      for (let mask = 1; mask < 1 << near.length; mask++) {
        const taken = near.filter((_, i) => (mask & (1 << i)) !== 0);
        if (sizeB - taken.length < 2 || taken.length + 1 > k + 1) continue;
        const rest = groupB.filter((v) => !taken.includes(v));
        const circle = [...taken, x];
        const sr = this.scorer.score(rest);
        const sn = sr < 0 ? -1 : this.scorer.score(circle);
        if (sn < 0) continue;
        offer([
          [b, rest, sr],
          [fresh, circle, sn],
        ]);
      }
    }
    return best;
  }

  /**
   * Circles whose size is off (below the size asked for, or above) are merged with a near circle, or their people
   * spread over near circles, wherever that makes the grouping better (`compareStandings`: every such change moves
   * the sizes); until no such change is left.
   */
  repairSizes(only?: ReadonlySet<number>): void {
    const k = this.size;
    for (let changed = true; changed;) {
      changed = false;
      // Inside kicks only the circles the kick touched are looked at (not a pass over every circle per kick).
      const order = (only === undefined ? this.groups.map((_, i) => i) : [...only])
        .map((i) => [i, this.groups[i]!.length] as const)
        .filter(([i, size]) => size > 0 && size !== k && (only === undefined || !this.resting(i)))
        .sort((x, y) => x[1] - y[1] || x[0] - y[0]);
      for (const [a] of order) {
        const groupA = this.groups[a]!;
        if (groupA.length === 0 || groupA.length === k) continue;
        let best: { change: CircleStanding; changes: Array<[number, number[], number]> } | null = null;
        const offer = (changes: Array<[number, number[], number]>) => {
          const change = this.changeOf(changes);
          if (compareStandings(change, best?.change ?? NO_CHANGE) < 0) best = { change, changes };
        };
        const near = new Set<number>();
        for (const u of groupA) for (const g of this.candidatesFor(u)) if (g !== a) near.add(g);
        for (const b of near) {
          const groupB = this.groups[b]!;
          if (groupA.length + groupB.length > k + 1) continue;
          const merged = [...groupA, ...groupB];
          const s = this.scorer.score(merged);
          if (s >= 0)
            offer([
              [a, [], 0],
              [b, merged, s],
            ]);
        }
        if (groupA.length < k) {
          // Spread: each person to the near circle they gain most in, one at a time.
          const grown = new Map<number, { members: number[]; score: number }>();
          let ok = true;
          for (const u of groupA) {
            let pick: { b: number; members: number[]; score: number; gain: number } | null = null;
            for (const b of near) {
              const current = grown.get(b) ?? { members: this.groups[b]!, score: this.score[b]! };
              if (current.members.length > k) continue;
              const members = [...current.members, u];
              const sb = this.scorer.score(members);
              if (sb >= 0 && (pick === null || sb - current.score > pick.gain))
                pick = { b, members, score: sb, gain: sb - current.score };
            }
            if (pick === null) {
              ok = false;
              break;
            }
            grown.set(pick.b, { members: pick.members, score: pick.score });
          }
          if (ok)
            offer([
              [a, [], 0],
              ...[...grown].map(([b, g]): [number, number[], number] => [b, g.members, g.score]),
            ]);
        }
        // A circle over the size asked for gives a person to a new circle, with a peer from another large circle.
        if (groupA.length > k) {
          for (const u of groupA) {
            const restA = groupA.filter((v) => v !== u);
            const sa = this.scorer.score(restA);
            if (sa < 0) continue;
            for (const b of near) {
              const groupB = this.groups[b]!;
              if (groupB.length < 3) continue;
              for (const v of groupB) {
                if (this.scorer.pairBase(u, v) < 0) continue;
                const restB = groupB.filter((w) => w !== v);
                const sb = this.scorer.score(restB);
                const sn = sb < 0 ? -1 : this.scorer.score([u, v]);
                if (sn < 0) continue;
                offer([
                  [a, restA, sa],
                  [b, restB, sb],
                  [this.groups.length, [u, v], sn],
                ]);
              }
            }
          }
        }
        // A person of a circle at least two larger moves to A — directly, or through a circle C whose member y
        // comes to A while they take y's seat.
        if (best === null) {
          for (const b of near) {
            const groupB = this.groups[b]!;
            if (groupB.length < groupA.length + 2 || groupA.length > k) continue;
            for (const u of groupB) {
              const restB = groupB.filter((v) => v !== u);
              const sb = this.scorer.score(restB);
              if (sb < 0) continue;
              const intoA = [...groupA, u];
              const sa = this.scorer.score(intoA);
              if (sa >= 0)
                offer([
                  [a, intoA, sa],
                  [b, restB, sb],
                ]);
              for (const c of this.candidatesFor(u)) {
                if (c === a || c === b) continue;
                const groupC = this.groups[c]!;
                for (const y of groupC) {
                  if (this.scorer.pairBase(y, groupA[0]!) < 0) continue;
                  const withU = groupC.map((v) => (v === y ? u : v));
                  const sc = this.scorer.score(withU);
                  if (sc < 0) continue;
                  const withY = [...groupA, y];
                  const sy = this.scorer.score(withY);
                  if (sy < 0) continue;
                  offer([
                    [a, withY, sy],
                    [b, restB, sb],
                    [c, withU, sc],
                  ]);
                }
              }
            }
          }
        }
        if (best === null) {
          if (groupA.length < k && this.replaceAll(a)) changed = true;
          else this.mendFailed[a] = this.kicks;
          continue;
        }
        const chosen: { changes: Array<[number, number[], number]> } = best;
        for (const [g, members, score] of chosen.changes) {
          if (g === this.groups.length) {
            this.groups.push([]);
            this.score.push(0);
          }
          this.set(g, members, score);
        }
        for (const [, members] of chosen.changes) for (const v of members) this.enqueue(v);
        changed = true;
      }
    }
  }

  /**
   * Circles one over the size asked for each give a member to a new circle of that size, wherever such members
   * may all meet: k circles of k + 1 become k + 1 circles of k, and Σ (size − k)² falls by k (a better grouping by
   * `compareStandings` whatever the scores); failing that, k − 1 of them form a circle of k − 1 (Σ falls by
   * k − 2). Any member may leave — every part of a circle that may meet may meet too — so the new circle is
   * searched among the candidates of one member (`neighbours`), each in another circle of k + 1. The moves
   * between pairs of circles (`repairSizes`, the kicks) cannot find this one: it changes k + 1 circles at once.
   * Returns the circles formed.
   */
  gatherSpares(): number {
    const k = this.size;
    const oversize = (g: number): boolean => g >= 0 && this.groups[g]!.length === k + 1;
    // When few circles are one over, the new circle is searched among all their members, not only the candidates
    // of one: the spares the kicks leave are few and scattered, and one member's candidates may hold none of them.
    const over = this.groups.filter((members) => members.length === k + 1);
    this.spares = over.length * (k + 1) <= EVERY_SPARE_UP_TO ? over.flat().sort((a, b) => a - b) : null;
    let formed = 0;
    for (let g = 0; g < this.groups.length; g++) {
      if (!oversize(g)) continue;
      // A circle of k from k such circles, else of k − 1 from k − 1 of them (Σ still falls, by k − 2).
      let found: number[] | null = null;
      for (const want of [k, k - 1]) {
        for (const x of this.groups[g]!) {
          found = this.spareCircle([x], [g], want);
          if (found !== null) break;
        }
        if (found !== null) break;
      }
      if (found === null) continue;
      const changes: Array<[number, number[], number]> = found.map((v) => {
        const from = this.groupOf[v]!;
        const rest = this.groups[from]!.filter((m) => m !== v);
        return [from, rest, this.scorer.score(rest)];
      });
      changes.push([this.groups.length, found, this.scorer.score(found)]);
      if (compareStandings(this.changeOf(changes), NO_CHANGE) >= 0) continue;
      for (const [at, members, score] of changes) this.set(at, members, score);
      formed++;
    }
    return formed;
  }

  /** Every member of a circle one over the size asked for, while few (see `gatherSpares`); else null. */
  private spares: number[] | null = null;

  /**
   * A group of `want` people that `chosen` grows into: people from `chosen[0]`'s candidates, each from a circle
   * of k + 1 not yet drawn on (`circles`), ascending after the first, who may meet everyone chosen; the whole group
   * checked at the end (one cadence, a shared stretch). Null when there is none.
   */
  private spareCircle(chosen: number[], circles: number[], want: number): number[] | null {
    const k = this.size;
    if (chosen.length === want) return this.scorer.score(chosen) >= 0 ? [...chosen] : null;
    const first = chosen[0]!;
    const last = chosen[chosen.length - 1]!;
    const list = this.spares ?? this.neighbours.list;
    const from = this.spares === null ? this.neighbours.start[first]! : 0;
    const to = this.spares === null ? this.neighbours.start[first + 1]! : this.spares.length;
    for (let e = from; e < to; e++) {
      const y = list[e]!;
      const g = this.groupOf[y]!;
      if (g < 0 || this.groups[g]!.length !== k + 1 || circles.includes(g)) continue;
      if (chosen.length > 1 && y <= last) continue;
      if (chosen.some((c) => this.scorer.pairBase(c, y) < 0)) continue;
      const found = this.spareCircle([...chosen, y], [...circles, g], want);
      if (found !== null) return found;
    }
    return null;
  }

  /**
   * A small circle dissolved and each of its people placed the way leftovers are (into a circle, in a seat whose
   * holder moves on, or pulling peers into a new circle): kept when that makes the grouping better (everyone
   * placed again, by `compareStandings`), undone otherwise.
   */
  private replaceAll(a: number): boolean {
    const saved = new Map<number, { members: number[]; score: number }>();
    const before = this.standing();
    const change = (g: number, members: number[], score: number) => {
      if (g === this.groups.length) {
        this.groups.push([]);
        this.score.push(0);
      }
      if (!saved.has(g)) saved.set(g, { members: this.groups[g]!, score: this.score[g]! });
      this.set(g, members, score);
    };
    const people = this.groups[a]!;
    change(a, [], 0);
    for (const v of people) this.groupOf[v] = -1;
    for (const x of people) {
      // Someone who finds no place stays out: fewer placed, which the comparison below never keeps.
      const best = this.bestPlacement(x);
      if (best === null) break;
      for (const [g, members, score] of best.changes) change(g, members, score);
    }
    if (compareStandings(this.standing(), before) < 0) {
      for (const g of saved.keys()) for (const v of this.groups[g]!) this.enqueue(v);
      return true;
    }
    for (const [g, before] of saved) this.set(g, before.members, before.score);
    for (const v of people) if (this.groups[this.groupOf[v]!]?.includes(v) !== true) this.groupOf[v] = a;
    return false;
  }

  /** Groups to try for an unplaced person: their neighbours' (every group when few). */
  private candidatesFor(x: number): number[] {
    if (this.groups.length <= 64)
      return this.groups.map((_, g) => g).filter((g) => this.groups[g]!.length > 0);
    return this.nearGroups(x);
  }

  /**
   * The best improving swap or move for u, applied; true when one was found. Better is by `compareStandings`: a
   * swap or move places the same people in as many circles, so sizes closer to the size asked for (a move from a
   * circle to one at least two smaller), else a higher total score. Candidates are scored from the pair sums that
   * change (no arrays built until one is chosen): this runs for every person a change touches, thousands of times
   * a second.
   */
  private improveAt(u: number): boolean {
    const a = this.groupOf[u]!;
    if (a < 0) return false;
    const scorer = this.scorer;
    const groupA = this.groups[a]!;
    const sizeA = groupA.length;
    let baseA = 0;
    let contribU = 0;
    for (let x = 0; x < sizeA; x++) {
      const ax = groupA[x]!;
      if (ax === u) continue;
      contribU += scorer.pairBase(u, ax);
      for (let y = x + 1; y < sizeA; y++) if (groupA[y] !== u) baseA += scorer.pairBase(ax, groupA[y]!);
    }
    baseA += contribU;
    let best: { b: number; v: number; sa: number; sb: number; change: CircleStanding } | null = null;
    const offer = (b: number, v: number, sa: number, sb: number, sizeCost: number, gain: number) => {
      const change = { placed: 0, sizeCost, circles: 0, score: gain };
      if (compareStandings(change, best?.change ?? NO_CHANGE) < 0) best = { b, v, sa, sb, change };
    };
    const newA = this.scratchA;
    const newB = this.scratchB;
    const contrib = this.scratchContrib;
    for (const b of this.nearGroups(u)) {
      const groupB = this.groups[b]!;
      const sizeB = groupB.length;
      const before = this.score[a]! + this.score[b]!;
      let baseB = 0;
      for (let y = 0; y < sizeB; y++) contrib[y] = 0;
      for (let y = 0; y < sizeB; y++) {
        for (let z = y + 1; z < sizeB; z++) {
          const p = scorer.pairBase(groupB[y]!, groupB[z]!);
          contrib[y] = contrib[y]! + p;
          contrib[z] = contrib[z]! + p;
          baseB += p;
        }
      }
      // A move keeps both circles within 2 … size + 1; its cost change is 2·(|B| − |A|) + 2 (never worse here).
      if (sizeB < sizeA && sizeA > 2 && sizeB <= this.size) {
        let toB = 0;
        for (let y = 0; y < sizeB && toB >= 0; y++) {
          const p = scorer.pairBase(u, groupB[y]!);
          toB = p < 0 ? -1 : toB + p;
        }
        if (toB >= 0) {
          let n = 0;
          for (const x of groupA) if (x !== u) newA[n++] = x;
          const sa = scorer.completed(baseA - contribU, newA, n);
          for (let y = 0; y < sizeB; y++) newB[y] = groupB[y]!;
          newB[sizeB] = u;
          const sb = sa < 0 ? -1 : scorer.completed(baseB + toB, newB, sizeB + 1);
          if (sb >= 0) offer(b, -1, sa, sb, 2 * (sizeB - sizeA) + 2, sa + sb - before);
        }
      }
      for (let t = 0; t < sizeB; t++) {
        const v = groupB[t]!;
        let vInA = 0;
        for (let x = 0; x < sizeA && vInA >= 0; x++) {
          if (groupA[x] === u) continue;
          const p = scorer.pairBase(v, groupA[x]!);
          vInA = p < 0 ? -1 : vInA + p;
        }
        if (vInA < 0) continue;
        let uInB = 0;
        for (let y = 0; y < sizeB && uInB >= 0; y++) {
          if (y === t) continue;
          const p = scorer.pairBase(u, groupB[y]!);
          uInB = p < 0 ? -1 : uInB + p;
        }
        if (uInB < 0) continue;
        for (let x = 0; x < sizeA; x++) newA[x] = groupA[x] === u ? v : groupA[x]!;
        const sa = scorer.completed(baseA - contribU + vInA, newA, sizeA);
        if (sa < 0) continue;
        for (let y = 0; y < sizeB; y++) newB[y] = y === t ? u : groupB[y]!;
        const sb = scorer.completed(baseB - contrib[t]! + uInB, newB, sizeB);
        if (sb >= 0) offer(b, v, sa, sb, 0, sa + sb - before);
      }
    }
    if (best === null) return false;
    const chosen: { b: number; v: number; sa: number; sb: number } = best;
    const groupB = this.groups[chosen.b]!;
    const { v } = chosen;
    const afterA = v < 0 ? groupA.filter((x) => x !== u) : groupA.map((x) => (x === u ? v : x));
    const afterB = v < 0 ? [...groupB, u] : groupB.map((x) => (x === v ? u : x));
    this.set(a, afterA, chosen.sa);
    this.set(chosen.b, afterB, chosen.sb);
    this.improvements++;
    for (const x of afterA) this.enqueue(x);
    for (const x of afterB) this.enqueue(x);
    return true;
  }

  /** Improving moves until none is left among the queued people (and whoever a move touched). */
  private descend(deadline: number): boolean {
    let steps = 0;
    while (this.queue.length > 0) {
      // The clock is read now and then: a step is microseconds.
      if ((++steps & 255) === 0 && performance.now() > deadline) return false;
      const u = this.queue.pop()!;
      this.queued[u] = 0;
      this.improveAt(u);
    }
    return true;
  }

  improve(kicks: number, deadline: number): CircleOutcome['search'] {
    const people: number[] = [];
    for (let v = 0; v < this.scorer.n; v++) if (this.groupOf[v]! >= 0) people.push(v);
    // A seeded order, so ties between equally good moves do not always favour the lowest ids.
    for (let i = people.length - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      [people[i], people[j]] = [people[j]!, people[i]!];
    }
    for (const v of people) this.enqueue(v);
    if (!this.descend(deadline))
      return { kicks: 0, improvements: this.improvements, stoppedByDeadline: true };
    let done = 0;
    for (; done < kicks && people.length > 1; done++) {
      if (performance.now() > deadline)
        return { kicks: done, improvements: this.improvements, stoppedByDeadline: true };
      const before = this.standing();
      this.kicks = done + 1;
      this.journal = new Map();
      const focus = this.kick(people);
      let finished = this.descend(deadline);
      if (finished && (focus >= 0 || before.sizeCost > 0)) {
        // Circles off the size asked for, where the kick was: perhaps they can be mended now.
        this.repairSizes(new Set([...this.journal.keys(), ...(focus >= 0 ? [focus] : [])]));
        finished = this.descend(deadline);
      }
      if (!finished || compareStandings(this.standing(), before) > 0) {
        // Worse (or cut short): back to the circles before the kick.
        for (const [g, saved] of this.journal) this.assign(g, saved.members, saved.score);
        for (const v of this.queue) this.queued[v] = 0;
        this.queue = [];
      }
      this.journal = null;
      if (!finished) return { kicks: done, improvements: this.improvements, stoppedByDeadline: true };
    }
    return { kicks: done, improvements: this.improvements, stoppedByDeadline: false };
  }

  private resting(g: number): boolean {
    const failed = this.mendFailed[g];
    return failed !== undefined && this.kicks - failed < this.groups.length / 2;
  }

  /**
   * A random feasible swap near a random person (whatever it does to the score), then their circles settle. Every
   * other kick, while some circles are off the size asked for, starts from one of them: returned (else -1), so
   * the caller tries to mend it.
   */
  private kick(people: readonly number[]): number {
    const off: number[] = [];
    if (this.rand() < 0.5)
      for (let g = 0; g < this.groups.length; g++) {
        const size = this.groups[g]!.length;
        if (size > 0 && size !== this.size && !this.resting(g)) off.push(g);
      }
    const focus = off.length > 0 ? off[Math.floor(this.rand() * off.length)]! : -1;
    for (let attempt = 0; attempt < 8; attempt++) {
      const from = focus >= 0 ? this.groups[focus]! : people;
      const u = from[Math.floor(this.rand() * from.length)]!;
      const near = this.nearGroups(u);
      if (near.length === 0) continue;
      const a = this.groupOf[u]!;
      const b = near[Math.floor(this.rand() * near.length)]!;
      const groupB = this.groups[b]!;
      const v = groupB[Math.floor(this.rand() * groupB.length)]!;
      // A move to a circle one smaller (sizes unchanged as a whole) now and then, else a swap.
      const move = groupB.length === this.groups[a]!.length - 1 && this.rand() < 0.5;
      const newA = move
        ? this.groups[a]!.filter((x) => x !== u)
        : this.groups[a]!.map((x) => (x === u ? v : x));
      const newB = move ? [...groupB, u] : groupB.map((x) => (x === v ? u : x));
      const sa = this.scorer.score(newA);
      const sb = sa < 0 ? -1 : this.scorer.score(newB);
      if (sb < 0) continue;
      this.set(a, newA, sa);
      this.set(b, newB, sb);
      for (const x of [...newA, ...newB]) this.enqueue(x);
      return focus;
    }
    return focus;
  }
}

/**
 * Why a circle was formed, for the whole group in the pairs' vocabulary: their level (or the gap), the departments
 * and teams they span, the goals and languages everyone shares, who can teach whom, the working stretch they all
 * share, a shared work style, new joiners among tenured colleagues, and people left out last round.
 */
export function describeCircle(
  members: readonly number[],
  people: readonly PreparedParticipant[],
  scorer: CircleScorer,
): { members: string[]; score: number; overlapHours: number; reasons: MatchReason[] } {
  const group = [...members].sort((a, b) => a - b).map((v) => people[v]!);
  const reasons: MatchReason[] = [];
  const levels = group.map((p) => p.person.level);
  if (levels.every((l): l is number => l !== null)) {
    const gap = Math.max(...levels) - Math.min(...levels);
    reasons.push(
      gap === 0
        ? { kind: 'same-level', data: { level: String(levels[0]) } }
        : { kind: 'level-gap', data: { gap } },
    );
  }
  const departments = distinct(group.map((p) => p.person.department));
  if (departments.length > 1) reasons.push({ kind: 'different-department', data: { departments } });
  const teams = distinct(group.map((p) => p.person.team ?? null));
  if (teams.length > 1) reasons.push({ kind: 'different-team', data: { teams } });
  const goals = [...group[0]!.goals].filter((g) => group.every((p) => p.goals.has(g))).sort();
  if (goals.length > 0) reasons.push({ kind: 'shared-goal', data: { goals } });
  for (const teacher of group) {
    for (const learner of group) {
      if (teacher === learner) continue;
      const topics = [...teacher.share.keys()].filter((t) => learner.learn.has(t)).sort();
      if (topics.length === 0) continue;
      reasons.push({
        kind: 'teaches',
        data: {
          teacherId: teacher.person.id,
          learnerId: learner.person.id,
          topics: topics.map((t) => teacher.share.get(t)!),
        },
      });
    }
  }
  const languages = [...group[0]!.languages.keys()].filter((l) => group.every((p) => p.languages.has(l)));
  if (languages.length > 0)
    reasons.push({
      kind: 'shared-language',
      data: { languages: languages.sort().map((l) => group[0]!.languages.get(l)!) },
    });
  const style = group[0]!.person.workStyle;
  if (style && group.every((p) => p.person.workStyle === style))
    reasons.push({ kind: 'same-work-style', data: { workStyle: style } });
  if (group.some((p) => !p.newJoiner))
    for (const p of group)
      if (p.newJoiner) reasons.push({ kind: 'new-joiner-buddy', data: { newJoinerId: p.person.id } });
  const leftOut = group
    .filter((p) => p.person.lastRoundOutcome === 'unmatched' || p.person.lastRoundOutcome === 'cancelled')
    .map((p) => p.person.id);
  if (leftOut.length > 0) reasons.push({ kind: 'fairness', data: { userIds: leftOut } });
  const hours = scorer.commonOverlapHours(members);
  reasons.push({ kind: 'overlap-hours', data: { hours: Math.round(hours * 100) / 100 } });
  return {
    members: group.map((p) => p.person.id),
    score: scorer.score(members),
    overlapHours: Math.round(hours * 100) / 100,
    reasons,
  };
}

function distinct(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

/** What the issue asks a circles program to show (and a random grouping is compared on). */
export interface CircleQuality {
  circles: number;
  /** Share of placed people who share at least one goal with every other member of their circle. */
  goalWithEveryonePercent: number;
  /** Distinct departments per circle, on average, and as a share of the circle's size. */
  meanDepartments: number;
  departmentSpreadPercent: number;
  /** Least and mean working stretch a whole circle shares, in hours. */
  minOverlapHours: number;
  meanOverlapHours: number;
  /** Circles with a pair inside that a hard rule forbids (0 for formCircles; counted for baselines). */
  circlesBreakingRules: number;
}

export function circleQuality(
  groups: readonly number[][],
  scorer: CircleScorer,
  people: readonly PreparedParticipant[],
): CircleQuality {
  let placed = 0;
  let withEveryone = 0;
  let departments = 0;
  let spread = 0;
  let minOverlap = Infinity;
  let overlapSum = 0;
  let breaking = 0;
  for (const g of groups) {
    placed += g.length;
    for (const v of g)
      if (g.every((w) => w === v || [...people[v]!.goals].some((x) => people[w]!.goals.has(x))))
        withEveryone++;
    const d = distinct(g.map((v) => people[v]!.person.department)).length;
    departments += d;
    spread += d / g.length;
    const hours = scorer.commonOverlapHours(g);
    minOverlap = Math.min(minOverlap, hours);
    overlapSum += hours;
    if (scorer.score(g) < 0) breaking++;
  }
  const count = groups.length;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    circles: count,
    goalWithEveryonePercent: placed === 0 ? 100 : r2((100 * withEveryone) / placed),
    meanDepartments: count === 0 ? 0 : r2(departments / count),
    departmentSpreadPercent: count === 0 ? 100 : r2((100 * spread) / count),
    minOverlapHours: count === 0 ? 0 : r2(minOverlap),
    meanOverlapHours: count === 0 ? 0 : r2(overlapSum / count),
    circlesBreakingRules: breaking,
  };
}
