import { type CandidateGraph } from './candidate-graph';
import {
  bestPairScores,
  circleScoreBound,
  CircleScorer,
  describeCircle,
  formCircles,
  groupSizes,
  MAX_CIRCLE_SIZE,
  MIN_CIRCLE_SIZE,
  neighbourhoodsOf,
} from './circles';
import {
  buildRuleContext,
  inCooldown,
  pairKey,
  type PreparedParticipant,
  prepareParticipant,
  type RuleContext,
} from './eligibility';
import { type Objective, roundObjective, weightOf } from './objective';
import { HARD_RULES, PairModel, rowBuffers } from './pair-model';
import { hashString, mix32 } from './rng';
import { scorePair } from './scoring';
import type {
  HardRule,
  MatchingProgram,
  MatchingWeights,
  MatchReason,
  Optimality,
  Pairing,
  RoundInput,
  RoundMetrics,
  RoundResult,
  UnmatchedReason,
} from './types';
import { resolveWeights } from './weights';
import { solveWholeGraph, type WholeGraphOptions, type WholeGraphSolution } from './whole-graph';
import { overlapHours } from './working-hours';

export const ALGORITHM_VERSION = 'pairwise-blossom/2';
/** Peer circles: the same optimal pairing, grown into circles and improved by local search (circles.ts). */
export const CIRCLES_ALGORITHM_VERSION = 'pairwise-circles/1';
/** Up to this many people, a circle's candidates are every eligible peer (above, the solver's subgraph's). */
const EVERY_PEER_UP_TO = 400;

/** The circle size a program asks for, or null for pairs (onboarding programs are always pairs). */
export function circleSizeOf(program: MatchingProgram): number | null {
  const size = program.rules.groupSize ?? 2;
  if (!Number.isInteger(size) || size < 2 || size > MAX_CIRCLE_SIZE)
    throw new RangeError(`groupSize must be 2 (pairs) or ${MIN_CIRCLE_SIZE}–${MAX_CIRCLE_SIZE}, got ${size}`);
  return size < MIN_CIRCLE_SIZE || program.kind === 'onboarding-buddy' ? null : size;
}

/**
 * Candidates per person in the first subgraph the solver sees (the rest of the eligible graph is priced in):
 * enough that the first solve is usually the whole graph's optimum or a few edges from it (see whole-graph.ts).
 */
