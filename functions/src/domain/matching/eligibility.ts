import { DateTime } from 'luxon';

import { GOALS } from '../../contracts/common';
import type {
  Cadence,
  Goal,
  HardRule,
  MatchingParticipant,
  MatchingProgram,
  PairHistoryEntry,
  RoundInput,
} from './types';
import { overlapHours, workingIntervals } from './working-hours';

/** A participant with everything the pair checks need precomputed once (sets, intervals, new-joiner flag). */
export interface PreparedParticipant {
  person: MatchingParticipant;
  intervals: number[];
  /** null = any cadence. */
  cadences: ReadonlySet<Cadence> | null;
  newJoiner: boolean;
  goals: ReadonlySet<Goal>;
  learn: ReadonlyMap<string, string>;
  share: ReadonlyMap<string, string>;
  languages: ReadonlyMap<string, string>;
  notWith: ReadonlySet<string>;
  chain: ReadonlySet<string>;
  /** Goals as a bit set (index in GOALS), for fast intersection. */
  goalBits: number;
}

export interface RuleContext {
  program: MatchingProgram;
  roundIndex: number | undefined;
  roundStart: DateTime;
  /** Most recent meeting per unordered pair (pairKey). */
  history: ReadonlyMap<string, { roundIndex?: number; dayNumber?: number }>;
  /** Who each person met or is admin-blocked from: lets checkPair skip building a key for most pairs. */
  touchedBy: ReadonlyMap<string, ReadonlySet<string>>;
  adminBlocks: ReadonlySet<string>;
}

export const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * One empty set and map for everyone who has none: most people name nobody and many list no languages, and a
 * round prepares every participant (at 10,000 people, 60,000 collections a round, most of them empty).
 */
const NO_ONE: ReadonlySet<string> = new Set();
const NOTHING: ReadonlyMap<string, string> = new Map();

/** Topics and languages compare case-insensitively but keep the person's spelling for explanations. */
function folded(values: readonly string[]): ReadonlyMap<string, string> {
  if (values.length === 0) return NOTHING;
  const out = new Map<string, string>();
  for (const value of values) {
    const spelled = value.trim();
    if (spelled.length > 0) out.set(spelled.toLowerCase(), spelled);
  }
  return out;
}

const setOf = (values: readonly string[]): ReadonlySet<string> =>
  values.length === 0 ? NO_ONE : new Set(values);

export function prepareParticipant(
  person: MatchingParticipant,
  roundStartDate: string,
  newJoinerDays: number,
  intervalCache?: Map<string, number[]>,
): PreparedParticipant {
  let newJoiner = person.isNewJoiner ?? false;
  if (person.isNewJoiner === undefined && person.hireDate) {
    const hired = dayNumber(person.hireDate);
    if (hired === undefined) {
      throw new RangeError(`participant ${person.id}: hire date "${person.hireDate}" is not a date`);
    }
    newJoiner = dayNumber(roundStartDate)! - hired < newJoinerDays;
  }
  const cadence = person.cadence;
  return {
    person,
    intervals: workingIntervals(person, roundStartDate, intervalCache),
    cadences: cadence === 'any' ? null : new Set(Array.isArray(cadence) ? cadence : [cadence]),
    newJoiner,
    goals: new Set(person.goals),
    learn: folded(person.topicsToLearn),
    share: folded(person.topicsToShare),
    languages: folded(person.languages),
    notWith: setOf(person.notWith),
    chain: setOf(person.managerChain),
    goalBits: goalBitsOf(person.goals),
  };
}

function goalBitsOf(goals: readonly Goal[]): number {
  let bits = 0;
  for (const goal of goals) bits |= 1 << GOALS.indexOf(goal);
  return bits;
}

export function buildRuleContext(input: RoundInput): RuleContext {
  const roundStart = DateTime.fromISO(input.roundStartDate, { zone: 'UTC' });
  if (!roundStart.isValid) throw new RangeError(`roundStartDate "${input.roundStartDate}" is not a date`);
  const history = new Map<string, { roundIndex?: number; dayNumber?: number }>();
  for (const entry of input.history ?? []) addHistory(history, entry);
  const adminBlocks = new Set((input.program.adminBlocks ?? []).map(([a, b]) => pairKey(a, b)));
  const touchedBy = new Map<string, Set<string>>();
  const touchOne = (x: string, y: string): void => {
    const set = touchedBy.get(x);
    if (set === undefined) touchedBy.set(x, new Set([y]));
    else set.add(y);
  };
  const touch = (a: string, b: string): void => {
    touchOne(a, b);
    touchOne(b, a);
  };
  for (const entry of input.history ?? []) touch(entry.a, entry.b);
  for (const [a, b] of input.program.adminBlocks ?? []) touch(a, b);
  return {
    program: input.program,
    roundIndex: input.roundIndex,
    roundStart,
    history,
    touchedBy,
    adminBlocks,
  };
}

