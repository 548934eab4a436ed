import {
  latestSlot,
  nextSlot,
  nextSlots,
  roundDates,
  roundIdOf,
  roundKeyOf,
  scheduleIssues,
} from './schedule';

describe('program schedule', () => {
  const berlinMondays = { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' };

  it.each([
    ['winter (UTC+1)', '2026-01-07T12:00:00Z', '2026-01-05T08:00:00.000Z', '2026-01-05T09:00'],
    ['summer (UTC+2)', '2026-07-08T12:00:00Z', '2026-07-06T07:00:00.000Z', '2026-07-06T09:00'],
    ['exactly at the slot', '2026-07-06T07:00:00Z', '2026-07-06T07:00:00.000Z', '2026-07-06T09:00'],
    ['one minute before the slot', '2026-07-06T06:59:00Z', '2026-06-29T07:00:00.000Z', '2026-06-29T09:00'],
  ])('finds the latest slot in the program zone: %s', (_name, now, slot, key) => {
    const found = latestSlot(berlinMondays, new Date(now), null);
    expect(found?.toISOString()).toBe(slot);
    expect(roundKeyOf(found!, berlinMondays.timeZone)).toBe(key);
  });

  it('ignores slots before the program became active', () => {
    expect(
      latestSlot(berlinMondays, new Date('2026-07-08T12:00:00Z'), new Date('2026-07-07T00:00:00Z')),
    ).toBeNull();
    expect(nextSlot(berlinMondays, new Date('2026-07-08T12:00:00Z'))?.toISOString()).toBe(
      '2026-07-13T07:00:00.000Z',
    );
  });

  it.each([
    [{ cron: '0 9 * * 1', timeZone: 'Mars/Olympus' }, 'schedule.timeZone', 'time-zone-unknown', {}],
    [{ cron: '0 0 9 * * 1', timeZone: 'UTC' }, 'schedule.cron', 'schedule-fields', {}],
    [{ cron: 'every monday', timeZone: 'UTC' }, 'schedule.cron', 'schedule-fields', {}],
    [{ cron: '* * * * *', timeZone: 'UTC' }, 'schedule.cron', 'schedule-too-frequent', { hours: 24 }],
    [{ cron: '61 9 * * 1', timeZone: 'UTC' }, 'schedule.cron', 'schedule-invalid', {}],
  ])('rejects %j (%s: %s)', (schedule, path, code, params) => {
    expect(scheduleIssues(schedule)).toContainEqual(expect.objectContaining({ path, code, params }));
  });

  it.each([
    [
      'weekly across the change to summer time (09:00 local stays 09:00)',
      { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
      '2026-03-20T12:00:00Z',
      ['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z'],
    ],
    [
      'the last day of each month, in a zone behind UTC',
      { cron: '30 17 L * *', timeZone: 'America/New_York' },
      '2026-01-31T23:00:00Z',
      ['2026-02-28T22:30:00.000Z', '2026-03-31T21:30:00.000Z', '2026-04-30T21:30:00.000Z'],
    ],
    [
      'the second Tuesday of each month, in a half-hour zone',
      { cron: '0 10 * * 2#2', timeZone: 'Asia/Kolkata' },
      '2026-06-01T00:00:00Z',
      ['2026-06-09T04:30:00.000Z', '2026-07-14T04:30:00.000Z', '2026-08-11T04:30:00.000Z'],
    ],
    [
      'nothing for a schedule that does not parse',
      { cron: 'every monday', timeZone: 'UTC' },
      '2026-06-01T00:00:00Z',
      [],
    ],
    [
      'nothing for an unknown zone',
      { cron: '0 9 * * 1', timeZone: 'Mars/Olympus' },
      '2026-06-01T00:00:00Z',
      [],
    ],
  ])('lists the next three slots: %s', (_name, schedule, now, expected) => {
    expect(nextSlots(schedule, new Date(now), 3).map((d) => d.toISOString())).toEqual(expected);
  });

  it('accepts a sane schedule and derives round dates and ids', () => {
    expect(scheduleIssues(berlinMondays)).toEqual([]);
    expect(roundDates(new Date('2026-07-06T07:00:00Z'), 'Europe/Berlin', 4)).toEqual({
      startsOn: '2026-07-06',
      endsOn: '2026-08-02',
    });
    expect(roundIdOf('p-abc', '2026-07-06T09:00')).toBe('p-abc-20260706T0900');
  });
});
