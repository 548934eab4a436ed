/** The pre-issue-17 matching pipeline (see plan-round.ts here): kept for the bench, not used by the product. */
import {
  checkPair,
  type PreparedParticipant,
  type RuleContext,
} from '../../../functions/src/domain/matching/eligibility';
import { scoreOnly } from '../../../functions/src/domain/matching/scoring';
import type { HardRule, MatchingWeights } from '../../../functions/src/domain/matching/types';
import { overlapHours } from '../../../functions/src/domain/matching/working-hours';

/** The order rules are counted in `blockedCounts` (row v, column = index here). */
export const HARD_RULES: readonly HardRule[] = [
  'admin-block',
  'not-with',
  'management-chain',
  'cooldown',
  'same-department',
  'onboarding-pairing',
  'level-band',
  'cadence',
  'working-hours-overlap',
];

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
  eu = new Int32Array(1024);
  ev = new Int32Array(1024);
  score = new Float64Array(1024);
  overlap = new Float64Array(1024);

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

const FULL_OVERLAP_HOURS = 8;
const MAX_TOPICS_PER_DIRECTION = 3;
/** Largest number of distinct schedules whose pairwise overlaps are memoised in a table (8 MB at most). */
const OVERLAP_TABLE_LIMIT = 1024;

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Interns strings as small integers; a falsy value (null, undefined, '') is -1, as the rules treat it. */
function interner(): (value: string | null | undefined) => number {
  const ids = new Map<string, number>();
  return (value) => {
    if (!value) return -1;
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  };
}

/** A pair that may meet: its score and working-hours overlap. */
export interface EligiblePair {
  score: number;
  overlapHours: number;
}

/**
 * Everything a pair check or score needs, turned into integers once per person (levels, department/team/
 * work-style ids, goal/topic/language bit sets, cadence masks, a schedule id whose pairwise overlaps are
 * memoised), so checking a pair is arithmetic only. The string-keyed rules (admin blocks, "not with",
 * management chain, cooldown) can only fail for the few pairs named in someone's lists or history: those pairs
 * — and only those — go through `checkPair` itself. Gives exactly what `checkPair` + `scoreOnly` give.
 */
export class PairModel {
  readonly n: number;
  private readonly people: readonly PreparedParticipant[];
  private readonly ctx: RuleContext;
  private readonly w: MatchingWeights;
  private readonly onboarding: boolean;
  /** The program requires crossing departments (a hard rule on the interned department ids). */
  private readonly crossDepartment: boolean;
  private readonly band: number;
  private readonly minOverlap: number;
  private readonly level: Float64Array;
  private readonly newJoiner: Uint8Array;
  private readonly anyCadence: Uint8Array;
  private readonly cadenceMask: Int32Array;
  private readonly department: Int32Array;
  private readonly team: Int32Array;
  private readonly workStyle: Int32Array;
  private readonly goals: Int32Array;
  private readonly fairness: Uint8Array;
  private readonly schedule: Int32Array;
  private readonly schedules: Array<readonly number[]> = [];
  private readonly table: Float64Array | null;
  private readonly topicWords: number;
  private readonly languageWords: number;
  private readonly share: Int32Array;
  private readonly learn: Int32Array;
  private readonly languages: Int32Array;
  /** More than 31 distinct cadence values would not fit a mask: then every pair takes the reference check. */
  readonly everyPairSlow: boolean;
  /** Per person, the others a string-keyed rule could exclude (named in their lists, history, admin blocks). */
  readonly named: number[][];
  /**
   * Per person, the highest score they could get with anyone (each criterion at its best given their own
   * attributes): score(i, j) ≤ min(bound[i], bound[j]). Lets the best-k builder skip scoring hopeless pairs.
   */
  readonly bound: Float64Array;
  private readonly namedPairs = new Set<number>();

