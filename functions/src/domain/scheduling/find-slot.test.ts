import { DateTime } from 'luxon';

import { findBestSlot, loadKeyOf, type SchedulingPerson, type SlotSearchInput, withLoad } from './find-slot';
import { expandOccurrences } from './occurrences';
import { zoneFromName } from './time-zones';
import { type BusyInterval, type Weekday } from './types';

const weekdays: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

function person(
  id: string,
  zone: string,
  overrides: Partial<SchedulingPerson> = {},
  hours: [number, number] = [9, 17],
): SchedulingPerson {
  return {
    id,
    timeZone: { kind: 'named', name: zone },
    workingHours: {
      daysOfWeek: weekdays,
      startMinutes: hours[0] * 60,
      endMinutes: hours[1] * 60,
      timeZone: { kind: 'named', name: zone },
    },
    busy: [],
    ...overrides,
  };
}

/** A weekly busy block at a local time, repeated over `weeks` weeks from `firstDate`. */
function weeklyBusy(
  zone: string,
  firstDate: string,
  weeks: number,
  from: string,
  to: string,
  status: BusyInterval['status'] = 'busy',
): BusyInterval[] {
  const out: BusyInterval[] = [];
  const z = zoneFromName(zone)!;
  for (let w = 0; w < weeks; w++) {
    const day = DateTime.fromISO(firstDate, { zone: z }).plus({ weeks: w });
    const start = DateTime.fromISO(`${day.toISODate()}T${from}`, { zone: z });
    const end = DateTime.fromISO(`${day.toISODate()}T${to}`, { zone: z });
    out.push({ start: start.toMillis(), end: end.toMillis(), status });
  }
  return out;
}

function localOf(instant: number, zone: string): DateTime {
  return DateTime.fromMillis(instant, { zone: zoneFromName(zone)! });
}

function expectInsideHours(
  instant: number,
  minutes: number,
  zone: string,
  [from, to]: [number, number],
): void {
  const start = localOf(instant, zone);
  const startMinutes = start.hour * 60 + start.minute;
  expect(weekdays).toContain(start.weekdayLong!.toLowerCase());
  expect(startMinutes).toBeGreaterThanOrEqual(from * 60);
  expect(startMinutes + minutes).toBeLessThanOrEqual(to * 60);
}

const round = { firstDate: '2027-01-04', lastDate: '2027-03-26' };

function search(overrides: Partial<SlotSearchInput>): SlotSearchInput {
  return {
    organizer: person('a', 'Europe/Berlin'),
    attendee: person('b', 'Europe/Berlin'),
    cadence: 'weekly',
    durationMinutes: 30,
    round,
    ...overrides,
  };
}

