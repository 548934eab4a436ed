import { type Availability } from '../../domain/scheduling/types';
import { type FreeBusyRequest } from '../graph/calendar/free-busy';
import {
  calendarFactsOf,
  calendarReachOf,
  GraphDirectory,
  type ScheduleReaders,
  toDirectoryPerson,
  walkChain,
} from './graph-directory';

const user: {
  id: string;
  displayName: string;
  mail: string | null;
  jobTitle: string;
  department: string;
  employeeHireDate: string;
  preferredLanguage: string;
  onPremisesExtensionAttributes: Record<string, string | null>;
} = {
  id: 'AB12CD34-0000-4000-8000-000000000001',
  displayName: 'Ann Lee',
  mail: 'ann.lee@contoso.example',
  jobTitle: 'Software Engineer II',
  department: 'Engineering',
  employeeHireDate: '2021-03-15T00:00:00Z',
  preferredLanguage: 'en-GB',
  onPremisesExtensionAttributes: { extensionAttribute1: 'L3', extensionAttribute2: null },
};

const hours = (over: Partial<NonNullable<Availability['workingHours']>> = {}): Availability => ({
  mailbox: 'ann.lee@contoso.example',
  window: { start: 0, end: 1 },
  intervals: [],
  workingHours: {
    daysOfWeek: ['monday', 'tuesday'],
    startMinutes: 8 * 60 + 30,
    endMinutes: 17 * 60,
    timeZone: { kind: 'named', name: 'GMT Standard Time' },
    ...over,
  },
});

describe('Graph directory mapping', () => {
  it('maps a Graph user, its manager chain and its calendar facts; mail goes no further', () => {
    const person = toDirectoryPerson(user, ['m1', 'm2'], calendarFactsOf(hours()));
    expect(person).toEqual({
      userId: 'ab12cd34-0000-4000-8000-000000000001',
      displayName: 'Ann Lee',
      jobTitle: 'Software Engineer II',
      department: 'Engineering',
      managerId: 'm1',
      managerChain: ['m1', 'm2'],
      hireDate: '2021-03-15',
      timeZone: 'GMT Standard Time',
      workingHours: {
        daysOfWeek: ['monday', 'tuesday'],
        startTime: '08:30',
        endTime: '17:00',
        timeZone: 'GMT Standard Time',
      },
      calendar: 'reachable',
      preferredLanguage: 'en-GB',
      levelSource: {
        jobTitle: 'Software Engineer II',
        attributes: { extensionAttribute1: 'L3', extensionAttribute2: null },
      },
      accountEnabled: true,
    });
    expect(JSON.stringify(person)).not.toContain('contoso');
  });

  it.each([
    [false, false],
    [true, true],
    [undefined, true],
  ])('accountEnabled %s → %s (only an explicit false takes someone out)', (accountEnabled, expected) => {
    const person = toDirectoryPerson(
      { id: 'u1', ...(accountEnabled === undefined ? {} : { accountEnabled }) },
      [],
      calendarFactsOf(undefined),
    );
    expect(person.accountEnabled).toBe(expected);
  });

  it('keeps a custom time zone of the working hours as bias and rules, and names the zone with the same instants', () => {
    const facts = calendarFactsOf(
      hours({
        startMinutes: 8 * 60,
        endMinutes: 16 * 60,
        timeZone: { kind: 'custom', name: 'Customized Time Zone', bias: -330 },
      }),
    );
    expect(facts).toEqual({
      workingHours: {
        daysOfWeek: ['monday', 'tuesday'],
        startTime: '08:00',
        endTime: '16:00',
        timeZone: { kind: 'custom', name: 'Customized Time Zone', bias: -330 },
      },
      // getSchedule gives no mailbox zone name; booking needs one (series, humane hours): +5:30 all year.
      timeZone: 'India Standard Time',
      calendar: 'reachable',
    });
  });

  it.each([
    ['ErrorMailRecipientNotFound', 'no-mailbox'],
    ['404 MailboxNotEnabledForRESTAPI', 'no-mailbox'],
    ['ErrorAccessDenied', 'out-of-scope'],
    ['403 ErrorAccessDenied', 'out-of-scope'],
    ['throttled', 'unknown'],
    ['timeout', 'unknown'],
  ] as const)('reads getSchedule error %s as %s', (error, reach) => {
    expect(calendarReachOf(error)).toBe(reach);
    expect(calendarFactsOf({ ...hours(), error })).toEqual({
      workingHours: null,
      timeZone: null,
      calendar: reach,
    });
  });

  it('someone without any mail address has no mailbox to book', () => {
    expect(toDirectoryPerson({ ...user, mail: null }, [], calendarFactsOf(undefined)).calendar).toBe(
      'no-mailbox',
    );
  });
});

