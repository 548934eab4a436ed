import fc from 'fast-check';
import { DateTime } from 'luxon';

import { WEEKDAYS } from '../../../functions/src/contracts/common';
import { nextSlots, scheduleIssues } from '../../../functions/src/domain/rounds/schedule';
import {
  choiceOf,
  cronOf,
  DAYS_OF_MONTH,
  DEFAULT_CHOICE,
  FREQUENCIES,
  relevantOf,
  type ScheduleChoice,
  WEEKS_OF_MONTH,
} from './schedule-picker';

const choice = (patch: Partial<ScheduleChoice>): ScheduleChoice => ({ ...DEFAULT_CHOICE, ...patch });

describe('cronOf', () => {
  it.each<[Partial<ScheduleChoice>, string | null]>([
    [{ frequency: 'weekly', weekday: 'monday', time: '09:00' }, '0 9 * * 1'],
    [{ frequency: 'weekly', weekday: 'sunday', time: '17:45' }, '45 17 * * 0'],
    [{ frequency: 'weekly', weekday: 'saturday', time: '00:05' }, '5 0 * * 6'],
    [{ frequency: 'monthly-date', dayOfMonth: 15, time: '08:30' }, '30 8 15 * *'],
    [{ frequency: 'monthly-date', dayOfMonth: 'last', time: '18:00' }, '0 18 L * *'],
    [{ frequency: 'monthly-weekday', week: '2', weekday: 'tuesday', time: '10:00' }, '0 10 * * 2#2'],
    [{ frequency: 'monthly-weekday', week: 'last', weekday: 'friday', time: '16:00' }, '0 16 * * 5L'],
    [{ time: '24:00' }, null],
    [{ time: '9:00' }, null],
    [{ time: '' }, null],
  ])('%j → %s', (patch, expected) => {
    expect(cronOf(choice(patch))).toBe(expected);
  });
});

describe('choiceOf', () => {
  it.each<[string, Partial<ScheduleChoice>]>([
    ['0 9 * * 1', { frequency: 'weekly', weekday: 'monday', time: '09:00' }],
    ['00 09 * * MON', { frequency: 'weekly', weekday: 'monday', time: '09:00' }],
    ['  30   14 *  * wed ', { frequency: 'weekly', weekday: 'wednesday', time: '14:30' }],
    ['0 9 * * 0', { frequency: 'weekly', weekday: 'sunday', time: '09:00' }],
    ['0 9 * * 7', { frequency: 'weekly', weekday: 'sunday', time: '09:00' }],
    ['30 8 15 * *', { frequency: 'monthly-date', dayOfMonth: 15, time: '08:30' }],
    ['30 8 05 * *', { frequency: 'monthly-date', dayOfMonth: 5, time: '08:30' }],
    ['0 18 L * *', { frequency: 'monthly-date', dayOfMonth: 'last', time: '18:00' }],
    ['0 10 * * 2#2', { frequency: 'monthly-weekday', week: '2', weekday: 'tuesday', time: '10:00' }],
    ['0 16 * * 5L', { frequency: 'monthly-weekday', week: 'last', weekday: 'friday', time: '16:00' }],
    ['0 16 * * FRIL', { frequency: 'monthly-weekday', week: 'last', weekday: 'friday', time: '16:00' }],
  ])('reads %j', (cron, expected) => {
    expect(relevantOf(choiceOf(cron)!)).toEqual(expected);
  });

  it.each([
    ['several days', '0 9 * * 1,3'],
    ['a range of days', '0 9 * * 1-5'],
    ['every day', '0 9 * * *'],
    ['a step in the minutes', '*/30 9 * * 1'],
    ['several hours', '0 9,17 * * 1'],
    ['a month field', '0 9 1 1 *'],
    ['every other month', '0 9 1 */2 *'],
    ['a day CRON skips in short months', '0 9 29 * *'],
    ['the 31st', '0 9 31 * *'],
    ['a date and a weekday (CRON runs on either)', '0 9 1 * 1'],
    ['a fifth weekday', '0 9 * * 1#5'],
    ['a "?" placeholder', '0 9 ? * 1'],
    ['six fields', '0 0 9 * * 1'],
    ['words', 'every monday'],
    ['an hour out of range', '0 24 * * 1'],
  ])('leaves %s as a custom schedule (null): %j', (_name, cron) => {
    expect(choiceOf(cron)).toBeNull();
  });

  it('keeps the fields another frequency uses from the choice it is read into', () => {
    const base = choice({ dayOfMonth: 12, week: '3', weekday: 'thursday' });
    expect(choiceOf('0 9 * * 1', base)).toEqual({
      ...base,
      frequency: 'weekly',
      weekday: 'monday',
      time: '09:00',
    });
    expect(choiceOf('0 9 L * *', base)).toEqual({
      ...base,
      frequency: 'monthly-date',
      dayOfMonth: 'last',
      time: '09:00',
    });
  });
});