describe('findBestSlot', () => {
  it('same zone, empty calendars: a mid-morning slot free on all 6 occurrences', () => {
    const decision = findBestSlot(search({}));
    expect(decision.kind).toBe('slot');
    if (decision.kind !== 'slot') return;
    expect(decision.best.usable).toBe(6);
    expect(decision.best.checked).toBe(6);
    expect(decision.best.startMinutes).toBeGreaterThanOrEqual(9 * 60 + 30);
    expect(decision.best.startMinutes + 30).toBeLessThanOrEqual(11 * 60 + 30);
    expect(decision.best.pattern).toEqual({
      type: 'weekly',
      interval: 1,
      dayOfWeek: decision.best.organizerLocal.weekday,
    });
    expect(decision.organizerZone).toBe('Europe/Berlin');
  });

  it.each([
    // [organizer zone, attendee zone, expected attendee − organizer offset in minutes during the round]
    ['Europe/Berlin', 'India Standard Time', 270],
    ['India Standard Time', 'Europe/London', -330],
    ['Asia/Kolkata', 'Asia/Kathmandu', 15],
    ['Eastern Standard Time', 'Pacific Standard Time', -180],
    ['Europe/London', 'America/Sao_Paulo', -180],
  ])(
    '%s ↔ %s: inside both working days, humane for both, on all checked occurrences',
    (orgZone, attZone, shift) => {
      const decision = findBestSlot(
        search({ organizer: person('a', orgZone), attendee: person('b', attZone) }),
      );
      expect(decision.kind).toBe('slot');
      if (decision.kind !== 'slot') return;
      const { best } = decision;
      expect(best.usable).toBe(6);
      for (const occurrence of best.occurrences) {
        expectInsideHours(occurrence.start, 30, orgZone, [9, 17]);
        expectInsideHours(occurrence.start, 30, attZone, [9, 17]);
      }
      const organizerMinutes = best.organizerLocal.startMinutes;
      expect((best.attendeeLocal.startMinutes - organizerMinutes + 24 * 60) % (24 * 60)).toBe(
        (shift + 24 * 60) % (24 * 60),
      );
    },
  );

  it('New York ↔ Berlin across the weeks when only the US is on DST: every occurrence inside both days', () => {
    // The US moves on 14 March 2027, Europe on 28 March: for two weeks the gap is 5 h instead of 6 h.
    const decision = findBestSlot(
      search({
        organizer: person('a', 'America/New_York'),
        attendee: person('b', 'Europe/Berlin'),
        round: { firstDate: '2027-03-01', lastDate: '2027-05-28' },
      }),
    );
    expect(decision.kind).toBe('slot');
    if (decision.kind !== 'slot') return;
    expect(decision.best.usable).toBe(6);
    const berlinHours = new Set<number>();
    for (const occurrence of decision.best.occurrences) {
      expectInsideHours(occurrence.start, 30, 'America/New_York', [9, 17]);
      expectInsideHours(occurrence.start, 30, 'Europe/Berlin', [9, 17]);
      berlinHours.add(localOf(occurrence.start, 'Europe/Berlin').hour);
    }
    // The attendee's local hour really moved during the round; the slot still fits.
    expect(berlinHours.size).toBe(2);
  });

  it('a slot that only fits during the DST-mismatch weeks counts only those weeks as usable', () => {
    // NY 11:00 = Berlin 17:00 normally (outside 9–17 for a 30-minute session) but 16:00 in the mismatch weeks.
    const decision = findBestSlot(
      search({
        organizer: person('a', 'America/New_York', {}, [11, 17]),
        attendee: person('b', 'Europe/Berlin'),
        round: { firstDate: '2027-03-08', lastDate: '2027-04-30' },
        policy: { minUsableRatio: 0.3 },
      }),
    );
    expect(decision.kind).toBe('slot');
    if (decision.kind !== 'slot') return;
    expect(decision.best.usable).toBe(2);
    expect(decision.best.occurrences.filter((o) => o.usable).map((o) => o.localDate)).toEqual([
      '2027-03-15',
      '2027-03-22',
    ]);
  });

  it('Los Angeles ↔ Kolkata: no humane overlap of working hours → typed no-slot', () => {
    const decision = findBestSlot(
      search({ organizer: person('a', 'America/Los_Angeles'), attendee: person('b', 'Asia/Kolkata') }),
    );
    expect(decision).toMatchObject({ kind: 'no-slot', reason: 'no-working-hours-overlap' });
  });

  it.each(['busy', 'tentative', 'oof'] as const)(
    'a calendar that is %s all day every day → calendars-full',
    (status) => {
      const allDay: BusyInterval[] = [
        { start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-04-01T00:00:00Z'), status },
      ];
      const decision = findBestSlot(search({ attendee: person('b', 'Europe/Berlin', { busy: allDay }) }));
      expect(decision).toMatchObject({ kind: 'no-slot', reason: 'calendars-full', bestUsable: 0 });
    },
  );

  it('free and working-elsewhere time does not block', () => {
    const allDay: BusyInterval[] = [
      {
        start: Date.parse('2027-01-01T00:00:00Z'),
        end: Date.parse('2027-04-01T00:00:00Z'),
        status: 'workingElsewhere',
      },
      { start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-04-01T00:00:00Z'), status: 'free' },
    ];
    const decision = findBestSlot(search({ attendee: person('b', 'Europe/Berlin', { busy: allDay }) }));
    expect(decision.kind === 'slot' && decision.best.usable).toBe(6);
  });

  it('avoids recurring meetings on either calendar', () => {
    const baseline = findBestSlot(search({}));
    if (baseline.kind !== 'slot') throw new Error('expected a slot');
    const firstMonday = baseline.best.occurrences[0]!.localDate;
    // Block the baseline's slot every week on the organizer's calendar, as 'tentative'.
    const hh = String(Math.floor(baseline.best.startMinutes / 60)).padStart(2, '0');
    const mm = String(baseline.best.startMinutes % 60).padStart(2, '0');
    const busy = weeklyBusy('Europe/Berlin', firstMonday, 12, `${hh}:${mm}`, `${hh}:${mm}:01`, 'tentative');
    const decision = findBestSlot(search({ organizer: person('a', 'Europe/Berlin', { busy }) }));
    expect(decision.kind).toBe('slot');
    if (decision.kind !== 'slot') return;
    expect(decision.best.usable).toBe(6);
    expect([decision.best.organizerLocal.weekday, decision.best.startMinutes]).not.toEqual([
      baseline.best.organizerLocal.weekday,
      baseline.best.startMinutes,
    ]);
  });

  it('prefers the slot free on most occurrences over a nicer hour', () => {
    // Everything is busy except Thursday 16:00–16:30, which is free in every week; a mid-morning slot would be
    // free on one occurrence only.
    const busy: BusyInterval[] = [];
    for (let w = 0; w < 12; w++) {
      const monday = DateTime.fromISO('2027-01-04', { zone: 'Europe/Berlin' }).plus({ weeks: w });
      busy.push({
        start: monday.toMillis(),
        end: monday.plus({ days: 3, hours: 16 }).toMillis(),
        status: 'busy',
      });
      busy.push({
        start: monday.plus({ days: 3, hours: 16, minutes: 30 }).toMillis(),
        end: monday.plus({ days: 7 }).toMillis(),
        status: 'busy',
      });
    }
    const decision = findBestSlot(search({ attendee: person('b', 'Europe/Berlin', { busy }) }));
    expect(
      decision.kind === 'slot' && [
        decision.best.organizerLocal.weekday,
        decision.best.startMinutes,
        decision.best.usable,
      ],
    ).toEqual(['thursday', 16 * 60, 6]);
  });

  it('honours preferred days and times of day of both people', () => {
    const decision = findBestSlot(
      search({
        organizer: person('a', 'Europe/Berlin', {
          preferredDays: ['thursday'],
          preferredTimesOfDay: ['afternoon'],
        }),
        attendee: person('b', 'Asia/Kolkata', { preferredDays: ['thursday'] }, [9, 18]),
      }),
    );
    expect(decision.kind).toBe('slot');
    if (decision.kind !== 'slot') return;
    expect(decision.best.organizerLocal.weekday).toBe('thursday');
    expect(decision.best.startMinutes).toBeGreaterThanOrEqual(13 * 60);
    expect(decision.best.preferencesMet).toBe(3);
  });

  it.each([
    ['weekly', 7],
    ['biweekly', 14],
  ] as const)('%s cadence: occurrences %i days apart, pattern interval matches', (cadence, days) => {
    const decision = findBestSlot(
      search({ cadence, round: { firstDate: '2027-01-04', lastDate: '2027-06-30' } }),
    );
    if (decision.kind !== 'slot') throw new Error('expected a slot');
    const dates = decision.best.occurrences.map((o) => DateTime.fromISO(o.localDate));
    for (let i = 1; i < dates.length; i++) expect(dates[i]!.diff(dates[i - 1]!, 'days').days).toBe(days);
    expect(decision.best.pattern).toMatchObject({ type: 'weekly', interval: days / 7 });
  });

  it('monthly cadence: a relativeMonthly slot, one occurrence per month', () => {
    const decision = findBestSlot(
      search({ cadence: 'monthly', round: { firstDate: '2027-01-04', lastDate: '2027-06-30' } }),
    );
    if (decision.kind !== 'slot') throw new Error('expected a slot');
    expect(decision.best.pattern.type).toBe('relativeMonthly');
    const months = decision.best.occurrences.map((o) => o.localDate.slice(0, 7));
    expect(months).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06']);
  });

  it('counts only occurrences inside the known free/busy window as checked', () => {
    const knownWindow = {
      start: Date.parse('2027-01-01T00:00:00Z'),
      end: Date.parse('2027-01-22T00:00:00Z'),
    };
    const decision = findBestSlot(
      search({
        organizer: person('a', 'Europe/Berlin', { knownWindow }),
        attendee: person('b', 'Europe/Berlin', { knownWindow }),
      }),
    );
    if (decision.kind !== 'slot') throw new Error('expected a slot');
    expect(decision.best.checked).toBe(3);
    expect(decision.best.usable).toBe(3);
  });

  it('a round with no day left for a session → round-too-short', () => {
    // 2027-01-09/10 is a weekend; monthly with the first-to-fourth weekday index never falls inside it.
    const decision = findBestSlot(search({ round: { firstDate: '2027-01-10', lastDate: '2027-01-09' } }));
    expect(decision).toMatchObject({ kind: 'no-slot', reason: 'round-too-short' });
  });

  it('an unknown time zone → typed no-slot, not an exception', () => {
    const decision = findBestSlot(search({ attendee: person('b', 'Nowhere Standard Time') }));
    expect(decision).toMatchObject({ kind: 'no-slot', reason: 'unknown-time-zone' });
  });

  it('spreads one manager’s team over different hours through the load counter', () => {
    let teamLoad: ReadonlyMap<string, number> = new Map();
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = findBestSlot(
        search({
          organizer: person(`m${i}`, 'Europe/Berlin'),
          attendee: person(`x${i}`, 'Europe/Berlin'),
          load: [teamLoad],
        }),
      );
      if (decision.kind !== 'slot') throw new Error('expected a slot');
      keys.push(decision.best.loadKey);
      teamLoad = withLoad(teamLoad, decision.best.loadKey);
    }
    // Without the counter all six would land on the same hour; with it no hour takes more than two.
    const perKey = new Map<string, number>();
    for (const key of keys) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(2);
    const withoutLoad = new Set(
      Array.from({ length: 6 }, () => {
        const d = findBestSlot(search({}));
        return d.kind === 'slot' ? d.best.loadKey : '';
      }),
    );
    expect(withoutLoad.size).toBe(1);
  });

  it('never proposes again the weekly time of a series the peer declined (organizer clock, across DST)', () => {
    const organizer = person('a', 'America/New_York');
    const attendee = person('b', 'Europe/Berlin');
    const first = findBestSlot(search({ organizer, attendee }));
    if (first.kind !== 'slot') throw new Error('expected a slot');
    // The declined series' first session was in winter; the re-booking round starts after the US switched to
    // DST, so the same New York clock time is a different UTC instant and must still be recognised.
    const declined = first.best.firstOccurrence.start;
    const later = { firstDate: '2027-03-15', lastDate: '2027-05-28' };
    const again = findBestSlot(search({ organizer, attendee, round: later }));
    if (again.kind !== 'slot') throw new Error('expected a slot');
    expect(again.best.organizerLocal).toEqual(first.best.organizerLocal);
    const rebooked = findBestSlot(search({ organizer, attendee, round: later, avoid: [declined] }));
    if (rebooked.kind !== 'slot') throw new Error('expected a slot');
    for (const slot of [rebooked.best, ...rebooked.alternatives]) {
      expect(slot.organizerLocal).not.toEqual(first.best.organizerLocal);
    }
    expect(rebooked.best.usable).toBe(6);
  });

  it('with every other time taken, a declined time is not offered: no slot rather than the same one', () => {
    // Both are free only on Monday 10:00–10:30 (Berlin); everything else in their working week is busy.
    const blocked: BusyInterval[] = [];
    for (let week = 0; week < 12; week++) {
      for (let d = 0; d < 5; d++) {
        const date = DateTime.fromISO(round.firstDate, { zone: 'Europe/Berlin' }).plus({
          weeks: week,
          days: d,
        });
        const open = d === 0 ? date.set({ hour: 10 }) : null;
        const dayStart = date.set({ hour: 7 }).toMillis();
        const dayEnd = date.set({ hour: 19 }).toMillis();
        if (open) {
          blocked.push({ start: dayStart, end: open.toMillis(), status: 'busy' });
          blocked.push({ start: open.plus({ minutes: 30 }).toMillis(), end: dayEnd, status: 'busy' });
        } else blocked.push({ start: dayStart, end: dayEnd, status: 'busy' });
      }
    }
    const organizer = person('a', 'Europe/Berlin', { busy: blocked });
    const first = findBestSlot(search({ organizer }));
    if (first.kind !== 'slot') throw new Error('expected a slot');
    expect(first.best.organizerLocal).toEqual({ weekday: 'monday', startMinutes: 10 * 60 });
    const rebooked = findBestSlot(search({ organizer, avoid: [first.best.firstOccurrence.start] }));
    expect(rebooked.kind).toBe('no-slot');
  });

  it('is deterministic: same input (busy intervals in any order) → same decision', () => {
    const busy = [
      ...weeklyBusy('Europe/Berlin', '2027-01-04', 12, '09:00', '12:00'),
      ...weeklyBusy('Europe/Berlin', '2027-01-06', 12, '13:00', '15:00', 'oof'),
    ];
    const a = findBestSlot(search({ attendee: person('b', 'Europe/Berlin', { busy }) }));
    const b = findBestSlot(search({ attendee: person('b', 'Europe/Berlin', { busy: [...busy].reverse() }) }));
    expect(b).toEqual(a);
  });

  it('never reports more usable occurrences than an independent check finds', () => {
    const busy = weeklyBusy('America/New_York', '2027-03-01', 12, '09:00', '10:00');
    const input = search({
      organizer: person('a', 'America/New_York', { busy }),
      attendee: person('b', 'Europe/London'),
      round: { firstDate: '2027-03-01', lastDate: '2027-05-31' },
    });
    const decision = findBestSlot(input);
    if (decision.kind !== 'slot') throw new Error('expected a slot');
    const occurrences = expandOccurrences({
      pattern: decision.best.pattern,
      startMinutes: decision.best.startMinutes,
      durationMinutes: 30,
      zone: zoneFromName('America/New_York')!,
      from: input.round.firstDate,
      until: input.round.lastDate,
      limit: 6,
    });
    const free = occurrences.filter((o) => busy.every((b) => b.end <= o.start || b.start >= o.end));
    expect(decision.best.usable).toBeLessThanOrEqual(free.length);
    expect(loadKeyOf(occurrences[0]!.start)).toBe(decision.best.loadKey);
  });
});

describe('findBestSlot for a group of three', () => {
  const london = person('a', 'Europe/London');
  const kolkata = person('b', 'Asia/Kolkata');
  // Busy every weekday 09:00–10:30 London time (UTC in January): only 10:30–11:30 UTC is left for all three.
  const berlinBusy = [0, 1, 2, 3, 4].flatMap((d) =>
    weeklyBusy(
      'Europe/London',
      DateTime.fromISO(round.firstDate).plus({ days: d }).toISODate()!,
      12,
      '09:00',
      '10:30',
    ),
  );
  const berlin = person('c', 'Europe/Berlin', { busy: berlinBusy });

  it('London, Kolkata (+5:30) and Berlin: a slot inside all three working days, humane and free for all', () => {
    const decision = findBestSlot(search({ organizer: london, attendee: kolkata, moreAttendees: [berlin] }));
    if (decision.kind !== 'slot') throw new Error(`expected a slot, got ${JSON.stringify(decision)}`);
    const { best } = decision;
    expect(best.usable).toBe(6);
    for (const occurrence of best.occurrences) {
      expectInsideHours(occurrence.start, 30, 'Europe/London', [9, 17]);
      expectInsideHours(occurrence.start, 30, 'Asia/Kolkata', [9, 17]);
      expectInsideHours(occurrence.start, 30, 'Europe/Berlin', [9, 17]);
      expect(berlinBusy.every((b) => b.end <= occurrence.start || b.start >= occurrence.end)).toBe(true);
    }
    // The common window is 10:30–11:30 UTC; without the third person's calendar the best time is earlier.
    expect(best.startMinutes).toBeGreaterThanOrEqual(10 * 60 + 30);
    const pairOnly = findBestSlot(search({ organizer: london, attendee: kolkata }));
    if (pairOnly.kind !== 'slot') throw new Error('expected a slot');
    expect(pairOnly.best.startMinutes).toBeLessThan(10 * 60 + 30);
    // Each attendee's own clock, in input order; attendeeLocal stays the first attendee's.
    expect(best.attendeesLocal).toEqual([
      { weekday: best.organizerLocal.weekday, startMinutes: best.startMinutes + 330 },
      { weekday: best.organizerLocal.weekday, startMinutes: best.startMinutes + 60 },
    ]);
    expect(best.attendeeLocal).toEqual(best.attendeesLocal[0]);
  });

  it('sums comfort and preferences over all three: the third person’s preferred day wins', () => {
    const thursday = person('c', 'Europe/Berlin', { preferredDays: ['thursday'] });
    const decision = findBestSlot(
      search({ organizer: london, attendee: kolkata, moreAttendees: [thursday] }),
    );
    if (decision.kind !== 'slot') throw new Error('expected a slot');
    expect(decision.best.organizerLocal.weekday).toBe('thursday');
    expect(decision.best.preferencesMet).toBe(1);
  });

  it('London, Kolkata and Los Angeles: no humane hour for all three → typed no-slot', () => {
    const decision = findBestSlot(
      search({ organizer: london, attendee: kolkata, moreAttendees: [person('c', 'America/Los_Angeles')] }),
    );
    expect(decision).toMatchObject({ kind: 'no-slot', reason: 'no-working-hours-overlap' });
  });

  it('the third calendar full → calendars-full although the pair alone would fit', () => {
    const allDay: BusyInterval[] = [
      { start: Date.parse('2027-01-01T00:00:00Z'), end: Date.parse('2027-04-01T00:00:00Z'), status: 'oof' },
    ];
    const decision = findBestSlot(
      search({ moreAttendees: [person('c', 'Europe/Berlin', { busy: allDay })] }),
    );
    expect(decision).toMatchObject({ kind: 'no-slot', reason: 'calendars-full', bestUsable: 0 });
    expect(findBestSlot(search({})).kind).toBe('slot');
  });

  it('an unknown zone of the third person → unknown-time-zone', () => {
    const decision = findBestSlot(search({ moreAttendees: [person('c', 'Nowhere Standard Time')] }));
    expect(decision).toMatchObject({ kind: 'no-slot', reason: 'unknown-time-zone' });
  });

  it('a declined weekly time is avoided for a group too, and the result is deterministic', () => {
    const input = search({ organizer: london, attendee: kolkata, moreAttendees: [berlin] });
    const first = findBestSlot(input);
    if (first.kind !== 'slot') throw new Error('expected a slot');
    expect(findBestSlot(input)).toEqual(first);
    const rebooked = findBestSlot({ ...input, avoid: [first.best.firstOccurrence.start] });
    if (rebooked.kind !== 'slot') throw new Error('expected a slot');
    for (const slot of [rebooked.best, ...rebooked.alternatives])
      expect(slot.organizerLocal).not.toEqual(first.best.organizerLocal);
  });
});
