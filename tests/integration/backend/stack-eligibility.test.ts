import { type LocalStack, startLocalStack } from '../../../dev/stack';
import { type Program, type ProgramsResponse } from '../../../functions/src/contracts';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { localCa } from './local-parts';

/**
 * Who can join and how levels are read, as the admin's program form sends them, through `npm start`'s real HTTP
 * stack: stored in the Cosmos server, read back, and applied to the tenant simulator's people (their department,
 * job title and extensionAttribute1 level come from its Graph).
 */
let stack: LocalStack;
const tokens = new Map<string, string>();

async function api(
  method: string,
  path: string,
  upn: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown }> {
  let token = tokens.get(upn);
  if (!token) {
    token = await stack.tenant!.issueUserToken(upn);
    tokens.set(upn, token);
  }
  const headers: Record<string, string> = { ...(options.headers ?? {}), authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const raw = await response.text();
  return { status: response.status, body: raw ? (JSON.parse(raw) as unknown) : undefined };
}

type Person = NonNullable<LocalStack['tenant']>['users'][number];
let adminUpn: string;
let people: Person[];

beforeAll(async () => {
  localCa();
  stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    tenantSeed: 'eligibility-stack',
    tenantSize: 60,
    env: { ...process.env, PORT: undefined },
  });
  adminUpn = stack.tenant!.adminUserPrincipalName;
  people = stack.tenant!.users.filter((u) => u.accountEnabled && u.appRoles.length === 0);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function listedFor(upn: string): Promise<string[]> {
  const response = await api('GET', 'programs', upn);
  expect(response.status).toBe(200);
  return (response.body as ProgramsResponse).programs.map((p) => p.id);
}

describe('eligibility and level mapping through npm start', () => {
  it('stores what the form sends, reads it back, and opens the program only to the people it names', async () => {
    const inside = people[0]!;
    const outside = people.find((p) => p.department !== inside.department)!;
    const created = await api('POST', 'admin/programs', adminUpn, { body: sampleProgram });
    expect(created.status).toBe(201);
    const program = created.body as Program;

    const eligibility = {
      departments: [inside.department.toUpperCase()],
      levels: [],
      hireDateFrom: null,
      hireDateTo: inside.employeeHireDate.slice(0, 10),
    };
    const levelMapping = {
      source: 'jobTitle',
      attribute: null,
      levels: [{ label: 'Anyone', rank: 1, pattern: '.' }],
    };
    const updated = await api('PUT', `admin/programs/${program.id}`, adminUpn, {
      body: { ...sampleProgram, eligibility, levelMapping },
      headers: { 'if-match': program.etag },
    });
    expect(updated.status).toBe(200);
    const stored = (await api('GET', `admin/programs/${program.id}`, adminUpn)).body as Program;
    expect(stored).toMatchObject({ eligibility, levelMapping });

    expect(await listedFor(inside.userPrincipalName)).toContain(program.id);
    expect(await listedFor(outside.userPrincipalName)).not.toContain(program.id);
    const refused = await api('PUT', `programs/${program.id}/enrollment`, outside.userPrincipalName, {
      body: sampleEnrollment,
    });
    expect(refused.status).toBe(404);
    const joined = await api('PUT', `programs/${program.id}/enrollment`, inside.userPrincipalName, {
      body: sampleEnrollment,
    });
    expect(joined.status).toBe(201);
  });

  it('reads levels from extensionAttribute1 by default, and refuses an attribute the directory never returns', async () => {
    const [first] = people;
    const other = people.find((p) => p.level !== first!.level)!;
    const created = await api('POST', 'admin/programs', adminUpn, {
      body: {
        ...sampleProgram,
        eligibility: { departments: [], levels: [first!.level], hireDateFrom: null, hireDateTo: null },
      },
    });
    expect(created.status).toBe(201);
    const program = created.body as Program;
    expect(await listedFor(first!.userPrincipalName)).toContain(program.id);
    expect(await listedFor(other.userPrincipalName)).not.toContain(program.id);

    const refused = await api('PUT', `admin/programs/${program.id}`, adminUpn, {
      body: {
        ...sampleProgram,
        levelMapping: { source: 'extensionAttribute', attribute: 'employeeType', levels: [] },
      },
      headers: { 'if-match': program.etag },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { details: [{ path: 'body.levelMapping.attribute' }] } });
  });
});
