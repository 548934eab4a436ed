/**
 * The time zones an admin can pick for a program's schedule: every IANA zone the browser knows
 * (`Intl.supportedValuesOf('timeZone')`), each with its main city, its generic name in the admin's language
 * ("Central European Time", "Mitteleuropäische Zeit") and its UTC offset at the moment the form opens.
 */
export interface TimeZoneOption {
  /** The IANA name, what the program stores. */
  id: string;
  /** "Buenos Aires" for `America/Argentina/Buenos_Aires`. */
  city: string;
  /** e.g. "Central European Time"; the IANA name when the browser has no better one. */
  name: string;
  /** Minutes east of UTC now (negative west of it). */
  offsetMinutes: number;
  /** "UTC+05:30", "UTC−03:00", "UTC". */
  offset: string;
  /** What the field shows once chosen: "Berlin (UTC+01:00)". */
  label: string;
}

/**
 * ICU (so V8, so Chrome, Edge, Teams and Node) still lists some zones under names the IANA database renamed long
 * ago: "Asia/Calcutta" for Kolkata, "Europe/Kiev" for Kyiv. Both names work everywhere; people look for the city
 * they know, so the list shows the current names.
 */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The current IANA name of a zone ICU still calls by an old one; any other name as it is. */
export function currentTimeZoneName(id: string): string {
  return CURRENT_NAMES[id] ?? id;
}

/**
 * The zones this browser supports, by their current names, and UTC (which `supportedValuesOf` leaves out); an old
 * browser without `supportedValuesOf` offers UTC and the admin's own zone.
 */
export function supportedTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const listed =
    typeof intl.supportedValuesOf === 'function'
      ? intl.supportedValuesOf('timeZone')
      : [Intl.DateTimeFormat().resolvedOptions().timeZone];
  return [...new Set(['UTC', ...listed.map(currentTimeZoneName)])];
}

export function cityOf(id: string): string {
  const last = id.split('/').at(-1) ?? id;
  return last.replace(/_/g, ' ');
}

/** The zone's offset from UTC at `now`, in minutes; null for a name the browser does not know. */
export function offsetMinutesOf(id: string, now: Date): number | null {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (!part) return null;
    // "GMT" alone at zero; otherwise "GMT+05:30" / "GMT-03:00".
    const m = /^GMT(?:([+-−])(\d{1,2})(?::?(\d{2}))?)?$/.exec(part);
    if (!m) return null;
    if (!m[1]) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
    return m[1] === '+' ? minutes : -minutes;
  } catch {
    return null;
  }
}

/** "UTC+05:30", "UTC−03:00" (a true minus sign), or "UTC" at zero. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${minutes > 0 ? '+' : '−'}${hh}:${mm}`;
}

function genericNameOf(id: string, locale: string, now: Date): string {
  try {
    return (
      new Intl.DateTimeFormat(locale, { timeZone: id, timeZoneName: 'longGeneric' })
        .formatToParts(now)
        .find((p) => p.type === 'timeZoneName')?.value ?? id
    );
  } catch {
    return id;
  }
}

/**
 * Every option, west to east by their offset now, then by city. `extra` adds zones the list lacks (a program saved
 * with a name this browser does not list, e.g. a legacy alias), so the current value is always shown.
 */
export function timeZoneOptions(
  now: Date,
  locale: string,
  zones: readonly string[] = supportedTimeZones(),
  extra: readonly string[] = [],
): TimeZoneOption[] {
  const ids = [...new Set([...zones, ...extra])];
  return ids
    .flatMap((id): TimeZoneOption[] => {
      const offsetMinutes = offsetMinutesOf(id, now);
      if (offsetMinutes === null) return [];
      const city = cityOf(id);
      const offset = formatOffset(offsetMinutes);
      return [
        {
          id,
          city,
          name: genericNameOf(id, locale, now),
          offsetMinutes,
          offset,
          label: `${city} (${offset})`,
        },
      ];
    })
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.city.localeCompare(b.city, locale));
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .replace(/−/g, '-')
    .trim();

/** "utc-3", "gmt+5:30", "+0530" → "-03", "+05:30": the form offsets take in the haystack. */
function offsetWord(word: string): string {
  const m = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(word);
  if (!m) return word;
  return `${m[1]}${(m[2] ?? '').padStart(2, '0')}${m[3] ? `:${m[3]}` : ''}`;
}

/**
 * Does the typed text match a zone? Every word must occur in its city, IANA name, generic name or offset, ignoring
 * case and accents ("sao paulo", "kolkata", "central europe", "+05:30", "utc-3").
 */
export function matchesTimeZone(option: TimeZoneOption, text: string): boolean {
  const words = fold(text)
    .split(' ')
    .filter((w) => w.length > 0)
    .map(offsetWord);
  if (words.length === 0) return true;
  const haystack = fold(`${option.city} ${option.id} ${option.name} ${option.offset}`);
  return words.every((w) => haystack.includes(w));
}
