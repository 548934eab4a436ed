import { latestSlot, nextSlot, roundDates, roundIdOf, roundKeyOf, scheduleIssues } from './schedule';

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
    [{ cron: '0 9 * * 1', timeZone: 'Mars/Olympus' }, 'schedule.timeZone'],
    [{ cron: '0 0 9 * * 1', timeZone: 'UTC' }, 'schedule.cron'],
    [{ cron: 'every monday', timeZone: 'UTC' }, 'schedule.cron'],
    [{ cron: '* * * * *', timeZone: 'UTC' }, 'schedule.cron'],
    [{ cron: '61 9 * * 1', timeZone: 'UTC' }, 'schedule.cron'],
  ])('rejects %j', (schedule, path) => {
    expect(scheduleIssues(schedule).map((i) => i.path)).toContain(path);
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
