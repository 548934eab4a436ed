/**
 * The matching pipeline before issue 17, kept to be measured beside the current one in the same bench run
 * (`npm run bench -- matching`): every pair checked (O(n²)), each person's best 40 candidates above 3,000
 * people, one float64 weight per pair that runs out of exact integers past ~45,000 people. Copied from main at
 * the merge that brought the cross-department rule; not used by the product.
 */
import {
  buildRuleContext,
  inCooldown,
  pairKey,
  type PreparedParticipant,
  prepareParticipant,
  type RuleContext,
} from '../../../functions/src/domain/matching/eligibility';
import { hashString, mix32 } from '../../../functions/src/domain/matching/rng';
import { scorePair } from '../../../functions/src/domain/matching/scoring';
import type {
  HardRule,
  MatchingWeights,
  MatchReason,
  Pairing,
  RoundInput as CurrentRoundInput,
  RoundMetrics,
  RoundResult as CurrentRoundResult,
  UnmatchedReason,
} from '../../../functions/src/domain/matching/types';
import { resolveWeights } from '../../../functions/src/domain/matching/weights';
import { overlapHours } from '../../../functions/src/domain/matching/working-hours';
import { buildCandidateGraph, type CandidateGraph, HARD_RULES, type PairModel } from './candidate-graph';
import { solveByPricing } from './pricing';
import { solveSortedMaximumWeightMatching } from './solver';

/** The previous design's input: the current one with `sparsifyK` (keep each person's k best candidates). */
export type RoundInput = Omit<CurrentRoundInput, 'candidatesPerPerson' | 'timeBudgetMs'> & {
  sparsifyK?: number;
};

/** The previous design's result: exact only on the sparsified graph above 3,000 people (`sparsified`). */
export type RoundResult = Omit<CurrentRoundResult, 'optimality' | 'search' | 'timings'> & {
  sparsified?: { k: number; keptEdges: number };
  timings: { eligibilityMs: number; solveMs: number; totalMs: number };
};

export const ALGORITHM_VERSION = 'pairwise-blossom/1';

/** Above this many people the candidate graph is sparsified to each person's best k candidates by default. */
const SPARSIFY_ABOVE = 3000;
const DEFAULT_SPARSIFY_K = 40;
/** Candidates per person in the first subgraph the solver sees (the rest is priced in; see pricing.ts). */
export const PRICING_START_K = 20;
/**
 * Pricing pays off only on dense graphs; below this many edges per person one direct solve is as fast or faster.
 * Measured on the synthetic company (CPU time, same graph): 300 people (46 edges per person) 20 ms by pricing vs
 * 10 ms direct; 500 (81) 23 vs 25 ms; 1,000 (160) 81 vs 109 ms; 2,000 (322) 261 vs 917 ms; 3,000 (482) 596 ms vs
 * 2.8 s. The sparsified graphs above 3,000 people (~35 per person) solve 3–4× slower by pricing.
 */
const PRICING_MIN_EDGES_PER_PERSON = 100;

interface Prepared {
  people: PreparedParticipant[];
  ctx: RuleContext;
  weights: MatchingWeights;
}

function prepare(input: RoundInput): Prepared {
  const seen = new Set<string>();
  for (const p of input.participants) {
    if (seen.has(p.id)) throw new RangeError(`participant ${p.id} appears twice`);
    seen.add(p.id);
  }
  const resolved = resolveWeights(input.program.weights);
  // "Ignore departments" is the weight at zero; "require" keeps it (it can no longer tell pairs apart anyway).
  const weights =
    input.program.rules.crossDepartment === 'ignore' ? { ...resolved, differentDepartment: 0 } : resolved;
  const ctx = buildRuleContext(input);
  // Canonical order: the result must not depend on the order the store returned people in.
  const sorted = [...input.participants].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const newJoinerDays = input.program.rules.newJoinerDays ?? 90;
  const intervalCache = new Map<string, number[]>();
  const people = sorted.map((p) => prepareParticipant(p, input.roundStartDate, newJoinerDays, intervalCache));
  return { people, ctx, weights };
}