// Zones with and without daylight saving, on both sides of UTC and with a half-hour offset.
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Sao_Paulo',
  'Pacific/Auckland',
];

const anyChoice = (hours: { min: number; max: number }) =>
  fc.record<ScheduleChoice>({
    frequency: fc.constantFrom(...FREQUENCIES),
    weekday: fc.constantFrom(...WEEKDAYS),
    dayOfMonth: fc.constantFrom(...DAYS_OF_MONTH),
    week: fc.constantFrom(...WEEKS_OF_MONTH),
    time: fc
      .tuple(fc.integer(hours), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  });
const anyInstant = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2032-12-31T00:00:00Z') })
  .map((ms) => new Date(ms));

describe('schedule picker ↔ CRON (properties)', () => {
  it('every choice becomes a CRON the API accepts, and reads back as the same choice', () => {
    fc.assert(
      fc.property(anyChoice({ min: 0, max: 23 }), fc.constantFrom(...ZONES), (picked, timeZone) => {
        const cron = cronOf(picked);
        expect(cron).not.toBeNull();
        expect(scheduleIssues({ cron: cron!, timeZone })).toEqual([]);
        expect(relevantOf(choiceOf(cron!)!)).toEqual(relevantOf(picked));
        // Read into the choice it came from, nothing else changes either.
        expect(choiceOf(cron!, picked)).toEqual(picked);
      }),
      { numRuns: 300 },
    );
  });

  // Local times from 04:00: daylight-saving changes happen between midnight and 03:00 in these zones.
  it('the next three rounds (the backend’s own nextSlots) fall on the chosen days at the chosen local time', () => {
    fc.assert(
      fc.property(
        anyChoice({ min: 4, max: 23 }),
        fc.constantFrom(...ZONES),
        anyInstant,
        (picked, timeZone, now) => {
          const slots = nextSlots({ cron: cronOf(picked)!, timeZone }, now, 3);
          expect(slots).toHaveLength(3);
          for (const slot of slots) {
            const local = DateTime.fromJSDate(slot, { zone: timeZone });
            expect(local.toFormat('HH:mm')).toBe(picked.time);
            expect(slot.getTime()).toBeGreaterThan(now.getTime());
            const weekday = WEEKDAYS[local.weekday - 1];
            switch (picked.frequency) {
              case 'weekly':
                expect(weekday).toBe(picked.weekday);
                break;
              case 'monthly-date':
                expect(local.day).toBe(picked.dayOfMonth === 'last' ? local.daysInMonth : picked.dayOfMonth);
                break;
              case 'monthly-weekday':
                expect(weekday).toBe(picked.weekday);
                if (picked.week === 'last') expect(local.day + 7).toBeGreaterThan(local.daysInMonth!);
                else expect(Math.ceil(local.day / 7)).toBe(Number(picked.week));
                break;
            }
          }
          // One round per period: a week apart for weekly, one per calendar month otherwise.
          const locals = slots.map((s) => DateTime.fromJSDate(s, { zone: timeZone }));
          for (let i = 1; i < locals.length; i++) {
            const [a, b] = [locals[i - 1]!, locals[i]!];
            if (picked.frequency === 'weekly')
              expect(b.startOf('day').diff(a.startOf('day'), 'days').days).toBe(7);
            else expect(b.startOf('month').diff(a.startOf('month'), 'months').months).toBe(1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a CRON the picker reads keeps its meaning when written back (the same next rounds)', () => {
    const token = (...values: string[]) => fc.constantFrom(...values);
    const anyCron = fc
      .tuple(
        token('0', '00', '30', '5', '59', '*/15'),
        token('9', '09', '0', '23', '7,19'),
        token('*', '1', '05', '15', '28', '29', '31', 'L', '1-7', '?'),
        token('*', '*', '*', '1', '*/2'),
        token('*', '*', '1', 'MON', 'sun', '0', '7', '2#2', '4#4', '5L', 'FRIL', '1,3', '1-5', '1#5'),
      )
      .map((fields) => fields.join(' '));
    fc.assert(
      fc.property(anyCron, fc.constantFrom(...ZONES), anyInstant, (cron, timeZone, now) => {
        fc.pre(scheduleIssues({ cron, timeZone }).length === 0);
        const read = choiceOf(cron);
        if (!read) return;
        const written = cronOf(read)!;
        const times = (c: string) => nextSlots({ cron: c, timeZone }, now, 3).map((d) => d.toISOString());
        expect([cron, times(written)]).toEqual([cron, times(cron)]);
      }),
      { numRuns: 400 },
    );
  });
});
