/**
 * Working hours as Exchange returns them when they were saved by a client that sends its own time-zone rules instead
 * of a zone name: `#microsoft.graph.customTimeZone`, name "Customized Time Zone" (resources/customtimezone.md,
 * standardtimezoneoffset.md, daylighttimezoneoffset.md; the getSchedule example in
 * concepts/outlook-get-free-busy-schedule.md shows Pacific time as bias 480, daylightBias -60).
 *
 * Sign convention: the Windows one, as in that example — local time = UTC − (bias + daylightBias during daylight
 * time). customtimezone.md's prose ("ahead of UTC have a positive offset") contradicts its own service's example; the
 * simulator follows the example, which is what Graph returns. Transition times are local wall times in the offset in
 * force before the transition; dayOccurrence 1–4 is the nth weekday of the month and 5 the last; month 0 = no daylight
 * time. The rules below are each office zone's own, so a person's working hours mean the same instants either way.
 */
export interface TransitionRule {
  time: string;
  dayOccurrence: number;
  dayOfWeek: string;
  month: number;
  year: number;
}

export interface CustomTimeZone {
  '@odata.type': '#microsoft.graph.customTimeZone';
  bias: number;
  name: 'Customized Time Zone';
  standardOffset: TransitionRule;
  daylightOffset: TransitionRule & { daylightBias: number };
}

const noTransition: TransitionRule = {
  time: '00:00:00.0000000',
  dayOccurrence: 0,
  dayOfWeek: 'sunday',
  month: 0,
  year: 0,
};

const rule = (time: string, dayOccurrence: number, month: number): TransitionRule => ({
  time: `${time}:00.0000000`,
  dayOccurrence,
  dayOfWeek: 'sunday',
  month,
  year: 0,
});

// Windows' own rules for the office zones (the registry's TZI data): [bias, standard transition, daylight transition].
const rules: Record<string, [number, TransitionRule, TransitionRule]> = {
  'Pacific Standard Time': [480, rule('02:00', 1, 11), rule('02:00', 2, 3)],
  'Eastern Standard Time': [300, rule('02:00', 1, 11), rule('02:00', 2, 3)],
  'GMT Standard Time': [0, rule('02:00', 5, 10), rule('01:00', 5, 3)],
  'W. Europe Standard Time': [-60, rule('03:00', 5, 10), rule('02:00', 5, 3)],
  'India Standard Time': [-330, noTransition, noTransition],
  'Singapore Standard Time': [-480, noTransition, noTransition],
  'AUS Eastern Standard Time': [-600, rule('03:00', 1, 4), rule('02:00', 1, 10)],
};

/** The customTimeZone equivalent of a Windows zone the simulator uses; undefined for others. */
export function customTimeZoneFor(windowsName: string): CustomTimeZone | undefined {
  const entry = rules[windowsName];
  if (!entry) return undefined;
  const [bias, standard, daylight] = entry;
  return {
    '@odata.type': '#microsoft.graph.customTimeZone',
    bias,
    name: 'Customized Time Zone',
    standardOffset: { ...standard },
    daylightOffset: { ...daylight, daylightBias: daylight.month === 0 ? 0 : -60 },
  };
}

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const dayMs = 86_400_000;

/** The wall time (as UTC-epoch milliseconds of the local clock) at which a rule fires in `year`. */
function transitionWallMs(r: TransitionRule, year: number): number {
  const weekday = weekdays.indexOf(r.dayOfWeek.toLowerCase());
  const [h, m, s] = r.time.split(':').map((p) => Number.parseFloat(p));
  const first = Date.UTC(year, r.month - 1, 1);
  const firstWeekday = new Date(first).getUTCDay();
  let day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (Math.min(r.dayOccurrence, 5) - 1);
  const daysInMonth = new Date(Date.UTC(year, r.month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return first + (day - 1) * dayMs + (((h ?? 0) * 60 + (m ?? 0)) * 60 + (s ?? 0)) * 1000;
}

/** Minutes east of UTC that a customTimeZone gives at the instant `utcMs` (what a client must compute). */
export function customOffsetMinutes(zone: CustomTimeZone, utcMs: number): number {
  const standard = -zone.bias;
  const daylight = -(zone.bias + zone.daylightOffset.daylightBias);
  if (zone.daylightOffset.month === 0 || zone.standardOffset.month === 0) return standard;
  const year = new Date(utcMs).getUTCFullYear();
  // Daylight starts at a wall time in standard time and ends at a wall time in daylight time.
  const start = transitionWallMs(zone.daylightOffset, year) - standard * 60_000;
  const end = transitionWallMs(zone.standardOffset, year) - daylight * 60_000;
  const inDaylight = start < end ? utcMs >= start && utcMs < end : utcMs >= start || utcMs < end;
  return inDaylight ? daylight : standard;
}

/**
 * A person's working hours as Graph returns them (mailboxSettings, getSchedule): with a customTimeZone for the people
 * seeded with one while the switch is on, else with the zone's name.
 */
export function renderWorkingHours(
  hours: { daysOfWeek: string[]; startTime: string; endTime: string; timeZone: { name: string } },
  asCustomTimeZone: boolean,
): Record<string, unknown> {
  const custom = asCustomTimeZone ? customTimeZoneFor(hours.timeZone.name) : undefined;
  return {
    daysOfWeek: [...hours.daysOfWeek],
    startTime: hours.startTime,
    endTime: hours.endTime,
    timeZone: custom ?? { name: hours.timeZone.name },
  };
}
