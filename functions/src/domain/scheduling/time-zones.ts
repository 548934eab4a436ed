import {
  DateTime,
  FixedOffsetZone,
  IANAZone,
  Zone,
  type ZoneOffsetFormat,
  type ZoneOffsetOptions,
} from 'luxon';
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

import { isoWeekday, type TimeZoneSpec, type TransitionRule } from './types';

/**
 * One time-zone model for everything Graph hands us. Mailboxes report Windows names by default and IANA names
 * when an admin configured them so; working hours may carry a custom zone (bias + transition rules). All of them
 * become a luxon `Zone`, so DST arithmetic is luxon's (backed by the ICU tz database), not ours.
 */
export function toZone(spec: TimeZoneSpec): Zone | undefined {
  if (spec.kind === 'named') return zoneFromName(spec.name);
  if (spec.name) {
    // A custom zone that still carries a known name is that zone; its rules then come from the tz database.
    const named = zoneFromName(spec.name);
    if (named) return named;
  }
  return new WindowsRuleZone(spec);
}

const zoneByName = new Map<string, Zone | undefined>();

/**
 * Windows ("India Standard Time") or IANA ("Asia/Kolkata") name → luxon zone; undefined if neither. Memoised:
 * validating a name asks Intl (and throws inside it for Windows names), which is slow on a hot path.
 */
export function zoneFromName(name: string): Zone | undefined {
  if (zoneByName.has(name)) return zoneByName.get(name);
  const zone = resolveZoneName(name.trim());
  if (zoneByName.size < 10_000) zoneByName.set(name, zone);
  return zone;
}

function resolveZoneName(trimmed: string): Zone | undefined {
  if (trimmed === '') return undefined;
  if (IANAZone.isValidZone(trimmed)) return IANAZone.create(trimmed);
  // windows-iana lists the canonical zone of the Windows name's "001" territory first.
  for (const candidate of findIana(trimmed)) {
    if (IANAZone.isValidZone(candidate)) return IANAZone.create(candidate);
  }
  return undefined;
}

/** The IANA name for a Windows or IANA name; Graph accepts IANA names in `dateTimeTimeZone` too. */
export function ianaNameOf(name: string): string | undefined {
  const zone = zoneFromName(name);
  return zone?.name;
}

function nthWeekdayOfMonth(year: number, rule: TransitionRule): DateTime {
  const first = DateTime.utc(year, rule.month, 1);
  const target = isoWeekday(rule.dayOfWeek);
  let day = first.plus({ days: (target - first.weekday + 7) % 7 });
  if (rule.dayOccurrence >= 5) {
    while (day.plus({ weeks: 1 }).month === rule.month) day = day.plus({ weeks: 1 });
  } else {
    day = day.plus({ weeks: Math.max(0, rule.dayOccurrence - 1) });
  }
  return day;
}

/**
 * A zone defined by Windows-style rules (Graph's `customTimeZone`): standard offset −bias, and while daylight
 * time is in force −(bias + daylightBias). Transitions happen at local wall-clock times, as in Windows.
 */
export class WindowsRuleZone extends Zone {
  constructor(private readonly spec: Extract<TimeZoneSpec, { kind: 'custom' }>) {
    super();
  }

  override get type(): string {
    return 'windows-rules';
  }

  override get name(): string {
    return this.spec.name ?? `custom(${-this.spec.bias})`;
  }

  override get isUniversal(): boolean {
    return !this.spec.daylight || !this.spec.standard;
  }

  override get isValid(): true {
    return true;
  }

  override offsetName(_ts: number, _options: ZoneOffsetOptions): string {
    return this.name;
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return FixedOffsetZone.instance(this.offset(ts)).formatOffset(ts, format);
  }

  override equals(other: Zone): boolean {
    return other instanceof WindowsRuleZone && JSON.stringify(other.spec) === JSON.stringify(this.spec);
  }