export const DEFAULT_CANDIDATES = 20;
/** How long a round may spend proving its optimum before it settles for a certified bound. */
export const DEFAULT_TIME_BUDGET_MS = 60_000;

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
export function planRound(
  input: RoundInput,
  /** Sees each graph the solver is given (the bench times solvers on them); see `WholeGraphOptions`. */
  observe: Pick<WholeGraphOptions, 'onSolve'> = {},
): RoundResult {
  const started = performance.now();
  const { people, ctx, weights } = prepare(input);
  const n = people.length;
  const tieBit = pairTieBit(people, input.seed ?? 0);
  const model = new PairModel(people, ctx, weights);
  let maxScore = 0;
  for (const b of model.bound) maxScore = Math.max(maxScore, b);
  const objective = roundObjective(n, maxScore);
  const prepared = performance.now();

  // The exact optimum of the whole eligible graph, found on a small subgraph and proven by pricing every eligible
  // pair against the optimal duals (whole-graph.ts); the whole graph is never held in memory.
  const solution = solveWholeGraph(model, objective, {
    candidates: input.candidatesPerPerson ?? DEFAULT_CANDIDATES,
    tieBit,
    seed: input.seed ?? 0,
    deadline: started + (input.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS),
    ...observe,
  });
  const { degree, blockedCounts } = solution.graph;

  const unmatched: UnmatchedReason[] = [];
  for (let v = 0; v < n; v++) {
    if (degree[v] !== 0) continue;
    const blockedBy: Partial<Record<HardRule, number>> = {};
    HARD_RULES.forEach((rule, r) => {
      const count = blockedCounts[v * HARD_RULES.length + r]!;
      if (count > 0) blockedBy[rule] = count;
    });
    unmatched.push({ participantId: people[v]!.person.id, reason: 'no-eligible-peer', blockedBy });
  }
  // People left out last round get the first pick of a triad (or a circle's last seat).
  const priority = (v: number): number =>
    people[v]!.person.lastRoundOutcome === 'unmatched' || people[v]!.person.lastRoundOutcome === 'cancelled'
      ? 0
      : 1;

  const circleSize = circleSizeOf(input.program);
  let pairings: Pairing[];
  let optimality: Optimality = solution.optimality;
  let circlesMs = 0;
  let circleSearch: NonNullable<RoundResult['search']['circles']> | null = null;
  if (circleSize !== null) {
    const circlesStarted = performance.now();
    const circles = planCircles(input, people, model, weights, solution, circleSize, priority, started);
    pairings = circles.pairings;
    optimality = circles.optimality;
    circleSearch = circles.search;
    for (const v of circles.leftovers)
      unmatched.push({ participantId: people[v]!.person.id, reason: 'carried-over-with-priority' });
    circlesMs = performance.now() - circlesStarted;
  } else {
    pairings = pairsAndTriads(input, people, model, weights, solution.mate, degree, priority, unmatched);
  }
  pairings.sort((x, y) => (x.members[0]! < y.members[0]! ? -1 : 1));
  unmatched.sort((x, y) => (x.participantId < y.participantId ? -1 : 1));
  const metrics = measure(pairings, people, unmatched.length, ctx, solution.graph.eligibleEdges);
  const { timings } = solution;
  return {
    algorithmVersion: circleSize === null ? ALGORITHM_VERSION : CIRCLES_ALGORITHM_VERSION,
    pairings,
    unmatched,
    metrics,
    optimality,
    search: {
      candidatesPerPerson: input.candidatesPerPerson ?? DEFAULT_CANDIDATES,
      rounds: solution.rounds,
      edgesSolved: solution.edgesSolved,
      ...(circleSearch === null ? {} : { circles: circleSearch }),
    },
    timings: {
      prepareMs: round2(prepared - started),
      candidatesMs: round2(timings.candidatesMs),
      solveMs: round2(timings.solveMs),
      pricingMs: round2(timings.pricingMs),
      ...(circleSize === null ? {} : { circlesMs: round2(circlesMs) }),
      totalMs: round2(performance.now() - started),
    },
  };
}

/** The optimal pairing, and each single who has a peer joins the pair they fit best (triad) or is carried over. */
function pairsAndTriads(
  input: RoundInput,
  people: PreparedParticipant[],
  model: PairModel,
  weights: MatchingWeights,
  mate: Int32Array,
  degree: Int32Array,
  priority: (v: number) => number,
  unmatched: UnmatchedReason[],
): Pairing[] {
  const n = people.length;
  const groups: number[][] = [];
  for (let v = 0; v < n; v++) if (mate[v]! > v) groups.push([v, mate[v]!]);
  const leftovers: number[] = [];
  for (let v = 0; v < n; v++) if (mate[v] === -1 && degree[v] !== 0) leftovers.push(v);
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
  return groups.map((g) => describeGroup(g, people, model, weights));
}

/**
 * Peer circles from the whole graph's optimal pairing (circles.ts), with a certified bound: no circles of the
 * same sizes score more than `circleScoreBound`, so `optimality` is bounded by the difference (its gap null
 * when someone with an eligible peer was left over: then placing as many is not proven).
 */
