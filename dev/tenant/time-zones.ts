import { findIana, findWindows } from 'windows-iana';
import { DateTime, IANAZone } from 'luxon';

/**
 * Graph accepts Windows time-zone names (the Exchange default) and IANA names in `dateTimeTimeZone.timeZone`
 * and in `Prefer: outlook.timezone`. Zone math is done in IANA with luxon; names are echoed as the caller gave them.
 */
const preferred: Record<string, string> = { 'India Standard Time': 'Asia/Kolkata' };

export function toIana(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
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

/** Parses a Graph `dateTimeTimeZone` into an absolute instant; undefined when malformed or the zone is unknown. */
export function parseDateTimeTimeZone(value: unknown): { instant: DateTime; zone: string; zoneName: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { dateTime, timeZone } = value as { dateTime?: unknown; timeZone?: unknown };
  if (typeof dateTime !== 'string') return undefined;
  const zoneName = typeof timeZone === 'string' && timeZone.trim() !== '' ? timeZone : 'UTC';
  const zone = toIana(zoneName);
  if (!zone) return undefined;
  // An explicit offset in dateTime wins over timeZone, as Exchange does.
  const hasOffset = /(Z|[+-]\d\d:?\d\d)$/.test(dateTime);
  const instant = hasOffset ? DateTime.fromISO(dateTime, { setZone: true }).setZone(zone) : DateTime.fromISO(dateTime, { zone });
  if (!instant.isValid) return undefined;
  return { instant, zone, zoneName };
}

/** Renders an instant in the zone a client asked for (Prefer: outlook.timezone) or UTC. */
export function toDateTimeTimeZone(instantMs: number, zone: { iana: string; name: string }): { dateTime: string; timeZone: string } {
  return { dateTime: formatGraphDateTime(DateTime.fromMillis(instantMs, { zone: zone.iana })), timeZone: zone.name };
}

export const utcZone = { iana: 'UTC', name: 'UTC' } as const;
