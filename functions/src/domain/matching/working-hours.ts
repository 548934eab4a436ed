import { DateTime } from 'luxon';

import { DEFAULT_SLOT_POLICY } from '../scheduling/find-slot';
import type { MatchingParticipant, Weekday } from './types';

/**
 * The local hours a session may be booked in (the slot finder's humane bounds). Working time outside them cannot
 * hold a session, so it must not count as overlap: otherwise matching pairs people booking can never seat.
 */
const HUMANE = {
  from: DEFAULT_SLOT_POLICY.earliestStartMinutes,
  to: DEFAULT_SLOT_POLICY.latestEndMinutes,
};

const WEEKDAY_NUMBER: Record<Weekday, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};
const DEFAULT_DAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * A person's working intervals during the round's first week, as absolute minutes since the Unix epoch. Each
 * local day is resolved in the person's own zone on its real date, so DST changes and half-hour offsets
 * (Asia/Kolkata, +05:30) fall out of the zone database rather than a fixed offset.
 */
export function workingIntervals(
  person: MatchingParticipant,
  roundStartDate: string,
  cache?: Map<string, number[]>,
): number[] {
  const zone = person.timeZone ?? 'UTC';
  const hours = person.workingHours ?? { days: DEFAULT_DAYS, start: '09:00', end: '17:00' };
  // Zone arithmetic is the slow part (Intl lookups); most people share a zone and a schedule.
  const key = `${zone}|${hours.start}|${hours.end}|${hours.days.join(',')}`;
  const cached = cache?.get(key);
  if (cached !== undefined) return cached;
  const start = parseClock(hours.start, person.id, 'start');
  const end = parseClock(hours.end, person.id, 'end');
  const first = DateTime.fromISO(roundStartDate, { zone });
  if (!first.isValid) {
    throw new RangeError(
      `participant ${person.id}: time zone "${zone}" or date "${roundStartDate}" is not valid`,
    );
  }
  const days = new Set(hours.days.map((d) => WEEKDAY_NUMBER[d]));
  const out: number[] = [];
  for (let i = 0; i < 7; i++) {
    const day = first.plus({ days: i });
    if (!days.has(day.weekday)) continue;
    // Clipped to the humane hours of the same local day (a night shift has none; booking never seats one there).
    const fromMinutes = Math.max(start.hour * 60 + start.minute, HUMANE.from);
    const endMinutes = end.hour * 60 + end.minute;
    const toMinutes = Math.min(
      endMinutes <= start.hour * 60 + start.minute ? 24 * 60 : endMinutes,
      HUMANE.to,
    );
    if (toMinutes <= fromMinutes) continue;
    // Wall-clock times on that date (not "midnight + minutes", which a DST change would shift by an hour).
    const from = day.set({ hour: Math.floor(fromMinutes / 60), minute: fromMinutes % 60 });
    const to = day.set({ hour: Math.floor(toMinutes / 60), minute: toMinutes % 60 });
    out.push(Math.round(from.toMillis() / 60000), Math.round(to.toMillis() / 60000));
  }
  cache?.set(key, out);
  return out;
}

/** Longest single stretch both people work at the same time during the week, in hours. */
export function overlapHours(a: readonly number[], b: readonly number[]): number {
  let best = 0;
  for (let i = 0; i < a.length; i += 2) {
    for (let j = 0; j < b.length; j += 2) {
      const d = Math.min(a[i + 1]!, b[j + 1]!) - Math.max(a[i]!, b[j]!);
      if (d > best) best = d;
    }
  }
  return best / 60;
}

function parseClock(text: string, id: string, which: string): { hour: number; minute: number } {
  const m = HH_MM.exec(text);
  if (m === null) throw new RangeError(`participant ${id}: working-hours ${which} "${text}" is not HH:mm`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}