  constructor(people: readonly PreparedParticipant[], ctx: RuleContext, weights: MatchingWeights) {
    const n = people.length;
    this.n = n;
    this.people = people;
    this.ctx = ctx;
    this.w = weights;
    const rules = ctx.program.rules;
    this.onboarding = ctx.program.kind === 'onboarding-buddy';
    this.crossDepartment = rules.crossDepartment === 'require';
    this.band = rules.levelBand;
    this.minOverlap = rules.minOverlapHours;

    const index = new Map<string, number>();
    people.forEach((p, i) => index.set(p.person.id, i));
    this.level = new Float64Array(n);
    this.newJoiner = new Uint8Array(n);
    this.anyCadence = new Uint8Array(n);
    this.cadenceMask = new Int32Array(n);
    this.department = new Int32Array(n);
    this.team = new Int32Array(n);
    this.workStyle = new Int32Array(n);
    this.goals = new Int32Array(n);
    this.fairness = new Uint8Array(n);
    this.schedule = new Int32Array(n);
    const departmentId = interner();
    const teamId = interner();
    const styleId = interner();
    const cadenceId = new Map<string, number>();
    const topicId = new Map<string, number>();
    const languageId = new Map<string, number>();
    const scheduleId = new Map<readonly number[], number>();
    for (const p of people) {
      for (const key of p.share.keys()) if (!topicId.has(key)) topicId.set(key, topicId.size);
      for (const key of p.learn.keys()) if (!topicId.has(key)) topicId.set(key, topicId.size);
      for (const key of p.languages.keys()) if (!languageId.has(key)) languageId.set(key, languageId.size);
    }
    const topicWords = Math.max(1, Math.ceil(topicId.size / 32));
    const languageWords = Math.max(1, Math.ceil(languageId.size / 32));
    this.topicWords = topicWords;
    this.languageWords = languageWords;
    this.share = new Int32Array(n * topicWords);
    this.learn = new Int32Array(n * topicWords);
    this.languages = new Int32Array(n * languageWords);
    const setBit = (bits: Int32Array, row: number, words: number, id: number): void => {
      bits[row * words + (id >>> 5)]! |= 1 << (id & 31);
    };
    let everyPairSlow = false;
    for (let i = 0; i < n; i++) {
      const p = people[i]!;
      const person = p.person;
      this.level[i] = person.level === null ? NaN : person.level;
      this.newJoiner[i] = p.newJoiner ? 1 : 0;
      if (p.cadences === null) this.anyCadence[i] = 1;
      else {
        let mask = 0;
        for (const c of p.cadences) {
          let id = cadenceId.get(c);
          if (id === undefined) cadenceId.set(c, (id = cadenceId.size));
          if (id > 30) everyPairSlow = true;
          else mask |= 1 << id;
        }
        this.cadenceMask[i] = mask;
      }
      this.department[i] = departmentId(person.department);
      this.team[i] = teamId(person.team);
      this.workStyle[i] = styleId(person.workStyle);
      this.goals[i] = p.goalBits;
      this.fairness[i] =
        person.lastRoundOutcome === 'unmatched' || person.lastRoundOutcome === 'cancelled' ? 1 : 0;
      for (const key of p.share.keys()) setBit(this.share, i, topicWords, topicId.get(key)!);
      for (const key of p.learn.keys()) setBit(this.learn, i, topicWords, topicId.get(key)!);
      for (const key of p.languages.keys()) setBit(this.languages, i, languageWords, languageId.get(key)!);
      let s = scheduleId.get(p.intervals);
      if (s === undefined) {
        scheduleId.set(p.intervals, (s = this.schedules.length));
        this.schedules.push(p.intervals);
      }
      this.schedule[i] = s;
    }
    this.everyPairSlow = everyPairSlow;
    this.bound = new Float64Array(n);
    const w = weights;
    const positive = (x: number): number => Math.max(0, x);
    for (let i = 0; i < n; i++) {
      let shares = 0;
      let learns = 0;
      let speaks = 0;
      for (let t = 0; t < topicWords; t++) {
        shares += popcount32(this.share[i * topicWords + t]!);
        learns += popcount32(this.learn[i * topicWords + t]!);
      }
      for (let t = 0; t < languageWords; t++) speaks += popcount32(this.languages[i * languageWords + t]!);
      this.bound[i] =
        (this.department[i]! >= 0 ? positive(w.differentDepartment) : 0) +
        (this.team[i]! >= 0 ? positive(w.differentTeam) : 0) +
        positive(w.sharedGoal) * popcount32(this.goals[i]!) +
        positive(w.complementaryTopics) *
          (Math.min(shares, MAX_TOPICS_PER_DIRECTION) + Math.min(learns, MAX_TOPICS_PER_DIRECTION)) +
        (speaks > 0 ? positive(w.sharedLanguage) : 0) +
        (this.workStyle[i]! >= 0 ? positive(w.sameWorkStyle) : 0) +
        positive(w.newJoinerTenured) +
        positive(w.fairness) * (this.fairness[i]! + 1) +
        positive(w.timeZoneOverlap);
    }
    const g = this.schedules.length;
    this.table = g <= OVERLAP_TABLE_LIMIT ? new Float64Array(g * g).fill(-1) : null;

    this.named = Array.from({ length: n }, () => []);
    const name = (i: number, id: string): void => {
      const j = index.get(id);
      if (j === undefined || j === i) return;
      this.named[i]!.push(j);
      this.named[j]!.push(i);
      this.namedPairs.add(Math.min(i, j) * n + Math.max(i, j));
    };
    for (let i = 0; i < n; i++) {
      const p = people[i]!;
      for (const id of p.notWith) name(i, id);
      for (const id of p.chain) name(i, id);
      for (const id of ctx.touchedBy.get(p.person.id) ?? []) name(i, id);
    }
  }

