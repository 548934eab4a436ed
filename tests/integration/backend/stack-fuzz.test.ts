import fc from 'fast-check';
import { type z } from 'zod';

import { type LocalStack, startLocalStack } from '../../../dev/stack';
import {
  EnrollmentRequestSchema,
  FeedbackRequestSchema,
  OverrideRequestSchema,
  type PairingsResponse,
  PauseRequestSchema,
  type Program,
  ProgramInputSchema,
  type Round,
} from '../../../functions/src/contracts';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { settledRound } from '../../../functions/src/testing/settled-round';
import { localCa } from './local-parts';

/**
 * Malformed input through the real HTTP stack and the real Cosmos server (the in-memory fuzz in
 * functions/src/functions/api-fuzz.test.ts runs 1,000 cases per route; this one runs fewer but end to end):
 * every answer is a 4xx with an error body, and the tenant's stored documents are unchanged afterwards.
 */
const runs = 150;
jest.setTimeout(180_000);

let stack: LocalStack;
let tokenUser: string;
let tokenAdmin: string;
let programId: string;
let roundId: string;
let pairingId: string;

async function send(
  method: string,
  path: string,
  token: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, text };
}

async function storedState(): Promise<string> {
  const { repos } = stack.services.deps;
  const tenantId = stack.tenant!.tenantId;
  const ids = (items: { doc: { id: string }; etag: string }[]) =>
    items
      .map((s) => `${s.doc.id}:${s.etag}`)
      .sort()
      .join(',');
  const parts = await Promise.all([
    repos.programs.queryAll(tenantId, {}).then(ids),
    repos.participants.queryAll(tenantId, {}).then(ids),
    repos.rounds.queryAll(tenantId, {}).then(ids),
    repos.pairings.queryAll(tenantId, {}).then(ids),
    repos.feedback.queryAll(tenantId, {}).then(ids),
    repos.audit.queryAll(tenantId, {}).then(ids),
  ]);
  return parts.join('\n');
}

beforeAll(async () => {
  localCa();
  stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    tenantSeed: 'backend-fuzz',
    tenantSize: 40,
    env: { ...process.env, PORT: undefined },
  });
  const tenant = stack.tenant!;
  const users = tenant.users.filter((u) => u.accountEnabled && u.appRoles.length === 0);
  tokenAdmin = await tenant.issueUserToken(tenant.adminUserPrincipalName);
  const program = JSON.parse(
    (await send('POST', 'admin/programs', tokenAdmin, JSON.stringify(sampleProgram))).text,
  ) as Program;
  programId = program.id;
  const tokens = await Promise.all(users.slice(0, 4).map((u) => tenant.issueUserToken(u.userPrincipalName)));
  for (const token of tokens)
    await send('PUT', `programs/${programId}/enrollment`, token, JSON.stringify(sampleEnrollment));
  // A published round with at least one pairing, made by an override so it does not depend on the engine.
  const round = JSON.parse(
    (await send('POST', `admin/programs/${programId}/rounds/preview`, tokenAdmin)).text,
  ) as Round;
  roundId = round.id;
  const readRound = async () =>
    JSON.parse(
      (await send('GET', `admin/programs/${programId}/rounds/${roundId}`, tokenAdmin)).text,
    ) as Round;
  await settledRound(readRound);
  await send(
    'POST',
    `admin/programs/${programId}/rounds`,
    tokenAdmin,
    JSON.stringify({ draftRoundId: roundId }),
  );
  await settledRound(readRound);
  for (const token of tokens) {
    const mine = JSON.parse((await send('GET', 'pairings', token)).text) as PairingsResponse;
    if (mine.current[0]) {
      tokenUser = token;
      pairingId = mine.current[0].id;
      break;
    }
  }
  tokenUser ??= tokens[0]!;
  pairingId ??= 'x-none';
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

function wire(value: unknown): string | undefined {
  return JSON.stringify(value);
}

function malformed(schema: z.ZodType, near: Record<string, unknown>): fc.Arbitrary<string> {
  const mutated = fc
    .tuple(fc.constantFrom(...Object.keys(near)), fc.anything({ maxDepth: 2 }))
    .map(([k, v]) => ({ ...near, [k]: v }));
  return fc
    .oneof(
      fc.anything({ maxDepth: 3 }),
      mutated,
      fc.string({ maxLength: 80 }).map((s) => ({ text: s })),
    )
    .map((value) =>
      typeof value === 'object' && value !== null && 'text' in value && Object.keys(value).length === 1
        ? `${String((value as { text: string }).text)}`
        : wire(value),
    )
    .filter((text): text is string => {
      if (text === undefined || text.trim() === '') return false;
      try {
        return !schema.safeParse(JSON.parse(text)).success;
      } catch {
        return true;
      }
    });
}

// `.` and `..` are left out: URL parsing in the client resolves them before any request is sent.
const badId = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 60 }),
    fc.constantFrom('a b', 'x'.repeat(81), 'null', '%00', 'p-nope', '..%2F'),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/).map((id) => `zz${id}`),
  )
  .filter((id) => id !== '.' && id !== '..');

