/**
 * A chart's time axis over calendar days (the dashboard's weekly points). Left to itself the chart picks "nice"
 * instants between the points — with one or two weeks of data those are hours, and the axis read "12 PM" — so the
 * ticks are the data's own days, at most `maxTicks` of them spread evenly (first and last always), each written
 * as a date in the reader's locale. Days are UTC midnights: no time zone moves them to the day before.
 */
export interface DayAxis {
  ticks: Date[];
  format: (day: Date) => string;
}

export function dayAxis(isoDays: readonly string[], locale: string, maxTicks = 6): DayAxis {
  const days = [...new Set(isoDays)].sort();
  const spansYears = days.length > 0 && days[0]!.slice(0, 4) !== days.at(-1)!.slice(0, 4);
  const formatter = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    ...(spansYears ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
  return {
    ticks: spread(days, Math.max(1, maxTicks)).map((d) => new Date(`${d}T00:00:00Z`)),
    format: (day) => formatter.format(day),
  };
}

/** At most `count` items, evenly spaced, the first and the last included. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count === 1) return [items[0]!];
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => items[Math.round(i * step)]!);
}
