import { DateTime } from 'luxon';

import { seedDirectory } from '../directory';
import { idealRealism } from '../realism';
import { generateBackgroundCalendar } from './background';
import { CalendarStore } from './calendar';
import { getSchedule } from './schedule';

function store(seed: string): { store: CalendarStore; directory: ReturnType<typeof seedDirectory> } {
  const directory = seedDirectory({
    seed,
    size: 150,
    today: DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'UTC' }),
    // Background calendars do not depend on the quirks: a clean directory keeps these tests about the calendars.
    realism: idealRealism,
  });
  const s = new CalendarStore({
    seed,
    tenantId: 't',
    directory,
    generate: (u, st) => generateBackgroundCalendar({ seed, directory, anchor: '2026-02-16' }, u, st),
    realism: idealRealism,
  });
  return { store: s, directory };
}

const from = Date.parse('2026-03-02T00:00:00Z');
const to = Date.parse('2026-03-30T00:00:00Z');

describe('generated busy calendars', () => {
  it('are the same for the same seed, whatever order mailboxes are first read in', () => {
    const a = store('cal');
    const b = store('cal');
    const users = a.directory.users.slice(0, 30);
    const shape = (s: CalendarStore, u: (typeof users)[number]): string[] =>
      s.view(u, from, to).map((o) => `${o.event.subject}|${o.startMs}|${o.endMs}|${o.event.showAs}`);
    const first = users.map((u) => shape(a.store, u));
    const second = [...users]
      .reverse()
      .map((u) => shape(b.store, u))
      .reverse();
    expect(second).toEqual(first);
    expect(first.every((items) => items.length > 0)).toBe(true);
  });

  it('give everyone a weekly team sync, focus time and a 1:1 with their manager at the same instant on both calendars', () => {
    const { store: s, directory } = store('cal2');
    const report = directory.users.find((u) => u.managerId && directory.reportsOf.get(u.managerId))!;
    const manager = directory.byId.get(report.managerId!)!;
    const mine = s.view(report, from, to);
    expect(mine.filter((o) => o.event.subject === 'Focus time').length).toBe(8);
    expect(mine.filter((o) => o.event.subject.endsWith("'s team sync")).length).toBeGreaterThanOrEqual(4);
    const oneOnOne = `${report.givenName} / ${manager.givenName} 1:1`;
    const reportSide = mine.filter((o) => o.event.subject === oneOnOne).map((o) => o.startMs);
    const managerSide = s
      .view(manager, from, to)
      .filter((o) => o.event.subject === oneOnOne)
      .map((o) => o.startMs);
    expect(reportSide.length).toBe(2);
    expect(managerSide).toEqual(reportSide);
  });

  it('make getSchedule show busy time inside the window and nothing but digits 0–3', () => {
    const { store: s, directory } = store('cal3');
    const people = directory.users.slice(0, 20);
    const result = getSchedule(
      s,
      directory,
      {
        schedules: people.map((u) => u.mail),
        startTime: { dateTime: '2026-03-02T00:00:00', timeZone: 'UTC' },
        endTime: { dateTime: '2026-03-16T00:00:00', timeZone: 'UTC' },
      },
      { iana: 'UTC', name: 'UTC' },
      idealRealism,
    );
    const value = result.value as { availabilityView: string }[];
    expect(value).toHaveLength(20);
    for (const v of value) {
      expect(v.availabilityView).toMatch(/^[0-3]{672}$/);
      expect(v.availabilityView).toMatch(/2/);
    }
  });
});