/**
 * Plans one round: hard rules → eligible pairs, soft criteria → integer scores, then an exact maximum-weight
 * matching that first places as many people as possible (a large constant on every edge), then maximises the
 * total score; the seed only decides between rounds of equal score. Odd ones out get a triad or a carry-over.
 */
export function planRound(input: RoundInput): RoundResult {
  const started = performance.now();
  const { people, ctx, weights } = prepare(input);
  const n = people.length;
  const seed = input.seed ?? 0;

  // Keep each person's k best candidates on very large programs (an edge survives if either end keeps it),
  // chosen while the pairs are checked: the whole eligible graph is never held in memory.
  const k = input.sparsifyK ?? (n > SPARSIFY_ABOVE ? DEFAULT_SPARSIFY_K : undefined);
  const tieBit = pairTieBit(people, seed);
  const graph = buildCandidateGraph(people, ctx, weights, k === undefined ? {} : { bestK: { k, tieBit } });
  const { m, eu, ev, degree, blockedCounts, model } = graph;
  const eligibilityDone = performance.now();

  const { w, rank } = roundWeights(n, graph, tieBit);
  // Dense graphs are solved by pricing: on everyone's best few candidates first, then only the edges the optimal
  // duals say could improve the round are added (pricing.ts). On a graph already sparse, one direct solve.
  const solution =
    m >= n * PRICING_MIN_EDGES_PER_PERSON
      ? solveByPricing(n, eu, ev, w, bestCandidates(n, eu, ev, rank, PRICING_START_K))
      : solveSortedMaximumWeightMatching(n, eu, ev, w);
  const solved = performance.now();

  const groups: number[][] = solution.pairs.map(([a, b]) => [a, b]);
  const unmatched: UnmatchedReason[] = [];
  const leftovers: number[] = [];
  for (let v = 0; v < n; v++) {
    if (solution.mate[v] !== -1) continue;
    if (degree[v] === 0) {
      const blockedBy: Partial<Record<HardRule, number>> = {};
      HARD_RULES.forEach((rule, r) => {
        const count = blockedCounts[v * HARD_RULES.length + r]!;
        if (count > 0) blockedBy[rule] = count;
      });
      unmatched.push({ participantId: people[v]!.person.id, reason: 'no-eligible-peer', blockedBy });
    } else {
      leftovers.push(v);
    }
  }
  // People left out last round get the first pick of a triad.
  const priority = (v: number): number =>
    people[v]!.person.lastRoundOutcome === 'unmatched' || people[v]!.person.lastRoundOutcome === 'cancelled'
      ? 0
      : 1;
  leftovers.sort((x, y) => priority(x) - priority(y) || x - y);
  const grown = new Uint8Array(groups.length);
  for (const v of leftovers) {
    let best = -1;
    let bestScore = -1;
    if (input.program.rules.oddPolicy === 'triad') {
      for (let g = 0; g < groups.length; g++) {
        if (grown[g] === 1) continue;
        const [a, b] = groups[g] as [number, number];
        const pa = model.pair(v, a);
        const pb = model.pair(v, b);
        if (pa === null || pb === null) continue;
        const s = pa.score + pb.score;
        if (s > bestScore) {
          bestScore = s;
          best = g;
        }
      }
    }
    if (best >= 0) {
      groups[best]!.push(v);
      grown[best] = 1;
    } else {
      unmatched.push({ participantId: people[v]!.person.id, reason: 'carried-over-with-priority' });
    }
  }

  const pairings = groups.map((g) => describeGroup(g, people, model, weights));
  pairings.sort((x, y) => (x.members[0]! < y.members[0]! ? -1 : 1));
  unmatched.sort((x, y) => (x.participantId < y.participantId ? -1 : 1));
  const metrics = measure(pairings, people, unmatched.length, ctx, graph.eligibleEdges);
  const result: RoundResult = {
    algorithmVersion: ALGORITHM_VERSION,
    pairings,
    unmatched,
    metrics,
    timings: {
      eligibilityMs: round2(eligibilityDone - started),
      solveMs: round2(solved - eligibilityDone),
      totalMs: round2(performance.now() - started),
    },
  };
  if (k !== undefined) result.sparsified = { k, keptEdges: m };
  return result;
}

