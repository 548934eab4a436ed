import { type Cadence } from '../../contracts/common';
import { MAX_SESSION_NUMBER } from '../../contracts/workspace';
import { type PairingDocument } from '../pairings/lifecycle';
import { addDays } from '../time';

/**
 * The sessions a pairing's workspace is organised by: numbered from 1 over the round, so an agenda or a check-in
 * keeps its session when the series moves or is re-booked. Pure: the caller passes `now`.
 *
 * Dates come from what is known, best first: the occurrences the follow-up sweep read from the calendar (the current
 * series), the next session, then the cadence projected from the last known one to the round's end. Sessions of a
 * series that was replaced (re-booked after a decline) keep their numbers, undated. Before anything is booked the
 * round's length and cadence give the count, undated.
 */
export interface PlannedSession {
  number: number;
  start: string | null;
}

export interface SessionPlan {
  sessions: PlannedSession[];
  /** The latest session that has started; the first while none has. */
  current: number;
}

export type SessionInput = Pick<
  PairingDocument,
  'startsOn' | 'endsOn' | 'cadence' | 'series' | 'sessions' | 'nextSession' | 'previousSeries'
>;

const STEP_DAYS: Readonly<Record<Exclude<Cadence, 'monthly'>, number>> = { weekly: 7, biweekly: 14 };
const DAY_MS = 86_400_000;

/** The next start at the cadence: +7 or +14 days, or the same weekday of the same week of the next month. */
function nextStart(start: string, cadence: Cadence): string {
  const at = new Date(start);
  if (cadence !== 'monthly') return new Date(at.getTime() + STEP_DAYS[cadence] * DAY_MS).toISOString();
  const week = Math.floor((at.getUTCDate() - 1) / 7);
  const next = new Date(at.getTime());
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const shift = (at.getUTCDay() - next.getUTCDay() + 7) % 7;
  next.setUTCDate(1 + shift + 7 * Math.min(week, 3));
  return next.toISOString();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Sessions a round of this length holds at this cadence (at least one). */
export function sessionCountOf(startsOn: string, endsOn: string, cadence: Cadence): number {
  const days = Math.max(daysBetween(startsOn, endsOn) + 1, 1);
  const step = cadence === 'monthly' ? 28 : STEP_DAYS[cadence];
  return Math.min(Math.max(Math.ceil(days / step), 1), MAX_SESSION_NUMBER);
}

export function planSessions(pairing: SessionInput, now: string): SessionPlan {
  const earlier = pairing.previousSeries.reduce(
    (sum, past) => sum + Math.max(past.sessionsSoFar ?? past.likelyHeld, past.likelyHeld),
    0,
  );
  const known = [
    ...new Set([
      ...pairing.sessions.map((s) => new Date(s.start).toISOString()),
      ...(pairing.nextSession && pairing.series ? [new Date(pairing.nextSession.start).toISOString()] : []),
      ...(pairing.series?.firstOccurrence ? [new Date(pairing.series.firstOccurrence).toISOString()] : []),
    ]),
  ].sort();
  const starts: Array<string | null> = Array.from({ length: earlier }, () => null);
  if (known.length === 0) {
    const count = Math.max(sessionCountOf(pairing.startsOn, pairing.endsOn, pairing.cadence), earlier);
    while (starts.length < count) starts.push(null);
  } else {
    starts.push(...known);
    // The round ends at the end of its last day: a session that day is still in it.
    const end = Date.parse(`${addDays(pairing.endsOn, 1)}T00:00:00Z`);
    for (let next = nextStart(known[known.length - 1]!, pairing.cadence); Date.parse(next) < end;) {
      starts.push(next);
      next = nextStart(next, pairing.cadence);
    }
  }
  const sessions = starts
    .slice(0, MAX_SESSION_NUMBER)
    .map((start, i): PlannedSession => ({ number: i + 1, start }));
  const at = Date.parse(now);
  const started = sessions.filter((s) => s.start !== null && Date.parse(s.start) <= at);
  const current = started[started.length - 1]?.number ?? (earlier > 0 ? earlier : 1);
  return { sessions, current };
}