  private overlapOf(a: number, b: number): number {
    const { table, schedule, schedules } = this;
    if (table === null) return overlapHours(this.people[a]!.intervals, this.people[b]!.intervals);
    const g = schedules.length;
    const at = schedule[a]! * g + schedule[b]!;
    let hours = table[at]!;
    if (hours < 0) {
      hours = overlapHours(schedules[schedule[a]!]!, schedules[schedule[b]!]!);
      table[at] = hours;
    }
    return hours;
  }

  /**
   * The working-hours overlap of i and j (i < j) when they may be paired, else -1. `named` says whether a
   * string-keyed rule could exclude them (then the reference check decides).
   */
  overlapIfEligible(i: number, j: number, named: boolean): number {
    if (named || this.everyPairSlow) {
      const check = checkPair(this.people[i]!, this.people[j]!, this.ctx);
      return check.ok ? check.overlapHours : -1;
    }
    // The same rules in the same order as checkPair, minus the string-keyed ones that cannot fail here.
    // An unknown department (-1, as checkPair's falsy one) never blocks.
    if (this.crossDepartment && this.department[i]! >= 0 && this.department[i] === this.department[j])
      return -1;
    if (this.onboarding && this.newJoiner[i] === this.newJoiner[j]) return -1;
    // NaN (no level) makes the comparison false: no level rule, as in checkPair.
    if (Math.abs(this.level[i]! - this.level[j]!) > this.band) return -1;
    if (
      this.anyCadence[i] === 0 &&
      this.anyCadence[j] === 0 &&
      (this.cadenceMask[i]! & this.cadenceMask[j]!) === 0
    ) {
      return -1;
    }
    const hours = this.overlapOf(i, j);
    return hours < this.minOverlap ? -1 : hours;
  }

  /** `scoreOnly`, on integers. */
  score(i: number, j: number, hours: number): number {
    const { w, topicWords, languageWords } = this;
    let score = 0;
    const di = this.department[i]!;
    if (di >= 0 && this.department[j]! >= 0 && di !== this.department[j]) score += w.differentDepartment;
    const ti = this.team[i]!;
    if (ti >= 0 && this.team[j]! >= 0 && ti !== this.team[j]) score += w.differentTeam;
    score += w.sharedGoal * popcount32(this.goals[i]! & this.goals[j]!);
    let teachIJ = 0;
    let teachJI = 0;
    for (let t = 0; t < topicWords; t++) {
      teachIJ += popcount32(this.share[i * topicWords + t]! & this.learn[j * topicWords + t]!);
      teachJI += popcount32(this.share[j * topicWords + t]! & this.learn[i * topicWords + t]!);
    }
    score +=
      w.complementaryTopics *
      (Math.min(teachIJ, MAX_TOPICS_PER_DIRECTION) + Math.min(teachJI, MAX_TOPICS_PER_DIRECTION));
    for (let t = 0; t < languageWords; t++) {
      if ((this.languages[i * languageWords + t]! & this.languages[j * languageWords + t]!) !== 0) {
        score += w.sharedLanguage;
        break;
      }
    }
    const si = this.workStyle[i]!;
    if (si >= 0 && si === this.workStyle[j]) score += w.sameWorkStyle;
    if (this.newJoiner[i] !== this.newJoiner[j]) score += w.newJoinerTenured;
    score += w.fairness * (this.fairness[i]! + this.fairness[j]!);
    score += Math.floor((w.timeZoneOverlap * Math.min(hours, FULL_OVERLAP_HOURS)) / FULL_OVERLAP_HOURS);
    return score;
  }

  /** Any two people (in any order): their score and overlap when they may be paired, else null. */
  pair(a: number, b: number): EligiblePair | null {
    if (a === b) return null;
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    const hours = this.overlapIfEligible(i, j, this.namedPairs.has(i * this.n + j));
    return hours < 0 ? null : { score: this.score(i, j, hours), overlapHours: hours };
  }

  /** Per rule, the candidates that excluded v first (for people with no eligible peer). */
  countBlocked(v: number, into: Int32Array): void {
    for (let u = 0; u < this.n; u++) {
      if (u === v) continue;
      const check =
        u < v
          ? checkPair(this.people[u]!, this.people[v]!, this.ctx)
          : checkPair(this.people[v]!, this.people[u]!, this.ctx);
      if (!check.ok) into[v * HARD_RULES.length + HARD_RULES.indexOf(check.rule)]!++;
    }
  }
}

export interface CandidateGraphOptions {
  /**
   * Keep only each person's k best candidates (an edge survives if either end keeps it): best by score, then
   * `tieBit(u, v)`, then the lower-numbered other person — the order the whole graph's edges would rank in.
   * Chosen while the pairs are checked, so the whole graph is never held in memory.
   */
  bestK?: { k: number; tieBit: (u: number, v: number) => number };
}

