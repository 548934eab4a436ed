import { dayAxis } from './day-axis';

const weeks = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(`${from}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('dayAxis', () => {
  it.each([
    // One week of data: the chart's own ticks were hours ("12 PM"); the axis has the one day.
    [['2030-03-04'], 'en-GB', ['4 Mar']],
    [['2030-03-04', '2030-03-11'], 'en-US', ['Mar 4', 'Mar 11']],
    [['2030-03-04', '2030-03-11'], 'de-DE', ['4. März', '11. März']],
    [['2030-03-04', '2030-03-11'], 'fr-FR', ['4 mars', '11 mars']],
    // Across a new year every tick carries its year.
    [['2030-12-23', '2030-12-30', '2031-01-06'], 'en-GB', ['23 Dec 2030', '30 Dec 2030', '6 Jan 2031']],
  ] as const)('%j in %s reads %j', (days, locale, expected) => {
    const axis = dayAxis(days, locale);
    expect(axis.ticks.map(axis.format)).toEqual(expected);
    // No tick carries a time of day.
    expect(axis.ticks.every((d) => d.toISOString().endsWith('T00:00:00.000Z'))).toBe(true);
  });

  it('keeps a day a day whatever the viewer’s zone (UTC midnight, written in UTC)', () => {
    const axis = dayAxis(['2030-03-04'], 'en-US');
    expect(iso(axis.ticks)).toEqual(['2030-03-04T00:00:00.000Z']);
    expect(axis.format(axis.ticks[0]!)).toBe('Mar 4');
  });

  it.each([
    [1, 6, 1],
    [6, 6, 6],
    [7, 6, 6],
    [52, 6, 6],
    [52, 4, 4],
    [3, 1, 1],
  ])('%i weekly points with at most %i ticks give %i, first and last included', (count, max, expected) => {
    const days = weeks('2030-01-07', count);
    const axis = dayAxis(days, 'en-GB', max);
    expect(axis.ticks).toHaveLength(expected);
    expect(axis.ticks[0]!.toISOString().slice(0, 10)).toBe(days[0]);
    if (expected > 1) expect(axis.ticks.at(-1)!.toISOString().slice(0, 10)).toBe(days.at(-1));
    const times = axis.ticks.map((d) => d.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });

  it('sorts and de-duplicates the days it is given', () => {
    const axis = dayAxis(['2030-03-18', '2030-03-04', '2030-03-18', '2030-03-11'], 'en-GB');
    expect(axis.ticks.map(axis.format)).toEqual(['4 Mar', '11 Mar', '18 Mar']);
  });

  it('an empty series has no ticks', () => {
    expect(dayAxis([], 'en-GB').ticks).toEqual([]);
  });
});