/** A fake Graph client: `/users` pages and single users by id; records the URLs asked for. */
function fakeClient(users: Array<typeof user & { manager?: { id: string } | null }>, pageSize = 2) {
  const asked: string[] = [];
  const api = (url: string) => {
    asked.push(url);
    const single = /^\/users\/([^/?]+)$/.exec(url);
    const managerOf = /^\/users\/([^/?]+)\/manager$/.exec(url);
    const request = {
      select: () => request,
      expand: () => request,
      get: () => {
        if (managerOf) {
          const id = users.find((u) => u.id === managerOf[1])?.manager?.id;
          return id
            ? Promise.resolve({ id })
            : Promise.reject(Object.assign(new Error('not found'), { statusCode: 404 }));
        }
        if (single) {
          const found = users.find((u) => u.id === decodeURIComponent(single[1]!));
          return found
            ? Promise.resolve(found)
            : Promise.reject(Object.assign(new Error('not found'), { statusCode: 404 }));
        }
        const skip = Number(/skip=(\d+)/.exec(url)?.[1] ?? 0);
        const next = skip + pageSize < users.length ? `/users?skip=${skip + pageSize}` : undefined;
        return Promise.resolve({
          value: users.slice(skip, skip + pageSize),
          ...(next ? { '@odata.nextLink': next } : {}),
        });
      },
    };
    return request;
  };
  return { client: { api } as never, asked };
}

function fakeReaders(answer: (mailbox: string) => Availability) {
  const requests: FreeBusyRequest[] = [];
  const reader = {
    readAvailability: (request: FreeBusyRequest) => {
      requests.push(request);
      return Promise.resolve(new Map(request.mailboxes.map((m) => [m, answer(m)])));
    },
  };
  const readers: ScheduleReaders = {
    background: () => reader,
    interactive: () => reader,
    languages: () => ({ read: () => Promise.resolve(new Map()) }),
  };
  return { readers, requests };
}

describe('GraphDirectory', () => {
  const people = [
    { ...user, id: 'u1', mail: 'One@contoso.example', manager: { id: 'u2' } },
    { ...user, id: 'u2', mail: 'two@contoso.example', manager: { id: 'u3' } },
    { ...user, id: 'u3', mail: 'three@contoso.example', manager: null },
    { ...user, id: 'u4', mail: null, manager: { id: 'u2' } },
    { ...user, id: 'u5', mail: 'five@contoso.example', manager: { id: 'u2' } },
  ];

  it('reads many people with one listing and one getSchedule read for all of them, addressed by id', async () => {
    const { client, asked } = fakeClient(people);
    const { readers, requests } = fakeReaders((m) =>
      m.startsWith('five')
        ? { ...hours(), mailbox: m, error: 'ErrorAccessDenied' }
        : { ...hours(), mailbox: m },
    );
    const found = await new GraphDirectory(
      () => client,
      readers,
      () => 0,
    ).getPeople('t', ['u1', 'u4', 'u5']);
    expect(asked).toEqual([
      expect.stringMatching(/^\/users\?\$select=.*mail.*&\$expand=manager\(\$select=id\)&\$top=100$/),
      '/users?skip=2',
      '/users?skip=4',
    ]);
    expect(requests).toEqual([
      {
        mailboxes: ['one@contoso.example', 'five@contoso.example'],
        window: { start: 0, end: 15 * 60_000 },
        ids: new Map([
          ['one@contoso.example', 'u1'],
          ['five@contoso.example', 'u5'],
        ]),
      },
    ]);
    expect([...found.values()].map((p) => [p.userId, p.managerChain, p.calendar])).toEqual([
      ['u1', ['u2', 'u3'], 'reachable'],
      ['u4', ['u2', 'u3'], 'no-mailbox'],
      ['u5', ['u2', 'u3'], 'out-of-scope'],
    ]);
  });

  it('reads one person with the manager expanded, the rest of the chain, and one getSchedule', async () => {
    const { client, asked } = fakeClient(people);
    const { readers, requests } = fakeReaders((m) => ({ ...hours(), mailbox: m }));
    const person = await new GraphDirectory(() => client, readers).getPerson('t', 'u1');
    expect(person?.managerChain).toEqual(['u2', 'u3']);
    expect(person?.calendar).toBe('reachable');
    expect(asked).toEqual(['/users/u1', '/users/u2/manager', '/users/u3/manager']);
    expect(requests).toHaveLength(1);
  });

  it('treats a 404 user as unknown and other Graph failures as upstream errors', async () => {
    const failing = (statusCode: number) => {
      const request = {
        select: () => request,
        expand: () => request,
        get: () =>
          Promise.reject(Object.assign(new Error('Graph says no to user@example.com'), { statusCode })),
      };
      return { api: () => request };
    };
    const { readers } = fakeReaders((m) => ({ ...hours(), mailbox: m }));
    expect(await new GraphDirectory(() => failing(404) as never, readers).getPerson('t', 'u')).toBeNull();
    await expect(
      new GraphDirectory(() => failing(503) as never, readers).getPerson('t', 'u'),
    ).rejects.toMatchObject({
      kind: 'upstream',
      message: expect.not.stringContaining('example.com') as unknown,
    });
    await expect(
      new GraphDirectory(() => failing(429) as never, readers).getPerson('t', 'u'),
    ).rejects.toMatchObject({
      kind: 'throttled',
    });
  });
});

describe('walkChain', () => {
  it.each([
    [
      'walks up to three levels',
      'a',
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'e'],
      ],
      ['b', 'c', 'd'],
    ],
    ['stops at the top', 'a', [['a', 'b']], ['b']],
    ['has no chain without a manager', 'x', [['a', 'b']], []],
    [
      'stops at a cycle',
      'a',
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      ['b'],
    ],
  ])('%s', async (_name, userId, edges, expected) => {
    const managers = new Map(edges as [string, string][]);
    expect(await walkChain(userId, (id) => Promise.resolve(managers.get(id) ?? null))).toEqual(expected);
  });
});