  override offset(ts: number): number {
    const standardOffset = -this.spec.bias;
    const { daylight, standard } = this.spec;
    if (!daylight || !standard) return standardOffset;
    const daylightOffset = -(this.spec.bias + daylight.daylightBias);
    const year = DateTime.fromMillis(ts, { zone: 'utc' }).plus({ minutes: standardOffset }).year;
    // Transition instants in UTC: daylight starts at its local (standard-time) wall clock, ends at its
    // local (daylight-time) wall clock.
    const daylightStart = nthWeekdayOfMonth(year, daylight)
      .plus({ minutes: daylight.minutes - standardOffset })
      .toMillis();
    const daylightEnd = nthWeekdayOfMonth(year, standard)
      .plus({ minutes: standard.minutes - daylightOffset })
      .toMillis();
    const inDaylight =
      daylightStart < daylightEnd
        ? ts >= daylightStart && ts < daylightEnd
        : ts >= daylightStart || ts < daylightEnd;
    return inDaylight ? daylightOffset : standardOffset;
  }
}

const offsetMemo = new WeakMap<Zone, Map<number, number>>();
const HALF_HOUR = 30 * 60_000;

/**
 * The zone's UTC offset (minutes) at an instant, memoised per zone and half-hour: luxon asks Intl for every
 * IANA offset, which otherwise dominates slot finding. Zones in use change offset only on :00 or :30 UTC
 * boundaries, so the offset is constant inside a half-hour bucket. A pure cache: same answers, faster.
 */
export function offsetMinutesAt(zone: Zone, instant: number): number {
  let memo = offsetMemo.get(zone);
  if (!memo) {
    memo = new Map();
    offsetMemo.set(zone, memo);
  }
  const bucket = Math.floor(instant / HALF_HOUR);
  let offset = memo.get(bucket);
  if (offset === undefined) {
    if (memo.size > 200_000) memo.clear();
    offset = zone.offset(bucket * HALF_HOUR);
    memo.set(bucket, offset);
  }
  return offset;
}

/**
 * The instant a wall-clock time (given as if it were UTC milliseconds) has in a zone. Ambiguous times (the
 * autumn overlap) take the earlier offset's reading as luxon does; times in the spring gap move forward.
 */
export function instantFromWallClock(zone: Zone, wallMs: number): number {
  const o1 = offsetMinutesAt(zone, wallMs);
  let guess = wallMs - o1 * 60_000;
  const o2 = offsetMinutesAt(zone, guess);
  if (o1 === o2) return guess;
  guess -= (o2 - o1) * 60_000;
  const o3 = offsetMinutesAt(zone, guess);
  if (o2 === o3) return guess;
  return wallMs - Math.min(o2, o3) * 60_000;
}

/** The Windows zones Exchange offers, each once (their "001" territory entry), in the package's order. */
const WINDOWS_ZONES: readonly string[] = [
  ...new Set(WINDOWS_TO_IANA_MAP.filter((e) => e.territory === '001').map((e) => e.windowsName)),
];
const namedByRules = new Map<string, string | undefined>();

/**
 * The Windows zone whose offsets equal a custom zone's at every instant sampled across `year` (twice a month),
 * or undefined. getSchedule describes some people's working hours with a `customTimeZone` (bias and rules) and
 * no name; the series, the candidate grid and the humane hours need a zone Outlook names, and one with the same
 * instants is as good as theirs.
 */
export function namedZoneFor(
  spec: Extract<TimeZoneSpec, { kind: 'custom' }>,
  year: number,
): string | undefined {
  const key = `${year}|${JSON.stringify(spec)}`;
  if (namedByRules.has(key)) return namedByRules.get(key);
  const custom = new WindowsRuleZone(spec);
  const samples: number[] = [];
  for (let month = 1; month <= 12; month++)
    for (const day of [1, 15]) samples.push(DateTime.utc(year, month, day, 12).toMillis());
  const found = WINDOWS_ZONES.find((name) => {
    const zone = zoneFromName(name);
    return zone !== undefined && samples.every((ts) => zone.offset(ts) === custom.offset(ts));
  });
  if (namedByRules.size < 1_000) namedByRules.set(key, found);
  return found;
}
