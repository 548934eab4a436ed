import { type ProgramInputBody } from '../../contracts/admin';
import { type ProgramsResponse } from '../../contracts/employee';
import {
  createKit,
  createProgram,
  person,
  principal,
  sampleEnrollment,
  sampleProgram,
  users,
} from '../../testing/api-test-kit';
import { type ProgramDocument } from '../model';
import { isEligible } from './program-service';

type Eligibility = ProgramDocument['eligibility'];
const open: Eligibility = { departments: [], levels: [], hireDateFrom: null, hireDateTo: null };
type Facts = { department: string | null; level: string | null; hireDate: string | null };
const facts: Facts = { department: 'Sales', level: 'L3', hireDate: '2025-03-01' };

describe('isEligible', () => {
  it.each<[string, Partial<Eligibility>, Facts | null, boolean]>([
    ['no restriction lets everyone in, even without directory facts', {}, null, true],
    ['department, case-insensitive', { departments: ['Engineering', 'sales'] }, facts, true],
    ['another department', { departments: ['Engineering'] }, facts, false],
    ['level label, case-insensitive', { levels: ['l3', 'L4'] }, facts, true],
    ['another level', { levels: ['L4'] }, facts, false],
    ['unknown level fails a level restriction', { levels: ['L3'] }, { ...facts, level: null }, false],
    [
      'hire window is inclusive at both ends',
      { hireDateFrom: '2025-03-01', hireDateTo: '2025-03-01' },
      facts,
      true,
    ],
    ['hired before the window', { hireDateFrom: '2025-03-02' }, facts, false],
    ['hired after the window', { hireDateTo: '2025-02-28' }, facts, false],
    [
      'unknown hire date fails a hire window',
      { hireDateFrom: '2020-01-01' },
      { ...facts, hireDate: null },
      false,
    ],
    ['no facts fail any restriction', { departments: ['Sales'] }, null, false],
  ])('%s', (_name, eligibility, personFacts, expected) => {
    const program = { eligibility: { ...open, ...eligibility } } as ProgramDocument;
    expect(isEligible(program, personFacts)).toBe(expected);
  });
});

describe('eligibility through the API', () => {
  const admin = principal(users.admin, true);
  // The kit's people: ann is in Sales, bob in Finance; everyone is L3 (extensionAttribute1), hired 2020-01-01.
  const restricted = (
    eligibility: Partial<Eligibility>,
    extra: Partial<ProgramInputBody> = {},
  ): ProgramInputBody => ({
    ...sampleProgram,
    eligibility: { ...open, ...eligibility },
    ...extra,
  });

  async function listedFor(kit: ReturnType<typeof createKit>, userId: string): Promise<string[]> {
    const response = await kit.call('programs-list', { as: principal(userId) });
    return (response.body as ProgramsResponse).programs.map((p) => p.id);
  }

  it('lists a restricted program only to people who qualify, and refuses the others as if it did not exist', async () => {
    const kit = createKit();
    const programId = await createProgram(kit, restricted({ departments: ['sales'], levels: ['L3'] }));
    expect(await listedFor(kit, users.ann)).toEqual([programId]);
    expect(await listedFor(kit, users.bob)).toEqual([]);

    const bob = await kit.call('enrollment-put', {
      as: principal(users.bob),
      params: { programId },
      body: sampleEnrollment,
    });
    expect(bob.status).toBe(404);
    const ann = await kit.call('enrollment-put', {
      as: principal(users.ann),
      params: { programId },
      body: sampleEnrollment,
    });
    expect(ann.status).toBe(201);
  });

  it('checks levels with the program’s own level mapping', async () => {
    const kit = createKit();
    const programId = await createProgram(
      kit,
      restricted(
        { levels: ['engineer ii'] },
        {
          levelMapping: {
            source: 'jobTitle',
            attribute: null,
            levels: [{ label: 'Engineer II', rank: 6, pattern: '^engineer$' }],
          },
        },
      ),
    );
    // Everyone's job title is "Engineer": the mapping says Engineer II (the tenant default would say L3).
    expect(await listedFor(kit, users.bob)).toEqual([programId]);
    const other = await createProgram(kit, restricted({ levels: ['L3'] }, { name: 'By default levels' }));
    expect(await listedFor(kit, users.bob)).toEqual(expect.arrayContaining([programId, other]));
  });

  it('opens a hire-date window only to people hired within it', async () => {
    const recent = { ...person(users.cid, 3), hireDate: '2026-05-01' };
    const kit = createKit({ people: [person(users.admin, 0), person(users.ann, 1), recent] });
    const programId = await createProgram(kit, restricted({ hireDateFrom: '2026-01-01' }));
    expect(await listedFor(kit, users.cid)).toEqual([programId]);
    expect(await listedFor(kit, users.ann)).toEqual([]);
  });

  it('refuses a window that ends before it starts, naming the field', async () => {
    const kit = createKit();
    const response = await kit.call('admin-programs-create', {
      as: admin,
      body: restricted({ hireDateFrom: '2026-02-01', hireDateTo: '2026-01-31' }),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: {
        details: [
          {
            path: 'body.eligibility.hireDateTo',
            issue: 'must not be before hireDateFrom',
            code: 'hire-dates-order',
          },
        ],
      },
    });
  });
});