/**
 * The same graph as `buildCandidateGraphNaive`, fast (see `PairModel`); with `bestK`, only the best candidates
 * of each person, with `degree` and `eligibleEdges` still counting the whole eligible graph.
 */
export function buildCandidateGraph(
  people: readonly PreparedParticipant[],
  ctx: RuleContext,
  weights: MatchingWeights,
  options: CandidateGraphOptions = {},
): CandidateGraph & { model: PairModel } {
  const n = people.length;
  const model = new PairModel(people, ctx, weights);
  const mark = new Int32Array(n).fill(-1);
  const best =
    options.bestK === undefined ? null : new BestCandidates(n, options.bestK.k, options.bestK.tieBit);
  const list = new EdgeList();
  const degree = new Int32Array(n);
  const bound = model.bound;
  let eligible = 0;
  for (let i = 0; i < n; i++) {
    for (const j of model.named[i]!) mark[j] = i;
    for (let j = i + 1; j < n; j++) {
      const hours = model.overlapIfEligible(i, j, mark[j] === i);
      if (hours < 0) continue;
      if (best === null) list.push(i, j, model.score(i, j, hours), hours);
      else {
        eligible++;
        degree[i]!++;
        degree[j]!++;
        if (best.wanted(i, j, Math.min(bound[i]!, bound[j]!)))
          best.offer(i, j, model.score(i, j, hours), hours);
      }
    }
  }
  const graph = best === null ? list.finish(n) : best.finish(degree, eligible);
  // Explanations for people nobody can be paired with: count, per rule, the candidates it excluded first.
  for (let v = 0; v < n; v++) if (graph.degree[v] === 0) model.countBlocked(v, graph.blockedCounts);
  return { ...graph, model };
}

/**
 * Per person, a min-heap of its k best candidates so far (the root is the worst kept). A candidate's key packs
 * (score, tie bit, other person) so that a larger key is better: score·2 + bit first, then the lower other.
 */
class BestCandidates {
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

  constructor(
    private readonly n: number,
    private readonly k: number,
    private readonly tieBit: (u: number, v: number) => number,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`best k must be a positive integer, got ${k}`);
    this.keys = new Float64Array(n * k);
    this.others = new Int32Array(n * k);
    this.scores = new Float64Array(n * k);
    this.hours = new Float64Array(n * k);
    this.size = new Int32Array(n);
    this.worst = new Float64Array(n).fill(-Infinity);
  }

  private key(rank: number, other: number): number {
    return rank * OTHER_RANGE + (OTHER_RANGE - 1 - other);
  }

  /** Whether a pair i < j scoring at most `score` could enter either heap (checked before scoring it). */
  wanted(i: number, j: number, score: number): boolean {
    const best = (score * 2 + 1) * OTHER_RANGE + OTHER_RANGE - 1;
    return best - j > this.worst[i]! || best - i > this.worst[j]!;
  }

  /** Eligible pair i < j: a candidate for both. The tie bit is hashed only when it could matter. */
  offer(i: number, j: number, score: number, hours: number): void {
    // With the better tie bit, the key each side would get; a full heap whose worst beats it turns it away.
    const best = (score * 2 + 1) * OTHER_RANGE + OTHER_RANGE - 1;
    const wantedByI = best - j > this.worst[i]!;
    const wantedByJ = best - i > this.worst[j]!;
    if (!wantedByI && !wantedByJ) return;
    const rank = score * 2 + this.tieBit(i, j);
    if (wantedByI) this.push(i, this.key(rank, j), j, score, hours);
    if (wantedByJ) this.push(j, this.key(rank, i), i, score, hours);
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
    if (this.size[x] === k) this.worst[x] = keys[base]!;
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
    const slots: number[] = [];
    for (let x = 0; x < n; x++) {
      for (let t = 0; t < this.size[x]!; t++) {
        const other = this.others[x * k + t]!;
        slots.push(Math.min(x, other) * n + Math.max(x, other), x * k + t);
      }
    }
    // Sort slot indices by pair key; a pair kept by both ends appears twice.
    const order = Array.from({ length: slots.length / 2 }, (_, t) => t).sort(
      (a, b) => slots[2 * a]! - slots[2 * b]!,
    );
    const list = new EdgeList();
    let previous = -1;
    for (const t of order) {
      const pairKey = slots[2 * t]!;
      if (pairKey === previous) continue;
      previous = pairKey;
      const slot = slots[2 * t + 1]!;
      list.push(Math.floor(pairKey / n), pairKey % n, this.scores[slot]!, this.hours[slot]!);
    }
    const graph = list.finish(n);
    return { ...graph, eligibleEdges, degree };
  }
}

/** Other-person numbers are packed below this in a candidate key (more people than any program has). */
const OTHER_RANGE = 1 << 24;
