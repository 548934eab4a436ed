import { type Directory, type DirectoryUser } from '../directory';
import { hash32, Rng } from '../rng';
import { epochDayOf, isoDateOf, localToUtc, toIana, weekdayOf } from '../time-zones';
import { type CalendarStore, type ShowAs } from './calendar';
import { type Recurrence } from './recurrence';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const oneOffSubjects = [
  'Sprint planning',
  'Design review',
  'Customer call',
  'Interview loop',
  'Quarterly planning',
  'Budget review',
  'Roadmap sync',
  'Incident retro',
  'Pipeline review',
  'Vendor demo',
  'Hiring sync',
  'Coffee chat',
  'Training: security basics',
  'Brainstorm',
  'Project kickoff',
  'Office hours',
  'Partner meeting',
  'Team lunch',
  'Architecture review',
  'Launch readiness',
];

interface BackgroundContext {
  seed: string;
  directory: Directory;
  /** Monday (UTC) two weeks before the simulator started, as yyyy-MM-dd: generated series begin here. */
  anchor: string;
}

const headsByDirectory = new WeakMap<Directory, Map<string, DirectoryUser>>();

function departmentHead(directory: Directory, department: string): DirectoryUser | undefined {
  let heads = headsByDirectory.get(directory);
  if (!heads) {
    heads = new Map();
    for (const u of directory.users) {
      if ((u.level === 'L6' || u.level === 'L7') && u.managerId !== null && !heads.has(u.department))
        heads.set(u.department, u);
    }
    headsByDirectory.set(directory, heads);
  }
  return heads.get(department);
}

function zoneOf(user: DirectoryUser): string {
  return toIana(user.timeZone) ?? 'UTC';
}

/** A local start: the epoch day (local date) and the instant. Plain arithmetic keeps mailbox generation cheap. */
interface LocalStart {
  day: number;
  zone: string;
  ms: number;
}

function at(zone: string, day: number, hour: number, minute: number): LocalStart {
  return { day, zone, ms: localToUtc(zone, day, hour, minute) };
}

function firstOnOrAfter(
  anchorDay: number,
  zone: string,
  weekday: number,
  hour: number,
  minute: number,
): LocalStart {
  let day = anchorDay;
  while (weekdayOf(day) !== weekday) day += 1;
  return at(zone, day, hour, minute);
}

function weekly(start: LocalStart, interval: number, days: string[]): Recurrence {
  return {
    pattern: {
      type: 'weekly',
      interval,
      month: 0,
      dayOfMonth: 0,
      daysOfWeek: days,
      firstDayOfWeek: 'sunday',
      index: 'first',
    },
    range: {
      type: 'noEnd',
      startDate: isoDateOf(start.day),
      endDate: '0001-01-01',
      recurrenceTimeZone: '',
      numberOfOccurrences: 0,
    },
  };
}

/**
 * Writes a person's deterministic "busy life" into their mailbox the first time it is read: the weekly team meeting,
 * a 1:1 with their manager (and with each report), focus blocks, the monthly department all-hands, one-off meetings
 * and sometimes a stretch out of office. Same seed, same person, same anchor → same calendar.
 */