function describeGroup(
  group: number[],
  people: PreparedParticipant[],
  model: PairModel,
  weights: MatchingWeights,
): Pairing {
  const ordered = [...group].sort((x, y) => x - y);
  let score = 0;
  let overlap = Infinity;
  const reasons: MatchReason[] = [];
  const seen = new Set<string>();
  for (let x = 0; x < ordered.length; x++) {
    for (let y = x + 1; y < ordered.length; y++) {
      const pair = model.pair(ordered[x]!, ordered[y]!);
      if (pair === null) continue; // cannot happen: every member pair of a group is eligible
      const hours = pair.overlapHours;
      const scored = scorePair(people[ordered[x]!]!, people[ordered[y]!]!, hours, weights);
      score += scored.score;
      overlap = Math.min(overlap, hours);
      for (const r of scored.reasons) {
        const key = JSON.stringify(r);
        if (!seen.has(key)) {
          seen.add(key);
          reasons.push(r);
        }
      }
    }
  }
  return {
    members: ordered.map((v) => people[v]!.person.id),
    score,
    overlapHours: Math.round(overlap * 100) / 100,
    reasons,
  };
}

function measure(
  pairings: Pairing[],
  people: PreparedParticipant[],
  unmatchedCount: number,
  ctx: RuleContext,
  eligibleEdges: number,
): RoundMetrics {
  const byId = new Map(people.map((p) => [p.person.id, p] as const));
  const quality = evaluateGroups(
    pairings.map((p) => p.members.map((id) => byId.get(id)!)),
    ctx,
  );
  const { placed, ...rest } = quality;
  return {
    participants: people.length,
    ...rest,
    // The previous design formed no circles (a field the metrics gained with them).
    largerGroups: 0,
    unmatched: unmatchedCount,
    placedPercent: percent(placed, people.length),
    totalScore: pairings.reduce((s, p) => s + p.score, 0),
    eligibleEdges,
  };
}

export interface GroupQuality {
  pairs: number;
  triads: number;
  /** People in a pair or triad. */
  placed: number;
  crossDepartmentPercent: number;
  sharedGoalPercent: number;
  meanOverlapHours: number;
  repeatsWithinCooldown: number;
  /** Groups whose least member-pair overlap is below the program's minimum. */
  belowMinOverlap: number;
}

/** Quality figures for any grouping (planRound's, or a baseline such as random pairing). */
export function evaluateGroups(groups: PreparedParticipant[][], ctx: RuleContext): GroupQuality {
  let cross = 0;
  let goal = 0;
  let overlapSum = 0;
  let repeats = 0;
  let placed = 0;
  let pairs = 0;
  let triads = 0;
  let belowMin = 0;
  for (const g of groups) {
    placed += g.length;
    if (g.length === 2) pairs++;
    else triads++;
    const departments = g.map((p) => p.person.department);
    if (departments.every((d) => d) && new Set(departments).size === g.length) cross++;
    if ([...g[0]!.goals].some((x) => g.every((p) => p.goals.has(x)))) goal++;
    let minOverlap = Infinity;
    let repeat = false;
    for (let x = 0; x < g.length; x++) {
      for (let y = x + 1; y < g.length; y++) {
        if (isRepeat(g[x]!, g[y]!, ctx)) repeat = true;
        minOverlap = Math.min(minOverlap, overlapHours(g[x]!.intervals, g[y]!.intervals));
      }
    }
    if (repeat) repeats++;
    if (minOverlap < ctx.program.rules.minOverlapHours) belowMin++;
    overlapSum += minOverlap;
  }
  const total = groups.length;
  return {
    pairs,
    triads,
    placed,
    crossDepartmentPercent: percent(cross, total),
    sharedGoalPercent: percent(goal, total),
    meanOverlapHours: total === 0 ? 0 : round2(overlapSum / total),
    repeatsWithinCooldown: repeats,
    belowMinOverlap: belowMin,
  };
}

const isRepeat = (a: PreparedParticipant, b: PreparedParticipant, ctx: RuleContext): boolean =>
  inCooldown(pairKey(a.person.id, b.person.id), ctx);

