import { DateTime, IANAZone } from 'luxon';
import { findIana, findWindows } from 'windows-iana';

/**
 * Graph accepts Windows time-zone names (the Exchange default) and IANA names in `dateTimeTimeZone.timeZone`
 * and in `Prefer: outlook.timezone`. Zone math is done in IANA with luxon; names are echoed as the caller gave them.
 */
const preferred: Record<string, string> = { 'India Standard Time': 'Asia/Kolkata' };

const ianaCache = new Map<string, string | undefined>();

export function toIana(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  if (ianaCache.has(name)) return ianaCache.get(name);
  const result = resolveIana(name);
  ianaCache.set(name, result);
  return result;
}

function resolveIana(name: string): string | undefined {
  const trimmed = name.trim();
  if (/^(utc|etc\/utc|gmt|z)$/i.test(trimmed) || trimmed === 'tzone://Microsoft/Utc') return 'UTC';
  const fixed = preferred[trimmed];
  if (fixed) return fixed;
  const candidates = findIana(trimmed, '001');
  const all = candidates.length > 0 ? candidates : findIana(trimmed);
  for (const candidate of all) if (IANAZone.isValidZone(candidate)) return candidate;
  if (IANAZone.isValidZone(trimmed)) return trimmed;
  return undefined;
}

export function toWindows(iana: string): string | undefined {
  return findWindows(iana)[0];
}

/** Graph's `dateTime` format: local wall time with seven fractional digits and no offset. */
export function formatGraphDateTime(dt: DateTime): string {
  return `${dt.toFormat("yyyy-LL-dd'T'HH:mm:ss")}.${String(dt.millisecond).padStart(3, '0')}0000`;
}

// Zone math on hot paths (calendar expansion for thousands of mailboxes) avoids building luxon objects: offsets are
// read once per zone per 15 minutes of UTC time through luxon's IANA zone and memoized; DST changes fall on such
// boundaries in every zone the simulator uses.
const offsetCache = new Map<string, Map<number, number>>();
const quarterHour = 15 * 60_000;

/** Offset of `zone` from UTC in minutes at the instant `utcMs`. */
export function offsetMinutes(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  let byZone = offsetCache.get(zone);
  if (!byZone) {
    byZone = new Map();
    offsetCache.set(zone, byZone);
  }
  const bucket = Math.floor(utcMs / quarterHour);
  let offset = byZone.get(bucket);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(bucket * quarterHour);
    byZone.set(bucket, offset);
  }
  return offset;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Days since 1970-01-01 of the local date. */
  epochDay: number;
}

const dayMs = 86_400_000;

export function utcToLocal(zone: string, utcMs: number): LocalParts {
  const local = utcMs + offsetMinutes(zone, utcMs) * 60_000;
  const d = new Date(local);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    epochDay: Math.floor(local / dayMs),
  };
}

/** The instant of a local wall time in `zone` (a time skipped by DST moves forward, like Exchange does). */
export function localToUtc(zone: string, epochDay: number, hour: number, minute: number, second = 0): number {
  const wall = epochDay * dayMs + ((hour * 60 + minute) * 60 + second) * 1000;
  let guess = wall - offsetMinutes(zone, wall) * 60_000;
  guess = wall - offsetMinutes(zone, guess) * 60_000;
  return guess;
}

export function epochDayOf(isoDate: string): number {
  return (
    Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) /
    dayMs
  );
}

export function isoDateOf(epochDay: number): string {
  return new Date(epochDay * dayMs).toISOString().slice(0, 10);
}

/** ISO weekday of an epoch day: Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatLocal(parts: LocalParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}.${pad(parts.millisecond, 3)}0000`;
}

/** Parses a Graph `dateTimeTimeZone` into an absolute instant; undefined when malformed or the zone is unknown. */
export function parseDateTimeTimeZone(
  value: unknown,
): { instant: DateTime; zone: string; zoneName: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { dateTime, timeZone } = value as { dateTime?: unknown; timeZone?: unknown };
  if (typeof dateTime !== 'string') return undefined;
  const zoneName = typeof timeZone === 'string' && timeZone.trim() !== '' ? timeZone : 'UTC';
  const zone = toIana(zoneName);
  if (!zone) return undefined;
  // An explicit offset in dateTime wins over timeZone, as Exchange does.
  const hasOffset = /(Z|[+-]\d\d:?\d\d)$/.test(dateTime);
  const instant = hasOffset
    ? DateTime.fromISO(dateTime, { setZone: true }).setZone(zone)
    : DateTime.fromISO(dateTime, { zone });
  if (!instant.isValid) return undefined;
  return { instant, zone, zoneName };
}

/** Renders an instant in the zone a client asked for (Prefer: outlook.timezone) or UTC. */
export function toDateTimeTimeZone(
  instantMs: number,
  zone: { iana: string; name: string },
): { dateTime: string; timeZone: string } {
  return { dateTime: formatLocal(utcToLocal(zone.iana, instantMs)), timeZone: zone.name };
}

export const utcZone = { iana: 'UTC', name: 'UTC' } as const;
