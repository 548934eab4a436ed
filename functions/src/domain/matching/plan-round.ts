import { buildCandidateGraph, HARD_RULES } from './candidate-graph';
import {
  buildRuleContext,
  inCooldown,
  pairKey,
  prepareParticipant,
  type PreparedParticipant,
  type RuleContext,
} from './eligibility';
import { scorePair } from './scoring';
import { solveSortedMaximumWeightMatching } from './solver';
import type {
  HardRule,
  MatchReason,
  MatchingWeights,
  Pairing,
  RoundInput,
  RoundMetrics,
  RoundResult,
  UnmatchedReason,
} from './types';
import { resolveWeights } from './weights';
import { overlapHours } from './working-hours';

export const ALGORITHM_VERSION = 'pairwise-blossom/1';

/** Above this many people the candidate graph is sparsified to each person's best k candidates by default. */
const SPARSIFY_ABOVE = 3000;
const DEFAULT_SPARSIFY_K = 40;

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
  const weights = resolveWeights(input.program.weights);
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

  const graph = buildCandidateGraph(people, ctx, weights);
  const { m, eu, ev, degree, blockedCounts } = graph;
  const escore = graph.score;
  const eoverlap = graph.overlap;
  const eligibilityDone = performance.now();
  // Edges come sorted by (u, v): a pair's edge is found by binary search in u's run.
  const rowStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) rowStart[eu[e]! + 1]!++;
  for (let v = 0; v < n; v++) rowStart[v + 1]! += rowStart[v]!;
  const edgeOf = (i: number, j: number): number | undefined => {
    const u = Math.min(i, j);
    const v = Math.max(i, j);
    let lo = rowStart[u]!;
    let hi = rowStart[u + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = ev[mid]!;
      if (x === v) return mid;
      if (x < v) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  const tieBits = pairTieBits(people, eu, ev, seed);
  const tieBreak = (e: number): number => tieBits[e]!;

  // Keep each person's k best candidates on very large programs (an edge survives if either end keeps it).
  const k = input.sparsifyK ?? (n > SPARSIFY_ABOVE ? DEFAULT_SPARSIFY_K : undefined);
  let kept: Int32Array = Int32Array.from({ length: m }, (_, e) => e);
  if (k !== undefined) {
    // Per person: rank candidates by (score, tie bit, edge index) packed into one number, sorted natively.
    const start = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      start[eu[e]! + 1]!++;
      start[ev[e]! + 1]!++;
    }
    for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
    const fill = start.slice(0, n);
    const keys = new Float64Array(2 * m);
    for (let e = 0; e < m; e++) {
      // Higher score first, then tie bit, then lower edge index: negate so an ascending sort ranks best first.
      const key = -((escore[e]! * 2 + tieBreak(e)) * (m + 1) + (m - e));
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
    kept = kept.filter((e) => keep[e] === 1);
  }

  // Weight = C + score·J + tie-break bit. J exceeds the sum of all tie-break bits, and C exceeds the score of
  // any matching, so the optimum is a maximum-cardinality matching with the best real score, seed breaking ties.
  const sparsified = performance.now();
  const half = Math.floor(n / 2);
  const J = half + 1;
  let maxScore = 0;
  for (const e of kept) maxScore = Math.max(maxScore, escore[e]!);
  const C = half * (maxScore * J + 1) + 1;
  if ((C + maxScore * J + 1) * (half + 1) * 8 > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('weights too large for exact arithmetic; lower the weights or sparsify');
  }
  // Kept edges stay in (u, v) order, so the solver takes them as they are (no tuple per edge).
  const su = new Int32Array(kept.length);
  const sv = new Int32Array(kept.length);
  const sw = new Float64Array(kept.length);
  kept.forEach((e, t) => {
    su[t] = eu[e]!;
    sv[t] = ev[e]!;
    sw[t] = C + escore[e]! * J + tieBreak(e);
  });
  const solution = solveSortedMaximumWeightMatching(n, su, sv, sw);
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
        const ea = edgeOf(v, a);
        const eb = edgeOf(v, b);
        if (ea === undefined || eb === undefined) continue;
        const s = escore[ea]! + escore[eb]!;
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

  const pairings = groups.map((g) => describeGroup(g, people, eoverlap, edgeOf, weights));
  pairings.sort((x, y) => (x.members[0]! < y.members[0]! ? -1 : 1));
  unmatched.sort((x, y) => (x.participantId < y.participantId ? -1 : 1));
  const metrics = measure(pairings, people, unmatched.length, ctx, m);
  const result: RoundResult = {
    algorithmVersion: ALGORITHM_VERSION,
    pairings,
    unmatched,
    metrics,
    timings: {
      eligibilityMs: round2(eligibilityDone - started),
      solveMs: round2(solved - eligibilityDone),
      sparsifyMs: round2(sparsified - eligibilityDone),
      totalMs: round2(performance.now() - started),
    },
  };
  if (k !== undefined) result.sparsified = { k, keptEdges: kept.length };
  return result;
}

function describeGroup(
  group: number[],
  people: PreparedParticipant[],
  eoverlap: Float64Array,
  edgeOf: (i: number, j: number) => number | undefined,
  weights: MatchingWeights,
): Pairing {
  const ordered = [...group].sort((x, y) => x - y);
  let score = 0;
  let overlap = Infinity;
  const reasons: MatchReason[] = [];
  const seen = new Set<string>();
  for (let x = 0; x < ordered.length; x++) {
    for (let y = x + 1; y < ordered.length; y++) {
      const e = edgeOf(ordered[x]!, ordered[y]!);
      if (e === undefined) continue; // cannot happen: every member pair of a group is eligible
      const hours = eoverlap[e]!;
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
 * One seeded bit per pair, from the pair's ids (not its position): FNV-1a of pairKey(a, b) with the seed, as
 * `hashString` computes it, without building a string per pair. People are sorted by id, so for u < v the key is
 * id(u) + NUL + id(v): the hash state after the prefix is computed once per person.
 */
export function pairTieBits(
  people: readonly PreparedParticipant[],
  eu: Int32Array,
  ev: Int32Array,
  seed: number,
): Uint8Array {
  const prefix = new Uint32Array(people.length);
  people.forEach((p, i) => {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    const id = p.person.id;
    for (let c = 0; c < id.length; c++) {
      h ^= id.charCodeAt(c);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    // The NUL separator: h ^= 0 leaves h as it is.
    prefix[i] = Math.imul(h, 0x01000193) >>> 0;
  });
  const bits = new Uint8Array(eu.length);
  for (let e = 0; e < eu.length; e++) {
    let h = prefix[eu[e]!]!;
    const id = people[ev[e]!]!.person.id;
    for (let c = 0; c < id.length; c++) {
      h ^= id.charCodeAt(c);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    bits[e] = h & 1;
  }
  return bits;
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
