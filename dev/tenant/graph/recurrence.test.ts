import { DateTime } from 'luxon';

import { expandSeries, occurrenceDates, type Recurrence, validateRecurrence } from './recurrence';

function recurrence(
  pattern: Record<string, unknown>,
  range: Record<string, unknown>,
  start: string,
): Recurrence {
  const result = validateRecurrence({ pattern, range: { startDate: start, ...range } }, start);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

describe('validateRecurrence (Graph rules)', () => {
  it.each([
    [
      { type: 'weekly', interval: 1 },
      { type: 'noEnd', startDate: '2026-03-02' },
      '2026-03-02',
      /daysOfWeek is required/,
    ],
    [
      { type: 'weekly', interval: 0, daysOfWeek: ['monday'] },
      { type: 'noEnd', startDate: '2026-03-02' },
      '2026-03-02',
      /interval/,
    ],
    [
      { type: 'hourly', interval: 1 },
      { type: 'noEnd', startDate: '2026-03-02' },
      '2026-03-02',
      /type 'hourly'/,
    ],
    [
      { type: 'absoluteMonthly', interval: 1 },
      { type: 'noEnd', startDate: '2026-03-02' },
      '2026-03-02',
      /dayOfMonth/,
    ],
    [
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      { type: 'endDate', startDate: '2026-03-02' },
      '2026-03-02',
      /endDate is required/,
    ],
    [
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 0 },
      '2026-03-02',
      /numberOfOccurrences/,
    ],
    [
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      { type: 'noEnd', startDate: '2026-03-03' },
      '2026-03-02',
      /must be the same as the start date/,
    ],
    [
      { type: 'weekly', interval: 1, daysOfWeek: ['funday'] },
      { type: 'noEnd', startDate: '2026-03-02' },
      '2026-03-02',
      /invalid day/,
    ],
    [
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'], everyOther: true },
      { type: 'noEnd', startDate: '2026-03-02' },
      '2026-03-02',
      /'everyOther' does not exist/,
    ],
    [
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      { type: 'noEnd', startDate: '2026-03-02', until: '2026-04-01' },
      '2026-03-02',
      /'until' does not exist/,
    ],
  ])('rejects %j / %j', (pattern, range, start, message) => {
    expect(validateRecurrence({ pattern, range }, start)).toMatch(message);
  });

  it('fills Graph defaults', () => {
    const r = recurrence({ type: 'weekly', daysOfWeek: ['Monday'] }, { type: 'noEnd' }, '2026-03-02');
    expect(r.pattern).toEqual({
      type: 'weekly',
      interval: 1,
      month: 0,
      dayOfMonth: 0,
      daysOfWeek: ['monday'],
      firstDayOfWeek: 'sunday',
      index: 'first',
    });
    expect(r.range).toMatchObject({ endDate: '0001-01-01', numberOfOccurrences: 0, recurrenceTimeZone: '' });
  });
});