function planCircles(
  input: RoundInput,
  people: PreparedParticipant[],
  model: PairModel,
  weights: MatchingWeights,
  solution: WholeGraphSolution,
  size: number,
  priority: (v: number) => number,
  started: number,
): {
  pairings: Pairing[];
  leftovers: number[];
  optimality: Optimality;
  search: NonNullable<RoundResult['search']['circles']>;
} {
  const n = people.length;
  const scorer = new CircleScorer(model, people, weights, input.program.rules.minOverlapHours);
  // Enough best scores for the largest circle the sizes allow, and as extra candidates for the local search.
  const largest = Math.max(size + 1, ...groupSizes(n, size));
  const best = bestPairScores(model, largest - 1);
  const candidateLists: ArrayLike<number>[] = [interleave(solution.subgraph.u, solution.subgraph.v)];
  const partners: number[] = [];
  for (let v = 0; v < n; v++) {
    for (let t = 0; t < largest - 1; t++) {
      const w = best.partners[v * (largest - 1) + t]!;
      if (w >= 0) partners.push(v, w);
    }
  }
  candidateLists.push(partners);
  if (n <= EVERY_PEER_UP_TO) {
    const every: number[] = [];
    const rows = rowBuffers(n);
    model.forEachRow(rows, (i, count) => {
      for (let c = 0; c < count; c++) every.push(i, rows.partners[c]!);
    });
    candidateLists.push(every);
  }
  const outcome = formCircles({
    scorer,
    size,
    mate: solution.mate,
    degree: solution.graph.degree,
    neighbours: neighbourhoodsOf(n, candidateLists),
    priority,
    seed: input.seed ?? 0,
    deadline: started + (input.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS),
  });
  const placed = outcome.groups.reduce((s, g) => s + g.length, 0);
  const bound = Math.max(
    circleScoreBound(best.scores, largest - 1, n, groupSizes(placed, size)),
    circleScoreBound(
      best.scores,
      largest - 1,
      n,
      outcome.groups.map((g) => g.length),
    ),
  );
  const optimality: Optimality = {
    status: 'bounded',
    gap: outcome.leftovers.length === 0 ? Math.max(0, bound - outcome.score) : null,
  };
  return {
    pairings: outcome.groups.map((g) => describeCircle(g, people, scorer)),
    leftovers: outcome.leftovers,
    optimality,
    search: outcome.search,
  };
}

function interleave(u: Int32Array, v: Int32Array): Int32Array {
  const out = new Int32Array(u.length * 2);
  for (let e = 0; e < u.length; e++) {
    out[2 * e] = u[e]!;
    out[2 * e + 1] = v[e]!;
  }
  return out;
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
      // One pair's reasons differ from each other; a triad's pairs may give the same one (a level, a goal).
      // Comparing them as JSON cost a pairing 10 µs, 0.3 s of a round at 50,000 people.
      if (ordered.length === 2) reasons.push(...scored.reasons);
      else {
        for (const r of scored.reasons) {
          const key = JSON.stringify(r);
          if (!seen.has(key)) {
            seen.add(key);
            reasons.push(r);
          }
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
  largerGroups: number;
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
  let largerGroups = 0;
  let belowMin = 0;
  for (const g of groups) {
    placed += g.length;
    if (g.length === 2) pairs++;
    else if (g.length === 3) triads++;
    else largerGroups++;
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
    largerGroups,
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
 * The solver's weight of each edge of a graph (see objective.ts: C + score·J + tie-break bit), and `rank`
 * (score·2 + bit), which orders each person's candidates the same way. For benchmarks and tests that solve a
 * whole candidate graph directly.
 */
export function roundWeights(
  n: number,
  graph: Pick<CandidateGraph, 'm' | 'eu' | 'ev' | 'score'>,
  tieBit: (u: number, v: number) => number,
): { w: Float64Array; rank: Float64Array; objective: Objective } {
  const { m, eu, ev, score } = graph;
  let maxScore = 0;
  for (let e = 0; e < m; e++) maxScore = Math.max(maxScore, score[e]!);
  const objective = roundObjective(n, maxScore);
  const w = new Float64Array(m);
  const rank = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const bit = tieBit(eu[e]!, ev[e]!);
    w[e] = weightOf(objective, score[e]!, bit);
    rank[e] = score[e]! * 2 + bit;
  }
  return { w, rank, objective };
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
