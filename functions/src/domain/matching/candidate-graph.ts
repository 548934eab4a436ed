import { checkPair, type PreparedParticipant, type RuleContext } from './eligibility';
import { scoreOnly } from './scoring';
import type { HardRule, MatchingWeights } from './types';
import { overlapHours } from './working-hours';

/** The order rules are counted in `blockedCounts` (row v, column = index here). */
export const HARD_RULES: readonly HardRule[] = [
  'admin-block',
  'not-with',
  'management-chain',
  'cooldown',
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
  m: number;
  eu: Int32Array;
  ev: Int32Array;
  score: Float64Array;
  overlap: Float64Array;
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

/**
 * The same graph as `buildCandidateGraphNaive`, fast: everything a pair check or score needs is turned into
 * integers once per person (levels, department/team/work-style ids, goal/topic/language bit sets, cadence
 * masks, a schedule id whose pairwise overlaps are memoised), so the O(n²) loop does arithmetic only. The
 * string-keyed rules (admin blocks, "not with", management chain, cooldown) can only fail for the few pairs
 * named in someone's lists or history: those pairs — and only those — go through `checkPair` itself.
 */
export function buildCandidateGraph(
  people: readonly PreparedParticipant[],
  ctx: RuleContext,
  weights: MatchingWeights,
): CandidateGraph {
  const n = people.length;
  const rules = ctx.program.rules;
  const onboarding = ctx.program.kind === 'onboarding-buddy';

  const index = new Map<string, number>();
  people.forEach((p, i) => index.set(p.person.id, i));
  const level = new Float64Array(n);
  const newJoiner = new Uint8Array(n);
  const anyCadence = new Uint8Array(n);
  const cadenceMask = new Int32Array(n);
  const department = new Int32Array(n);
  const team = new Int32Array(n);
  const workStyle = new Int32Array(n);
  const goals = new Int32Array(n);
  const fairness = new Uint8Array(n);
  const schedule = new Int32Array(n);
  const departmentId = interner();
  const teamId = interner();
  const styleId = interner();
  const cadenceId = new Map<string, number>();
  const topicId = new Map<string, number>();
  const languageId = new Map<string, number>();
  const scheduleId = new Map<readonly number[], number>();
  const schedules: Array<readonly number[]> = [];
  for (const p of people) {
    for (const key of p.share.keys()) if (!topicId.has(key)) topicId.set(key, topicId.size);
    for (const key of p.learn.keys()) if (!topicId.has(key)) topicId.set(key, topicId.size);
    for (const key of p.languages.keys()) if (!languageId.has(key)) languageId.set(key, languageId.size);
  }
  const topicWords = Math.max(1, Math.ceil(topicId.size / 32));
  const languageWords = Math.max(1, Math.ceil(languageId.size / 32));
  const share = new Int32Array(n * topicWords);
  const learn = new Int32Array(n * topicWords);
  const languages = new Int32Array(n * languageWords);
  const setBit = (bits: Int32Array, row: number, words: number, id: number): void => {
    bits[row * words + (id >>> 5)]! |= 1 << (id & 31);
  };
  // More than 31 distinct cadence values would not fit a mask: then every pair takes the reference check.
  let everyPairSlow = false;
  for (let i = 0; i < n; i++) {
    const p = people[i]!;
    const person = p.person;
    level[i] = person.level === null ? NaN : person.level;
    newJoiner[i] = p.newJoiner ? 1 : 0;
    if (p.cadences === null) anyCadence[i] = 1;
    else {
      let mask = 0;
      for (const c of p.cadences) {
        let id = cadenceId.get(c);
        if (id === undefined) cadenceId.set(c, (id = cadenceId.size));
        if (id > 30) everyPairSlow = true;
        else mask |= 1 << id;
      }
      cadenceMask[i] = mask;
    }
    department[i] = departmentId(person.department);
    team[i] = teamId(person.team);
    workStyle[i] = styleId(person.workStyle);
    goals[i] = p.goalBits;
    fairness[i] = person.lastRoundOutcome === 'unmatched' || person.lastRoundOutcome === 'cancelled' ? 1 : 0;
    for (const key of p.share.keys()) setBit(share, i, topicWords, topicId.get(key)!);
    for (const key of p.learn.keys()) setBit(learn, i, topicWords, topicId.get(key)!);
    for (const key of p.languages.keys()) setBit(languages, i, languageWords, languageId.get(key)!);
    let s = scheduleId.get(p.intervals);
    if (s === undefined) {
      scheduleId.set(p.intervals, (s = schedules.length));
      schedules.push(p.intervals);
    }
    schedule[i] = s;
  }
  const g = schedules.length;
  const table = g <= OVERLAP_TABLE_LIMIT ? new Float64Array(g * g).fill(-1) : null;
  const overlapOf = (a: number, b: number): number => {
    if (table === null) return overlapHours(people[a]!.intervals, people[b]!.intervals);
    const at = schedule[a]! * g + schedule[b]!;
    let hours = table[at]!;
    if (hours < 0) {
      hours = overlapHours(schedules[schedule[a]!]!, schedules[schedule[b]!]!);
      table[at] = hours;
    }
    return hours;
  };

  // Pairs a string-keyed rule could exclude: anyone named in the other's lists, history or admin blocks.
  const named: number[][] = Array.from({ length: n }, () => []);
  const name = (i: number, id: string): void => {
    const j = index.get(id);
    if (j === undefined || j === i) return;
    named[i]!.push(j);
    named[j]!.push(i);
  };
  for (let i = 0; i < n; i++) {
    const p = people[i]!;
    for (const id of p.notWith) name(i, id);
    for (const id of p.chain) name(i, id);
    for (const id of ctx.touchedBy.get(p.person.id) ?? []) name(i, id);
  }

  const w = weights;
  const band = rules.levelBand;
  const minOverlap = rules.minOverlapHours;
  const mark = new Int32Array(n).fill(-1);
  const list = new EdgeList();
  for (let i = 0; i < n; i++) {
    for (const j of named[i]!) mark[j] = i;
    const li = level[i]!;
    const nji = newJoiner[i]!;
    const anyi = anyCadence[i]!;
    const cmi = cadenceMask[i]!;
    for (let j = i + 1; j < n; j++) {
      let hours: number;
      if (mark[j] === i || everyPairSlow) {
        const check = checkPair(people[i]!, people[j]!, ctx);
        if (!check.ok) continue;
        hours = check.overlapHours;
      } else {
        // The same rules in the same order as checkPair, minus the string-keyed ones that cannot fail here.
        if (onboarding && nji === newJoiner[j]) continue;
        // NaN (no level) makes the comparison false: no level rule, as in checkPair.
        if (Math.abs(li - level[j]!) > band) continue;
        if (anyi === 0 && anyCadence[j] === 0 && (cmi & cadenceMask[j]!) === 0) continue;
        hours = overlapOf(i, j);
        if (hours < minOverlap) continue;
      }
      // scoreOnly, on integers.
      let score = 0;
      const di = department[i]!;
      if (di >= 0 && department[j]! >= 0 && di !== department[j]) score += w.differentDepartment;
      const ti = team[i]!;
      if (ti >= 0 && team[j]! >= 0 && ti !== team[j]) score += w.differentTeam;
      score += w.sharedGoal * popcount32(goals[i]! & goals[j]!);
      let teachIJ = 0;
      let teachJI = 0;
      for (let t = 0; t < topicWords; t++) {
        teachIJ += popcount32(share[i * topicWords + t]! & learn[j * topicWords + t]!);
        teachJI += popcount32(share[j * topicWords + t]! & learn[i * topicWords + t]!);
      }
      score +=
        w.complementaryTopics *
        (Math.min(teachIJ, MAX_TOPICS_PER_DIRECTION) + Math.min(teachJI, MAX_TOPICS_PER_DIRECTION));
      for (let t = 0; t < languageWords; t++) {
        if ((languages[i * languageWords + t]! & languages[j * languageWords + t]!) !== 0) {
          score += w.sharedLanguage;
          break;
        }
      }
      const si = workStyle[i]!;
      if (si >= 0 && si === workStyle[j]) score += w.sameWorkStyle;
      if (nji !== newJoiner[j]) score += w.newJoinerTenured;
      score += w.fairness * (fairness[i]! + fairness[j]!);
      score += Math.floor((w.timeZoneOverlap * Math.min(hours, FULL_OVERLAP_HOURS)) / FULL_OVERLAP_HOURS);
      list.push(i, j, score, hours);
    }
  }
  const graph = list.finish(n);
  // Explanations for people nobody can be paired with: count, per rule, the candidates it excluded first.
  for (let v = 0; v < n; v++) {
    if (graph.degree[v] !== 0) continue;
    for (let u = 0; u < n; u++) {
      if (u === v) continue;
      const check = u < v ? checkPair(people[u]!, people[v]!, ctx) : checkPair(people[v]!, people[u]!, ctx);
      if (!check.ok) graph.blockedCounts[v * HARD_RULES.length + HARD_RULES.indexOf(check.rule)]!++;
    }
  }
  return graph;
}
