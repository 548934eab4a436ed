import { type MeResponse, type PeopleSearchResponse } from '../contracts';
import { type DirectoryPerson } from '../domain/deps';
import {
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  person,
  principal,
  sampleProgram,
  tenantA,
  tenantB,
  users,
} from '../testing/api-test-kit';

/** Names with shared letters in different places, so ranking and filtering can be told apart. */
const names: Record<string, { name: string; title: string; department: string }> = {
  [users.admin]: { name: 'Ada Admin', title: 'HR Partner', department: 'People' },
  [users.ann]: { name: 'Ann Lee', title: 'Designer', department: 'Product' },
  [users.bob]: { name: 'Bob Annson', title: 'Engineer', department: 'Engineering' },
  [users.cid]: { name: 'Cid Hanna', title: 'Analyst', department: 'Finance' },
  [users.dee]: { name: 'Annika Dee', title: 'Lawyer', department: 'Legal' },
  [users.eve]: { name: 'Eve Stone', title: 'Recruiter', department: 'People' },
};

function namedPeople(): DirectoryPerson[] {
  return Object.values(users).map((id, i) => {
    const named = names[id]!;
    return { ...person(id, i), displayName: named.name, jobTitle: named.title, department: named.department };
  });
}

async function setUp(): Promise<{ kit: Kit; programId: string }> {
  const kit = createKit({ people: namedPeople() });
  const programId = await createProgram(kit);
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
  // Bob's private list names Ann: nobody's search or `me` may tell it.
  await kit.call('enrollment-put', {
    as: principal(users.bob),
    params: { programId },
    body: {
      goals: ['network-building'],
      cadence: 'weekly',
      notWith: [users.ann],
    },
  });
  return { kit, programId };
}

const search = (kit: Kit, text: string | undefined, as = principal(users.ann)) =>
  kit.call('people-search', { as, ...(text === undefined ? {} : { query: { search: text } }) });

describe('GET /api/people?search=', () => {
  it('finds people of my tenant by the start of their name first, then inside it, with name, title and department only', async () => {
    const { kit } = await setUp();
    const response = await search(kit, 'ANN', principal(users.eve));
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      people: [
        { userId: users.ann, displayName: 'Ann Lee', jobTitle: 'Designer', department: 'Product' },
        { userId: users.dee, displayName: 'Annika Dee', jobTitle: 'Lawyer', department: 'Legal' },
        { userId: users.bob, displayName: 'Bob Annson', jobTitle: 'Engineer', department: 'Engineering' },
        { userId: users.cid, displayName: 'Cid Hanna', jobTitle: 'Analyst', department: 'Finance' },
      ],
    } satisfies PeopleSearchResponse);
  });

  it('never lists the caller, and never tells anyone’s "not with" list', async () => {
    const { kit } = await setUp();
    const response = await search(kit, 'an');
    const people = (response.body as PeopleSearchResponse).people.map((p) => p.userId);
    expect(people).toEqual([users.dee, users.bob, users.cid]);
    expect(JSON.stringify(response.body)).not.toMatch(/notWith|preferences|mail|status/);
  });

  it('searches only the caller’s tenant', async () => {
    const { kit } = await setUp();
    const programB = await createProgram(kit, sampleProgram, tenantB);
    await enrollAll(kit, programB, [users.eve], tenantB);
    expect((await search(kit, 'eve', principal(users.ann, false, tenantA))).body).toEqual({ people: [] });
    expect((await search(kit, 'ann', principal(users.admin, false, tenantB))).body).toEqual({ people: [] });
    expect(
      ((await search(kit, 'eve', principal(users.admin, false, tenantB))).body as PeopleSearchResponse)
        .people,
    ).toEqual([expect.objectContaining({ userId: users.eve, displayName: 'Eve Stone' })]);
  });

  it.each<[string, Record<string, string> | undefined, string]>([
    ['no search', undefined, 'query.search'],
    ['one character', { search: 'a' }, 'query.search'],
    ['one character padded with spaces', { search: '  a  ' }, 'query.search'],
    ['over 100 characters', { search: 'a'.repeat(101) }, 'query.search'],
    ['an unknown parameter', { search: 'ann', email: 'x' }, 'query'],
  ])('answers 400 naming the field for %s', async (_name, query, path) => {
    const { kit } = await setUp();
    const response = await kit.call('people-search', { ...(query ? { query } : {}) });
    expect(response.status).toBe(400);
    const details = (response.body as { error: { details: { path: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toContain(path);
  });

  it('answers 401 without a token, before reading anything', async () => {
    const { kit } = await setUp();
    const before = kit.snapshot();
    expect((await kit.call('people-search', { as: null, query: { search: 'ann' } })).status).toBe(401);
    expect(kit.snapshot()).toBe(before);
  });

  it('answers 429 with Retry-After after 60 searches in a minute; a malformed search does not count', async () => {
    const { kit } = await setUp();
    for (let i = 0; i < 5; i++) expect((await search(kit, 'x')).status).toBe(400);
    for (let i = 0; i < 60; i++) expect((await search(kit, 'an')).status).toBe(200);
    const refused = await search(kit, 'an');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await search(kit, 'an', principal(users.bob))).status).toBe(200);
  });
});

describe('GET /api/me: the people of my own "not with" list, by name', () => {
  it('names only the people in my list, never someone whose list names me', async () => {
    const { kit, programId } = await setUp();
    const bob = (await kit.call('me-get', { as: principal(users.bob) })).body as MeResponse;
    expect(bob.notWithPeople).toEqual([
      { userId: users.ann, displayName: 'Ann Lee', jobTitle: 'Designer', department: 'Product' },
    ]);
    const ann = (await kit.call('me-get', { as: principal(users.ann) })).body as MeResponse;
    expect(ann.notWithPeople).toEqual([]);
    expect(JSON.stringify(ann)).not.toContain('Bob Annson');
    // Someone Pairwise does not store (never joined) is left out rather than shown as an id.
    await kit.call('enrollment-put', {
      as: principal(users.cid),
      params: { programId },
      body: { goals: ['network-building'], cadence: 'weekly', notWith: [users.eve, users.dee] },
    });
    const cid = (await kit.call('me-get', { as: principal(users.cid) })).body as MeResponse;
    expect(cid.notWithPeople.map((p) => p.displayName)).toEqual(['Annika Dee']);
  });
});
