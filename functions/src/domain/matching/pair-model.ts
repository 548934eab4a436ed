import { checkPair, type PreparedParticipant, type RuleContext } from './eligibility';
import type { HardRule, MatchingWeights } from './types';
import { overlapHours } from './working-hours';

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

const FULL_OVERLAP_HOURS = 8;
const MAX_TOPICS_PER_DIRECTION = 3;
/** Largest number of distinct schedules whose pairwise overlaps are memoised in a table (8 MB at most). */
const OVERLAP_TABLE_LIMIT = 1024;

export function popcount32(x: number): number {
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
 * A growable list of pairs [a, b] with a number each (a score, or hours) in typed arrays: plain arrays of
 * hundreds of thousands of numbers cost more to grow and read.
 */
export class PairList {
  size = 0;
  a = new Int32Array(256);
  b = new Int32Array(256);
  score = new Float64Array(256);

  push(a: number, b: number, score: number): void {
    if (this.size === this.a.length) {
      const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.a = grow(this.a, new Int32Array(this.size * 2));
      this.b = grow(this.b, new Int32Array(this.size * 2));
      this.score = grow(this.score, new Float64Array(this.size * 2));
    }
    this.a[this.size] = a;
    this.b[this.size] = b;
    this.score[this.size] = score;
    this.size++;
  }
}

/** A pair that may meet: its score and working-hours overlap. */
export interface EligiblePair {
  score: number;
  overlapHours: number;
}

/**
 * People grouped by everything the arithmetic hard rules compare (level, cadences, schedule, new-joiner status
 * in onboarding programs, department when crossing departments is required): two people may be paired only if their buckets are compatible, and then only a
 * string-keyed rule (admin block, "not with", management chain, cooldown) can still keep them apart. So the pairs
 * of incompatible buckets are never looked at.
 */
export interface Buckets {
  count: number;
  /** Bucket of each person. */
  of: Int32Array;
  /** People in bucket order: bucket b holds order[start[b]..start[b+1]), alike people next to each other. */
  order: Int32Array;
  /** Position of each person in `order`. */
  position: Int32Array;
  start: Int32Array;
  /** Runs of neighbouring positions inside a bucket (block k: blockStart[k]..blockStart[k + 1]), and each position's. */
  blockStart: Int32Array;
  blockAt: Int32Array;
  /** The people each bucket may be paired with, from its own bucket on (b ≥ a): each pair seen from one end. */
  later: Ranges;
  /** The people each bucket may be paired with, in every compatible bucket (its own included). */
  every: Ranges;
}

/**
 * Per bucket a, ranges start[a]..start[a + 1] - 1 of positions, each [lo, hi) with the overlap hours every pair
 * of the two buckets shares, ascending. Adjacent compatible buckets with the same hours share one range.
 */
export interface Ranges {
  start: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
  hours: Float64Array;
}

/** See `PairModel.sampleBuckets`. */
export interface BucketSample {
  start: Int32Array;
  positions: Int32Array;
  hours: Float64Array;
  /** Per bucket, how many people it may meet (its own members included). */
  reach: Float64Array;
}

/**
 * One row of eligible pairs, filled by `PairModel.forEachRow`: person i's partners after it in bucket order,
 * `partners[0..count)`, with each pair's score and overlap.
 */
export interface RowBuffers {
  partners: Int32Array;
  scores: Float64Array;
  hours: Float64Array;
}

/**
 * Lets a pass skip pairs it has no use for: pair (i, j) may be left out when its score u (or a bound on it:
 * most pairs are dismissed on a bound, before their topics are compared) satisfies u − left[j] ≤ right[i] and
 * u − left[i] ≤ right[j]. Both arrays are indexed by position in bucket order (`Buckets.position`), so the
 * inner loop reads them in sequence rather than at random. Skipping is an optimisation: a pass must stay
 * correct if such pairs are given anyway (the reference-check path never skips).
 */
export interface RowFilter {
  left: Float64Array;
  right: Float64Array;
}

export function rowBuffers(n: number): RowBuffers {
  return { partners: new Int32Array(n), scores: new Float64Array(n), hours: new Float64Array(n) };
}

/**
 * Everything a pair check or score needs, turned into integers once per person (levels, department/team/
 * work-style ids, goal/topic/language bit sets, cadence masks, a schedule id whose pairwise overlaps are
 * memoised), so checking a pair is arithmetic only. The string-keyed rules (admin blocks, "not with",
 * management chain, cooldown) can only fail for the few pairs named in someone's lists or history: those pairs
 * — and only those — go through `checkPair` itself. Gives exactly what `checkPair` + `scoreOnly` give.
 *
 * A hard rule added to `checkPair` must be added to `arithmeticOverlap` and to the bucket key (the property test
 * comparing the fast graph with the reference builder fails until it is).
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
  /** More than 31 distinct cadence values would not fit a mask: then cadences are compared as sets. */
  private readonly cadenceAsSets: boolean;
  /**
   * Per person, the highest score they could get with anyone (each criterion at its best given their own
   * attributes): score(i, j) ≤ min(bound[i], bound[j]).
   */
  readonly bound: Float64Array;
  readonly buckets: Buckets;
  /**
   * Per person, the positions (in bucket order) of the others a string-keyed rule could exclude (named in their
   * lists, history, admin blocks), ascending, without repeats.
   */
  private readonly namedPositions: Int32Array[];
  /** Per position (bucket order): the features the row scorer reads, stored contiguously for its inner loop. */
  private readonly packed: PackedPeople | null;
  /** A filter that skips nothing (a bound minus 0 never stays at or below -Infinity). */
  private readonly noFilter: RowFilter;
  /** Per person, the overlap of each named pair (as `namedPositions`) when eligible, -1 when not, NaN unknown. */
  private readonly namedHours: Float64Array[];
  /** Stands in for `packed` when a feature does not fit a word (every pair is then scored by `score`). */
  private readonly emptyPacked: PackedPeople;

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
    let cadenceAsSets = false;
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
          if (id > 30) cadenceAsSets = true;
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
    this.cadenceAsSets = cadenceAsSets;
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

    // Named pairs, each listed from both ends (plain integer arrays: a list or set per person, or a set of
    // i·n + j keys beyond 2³¹, cost 0.4 s at 50,000 people).
    const namedFrom: number[] = [];
    const namedTo: number[] = [];
    const name = (i: number, id: string): void => {
      const j = index.get(id);
      if (j === undefined || j === i) return;
      namedFrom.push(i, j);
      namedTo.push(j, i);
    };
    for (let i = 0; i < n; i++) {
      const p = people[i]!;
      for (const id of p.notWith) name(i, id);
      for (const id of p.chain) name(i, id);
      for (const id of ctx.touchedBy.get(p.person.id) ?? []) name(i, id);
    }

    this.buckets = this.groupIntoBuckets();
    this.namedPositions = positionsPerPerson(n, namedFrom, namedTo, this.buckets.position);
    // The row scorer keeps each feature in one word; anything wider (more than 32 topics or languages, a goal
    // outside the five, more than three work styles) is scored by `score`.
    const goalsFit = this.goals.every((bits) => (bits & ~31) === 0);
    const stylesFit = this.workStyle.every((id) => id < 3);
    this.packed = topicWords === 1 && languageWords === 1 && goalsFit && stylesFit ? this.pack() : null;
    this.noFilter = { left: new Float64Array(n), right: new Float64Array(n).fill(-Infinity) };
    this.namedHours = this.namedPositions.map((at) => new Float64Array(at.length).fill(NaN));
    this.emptyPacked = {
      department: new Int32Array(n),
      team: new Int32Array(n),
      small: new Int32Array(n),
      smallRow: new Int32Array(n),
      smallPoints: new Float64Array(1),
      share: new Int32Array(n),
      learn: new Int32Array(n),
      languages: new Int32Array(n),
      fairness: new Float64Array(n),
      rest: new Float64Array(n),
    };
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
      table[schedule[b]! * g + schedule[a]!] = hours;
    }
    return hours;
  }

  /**
   * The rules `checkPair` applies after the string-keyed ones, in the same order: the overlap of i and j when
   * they pass them, else -1. Depends only on what the bucket key holds.
   */
  private arithmeticOverlap(i: number, j: number): number {
    // An unknown department (-1, as checkPair's falsy one) never blocks.
    if (this.crossDepartment && this.department[i]! >= 0 && this.department[i] === this.department[j])
      return -1;
    if (this.onboarding && this.newJoiner[i] === this.newJoiner[j]) return -1;
    // NaN (no level) makes the comparison false: no level rule, as in checkPair.
    if (Math.abs(this.level[i]! - this.level[j]!) > this.band) return -1;
    if (this.anyCadence[i] === 0 && this.anyCadence[j] === 0) {
      if (this.cadenceAsSets) {
        const x = this.people[i]!.cadences!;
        const y = this.people[j]!.cadences!;
        if (![...x].some((c) => y.has(c))) return -1;
      } else if ((this.cadenceMask[i]! & this.cadenceMask[j]!) === 0) return -1;
    }
    const hours = this.overlapOf(i, j);
    return hours < this.minOverlap ? -1 : hours;
  }

  private groupIntoBuckets(): Buckets {
    const { n } = this;
    // Key: everything `arithmeticOverlap` reads. Buckets are ordered by schedule, then cadences, then level, so
    // the buckets one person may meet lie in few stretches of the order (see `rangeStart`).
    const keys = new Map<string, number>();
    const representative: number[] = [];
    const cadenceKey: string[] = [];
    const of = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = this.people[i]!;
      // Any cadence ('') sorts first; a list, even an empty one (which meets nobody's list), is '=a,b'.
      const cadences = p.cadences === null ? '' : `=${[...p.cadences].sort().join(',')}`;
      const level = Number.isNaN(this.level[i]!) ? 'none' : String(this.level[i]);
      const department = this.crossDepartment ? this.department[i] : -1;
      const key = `${this.schedule[i]}|${cadences}|${level}|${this.onboarding ? this.newJoiner[i] : 0}|${department}`;
      let b = keys.get(key);
      if (b === undefined) {
        keys.set(key, (b = representative.length));
        representative.push(i);
        cadenceKey.push(cadences);
      }
      of[i] = b;
    }
    const count = representative.length;
    const level = (b: number): number => {
      const x = this.level[representative[b]!]!;
      return Number.isNaN(x) ? Infinity : x;
    };
    const rank = Array.from({ length: count }, (_, b) => b).sort((x, y) => {
      const rx = representative[x]!;
      const ry = representative[y]!;
      return (
        this.schedule[rx]! - this.schedule[ry]! ||
        (cadenceKey[x]! < cadenceKey[y]! ? -1 : cadenceKey[x]! > cadenceKey[y]! ? 1 : 0) ||
        level(x) - level(y) ||
        this.newJoiner[rx]! - this.newJoiner[ry]!
      );
    });
    const renumber = new Int32Array(count);
    rank.forEach((b, r) => (renumber[b] = r));
    const reps = rank.map((b) => representative[b]!);
    for (let i = 0; i < n; i++) of[i] = renumber[of[i]!]!;

    const start = new Int32Array(count + 1);
    for (let i = 0; i < n; i++) start[of[i]! + 1]!++;
    for (let b = 0; b < count; b++) start[b + 1]! += start[b]!;
    const order = new Int32Array(n);
    const position = new Int32Array(n);
    // Inside a bucket, people with the same goals, work style and new-joiner status, then similar topics, sit
    // together: a block of neighbours (`blocks`) then bounds tightly what its members can score with anyone.
    const within = identity(n).sort(
      (x, y) =>
        of[x]! - of[y]! ||
        this.goals[x]! - this.goals[y]! ||
        this.workStyle[x]! - this.workStyle[y]! ||
        this.newJoiner[x]! - this.newJoiner[y]! ||
        this.share[x * this.topicWords]! - this.share[y * this.topicWords]! ||
        this.learn[x * this.topicWords]! - this.learn[y * this.topicWords]! ||
        x - y,
    );
    for (let at = 0; at < n; at++) {
      order[at] = within[at]!;
      position[within[at]!] = at;
    }
    // Blocks: each bucket cut into runs of at most BLOCK_SIZE positions.
    const blockStarts: number[] = [0];
    for (let b = 0; b < count; b++) {
      for (let p = start[b]! + BLOCK_SIZE; p < start[b + 1]!; p += BLOCK_SIZE) blockStarts.push(p);
      if (start[b + 1]! > start[b]!) blockStarts.push(start[b + 1]!);
    }
    const blockStart = Int32Array.from(blockStarts);
    const blockAt = new Int32Array(n);
    for (let k = 0; k + 1 < blockStart.length; k++) blockAt.fill(k, blockStart[k], blockStart[k + 1]);

    // Buckets of one schedule are consecutive: a schedule that does not overlap enough rules out its whole run.
    const scheduleEnd = new Int32Array(count);
    for (let b = count - 1; b >= 0; b--) {
      scheduleEnd[b] =
        b + 1 < count && this.schedule[reps[b + 1]!] === this.schedule[reps[b]!]
          ? scheduleEnd[b + 1]!
          : b + 1;
    }
    // Compatible bucket pairs (a, b ≥ a) and their hours.
    const pairs = new PairList();
    for (let a = 0; a < count; a++) {
      const ra = reps[a]!;
      for (let b = a; b < count;) {
        if (this.overlapOf(ra, reps[b]!) < this.minOverlap) {
          b = scheduleEnd[b]!;
          continue;
        }
        for (const end = scheduleEnd[b]!; b < end; b++) {
          // The rules read nothing the key does not hold: one pair of representatives speaks for the buckets.
          const h = this.arithmeticOverlap(ra, reps[b]!);
          if (h < 0) continue;
          pairs.push(a, b, h);
        }
      }
    }
    // Per bucket, its compatible buckets in order (later ones only, or all), adjacent ones with the same hours
    // merged into one range of positions.
    const ranges = (every: boolean): Ranges => {
      // Pairs come in (a, b) order with b ≥ a. Listing, per bucket, the earlier buckets that meet it first (in
      // ascending a) and then its own b's keeps each list ascending without a sort.
      const { a: pairA, b: pairB, score: pairHours, size: pairCount } = pairs;
      const perBucket = new Int32Array(count + 1);
      for (let k = 0; k < pairCount; k++) {
        perBucket[pairA[k]! + 1]!++;
        if (every && pairB[k] !== pairA[k]) perBucket[pairB[k]! + 1]!++;
      }
      for (let b = 0; b < count; b++) perBucket[b + 1]! += perBucket[b]!;
      const fillAt = perBucket.slice(0, count);
      const other = new Int32Array(perBucket[count]!);
      const otherHours = new Float64Array(perBucket[count]!);
      if (every) {
        for (let k = 0; k < pairCount; k++) {
          if (pairB[k] === pairA[k]) continue;
          other[fillAt[pairB[k]!]!] = pairA[k]!;
          otherHours[fillAt[pairB[k]!]!++] = pairHours[k]!;
        }
      }
      for (let k = 0; k < pairCount; k++) {
        other[fillAt[pairA[k]!]!] = pairB[k]!;
        otherHours[fillAt[pairA[k]!]!++] = pairHours[k]!;
      }
      // Twice over the lists: the ranges counted, then written into arrays of their size (fresh memory costs a
      // page fault per 4 KB touched, more than these loops).
      const rangeStart = new Int32Array(count + 1);
      const merge = (write: { lo: Int32Array; hi: Int32Array; hours: Float64Array } | null): number => {
        let size = 0;
        for (let a = 0; a < count; a++) {
          let lastHi = -1;
          let lastHours = NaN;
          for (let t = perBucket[a]!; t < perBucket[a + 1]!; t++) {
            const b = other[t]!;
            const h = otherHours[t]!;
            // Adjacent buckets with the same hours continue the bucket's last range.
            if (lastHi === start[b] && lastHours === h) {
              lastHi = start[b + 1]!;
              if (write !== null) write.hi[size - 1] = lastHi;
              continue;
            }
            lastHi = start[b + 1]!;
            lastHours = h;
            if (write !== null) {
              write.lo[size] = start[b]!;
              write.hi[size] = lastHi;
              write.hours[size] = h;
            }
            size++;
          }
          rangeStart[a + 1] = size;
        }
        return size;
      };
      const size = merge(null);
      const merged = { lo: new Int32Array(size), hi: new Int32Array(size), hours: new Float64Array(size) };
      merge(merged);
      return { start: rangeStart, ...merged };
    };
    return {
      count,
      of,
      order,
      position,
      start,
      blockStart,
      blockAt,
      later: ranges(false),
      every: ranges(true),
    };
  }

  private pack(): PackedPeople {
    const { n, w } = this;
    const { order } = this.buckets;
    // (Loops, not Int32Array.from with a mapping: that one reads through an iterator, 75 ms at 50,000 people.)
    const at = (from: ArrayLike<number>): Int32Array => {
      const out = new Int32Array(n);
      for (let p = 0; p < n; p++) out[p] = from[order[p]!]!;
      return out;
    };
    // Goals, work style and new-joiner status in one byte; one table gives their points for any two bytes.
    const small = new Int32Array(n);
    const smallRow = new Int32Array(n);
    for (let p = 0; p < n; p++) {
      const i = order[p]!;
      small[p] = this.goals[i]! | ((this.workStyle[i]! + 1) << 5) | (this.newJoiner[i]! << 7);
      smallRow[p] = small[p]! * 256;
    }
    const smallPoints = new Float64Array(256 * 256);
    for (let x = 0; x < 256; x++) {
      for (let y = 0; y < 256; y++) {
        const styleX = (x >> 5) & 3;
        smallPoints[x * 256 + y] =
          w.sharedGoal * popcount32(x & y & 31) +
          (styleX !== 0 && styleX === ((y >> 5) & 3) ? w.sameWorkStyle : 0) +
          (x >> 7 !== y >> 7 ? w.newJoinerTenured : 0);
      }
    }
    const fairness = new Float64Array(n);
    for (let p = 0; p < n; p++) fairness[p] = w.fairness * this.fairness[order[p]!]!;
    // The most team and topics can give a pair with this person.
    const positive = (x: number): number => Math.max(0, x);
    const rest = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const i = order[p]!;
      rest[p] =
        (this.team[i]! >= 0 ? positive(w.differentTeam) : 0) +
        positive(w.complementaryTopics) *
          (Math.min(MAX_TOPICS_PER_DIRECTION, popcount32(this.share[i]!)) +
            Math.min(MAX_TOPICS_PER_DIRECTION, popcount32(this.learn[i]!)));
    }
    return {
      rest,
      department: at(this.department),
      team: at(this.team),
      small,
      smallRow,
      smallPoints,
      share: at(this.share),
      learn: at(this.learn),
      languages: at(this.languages),
      fairness,
    };
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
    score += overlapPoints(w, hours);
    return score;
  }

  /** Whether a string-keyed rule could keep i and j apart (one is named in the other's lists or history). */
  isNamed(i: number, j: number): boolean {
    return this.namedAt(i, j) >= 0;
  }

  /** Where j stands among i's named people (see `namedPositions`), or -1 when i does not name j. */
  private namedAt(i: number, j: number): number {
    const at = this.namedPositions[i]!;
    const target = this.buckets.position[j]!;
    // Binary search of the ascending positions.
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && at[lo] === target ? lo : -1;
  }

  /** Any two people (in any order): their score and overlap when they may be paired, else null. */
  pair(a: number, b: number): EligiblePair | null {
    if (a === b) return null;
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    // A named pair is decided by the reference check, once (`namedOverlap`); any other by arithmetic alone.
    const t = this.namedAt(i, j);
    const hours = t >= 0 ? this.namedOverlap(i, t) : this.arithmeticOverlap(i, j);
    return hours < 0 ? null : { score: this.score(i, j, hours), overlapHours: hours };
  }

  /**
   * Every eligible pair exactly once, row by row: for each person i (in bucket order), `row(i, count)` is called
   * after `out.partners[0..count)` is filled with the people after i in bucket order that i may be paired with
   * (in compatible buckets only; named pairs decided by `checkPair`), and `out.scores` / `out.hours` with each
   * pair's score and overlap — in parts of up to ROW_CHUNK pairs for a long filtered row, so a filter value the
   * pass raises meanwhile (its `right`) already holds for the rest of the row. `from`/`to` restrict the rows to
   * positions [from, to) (bucket order); `filter` lets the pass skip pairs whose score bound says they cannot
   * matter to it (see `RowFilter`).
   */
  forEachRow(
    out: RowBuffers,
    row: (i: number, count: number) => void,
    options: { filter?: RowFilter; from?: number; to?: number; people?: ArrayLike<number> } = {},
  ): void {
    const filter = options.filter ?? this.noFilter;
    const rowCount = options.people?.length ?? (options.to ?? this.n) - (options.from ?? 0);
    const f = this.packed;
    const { left, right } = filter;
    // Whole blocks dismissed on one bound each (see `blockBounds`); none for the unfiltered pass, nor for a few
    // rows, whose pairs cost less than the tables (a pass over every block and each person's goals byte).
    const blocks =
      f !== null && filter !== this.noFilter && rowCount * BLOCK_TABLE_ROWS >= this.n && !this.tablesInUse
        ? this.blockBounds(f, left, right)
        : null;
    // The tables' memory is the model's, lent to one pass at a time (a pass nested in a pass's row builds none).
    if (blocks !== null) this.tablesInUse = true;
    try {
      this.rows(out, row, options, filter, blocks);
    } finally {
      if (blocks !== null) this.tablesInUse = false;
    }
  }

  /** `forEachRow`'s loop, given its filter and block tables (null: every block looked into). */
  private rows(
    out: RowBuffers,
    row: (i: number, count: number) => void,
    options: { from?: number; to?: number; people?: ArrayLike<number> },
    filter: RowFilter,
    blocks: BlockBounds | null,
  ): void {
    const { order, of, position } = this.buckets;
    const everyPartner = options.people !== undefined;
    const ranges = everyPartner ? this.buckets.every : this.buckets.later;
    const { start: rangeStart, lo: rangeLo, hi: rangeHi, hours: rangeHours } = ranges;
    const rowCount = options.people?.length ?? (options.to ?? this.n) - (options.from ?? 0);
    const positionOfRow = (r: number): number =>
      options.people === undefined ? (options.from ?? 0) + r : position[options.people[r]!]!;
    const { partners, scores, hours } = out;
    const f = this.packed;
    // Everything the inner loop reads, hoisted: it runs once per eligible pair (hundreds of millions at 50,000
    // people), and V8 keeps these in registers only as locals.
    const { department, team, small, smallRow, smallPoints, share, learn, languages, fairness, rest } =
      f ?? this.emptyPacked;
    const { left, right } = filter;
    const { blockStart, blockAt } = this.buckets;
    // The block tables' arrays and weights as locals (read once per row and block).
    const none = new Float64Array(0);
    const symmetric = left === right;
    const leftRestTable = blocks?.leftRest ?? none;
    const leftTable = blocks?.left ?? none;
    const rightRestTable = blocks?.rightRest ?? none;
    const rightTable = blocks?.right ?? none;
    const noIds = new Int32Array(0);
    const soleDepartment = blocks?.soleDepartment ?? noIds;
    const blockLanguages = blocks?.languages ?? noIds;
    const blockShare = blocks?.share ?? noIds;
    const blockLearn = blocks?.learn ?? noIds;
    const wBlockDepartment = blocks?.department ?? 0;
    const wBlockLanguage = blocks?.language ?? 0;
    const wBlockTeam = blocks?.team ?? 0;
    const wBlockTopics = blocks?.topics ?? 0;
    const bits = bitCounts();
    const w = this.w;
    const wDepartment = w.differentDepartment;
    const wTeam = w.differentTeam;
    const wTopics = w.complementaryTopics;
    const wLanguage = w.sharedLanguage;
    const namedPositions = this.namedPositions;
    for (let r0 = 0; r0 < rowCount; r0++) {
      const pi = positionOfRow(r0);
      const i = order[pi]!;
      const a = of[i]!;
      const namedAt = namedPositions[i]!;
      const di = department[pi]!;
      const ti = team[pi]!;
      const rowI = smallRow[pi]!;
      const shi = share[pi]!;
      const lei = learn[pi]!;
      const li = languages[pi]!;
      const restI = rest[pi]!;
      const fairI = fairness[pi]!;
      const leftI = left[pi]!;
      let rightI = right[pi]!;
      const tableRow = blocks === null ? 0 : blocks.index[pi]! * blocks.count;
      let t = 0;
      let c = 0;
      for (let r = rangeStart[a]!; r < rangeStart[a + 1]!; r++) {
        const h = rangeHours[r]!;
        const base = fairI + overlapPoints(w, h);
        // Seen from one end only, the range holding i's own bucket starts after i; seen from every end, i
        // itself is stepped over.
        const lo = everyPartner ? rangeLo[r]! : Math.max(rangeLo[r]!, pi + 1);
        const hi = rangeHi[r]!;
        // Named people inside [lo, hi) take the reference check; the stretches between them are scored fast.
        while (t < namedAt.length && namedAt[t]! < lo) t++;
        let p = lo;
        for (;;) {
          let stop = t < namedAt.length && namedAt[t]! < hi ? namedAt[t]! : hi;
          if (everyPartner && pi >= p && pi < stop) stop = pi;
          if (f === null) {
            for (; p < stop; p++) {
              const j = order[p]!;
              partners[c] = j;
              scores[c] = this.score(i, j, h);
              hours[c] = h;
              c++;
            }
          }
          // Blocks are consecutive: the stretch's first block, then the next ones in turn.
          for (let b = p < stop ? blockAt[p]! : 0; p < stop; b++) {
            const end = Math.min(stop, blockStart[b + 1]!);
            if (blocks !== null) {
              // The best any pair of this block could score with i, less each side's filter value: when neither
              // side can want any of them, the whole block is skipped.
              const extra =
                base +
                (bothAndDifferent(di, soleDepartment[b]!) === 1 || soleDepartment[b] === -2
                  ? wBlockDepartment
                  : 0) +
                ((li & blockLanguages[b]!) !== 0 ? wBlockLanguage : 0);
              // Team and topics: the row's best, or what the block's topics can give the row, whichever is less.
              const x = shi & blockLearn[b]!;
              const y = blockShare[b]! & lei;
              const restB = Math.min(
                restI,
                wBlockTeam +
                  wBlockTopics *
                    (Math.min(MAX_TOPICS_PER_DIRECTION, bits[x & 0xffff]! + bits[x >>> 16]!) +
                      Math.min(MAX_TOPICS_PER_DIRECTION, bits[y & 0xffff]! + bits[y >>> 16]!)),
              );
              const at = tableRow + b;
              if (
                extra + Math.min(leftRestTable[at]!, leftTable[at]! + restB) <= rightI &&
                (symmetric || extra + Math.min(rightRestTable[at]!, rightTable[at]! + restB) <= leftI)
              ) {
                p = end;
                continue;
              }
            }
            for (; p < end; p++) {
              // Exact on everything but team and topics (goals, work style and new-joiner status from one table
              // look-up); those two bounded by the smaller of the two people's best. Most pairs stop here in a
              // filtered pass. Without branches: the features of neighbours in the order are unrelated, so a
              // branch on them would be a coin toss for the processor.
              const l = li & languages[p]!;
              const exact =
                base +
                fairness[p]! +
                smallPoints[rowI + small[p]!]! +
                wDepartment * bothAndDifferent(di, department[p]!) +
                wLanguage * ((l | -l) >>> 31);
              if (exact + Math.min(restI, rest[p]!) - left[p]! <= rightI) {
                if (exact + Math.min(restI, rest[p]!) - leftI <= right[p]!) continue;
              }
              const x = shi & learn[p]!;
              const y = share[p]! & lei;
              const topics =
                Math.min(MAX_TOPICS_PER_DIRECTION, bits[x & 0xffff]! + bits[x >>> 16]!) +
                Math.min(MAX_TOPICS_PER_DIRECTION, bits[y & 0xffff]! + bits[y >>> 16]!);
              const score = exact + wTeam * bothAndDifferent(ti, team[p]!) + wTopics * topics;
              if (score - left[p]! <= rightI && score - leftI <= right[p]!) continue;
              scores[c] = score;
              partners[c] = order[p]!;
              hours[c] = h;
              if (++c === ROW_CHUNK) {
                // Hand the row over in part: the pass may raise i's filter value (a best-k heap filling up),
                // and the rest of the row is then looked at against the raised one.
                row(i, c);
                c = 0;
                rightI = right[pi]!;
              }
            }
          }
          if (stop === hi) break;
          if (everyPartner && stop === pi) {
            p = pi + 1;
            continue;
          }
          c = this.addNamed(i, t, out, c);
          t++;
          p = stop + 1;
        }
      }
      row(i, c);
    }
  }

  /**
   * Per block b (neighbours in one bucket, `Buckets.blockStart`) and small byte x (goals, work style, new-joiner
   * status) a row's person may have: the most any member p of b could add to a pair with such a person, less p's
   * filter value — max over p of fairness + the small byte's points (exact) − left[p], with p's team-and-topics
   * best (`leftRest`) and without (`left`, for when the row's own best or the topics the block has to give are
   * lower) — and the same less right[p]. With department (unless the block is all one department, the row's
   * own) and language (unless the row shares none with the block) at their best, a row whose bound stays within
   * its own filter value skips the whole block: on the synthetic company at 10,000 people the first pricing
   * looks at 12 % of the eligible pairs one by one (1.9 M of 16.3 M). A pass whose filter values rise while it runs (best-k heaps
   * filling) stays correct: tables built from lower values only bound higher.
   */
  private blockBounds(f: PackedPeople, leftAt: Float64Array, rightAt: Float64Array): BlockBounds {
    const start = this.buckets.blockStart;
    const count = start.length - 1;
    const { values, index } = this.smallValues(f);
    const width = values.length;
    const table = (minus: Float64Array, first: number): { withRest: Float64Array; without: Float64Array } => {
      const withRest = this.tableBuffer(first, count * width);
      const without = this.tableBuffer(first + 1, count * width);
      // A block's members sit sorted by their small byte: per run of one byte, its best member (with and
      // without their team-and-topics best), then every byte a row can have against those runs.
      const runValue = new Int32Array(BLOCK_SIZE);
      const runWith = new Float64Array(BLOCK_SIZE);
      const runWithout = new Float64Array(BLOCK_SIZE);
      for (let b = 0; b < count; b++) {
        let runs = 0;
        for (let p = start[b]!; p < start[b + 1]!; p++) {
          const v = f.small[p]!;
          const own = f.fairness[p]! - minus[p]!;
          if (runs === 0 || runValue[runs - 1] !== v) {
            runValue[runs] = v;
            runWith[runs] = -Infinity;
            runWithout[runs] = -Infinity;
            runs++;
          }
          const r = runs - 1;
          if (own + f.rest[p]! > runWith[r]!) runWith[r] = own + f.rest[p]!;
          if (own > runWithout[r]!) runWithout[r] = own;
        }
        for (let x = 0; x < width; x++) {
          const points = values[x]! * SMALL_VALUES;
          let most = -Infinity;
          let mostWithout = -Infinity;
          for (let r = 0; r < runs; r++) {
            const gained = f.smallPoints[points + runValue[r]!]!;
            if (gained + runWith[r]! > most) most = gained + runWith[r]!;
            if (gained + runWithout[r]! > mostWithout) mostWithout = gained + runWithout[r]!;
          }
          // Row byte first: a row reads its blocks' entries in sequence.
          withRest[x * count + b] = most;
          without[x * count + b] = mostWithout;
        }
      }
      return { withRest, without };
    };
    const l = table(leftAt, 0);
    const r = rightAt === leftAt ? l : table(rightAt, 2);
    return {
      ...this.blockFeatures(f),
      count,
      index,
      leftRest: l.withRest,
      left: l.without,
      rightRest: r.withRest,
      right: r.without,
      team: Math.max(0, this.w.differentTeam),
      topics: Math.max(0, this.w.complementaryTopics),
      department: Math.max(0, this.w.differentDepartment),
      language: Math.max(0, this.w.sharedLanguage),
    };
  }

  /**
   * The block tables' memory, kept for the model's later passes: every entry is written before it is read, and
   * fresh memory costs a page fault per 4 KB on first touch (at 10,000 people five passes took 25 MB of it).
   */
  private readonly tableBuffers: Float64Array[] = [];
  /** A pass is using the tables (`forEachRow`): a pass inside it builds none, so it cannot overwrite them. */
  private tablesInUse = false;

  private tableBuffer(slot: number, length: number): Float64Array {
    let buffer = this.tableBuffers[slot];
    if (buffer === undefined || buffer.length !== length)
      this.tableBuffers[slot] = buffer = new Float64Array(length);
    return buffer;
  }

  private smallValuesMemo: { values: Int32Array; index: Int32Array } | null = null;

  /** The distinct small bytes people have (ascending), and each position's index among them. */
  private smallValues(f: PackedPeople): { values: Int32Array; index: Int32Array } {
    if (this.smallValuesMemo !== null) return this.smallValuesMemo;
    const values = Int32Array.from(new Set(f.small)).sort();
    const at = new Int32Array(SMALL_VALUES);
    values.forEach((v, k) => (at[v] = k));
    const index = new Int32Array(f.small.length);
    for (let p = 0; p < index.length; p++) index[p] = at[f.small[p]!]!;
    return (this.smallValuesMemo = { values, index });
  }

  private blockFeaturesMemo: BlockFeatures | null = null;

  /** Per block: the department all members share, and the languages and topics any member has. */
  private blockFeatures(f: PackedPeople): BlockFeatures {
    if (this.blockFeaturesMemo !== null) return this.blockFeaturesMemo;
    const start = this.buckets.blockStart;
    const count = start.length - 1;
    const soleDepartment = new Int32Array(count);
    const languages = new Int32Array(count);
    const share = new Int32Array(count);
    const learn = new Int32Array(count);
    for (let b = 0; b < count; b++) {
      let department = f.department[start[b]!]!;
      for (let p = start[b]!; p < start[b + 1]!; p++) {
        if (f.department[p] !== department) department = -2;
        languages[b]! |= f.languages[p]!;
        share[b]! |= f.share[p]!;
        learn[b]! |= f.learn[p]!;
      }
      soleDepartment[b] = department;
    }
    return (this.blockFeaturesMemo = { soleDepartment, languages, share, learn });
  }

  /**
   * The overlap of i and their t-th named person when the two may be paired, else -1. The reference check
   * decides once per pair: both ends keep its answer for later passes (each end's rows, and `degrees`, asked it
   * again: 0.5 s of string look-ups at 50,000 people).
   */
  private namedOverlap(i: number, t: number): number {
    const known = this.namedHours[i]!;
    if (Number.isNaN(known[t]!)) {
      const j = this.buckets.order[this.namedPositions[i]![t]!]!;
      const check = checkPair(this.people[Math.min(i, j)]!, this.people[Math.max(i, j)]!, this.ctx);
      known[t] = check.ok ? check.overlapHours : -1;
      this.namedHours[j]![this.namedAt(j, i)] = known[t]!;
    }
    return known[t]!;
  }

  /** The t-th named person of i, added to the row when the two may be paired. */
  private addNamed(i: number, t: number, out: RowBuffers, count: number): number {
    const hours = this.namedOverlap(i, t);
    if (hours < 0) return count;
    const j = this.buckets.order[this.namedPositions[i]![t]!]!;
    out.partners[count] = j;
    out.scores[count] = this.score(i, j, hours);
    out.hours[count] = hours;
    return count + 1;
  }

  /**
   * For estimates, not decisions: per bucket, up to `size` of the people it may meet (positions drawn with
   * `rand` from its compatible buckets, ascending, repeats possible), with each one's overlap, and how many it
   * may meet in all. The string-keyed rules are not checked.
   */
  sampleBuckets(size: number, rand: () => number): BucketSample {
    const { count } = this.buckets;
    const { start: rangeStart, lo, hi, hours: rangeHours } = this.buckets.every;
    const start = new Int32Array(count + 1);
    const reach = new Float64Array(count);
    for (let a = 0; a < count; a++) {
      let total = 0;
      for (let r = rangeStart[a]!; r < rangeStart[a + 1]!; r++) total += hi[r]! - lo[r]!;
      reach[a] = total;
      start[a + 1] = start[a]! + Math.min(total, size);
    }
    const positions = new Int32Array(start[count]!);
    const hours = new Float64Array(start[count]!);
    const draws = new Float64Array(size);
    let at = 0;
    for (let a = 0; a < count; a++) {
      const total = reach[a]!;
      if (total <= size) {
        for (let r = rangeStart[a]!; r < rangeStart[a + 1]!; r++) {
          for (let p = lo[r]!; p < hi[r]!; p++) {
            positions[at] = p;
            hours[at++] = rangeHours[r]!;
          }
        }
        continue;
      }
      for (let t = 0; t < size; t++) draws[t] = Math.floor(rand() * total);
      draws.sort();
      let r = rangeStart[a]!;
      let before = 0;
      for (let t = 0; t < size; t++) {
        const d = draws[t]!;
        while (d >= before + hi[r]! - lo[r]!) {
          before += hi[r]! - lo[r]!;
          r++;
        }
        positions[at] = lo[r]! + d - before;
        hours[at++] = rangeHours[r]!;
      }
    }
    return { start, positions, hours, reach };
  }

  /** The last stretch of a sample `scoreSample` read, its features gathered in order (see there). */
  private gathered: GatheredSample | null = null;

  /**
   * Scores the person at position pi against positions[from..to) of a sample (the caller knows the buckets are
   * compatible; the string-keyed rules are not checked) into out[0..to - from), pi itself as -Infinity.
   * The stretch's features are gathered once, in sample order, and reused while callers score the members of
   * one bucket in turn: read at the sample's scattered positions, each pair cost a cache miss per feature.
   */
  scoreSample(pi: number, sample: BucketSample, from: number, to: number, out: Float64Array): number {
    const { order } = this.buckets;
    const f = this.packed;
    const w = this.w;
    if (f === null) {
      for (let t = from; t < to; t++) {
        const p = sample.positions[t]!;
        out[t - from] = p === pi ? -Infinity : this.score(order[pi]!, order[p]!, sample.hours[t]!);
      }
      return to - from;
    }
    const g = this.gatherSample(f, sample, from, to);
    const { at, department, team, small, share, learn, languages, base } = g;
    const { smallPoints } = f;
    const bits = bitCounts();
    const di = f.department[pi]!;
    const ti = f.team[pi]!;
    const rowI = f.smallRow[pi]!;
    const shi = f.share[pi]!;
    const lei = f.learn[pi]!;
    const li = f.languages[pi]!;
    const fairI = f.fairness[pi]!;
    const size = to - from;
    for (let t = 0; t < size; t++) {
      const x = shi & learn[t]!;
      const y = share[t]! & lei;
      const l = li & languages[t]!;
      out[t] =
        at[t] === pi
          ? -Infinity
          : base[t]! +
            fairI +
            smallPoints[rowI + small[t]!]! +
            w.differentDepartment * bothAndDifferent(di, department[t]!) +
            w.differentTeam * bothAndDifferent(ti, team[t]!) +
            w.complementaryTopics *
              (Math.min(MAX_TOPICS_PER_DIRECTION, bits[x & 0xffff]! + bits[x >>> 16]!) +
                Math.min(MAX_TOPICS_PER_DIRECTION, bits[y & 0xffff]! + bits[y >>> 16]!)) +
            w.sharedLanguage * ((l | -l) >>> 31);
    }
    return size;
  }

  private gatherSample(f: PackedPeople, sample: BucketSample, from: number, to: number): GatheredSample {
    const last = this.gathered;
    if (last !== null && last.sample === sample && last.from === from && last.to === to) return last;
    const size = to - from;
    const room = last !== null && last.at.length >= size ? last : null;
    const g: GatheredSample = {
      sample,
      from,
      to,
      at: room?.at ?? new Int32Array(size),
      department: room?.department ?? new Int32Array(size),
      team: room?.team ?? new Int32Array(size),
      small: room?.small ?? new Int32Array(size),
      share: room?.share ?? new Int32Array(size),
      learn: room?.learn ?? new Int32Array(size),
      languages: room?.languages ?? new Int32Array(size),
      base: room?.base ?? new Float64Array(size),
    };
    for (let t = 0; t < size; t++) {
      const p = sample.positions[from + t]!;
      g.at[t] = p;
      g.department[t] = f.department[p]!;
      g.team[t] = f.team[p]!;
      g.small[t] = f.small[p]!;
      g.share[t] = f.share[p]!;
      g.learn[t] = f.learn[p]!;
      g.languages[t] = f.languages[p]!;
      g.base[t] = f.fairness[p]! + overlapPoints(this.w, sample.hours[from + t]!);
    }
    return (this.gathered = g);
  }

  /**
   * Eligible peers per person and eligible pairs in all, from the bucket sizes (a pass that skips pairs cannot
   * count them): compatible buckets' sizes, less the named pairs a string-keyed rule keeps apart.
   */
  degrees(): { readonly degree: Int32Array; readonly eligibleEdges: number } {
    // Counted once: the candidates and the whole-graph solve both read them.
    if (this.degreesMemo !== null) return this.degreesMemo;
    const { n } = this;
    const { count, of } = this.buckets;
    const { start, lo, hi } = this.buckets.every;
    const perBucket = new Float64Array(count);
    for (let a = 0; a < count; a++) {
      for (let r = start[a]!; r < start[a + 1]!; r++) perBucket[a]! += hi[r]! - lo[r]!;
    }
    const degree = new Int32Array(n);
    // Within their own bucket, people do not meet themselves.
    for (let i = 0; i < n; i++) degree[i] = perBucket[of[i]!]! - (this.arithmeticOverlap(i, i) >= 0 ? 1 : 0);
    const { order } = this.buckets;
    for (let i = 0; i < n; i++) {
      const named = this.namedPositions[i]!;
      for (let t = 0; t < named.length; t++) {
        // Each named pair once, from its lower end.
        const j = order[named[t]!]!;
        if (j < i) continue;
        if (this.arithmeticOverlap(i, j) >= 0 && this.namedOverlap(i, t) < 0) {
          degree[i]!--;
          degree[j]!--;
        }
      }
    }
    let twice = 0;
    for (let i = 0; i < n; i++) twice += degree[i]!;
    return (this.degreesMemo = { degree, eligibleEdges: twice / 2 });
  }

  private degreesMemo: { readonly degree: Int32Array; readonly eligibleEdges: number } | null = null;

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