export function generateBackgroundCalendar(
  ctx: BackgroundContext,
  user: DirectoryUser,
  store: CalendarStore,
): void {
  const rng = new Rng(`calendar:${ctx.seed}:${user.id}`);
  const zone = zoneOf(user);
  const anchorDay = epochDayOf(ctx.anchor);
  const add = (
    subject: string,
    start: LocalStart,
    minutes: number,
    options: {
      recurrence?: Recurrence;
      showAs?: ShowAs;
      organizer?: DirectoryUser;
      isAllDay?: boolean;
      key: string;
    },
  ): void => {
    const organizer = options.organizer ?? user;
    store.insertGenerated(user, {
      meetingKey: `bg:${options.key}`,
      uidHex: (
        hash32(options.key).toString(16).padStart(8, '0') +
        hash32(`${options.key}:2`).toString(16).padStart(8, '0')
      ).repeat(2),
      subject,
      body: { contentType: 'text', content: '' },
      startMs: start.ms,
      endMs: start.ms + minutes * 60_000,
      startZone: { iana: start.zone, name: organizer.timeZone },
      endZoneName: organizer.timeZone,
      isAllDay: options.isAllDay ?? false,
      showAs: options.showAs ?? 'busy',
      sensitivity: 'normal',
      importance: 'normal',
      categories: [],
      location: '',
      recurrence: options.recurrence ?? null,
      organizer: { name: organizer.displayName, address: organizer.mail },
      isOrganizer: organizer.id === user.id,
      attendees: [],
      responseStatus: {
        response: organizer.id === user.id ? 'organizer' : 'accepted',
        time: '0001-01-01T00:00:00Z',
      },
      responseRequested: true,
      allowNewTimeProposals: true,
      isOnlineMeeting: options.organizer !== undefined,
      onlineMeetingProvider: options.organizer !== undefined ? 'teamsForBusiness' : 'unknown',
      onlineMeeting: null,
      isCancelled: false,
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      transactionId: null,
      generated: true,
    });
  };

  // Weekly team meeting, in the manager's time zone (remote reports see it at whatever hour that is for them).
  const teamMeeting = (manager: DirectoryUser): void => {
    const h = hash32(`team:${ctx.seed}:${manager.id}`);
    const start = firstOnOrAfter(
      anchorDay,
      zoneOf(manager),
      (h % 5) + 1,
      [9, 10, 11, 14][h % 4] ?? 10,
      (h >> 4) % 2 === 0 ? 0 : 30,
    );
    add(`${manager.givenName}'s team sync`, start, 30 + ((h >> 6) % 2) * 15, {
      recurrence: weekly(start, 1, [weekdays[h % 5] ?? 'monday']),
      organizer: manager,
      key: `team:${manager.id}`,
    });
  };
  const oneOnOne = (report: DirectoryUser, manager: DirectoryUser): void => {
    const h = hash32(`1on1:${ctx.seed}:${report.id}`);
    const day = (h % 5) + 1;
    const start = firstOnOrAfter(anchorDay, zoneOf(manager), day, [13, 14, 15, 16][h % 4] ?? 14, 0);
    add(`${report.givenName} / ${manager.givenName} 1:1`, start, 30, {
      recurrence: weekly(start, 2, [weekdays[day - 1] ?? 'monday']),
      organizer: manager,
      key: `1on1:${report.id}`,
    });
  };
  const manager = user.managerId ? ctx.directory.byId.get(user.managerId) : undefined;
  if (manager) {
    teamMeeting(manager);
    oneOnOne(user, manager);
  }
  const reports = ctx.directory.reportsOf.get(user.id) ?? [];
  if (reports.length > 0) {
    teamMeeting(user);
    for (const report of reports) oneOnOne(report, user);
  }

  // Department all-hands: first Tuesday of each month, hosted by the department head.
  const head = departmentHead(ctx.directory, user.department) ?? user;
  {
    const hz = zoneOf(head);
    let firstDay = epochDayOf(`${ctx.anchor.slice(0, 7)}-01`);
    while (weekdayOf(firstDay) !== 2) firstDay += 1;
    const first = at(hz, firstDay, 16, 0);
    add(`${user.department} all-hands`, first, 60, {
      recurrence: {
        pattern: {
          type: 'relativeMonthly',
          interval: 1,
          month: 0,
          dayOfMonth: 0,
          daysOfWeek: ['tuesday'],
          firstDayOfWeek: 'sunday',
          index: 'first',
        },
        range: {
          type: 'noEnd',
          startDate: isoDateOf(first.day),
          endDate: '0001-01-01',
          recurrenceTimeZone: '',
          numberOfOccurrences: 0,
        },
      },
      organizer: head,
      key: `allhands:${user.department}`,
    });
  }

  // Two weekly focus blocks in the person's own morning or afternoon.
  const workStart = Number(user.workingHours.startTime.slice(0, 2));
  const focusDays = [...weekdays].sort(() => rng.next() - 0.5).slice(0, 2);
  for (const [i, dayName] of focusDays.entries()) {
    const hour = rng.chance(0.5) ? workStart : workStart + 4;
    const start = firstOnOrAfter(anchorDay, zone, weekdays.indexOf(dayName) + 1, hour, 0);
    add('Focus time', start, 120, { recurrence: weekly(start, 1, [dayName]), key: `focus:${user.id}:${i}` });
  }

  // One-off meetings over twelve weeks.
  const workEnd = Number(user.workingHours.endTime.slice(0, 2));
  for (let week = 0; week < 12; week += 1) {
    const count = rng.int(0, 4);
    for (let i = 0; i < count; i += 1) {
      const day = anchorDay + week * 7 + rng.int(0, 4);
      const slot = rng.int(0, Math.max(0, (workEnd - workStart) * 2 - 2));
      const start = at(zone, day, workStart + Math.floor(slot / 2), (slot % 2) * 30);
      add(rng.pick(oneOffSubjects), start, rng.pick([30, 30, 45, 60]), {
        showAs: rng.chance(0.15) ? 'tentative' : 'busy',
        key: `oneoff:${user.id}:${week}:${i}`,
      });
    }
  }

  // Out of office: about one person in eight has a few days off in the coming ten weeks.
  if (rng.chance(0.12)) {
    const startDay = at(zone, anchorDay + rng.int(14, 80), 0, 0);
    const days = rng.int(1, 5);
    add(
      rng.pick(['Vacation', 'Out of office', 'Conference travel', 'Personal leave']),
      startDay,
      days * 24 * 60,
      { showAs: 'oof', isAllDay: true, key: `oof:${user.id}` },
    );
  }
}
