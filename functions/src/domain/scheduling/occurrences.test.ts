import { DateTime } from 'luxon';

import { expandOccurrences, occurrenceDates } from './occurrences';
import { zoneFromName } from './time-zones';

const newYork = zoneFromName('America/New_York')!;
const berlin = zoneFromName('Europe/Berlin')!;

describe('expandOccurrences', () => {
  it('keeps the wall-clock time across the US DST change; the UTC instant moves', () => {
    const occurrences = expandOccurrences({
      pattern: { type: 'weekly', interval: 1, dayOfWeek: 'monday' },
      startMinutes: 10 * 60,
      durationMinutes: 30,
      zone: newYork,
      from: '2027-03-03',
      until: '2027-03-31',
    });
    expect(occurrences.map((o) => o.localDate)).toEqual([
      '2027-03-08',
      '2027-03-15',
      '2027-03-22',
      '2027-03-29',
    ]);
    expect(occurrences.map((o) => new Date(o.start).toISOString())).toEqual([
      '2027-03-08T15:00:00.000Z',
      '2027-03-15T14:00:00.000Z',
      '2027-03-22T14:00:00.000Z',
      '2027-03-29T14:00:00.000Z',
    ]);
    expect(occurrences.every((o) => o.end - o.start === 30 * 60_000)).toBe(true);
  });

  it('shows the US/EU DST mismatch weeks as a different local time in Berlin', () => {
    const occurrences = expandOccurrences({
      pattern: { type: 'weekly', interval: 1, dayOfWeek: 'monday' },
      startMinutes: 10 * 60,
      durationMinutes: 30,
      zone: newYork,
      from: '2027-03-08',
      until: '2027-04-05',
    });
    const berlinHours = occurrences.map((o) => DateTime.fromMillis(o.start, { zone: berlin }).hour);
    // Berlin is 6 h ahead, then 5 h for the two weeks the US is on DST and Europe is not, then 6 h again.
    expect(berlinHours).toEqual([16, 15, 15, 16, 16]);
  });

  it.each([
    [
      'weekly',
      { type: 'weekly', interval: 1, dayOfWeek: 'wednesday' } as const,
      ['2027-01-06', '2027-01-13', '2027-01-20', '2027-01-27', '2027-02-03'],
    ],
    [
      'biweekly',
      { type: 'weekly', interval: 2, dayOfWeek: 'wednesday' } as const,
      ['2027-01-06', '2027-01-20', '2027-02-03', '2027-02-17', '2027-03-03'],
    ],
    [
      'first Tuesday',
      { type: 'relativeMonthly', dayOfWeek: 'tuesday', index: 'first' } as const,
      ['2027-01-05', '2027-02-02', '2027-03-02', '2027-04-06', '2027-05-04'],
    ],
    [
      'third Thursday',
      { type: 'relativeMonthly', dayOfWeek: 'thursday', index: 'third' } as const,
      ['2027-01-21', '2027-02-18', '2027-03-18', '2027-04-15', '2027-05-20'],
    ],
    [
      'last Friday',
      { type: 'relativeMonthly', dayOfWeek: 'friday', index: 'last' } as const,
      ['2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30', '2027-05-28'],
    ],
    [
      'fourth Monday',
      { type: 'relativeMonthly', dayOfWeek: 'monday', index: 'fourth' } as const,
      ['2027-01-25', '2027-02-22', '2027-03-22', '2027-04-26', '2027-05-24'],
    ],
  ])('%s from 2027-01-04', (_name, pattern, expected) => {
    expect(occurrenceDates(pattern, '2027-01-04', '2027-12-31', 5).map((d) => d.iso)).toEqual(expected);
  });

  it('crosses a year end (monthly and biweekly)', () => {
    expect(
      occurrenceDates(
        { type: 'relativeMonthly', dayOfWeek: 'monday', index: 'first' },
        '2027-10-05',
        '2028-03-01',
      ).map((d) => d.iso),
    ).toEqual(['2027-11-01', '2027-12-06', '2028-01-03', '2028-02-07']);
    expect(
      occurrenceDates({ type: 'weekly', interval: 2, dayOfWeek: 'friday' }, '2027-12-20', '2028-01-31').map(
        (d) => d.iso,
      ),
    ).toEqual(['2027-12-24', '2028-01-07', '2028-01-21']);
  });

  it('skips a monthly date before the first allowed day and stops at the round end (inclusive)', () => {
    const dates = occurrenceDates(
      { type: 'relativeMonthly', dayOfWeek: 'tuesday', index: 'first' },
      '2027-01-06',
      '2027-03-02',
    );
    expect(dates.map((d) => d.iso)).toEqual(['2027-02-02', '2027-03-02']);
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    const [occurrence] = expandOccurrences({
      pattern: { type: 'weekly', interval: 1, dayOfWeek: 'sunday' },
      startMinutes: 2 * 60 + 30,
      durationMinutes: 30,
      zone: newYork,
      from: '2027-03-14',
      until: '2027-03-14',
    });
    expect(DateTime.fromMillis(occurrence!.start, { zone: newYork }).toFormat('HH:mm')).toBe('03:30');
  });
});