/**
 * Per person i, the positions of the js of pairs (from[t] = i, to[t] = j), ascending and without repeats, as
 * views of one array (counted into place, then each person's few sorted).
 */
function positionsPerPerson(
  n: number,
  from: readonly number[],
  to: readonly number[],
  position: Int32Array,
): Int32Array[] {
  const start = new Int32Array(n + 1);
  for (const i of from) start[i + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const all = new Int32Array(from.length);
  for (let t = 0; t < from.length; t++) all[fill[from[t]!]!++] = position[to[t]!]!;
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const list = all.subarray(start[i], start[i + 1]).sort();
    let size = 0;
    for (let t = 0; t < list.length; t++) if (t === 0 || list[t] !== list[t - 1]) list[size++] = list[t]!;
    out.push(list.subarray(0, size));
  }
  return out;
}

export const overlapPoints = (w: MatchingWeights, hours: number): number =>
  Math.floor((w.timeZoneOverlap * Math.min(hours, FULL_OVERLAP_HOURS)) / FULL_OVERLAP_HOURS);

/** Pairs a row gives its pass at a time (see `forEachRow`). */
const ROW_CHUNK = 16;

/** Positions per block (see `Buckets.blockStart`). */
const BLOCK_SIZE = 8;

/** Passes over fewer rows than n / BLOCK_TABLE_ROWS walk their pairs without block tables. */
const BLOCK_TABLE_ROWS = 16;

