import { type SessionsHeld } from '../../contracts/common';
import { type PairingDocument, type SessionRecord } from './lifecycle';

/**
 * "Sessions held: 3 of 4 so far": how many of a pairing's past sessions likely took place, read from what the
 * calendars said (the follow-up sweep's verdicts, domain/scheduling/series-health.ts), never from what people told
 * us in a check-in — the dashboard keeps the two apart. Pure: the caller passes `now`.
 */
export type { SessionsHeld };

export const noSessionsHeld: SessionsHeld = { likelyHeld: 0, sessionsSoFar: 0 };

type HeldInput = Pick<
  PairingDocument,
  'sessions' | 'sessionMinutes' | 'series' | 'endRequested' | 'previousSeries'
>;

/**
 * Counts over the current series and every series the pairing had before a re-booking. A session is "so far" once
 * it has ended, and only while the series still ran: when a series ends early (skip, pause, leave) its later
 * occurrences leave the calendars, so the records of them the sweep read before are not sessions that were missed.
 * Cancelled and declined occurrences count as sessions so far that were not held.
 */
export function sessionsLikelyHeld(pairing: HeldInput, now: string): SessionsHeld {
  const current = currentSeriesHeld(pairing, now);
  return pairing.previousSeries.reduce(
    (sum, past) => ({
      likelyHeld: sum.likelyHeld + past.likelyHeld,
      // Series ended before this count was kept know only their held sessions: at least that many took place.
      sessionsSoFar: sum.sessionsSoFar + Math.max(past.sessionsSoFar ?? past.likelyHeld, past.likelyHeld),
    }),
    current,
  );
}

/** The current series alone (what `rebook` keeps in the pairing's history when it replaces the series). */
export function currentSeriesHeld(pairing: Omit<HeldInput, 'previousSeries'>, now: string): SessionsHeld {
  const cutoff = Math.min(
    Date.parse(now),
    instantOr(pairing.series?.endedAt, Infinity),
    instantOr(pairing.endRequested?.at, Infinity),
  );
  const lengthMs = pairing.sessionMinutes * 60_000;
  const over = pairing.sessions.filter((s: SessionRecord) => Date.parse(s.start) + lengthMs <= cutoff);
  return {
    likelyHeld: over.filter((s) => s.verdict === 'likely-held').length,
    sessionsSoFar: over.length,
  };
}

function instantOr(iso: string | null | undefined, fallback: number): number {
  if (!iso) return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}