function addHistory(
  history: Map<string, { roundIndex?: number; dayNumber?: number }>,
  entry: PairHistoryEntry,
): void {
  const key = pairKey(entry.a, entry.b);
  const current = history.get(key) ?? {};
  if (entry.roundIndex !== undefined)
    current.roundIndex = Math.max(current.roundIndex ?? -Infinity, entry.roundIndex);
  if (entry.date !== undefined) {
    const day = DateTime.fromISO(entry.date, { zone: 'UTC' });
    if (!day.isValid)
      throw new RangeError(`history entry ${entry.a}–${entry.b}: date "${entry.date}" is not a date`);
    current.dayNumber = Math.max(current.dayNumber ?? -Infinity, Math.floor(day.toMillis() / 86_400_000));
  }
  history.set(key, current);
}

/** The pair met within the program's cooldown (rounds and/or weeks). */
export function inCooldown(key: string, ctx: RuleContext): boolean {
  const met = ctx.history.get(key);
  if (met === undefined) return false;
  const rules = ctx.program.rules;
  if (
    met.roundIndex !== undefined &&
    ctx.roundIndex !== undefined &&
    ctx.roundIndex - met.roundIndex <= rules.cooldownRounds
  ) {
    return true;
  }
  const weeks = rules.cooldownWeeks ?? 0;
  if (met.dayNumber !== undefined && weeks > 0) {
    const today = Math.floor(ctx.roundStart.toMillis() / 86_400_000);
    if (today - met.dayNumber < weeks * 7) return true;
  }
  return false;
}

export type PairCheck = { ok: true; overlapHours: number } | { ok: false; rule: HardRule };

/**
 * The hard rules, cheapest first; the first that fails names why the pair has no edge. Order matters only for
 * the `blockedBy` counts in explanations, not for which pairs are eligible.
 */
export function checkPair(a: PreparedParticipant, b: PreparedParticipant, ctx: RuleContext): PairCheck {
  const ida = a.person.id;
  const idb = b.person.id;
  const rules = ctx.program.rules;
  const key = ctx.touchedBy.get(ida)?.has(idb) === true ? pairKey(ida, idb) : undefined;
  if (key !== undefined && ctx.adminBlocks.has(key)) return { ok: false, rule: 'admin-block' };
  if (a.notWith.has(idb) || b.notWith.has(ida)) return { ok: false, rule: 'not-with' };
  if (a.chain.has(idb) || b.chain.has(ida)) return { ok: false, rule: 'management-chain' };
  if (key !== undefined && inCooldown(key, ctx)) return { ok: false, rule: 'cooldown' };
  if (
    rules.crossDepartment === 'require' &&
    a.person.department &&
    b.person.department &&
    a.person.department === b.person.department
  ) {
    return { ok: false, rule: 'same-department' };
  }
  if (ctx.program.kind === 'onboarding-buddy' && a.newJoiner === b.newJoiner)
    return { ok: false, rule: 'onboarding-pairing' };
  if (
    a.person.level !== null &&
    b.person.level !== null &&
    Math.abs(a.person.level - b.person.level) > rules.levelBand
  ) {
    return { ok: false, rule: 'level-band' };
  }
  if (a.cadences !== null && b.cadences !== null && !intersects(a.cadences, b.cadences)) {
    return { ok: false, rule: 'cadence' };
  }
  const hours = overlapHours(a.intervals, b.intervals);
  if (hours < rules.minOverlapHours) return { ok: false, rule: 'working-hours-overlap' };
  return { ok: true, overlapHours: hours };
}

/** Days since the Unix epoch of an ISO date (`YYYY-MM-DD`, optionally with a time), or undefined. */
export function dayNumber(iso: string): number | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 86_400_000);
}

function intersects<T>(x: ReadonlySet<T>, y: ReadonlySet<T>): boolean {
  for (const item of x) if (y.has(item)) return true;
  return false;
}