/** Distinct `small` bytes (goals, work style, new-joiner status). */
const SMALL_VALUES = 256;

/** A stretch of a sample with its people's features in sample order (see `PairModel.scoreSample`). */
interface GatheredSample {
  sample: BucketSample;
  from: number;
  to: number;
  at: Int32Array;
  department: Int32Array;
  team: Int32Array;
  small: Int32Array;
  share: Int32Array;
  learn: Int32Array;
  languages: Int32Array;
  /** The sampled person's fairness points and the pair's overlap points. */
  base: Float64Array;
}

/** Per block: what its members have in common or in all (see `PairModel.blockFeatures`). */
interface BlockFeatures {
  /** The department every member shares (-1: all unknown), or -2 when they differ. */
  soleDepartment: Int32Array;
  /** The languages any member speaks, the topics any member shares, and those any member wants to learn. */
  languages: Int32Array;
  share: Int32Array;
  learn: Int32Array;
}

/** See `PairModel.blockBounds`: per the row's small byte × block, indexed index[row position] · count + b. */
interface BlockBounds extends BlockFeatures {
  /** Blocks. */
  count: number;
  index: Int32Array;
  leftRest: Float64Array;
  left: Float64Array;
  rightRest: Float64Array;
  right: Float64Array;
  team: number;
  topics: number;
  department: number;
  language: number;
}

