import { GraphDirectory, localChain, toDirectoryPerson, toWorkingHours } from './graph-directory';

describe('Graph directory mapping', () => {
  it('maps a Graph user, its manager chain and mailbox settings without mail or phones', () => {
    const person = toDirectoryPerson(
      {
        id: 'AB12CD34-0000-4000-8000-000000000001',
        displayName: 'Ann Lee',
        jobTitle: 'Software Engineer II',
        department: 'Engineering',
        employeeHireDate: '2021-03-15T00:00:00Z',
        preferredLanguage: 'en-GB',
        onPremisesExtensionAttributes: { extensionAttribute1: 'L3', extensionAttribute2: null },
      },
      ['m1', 'm2'],
      {
        timeZone: 'GMT Standard Time',
        workingHours: {
          daysOfWeek: ['Monday', 'tuesday', 'funday'],
          startTime: '08:30:00.0000000',
          endTime: '17:00:00.0000000',
          timeZone: { name: 'GMT Standard Time' },
        },
      },
    );
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
      preferredLanguage: 'en-GB',
      levelSource: {
        jobTitle: 'Software Engineer II',
        attributes: { extensionAttribute1: 'L3', extensionAttribute2: null },
      },
      accountEnabled: true,
    });
  });

  it.each([
    [false, false],
    [true, true],
    [undefined, true],
  ])('accountEnabled %s → %s (only an explicit false takes someone out)', (accountEnabled, expected) => {
    const person = toDirectoryPerson(
      { id: 'u1', ...(accountEnabled === undefined ? {} : { accountEnabled }) },
      [],
      null,
    );
    expect(person.accountEnabled).toBe(expected);
  });

  it.each([
    ['no mailbox', null],
    ['no working hours', { timeZone: 'UTC' }],
    ['no start time', { workingHours: { endTime: '17:00:00' } }],
  ])('has no working hours with %s', (_name, mailbox) => {
    expect(toWorkingHours(mailbox)).toBeNull();
  });

  it('keeps a custom time zone of the working hours as bias and rules (its name says nothing)', () => {
    const hours = toWorkingHours({
      timeZone: 'Customized Time Zone',
      workingHours: {
        daysOfWeek: ['Monday', 'Tuesday'],
        startTime: '08:00:00.0000000',
        endTime: '16:00:00.0000000',
        timeZone: {
          '@odata.type': '#microsoft.graph.customTimeZone',
          name: 'Customized Time Zone',
          bias: -330,
        },
      },
    });
    expect(hours).toEqual({
      daysOfWeek: ['monday', 'tuesday'],
      startTime: '08:00',
      endTime: '16:00',
      timeZone: { kind: 'custom', name: 'Customized Time Zone', bias: -330 },
    });
  });

  it('treats a 404 user as unknown and other Graph failures as upstream errors', async () => {
    const failing = (statusCode: number) => ({
      api: () => ({
        select: () => ({
          get: () =>
            Promise.reject(Object.assign(new Error('Graph says no to user@example.com'), { statusCode })),
        }),
        get: () => Promise.reject(Object.assign(new Error('x'), { statusCode })),
      }),
    });
    expect(await new GraphDirectory(() => failing(404) as never).getPerson('t', 'u')).toBeNull();
    await expect(new GraphDirectory(() => failing(503) as never).getPerson('t', 'u')).rejects.toMatchObject({
      kind: 'upstream',
      message: expect.not.stringContaining('example.com') as unknown,
    });
    await expect(new GraphDirectory(() => failing(429) as never).getPerson('t', 'u')).rejects.toMatchObject({
      kind: 'throttled',
    });
  });
});

describe('localChain', () => {
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
  ])('%s', (_name, user, edges, expected) => {
    expect(localChain(user, new Map(edges as [string, string][]))).toEqual(expected);
  });
});