describe('occurrenceDates', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, string[]]>([
    [
      'weekly every 2 weeks, numbered',
      { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'] },
      { type: 'numbered', numberOfOccurrences: 4 },
      '2026-03-03',
      ['2026-03-03', '2026-03-17', '2026-03-31', '2026-04-14'],
    ],
    [
      'weekly two days with endDate (inclusive)',
      { type: 'weekly', interval: 1, daysOfWeek: ['thursday', 'monday'] },
      { type: 'endDate', endDate: '2026-03-12' },
      '2026-03-02',
      ['2026-03-02', '2026-03-05', '2026-03-09', '2026-03-12'],
    ],
    [
      'daily every 3 days',
      { type: 'daily', interval: 3 },
      { type: 'numbered', numberOfOccurrences: 3 },
      '2026-02-27',
      ['2026-02-27', '2026-03-02', '2026-03-05'],
    ],
    [
      'relativeMonthly first Tuesday',
      { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'first' },
      { type: 'numbered', numberOfOccurrences: 3 },
      '2026-03-03',
      ['2026-03-03', '2026-04-07', '2026-05-05'],
    ],
    [
      'relativeMonthly last Friday',
      { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
      { type: 'numbered', numberOfOccurrences: 2 },
      '2026-03-27',
      ['2026-03-27', '2026-04-24'],
    ],
    [
      'absoluteMonthly 31st clamps to month end',
      { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 },
      { type: 'numbered', numberOfOccurrences: 3 },
      '2026-01-31',
      ['2026-01-31', '2026-02-28', '2026-03-31'],
    ],
    [
      'absoluteYearly',
      { type: 'absoluteYearly', interval: 1, dayOfMonth: 15, month: 6 },
      { type: 'numbered', numberOfOccurrences: 2 },
      '2026-06-15',
      ['2026-06-15', '2027-06-15'],
    ],
  ])('%s', (_name, pattern, range, start, expected) => {
    expect(occurrenceDates(recurrence(pattern, range, start), '2030-01-01')).toEqual(expected);
  });

  it('starts weekly series in the week of startDate and skips days before it', () => {
    // Starts on a Wednesday for a Monday+Wednesday pattern: the Monday before is not an occurrence.
    const dates = occurrenceDates(
      recurrence(
        { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday'] },
        { type: 'numbered', numberOfOccurrences: 3 },
        '2026-03-04',
      ),
      '2030-01-01',
    );
    expect(dates).toEqual(['2026-03-04', '2026-03-09', '2026-03-11']);
  });
});

describe('expandSeries across DST', () => {
  it('keeps 10:00 local in Pacific time across the March 2026 US change (UTC offset moves from -8 to -7)', () => {
    const start = DateTime.fromISO('2026-03-02T10:00:00', { zone: 'America/Los_Angeles' });
    const r = recurrence(
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      { type: 'numbered', numberOfOccurrences: 3 },
      '2026-03-02',
    );
    const occ = expandSeries(
      r,
      { startMs: start.toMillis(), zone: start.zoneName ?? 'UTC' },
      30 * 60_000,
      start.minus({ days: 1 }).toMillis(),
      start.plus({ weeks: 4 }).toMillis(),
    );
    expect(occ.map((o) => DateTime.fromMillis(o.startMs, { zone: 'UTC' }).toISO())).toEqual([
      '2026-03-02T18:00:00.000Z',
      '2026-03-09T17:00:00.000Z',
      '2026-03-16T17:00:00.000Z',
    ]);
    expect(
      occ.map((o) => DateTime.fromMillis(o.startMs, { zone: 'America/Los_Angeles' }).toFormat('HH:mm')),
    ).toEqual(['10:00', '10:00', '10:00']);
  });

  it('keeps 09:00 local in Sydney across the April 2026 end of southern DST', () => {
    const start = DateTime.fromISO('2026-03-30T09:00:00', { zone: 'Australia/Sydney' });
    const r = recurrence(
      { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      { type: 'numbered', numberOfOccurrences: 2 },
      '2026-03-30',
    );
    const occ = expandSeries(
      r,
      { startMs: start.toMillis(), zone: start.zoneName ?? 'UTC' },
      60 * 60_000,
      start.minus({ days: 1 }).toMillis(),
      start.plus({ weeks: 3 }).toMillis(),
    );
    expect(
      occ.map((o) => DateTime.fromMillis(o.startMs, { zone: 'UTC' }).toFormat("yyyy-MM-dd'T'HH:mm")),
    ).toEqual(['2026-03-29T22:00', '2026-04-05T23:00']);
  });

  it('returns only occurrences overlapping the window', () => {
    const start = DateTime.fromISO('2026-03-02T10:00:00', { zone: 'UTC' });
    const r = recurrence({ type: 'daily', interval: 1 }, { type: 'noEnd' }, '2026-03-02');
    const from = DateTime.fromISO('2026-03-10T00:00:00Z').toMillis();
    const occ = expandSeries(
      r,
      { startMs: start.toMillis(), zone: start.zoneName ?? 'UTC' },
      30 * 60_000,
      from,
      from + 3 * 24 * 3600_000,
    );
    expect(occ.map((o) => o.date)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
  });
});
