import { type PersonSummary } from '../../contracts/employee';
import { isAppError } from '../../errors';
import { createMemoryRepositories } from '../../testing/api-test-kit';
import { type DirectoryFacts, type ParticipantDocument, participantId } from '../model';
import { matchRank, peopleNamedBy, rankPeople, searchPeople } from './people-search';

const tenant = 't-1';
const other = 't-2';
const me = 'u-me';
// Someone in everybody's private list: it must never come out of a search.
const secretListEntry = '5ec2e700-0000-4000-8000-000000000001';

interface Who {
  userId: string;
  name: string;
  programId?: string;
  status?: ParticipantDocument['status'];
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean;
  syncedAt?: string;
  tenantId?: string;
  noFacts?: boolean;
}

function facts(who: Who): DirectoryFacts {
  return {
    displayName: who.name,
    jobTitle: who.jobTitle === undefined ? 'Engineer' : who.jobTitle,
    department: who.department === undefined ? 'Sales' : who.department,
    level: 'L3',
    levelRank: 3,
    managerId: 'u-boss',
    managerChain: ['u-boss'],
    hireDate: '2020-01-01',
    timeZone: 'Europe/Berlin',
    workingHours: null,
    calendar: 'reachable',
    preferredLanguage: 'en',
    mailboxLanguage: null,
    mailboxLanguageReadAt: null,
    levelSource: { jobTitle: 'Engineer', attributes: {} },
    accountEnabled: who.accountEnabled ?? true,
  };
}

function participant(who: Who): ParticipantDocument {
  const programId = who.programId ?? 'p-1';
  return {
    id: participantId(programId, who.userId),
    tenantId: who.tenantId ?? tenant,
    programId,
    userId: who.userId,
    status: who.status ?? 'active',
    pausedUntil: null,
    preferences: {
      goals: ['network-building'],
      topicsToLearn: [],
      topicsToShare: [],
      cadence: 'biweekly',
      preferredDays: [],
      preferredTimesOfDay: [],
      languages: ['en'],
      notWith: [secretListEntry],
    },
    enrolledAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    leftAt: null,
    directory: who.noFacts ? null : facts(who),
    directorySyncedAt: who.syncedAt ?? '2026-01-01T00:00:00.000Z',
    searchName: who.noFacts ? '' : who.name.toLowerCase(),
  };
}

async function setUp(people: Who[]) {
  const repos = createMemoryRepositories();
  for (const who of people) await repos.participants.create(participant(who));
  const now = new Date('2026-06-03T10:00:00.000Z');
  return { repos, clock: () => now };
}

const names = (found: PersonSummary[]) => found.map((p) => p.displayName);

describe('matchRank', () => {
  it.each<[string, string, 0 | 1 | 2 | null]>([
    ['an', 'Anna Karlsson', 0],
    ['AN', 'anna karlsson', 0],
    [' an ', 'Anna Karlsson', 0],
    ['kar', 'Anna Karlsson', 1],
    ['luc', 'Jean-Luc Picard', 1],
    ['brien', "Conan O'Brien", 1],
    ['brien', 'Conan O’Brien', 1],
    // The first occurrence is inside a word, a later one starts a word.
    ['an', 'Dan Anders', 1],
    ['an', 'Dan Brown', 2],
    ['rls', 'Anna Karlsson', 2],
    ['xy', 'Anna Karlsson', null],
    ['', 'Anna Karlsson', null],
  ])('%j in %j → %j', (text, name, rank) => {
    expect(matchRank(text, name)).toBe(rank);
  });
});

describe('rankPeople', () => {
  const p = (userId: string, displayName: string): PersonSummary => ({
    userId,
    displayName,
    jobTitle: null,
    department: null,
  });

  it('puts names that start with the text first, then word starts, then the rest, each by name', () => {
    const people = [
      p('1', 'Dan Brown'),
      p('2', 'Zoe Anders'),
      p('3', 'Anna Karlsson'),
      p('4', 'Bob Smith'),
      p('5', 'andré Roux'),
      p('6', 'Ian Anderson'),
    ];
    expect(names(rankPeople('an', people))).toEqual([
      'andré Roux',
      'Anna Karlsson',
      'Ian Anderson',
      'Zoe Anders',
      'Dan Brown',
    ]);
  });

  it('orders equal names by id so the answer is stable', () => {
    const people = [p('b', 'Sam Lee'), p('a', 'Sam Lee'), p('c', 'sam lee')];
    expect(rankPeople('sam', people).map((x) => x.userId)).toEqual(['a', 'b', 'c']);
  });
});

