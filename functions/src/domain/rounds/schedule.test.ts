import fc from 'fast-check';

import {
  latestSlot,
  nextRoundStart,
  nextRoundStarts,
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

  describe('one round at a time (decision 0020)', () => {
    const sydneyMidnights = { cron: '0 0 * * *', timeZone: 'Australia/Sydney' };

    it.each([
      // [name, schedule, now, running until, next round start]
      [
        'no round running: the next slot',
        berlinMondays,
        '2026-12-06T17:00:00Z',
        null,
        '2026-12-07T08:00:00.000Z',
      ],
      [
        'a round ended yesterday',
        berlinMondays,
        '2026-12-06T17:00:00Z',
        '2026-12-05',
        '2026-12-07T08:00:00.000Z',
      ],
      [
        'a round runs until Sunday',
        berlinMondays,
        '2026-12-01T17:00:00Z',
        '2027-01-10',
        '2027-01-11T08:00:00.000Z',
      ],
      [
        'a round runs through Monday',
        berlinMondays,
        '2026-12-01T17:00:00Z',
        '2027-01-11',
        '2027-01-18T08:00:00.000Z',
      ],
      // A slot at 00:00 on the day after the last day counts (the CRON's next() is strictly after its start).
      [
        'a slot at midnight after the last day',
        sydneyMidnights,
        '2026-12-01T00:00:00Z',
        '2026-12-09',
        '2026-12-09T13:00:00.000Z',
      ],
      [
        'a round that ended long ago',
        berlinMondays,
        '2026-07-08T12:00:00Z',
        '2026-01-01',
        '2026-07-13T07:00:00.000Z',
      ],
    ])('%s', (_name, schedule, now, runningUntil, expected) => {
      expect(nextRoundStart(schedule, new Date(now), runningUntil)?.toISOString()).toBe(expected);
    });

    it('previews rounds of six weeks on a weekly schedule six weeks apart, not every week', () => {
      const starts = nextRoundStarts(berlinMondays, new Date('2026-12-01T17:00:00Z'), 6, '2027-01-10', 3);
      expect(starts.map((d) => roundKeyOf(d, berlinMondays.timeZone))).toEqual([
        '2027-01-11T09:00',
        '2027-02-22T09:00',
        '2027-04-05T09:00',
      ]);
      expect(nextRoundStarts({ cron: 'nonsense', timeZone: 'UTC' }, new Date(), 6, null, 3)).toEqual([]);
    });

    it("never starts a round on or before the running round's last day, and skips no free slot", () => {
      const zones = ['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'];
      fc.assert(
        fc.property(
          fc.constantFrom(...zones),
          fc.integer({ min: 0, max: 6 }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }),
          fc.option(fc.integer({ min: -20, max: 120 }), { nil: null }),
          (timeZone, weekday, hour, nowMs, endOffsetDays) => {
            const schedule = { cron: `0 ${hour} * * ${weekday}`, timeZone };
            const now = new Date(nowMs);
            const runningUntil =
              endOffsetDays === null
                ? null
                : roundDates(new Date(nowMs + endOffsetDays * 86_400_000), timeZone, 1).startsOn;
            const start = nextRoundStart(schedule, now, runningUntil);
            expect(start).not.toBeNull();
            expect(start!.getTime()).toBeGreaterThan(now.getTime());
            const startDay = roundDates(start!, timeZone, 1).startsOn;
            if (runningUntil !== null) expect(startDay > runningUntil).toBe(true);
            // No earlier slot after now was free: every slot before the start falls on or before the last day (20
            // weekly slots reach 140 days, past the latest last day drawn).
            for (const slot of nextSlots(schedule, now, 20)) {
              if (slot.getTime() >= start!.getTime()) break;
              expect(runningUntil).not.toBeNull();
              expect(roundDates(slot, timeZone, 1).startsOn <= runningUntil!).toBe(true);
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  });
});