const percent = (part: number, whole: number): number => (whole === 0 ? 100 : round2((100 * part) / whole));
const round2 = (x: number): number => Math.round(x * 100) / 100;

export { prepare as prepareRound };

/**
 * The seeded tie-break bit of a pair, from the two ids (in id order, as people are sorted): a hash of each id
 * with the seed, combined and mixed so the bit depends on the pair as a whole — not a per-person bit XOR-ed
 * (which would let the seed choose between far fewer rounds).
 */
export function tieBitOfIds(a: string, b: string, seed: number): number {
  const [x, y] = a < b ? [a, b] : [b, a];
  return combineTieHashes(mix32(hashString(x, seed)), mix32(hashString(y, seed)));
}

const combineTieHashes = (hu: number, hv: number): number =>
  mix32((Math.imul(hu, 0x9e3779b1) + hv) >>> 0) >>> 31;

/**
 * The solver's weight of each edge, C + score·J + tie-break bit: J exceeds the sum of all tie-break bits and C
 * the score of any matching, so the optimum is a maximum-cardinality matching with the best real score, the
 * seed breaking ties. `rank` (score·2 + bit) orders each person's candidates the same way.
 */
export function roundWeights(
  n: number,
  graph: Pick<CandidateGraph, 'm' | 'eu' | 'ev' | 'score'>,
  tieBit: (u: number, v: number) => number,
): { w: Float64Array; rank: Float64Array } {
  const { m, eu, ev, score } = graph;
  const half = Math.floor(n / 2);
  const J = half + 1;
  let maxScore = 0;
  for (let e = 0; e < m; e++) maxScore = Math.max(maxScore, score[e]!);
  const C = half * (maxScore * J + 1) + 1;
  if ((C + maxScore * J + 1) * (half + 1) * 8 > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('weights too large for exact arithmetic; lower the weights or sparsify');
  }
  const w = new Float64Array(m);
  const rank = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const bit = tieBit(eu[e]!, ev[e]!);
    w[e] = C + score[e]! * J + bit;
    rank[e] = score[e]! * 2 + bit;
  }
  return { w, rank };
}

/** `tieBitOfIds` for people u < v of a round (sorted by id), with each id hashed once. */
export function pairTieBit(
  people: readonly PreparedParticipant[],
  seed: number,
): (u: number, v: number) => number {
  const hash = Uint32Array.from(people, (p) => mix32(hashString(p.person.id, seed)));
  return (u, v) => combineTieHashes(hash[u]!, hash[v]!);
}

/**
 * Each vertex's k best edges by `rank` (higher first, then lower edge index): mask[e] = 1 when either end keeps
 * edge e. Edges are in sorted compact form (u < v, sorted by (u, v)).
 */
export function bestCandidates(
  n: number,
  eu: Int32Array,
  ev: Int32Array,
  rank: Float64Array,
  k: number,
): Uint8Array {
  const m = eu.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    start[eu[e]! + 1]!++;
    start[ev[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const keys = new Float64Array(2 * m);
  for (let e = 0; e < m; e++) {
    // Higher rank first, then lower edge index: negate so an ascending order ranks best first.
    const key = -(rank[e]! * (m + 1) + (m - e));
    keys[fill[eu[e]!]!++] = key;
    keys[fill[ev[e]!]!++] = key;
  }
  const keep = new Uint8Array(m);
  for (let v = 0; v < n; v++) {
    // Keys are distinct (they contain the edge index), so "the k smallest" is one well-defined set: a
    // selection finds it in linear time where sorting every candidate list cost O(m log m).
    const ranked = keys.subarray(start[v], start[v + 1]);
    if (ranked.length > k) selectSmallest(ranked, k);
    for (let t = 0; t < Math.min(k, ranked.length); t++) {
      const packed = -ranked[t]!;
      keep[m - (packed % (m + 1))] = 1;
    }
  }
  return keep;
}

/** Reorders `a` (distinct values) so that its k smallest values occupy a[0..k-1], in any order (quickselect). */
export function selectSmallest(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Median of three as pivot: deterministic, and linear on sorted or reversed input.
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi]; keep narrowing the side holding position k - 1.
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}