describe('searchPeople', () => {
  it('answers name, job title and department only, never anyone’s preferences or "not with" list', async () => {
    const deps = await setUp([
      { userId: 'u-ann', name: 'Anna Karlsson', jobTitle: 'Designer', department: null },
    ]);
    const found = await searchPeople(deps, { tenantId: tenant, userId: me }, 'ann');
    expect(found).toEqual([
      { userId: 'u-ann', displayName: 'Anna Karlsson', jobTitle: 'Designer', department: null },
    ]);
    expect(JSON.stringify(found)).not.toContain(secretListEntry);
  });

  it.each<[string, string, Who[], string[]]>([
    [
      'matches the start of the name, a later word, or anywhere, in that order',
      'an',
      [
        { userId: 'u1', name: 'Dan Brown' },
        { userId: 'u2', name: 'Anna Karlsson' },
        { userId: 'u3', name: 'Zoe Anders' },
        { userId: 'u4', name: 'Bob Smith' },
      ],
      ['Anna Karlsson', 'Zoe Anders', 'Dan Brown'],
    ],
    [
      'leaves out me, people who left, disabled accounts, people without directory facts and other tenants',
      'an',
      [
        { userId: me, name: 'Anton Me' },
        { userId: 'u1', name: 'Anja Left', status: 'left' },
        { userId: 'u2', name: 'Andy Disabled', accountEnabled: false },
        { userId: 'u3', name: 'Anita Unsynced', noFacts: true },
        { userId: 'u4', name: 'Ane Elsewhere', tenantId: other },
        { userId: 'u5', name: 'Anneli Paused', status: 'paused' },
        { userId: 'u6', name: 'Angus Active' },
      ],
      ['Angus Active', 'Anneli Paused'],
    ],
    [
      'shows someone in several programs once, with their most recently synced facts',
      'ka',
      [
        { userId: 'u1', name: 'Kai Old', programId: 'p-1', syncedAt: '2026-01-01T00:00:00.000Z' },
        { userId: 'u1', name: 'Kai New', programId: 'p-2', syncedAt: '2026-05-01T00:00:00.000Z' },
        { userId: 'u1', name: 'Kai Older', programId: 'p-3', syncedAt: '2025-05-01T00:00:00.000Z' },
      ],
      ['Kai New'],
    ],
    [
      'someone who left one program but is still in another is found',
      'mo',
      [
        { userId: 'u1', name: 'Mo Left', programId: 'p-1', status: 'left' },
        { userId: 'u1', name: 'Mo Stays', programId: 'p-2' },
      ],
      ['Mo Stays'],
    ],
  ])('%s', async (_name, text, people, expected) => {
    const deps = await setUp(people);
    expect(names(await searchPeople(deps, { tenantId: tenant, userId: me }, text))).toEqual(expected);
  });

  it('answers at most ten, all starting with the text when ten do, alphabetically', async () => {
    const people: Who[] = Array.from({ length: 14 }, (_, i) => ({
      userId: `u${i}`,
      name: `Li ${String.fromCharCode(78 - i)}`,
    }));
    people.push({ userId: 'u-word', name: 'Ada Lim' });
    const deps = await setUp(people);
    const found = names(await searchPeople(deps, { tenantId: tenant, userId: me }, 'li'));
    expect(found).toHaveLength(10);
    expect(found[0]).toBe('Li A');
    expect(found.at(-1)).toBe('Li J');
    expect(found).not.toContain('Ada Lim');
  });

  it('finds a name that starts with the text even when hundreds of names merely contain it sort before it', async () => {
    const people: Who[] = Array.from({ length: 230 }, (_, i) => ({
      userId: `u${i}`,
      name: `Azo ${i.toString().padStart(3, '0')}`,
    }));
    people.push({ userId: 'u-zoe', name: 'Zoe Young' });
    const deps = await setUp(people);
    const found = names(await searchPeople(deps, { tenantId: tenant, userId: me }, 'zo'));
    expect(found[0]).toBe('Zoe Young');
    expect(found).toHaveLength(10);
  });

  it('is limited to 60 searches a minute per person; the next minute is free again, and others keep theirs', async () => {
    const deps = await setUp([{ userId: 'u1', name: 'Anna Karlsson' }]);
    let now = new Date('2026-06-03T10:00:00.000Z');
    const clocked = { ...deps, clock: () => now };
    const mine = { tenantId: tenant, userId: me };
    for (let i = 0; i < 60; i++) await searchPeople(clocked, mine, 'an');
    const refused = await searchPeople(clocked, mine, 'an').catch((e: unknown) => e);
    expect(isAppError(refused) && refused.kind).toBe('throttled');
    expect(names(await searchPeople(clocked, { tenantId: tenant, userId: 'u-other' }, 'an'))).toEqual([
      'Anna Karlsson',
    ]);
    now = new Date('2026-06-03T10:01:00.000Z');
    expect(names(await searchPeople(clocked, mine, 'an'))).toEqual(['Anna Karlsson']);
  });
});

describe('peopleNamedBy', () => {
  it('names the people of my list in its order, whatever their status; unknown ids and I myself are left out', async () => {
    const deps = await setUp([
      { userId: 'u1', name: 'Anna Karlsson', status: 'left' },
      { userId: 'u2', name: 'Bo Disabled', accountEnabled: false },
      { userId: 'u3', name: 'Cy Elsewhere', tenantId: other },
      { userId: 'u4', name: 'Dee Active', department: 'Legal' },
      { userId: me, name: 'Me Myself' },
    ]);
    const found = await peopleNamedBy(deps, { tenantId: tenant, userId: me }, [
      'U4',
      'u1',
      'u2',
      'u3',
      'u9',
      me,
    ]);
    expect(found).toEqual([
      { userId: 'u4', displayName: 'Dee Active', jobTitle: 'Engineer', department: 'Legal' },
      { userId: 'u1', displayName: 'Anna Karlsson', jobTitle: 'Engineer', department: 'Sales' },
      { userId: 'u2', displayName: 'Bo Disabled', jobTitle: 'Engineer', department: 'Sales' },
    ]);
  });
});