/** Score features in bucket order, one word each (topics and languages fit 32 bits). */
interface PackedPeople {
  department: Int32Array;
  team: Int32Array;
  /** goals | (work style + 1) << 5 | new joiner << 7. */
  small: Int32Array;
  /** small × 256: the row of `smallPoints` for a person. */
  smallRow: Int32Array;
  /** Points of shared goals, same work style and new joiner with tenured, for two `small` bytes. */
  smallPoints: Float64Array;
  share: Int32Array;
  learn: Int32Array;
  languages: Int32Array;
  /** The fairness points each person brings to any pair. */
  fairness: Float64Array;
  /** The most team and topics can give any pair with this person. */
  rest: Float64Array;
}

/** 0, 1, …, n − 1. */
function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Bits set in each 16-bit value. */
let bitsIn16: Uint8Array | null = null;

function bitCounts(): Uint8Array {
  if (bitsIn16 === null) {
    bitsIn16 = new Uint8Array(1 << 16);
    for (let x = 1; x < 1 << 16; x++) bitsIn16[x] = bitsIn16[x >> 1]! + (x & 1);
  }
  return bitsIn16;
}

/** 1 when a and b are both ids (≥ 0) and differ, else 0, without a branch. */
const bothAndDifferent = (a: number, b: number): number => {
  const x = a ^ b;
  return ((x | -x) >>> 31) & (((a | b) >>> 31) ^ 1);
};