describe('malformed input end to end', () => {
  const cases: [string, string, () => string, () => string, z.ZodType, Record<string, unknown>][] = [
    [
      'PUT',
      'enrollment',
      () => `programs/${programId}/enrollment`,
      () => tokenUser,
      EnrollmentRequestSchema,
      sampleEnrollment,
    ],
    [
      'POST',
      'pause',
      () => `programs/${programId}/enrollment/pause`,
      () => tokenUser,
      PauseRequestSchema,
      { until: '2099-01-01' },
    ],
    [
      'POST',
      'feedback',
      () => `pairings/${pairingId}/feedback`,
      () => tokenUser,
      FeedbackRequestSchema,
      { met: true, rating: 3 },
    ],
    ['POST', 'program create', () => 'admin/programs', () => tokenAdmin, ProgramInputSchema, sampleProgram],
    [
      'PUT',
      'program update',
      () => `admin/programs/${programId}`,
      () => tokenAdmin,
      ProgramInputSchema,
      sampleProgram,
    ],
    [
      'POST',
      'override',
      () => `admin/programs/${programId}/rounds/${roundId}/overrides`,
      () => tokenAdmin,
      OverrideRequestSchema,
      { action: 'unpair', pairingId: 'x', reason: 'r' },
    ],
  ];

  it.each(cases)(
    `%s %s: ${runs} malformed bodies → 4xx, nothing stored`,
    async (method, _name, path, token, schema, near) => {
      const before = await storedState();
      await fc.assert(
        fc.asyncProperty(malformed(schema, near), async (body) => {
          const { status, text } = await send(method, path(), token(), body, { 'if-match': '"stale"' });
          if (status < 400 || status >= 500 || !text.includes('"error"'))
            throw new Error(`${status} ${text.slice(0, 200)}`);
        }),
        { numRuns: runs },
      );
      expect(await storedState()).toBe(before);
    },
  );

  const paramRoutes: [string, string, (id: string) => string, () => string][] = [
    ['DELETE', 'programs/{id}/enrollment', (id) => `programs/${id}/enrollment`, () => tokenUser],
    ['POST', 'pairings/{id}/skip', (id) => `pairings/${id}/skip`, () => tokenUser],
    ['GET', 'admin/programs/{id}', (id) => `admin/programs/${id}`, () => tokenAdmin],
    ['DELETE', 'admin/programs/{id}', (id) => `admin/programs/${id}`, () => tokenAdmin],
    [
      'POST',
      'admin/programs/{id}/rounds/preview',
      (id) => `admin/programs/${id}/rounds/preview`,
      () => tokenAdmin,
    ],
    ['POST', 'admin/programs/{id}/rounds', (id) => `admin/programs/${id}/rounds`, () => tokenAdmin],
    [
      'GET',
      'admin/programs/{id}/participants',
      (id) => `admin/programs/${id}/participants?pageSize=5`,
      () => tokenAdmin,
    ],
    [
      'GET',
      'admin/programs/{p}/rounds/{id}',
      (id) => `admin/programs/${programId}/rounds/${id}`,
      () => tokenAdmin,
    ],
    [
      'POST',
      'admin/programs/{p}/pairings/{id}/retry-booking',
      (id) => `admin/programs/${programId}/pairings/${id}/retry-booking`,
      () => tokenAdmin,
    ],
    ['GET', 'admin/programs/{id}/export', (id) => `admin/programs/${id}/export`, () => tokenAdmin],
  ];

  it.each(paramRoutes)(
    `%s %s: ${runs} bad or unknown ids → 4xx, nothing stored`,
    async (method, _route, path, token) => {
      const before = await storedState();
      await fc.assert(
        fc.asyncProperty(badId, async (id) => {
          const { status, text } = await send(
            method,
            path(encodeURIComponent(id)),
            token(),
            method === 'GET' ? undefined : '',
          );
          if (status < 400 || status >= 500)
            throw new Error(`${status} for ${JSON.stringify(id)}: ${text.slice(0, 200)}`);
        }),
        { numRuns: runs },
      );
      expect(await storedState()).toBe(before);
    },
  );

  it(`${runs} malformed participant queries and continuation tokens → 400`, async () => {
    const before = await storedState();
    const query = fc.oneof(
      fc.string({ maxLength: 40 }).map((t) => `continuationToken=${encodeURIComponent(t || 'x')}`),
      fc.constantFrom(
        'pageSize=0',
        'pageSize=101',
        'pageSize=abc',
        'status=gone',
        'pageSize=1.5',
        `search=${'x'.repeat(200)}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const { status, text } = await send(
          'GET',
          `admin/programs/${programId}/participants?${q}`,
          tokenAdmin,
        );
        if (status !== 400) throw new Error(`${status} for ${q}: ${text.slice(0, 200)}`);
      }),
      { numRuns: runs },
    );
    expect(await storedState()).toBe(before);
  });
});

describe('valid-but-hostile input end to end', () => {
  const routes = (): [string, string][] => [
    ['GET', 'me'],
    ['GET', 'programs'],
    ['GET', 'pairings'],
    ['GET', `pairings/${pairingId}/slots`],
    ['POST', `pairings/${pairingId}/reschedule`],
    ['POST', `pairings/${pairingId}/feedback`],
    ['GET', `me/peers/${stack.tenant!.users[0]!.id}/photo`],
    ['GET', 'me/export'],
    ['DELETE', 'me'],
    ['GET', 'admin/audit'],
    ['GET', 'admin/programs'],
    ['POST', `admin/programs/${programId}/rounds/${roundId}/overrides`],
  ];

  it('a real token for a real admin, issued to another client app (azp), is refused on every route', async () => {
    const tenant = stack.tenant!;
    const before = await storedState();
    const stolen = await tenant.issueUserToken(tenant.adminUserPrincipalName, {
      clientId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
    });
    for (const [method, path] of routes()) {
      const response = await send(method, path, stolen, method === 'GET' ? undefined : '{}');
      expect([method, path, response.status]).toEqual([method, path, 401]);
    }
    expect(await storedState()).toBe(before);
  });

  it('the same person through Teams (a pre-authorised client) is accepted', async () => {
    const tenant = stack.tenant!;
    const viaTeams = await tenant.issueUserToken(tenant.adminUserPrincipalName, {
      clientId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    });
    expect((await send('GET', 'me', viaTeams)).status).toBe(200);
  });
});
