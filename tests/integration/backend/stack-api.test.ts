import { type LocalStack, startLocalStack } from '../../../dev/stack';
import {
  type PairingsResponse,
  type Program,
  type Round,
  type RoundSummary,
} from '../../../functions/src/contracts';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { settledRound } from '../../../functions/src/testing/settled-round';
import { localCa } from './local-parts';

/**
 * The API through the real HTTP stack of `npm start` (local Functions host, Cosmos server, Azurite, tenant
 * simulator, the real matching engine), with tokens the simulator signs.
 */
let stack: LocalStack;
const tokens = new Map<string, string>();

/** A round followed until the round worker has settled it, as the tab follows it. */
function roundSettled(programId: string, roundId: string): Promise<Round> {
  return settledRound(
    async () => (await api('GET', `admin/programs/${programId}/rounds/${roundId}`, adminUpn)).body as Round,
  );
}

async function api(
  method: string,
  path: string,
  upn: string | null,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (upn) {
    let token = tokens.get(upn);
    if (!token) {
      token = await stack.tenant!.issueUserToken(upn);
      tokens.set(upn, token);
    }
    headers.authorization = `Bearer ${token}`;
  }
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (text !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    method,
    headers,
    ...(text === undefined ? {} : { body: text }),
  });
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    // CSV and other text bodies stay text.
  }
  return { status: response.status, headers: response.headers, body };
}

let adminUpn: string;
let colleagues: string[];

beforeAll(async () => {
  localCa();
  stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    tenantSeed: 'backend-stack',
    tenantSize: 80,
    env: { ...process.env, PORT: undefined },
  });
  adminUpn = stack.tenant!.adminUserPrincipalName;
  // Colleagues who can plausibly be paired by the real engine: one office (time zone), neighbouring levels.
  const users = stack.tenant!.users.filter((u) => u.accountEnabled && u.appRoles.length === 0);
  const zone = users[0]!.timeZone;
  colleagues = users
    .filter((u) => u.timeZone === zone && ['L2', 'L3', 'L4'].includes(u.level))
    .slice(0, 8)
    .map((u) => u.userPrincipalName);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function createProgram(): Promise<Program> {
  const created = await api('POST', 'admin/programs', adminUpn, {
    body: {
      ...sampleProgram,
      rules: { levelBand: 2, cooldownRounds: 2, minOverlapHours: 1, oddPolicy: 'triad' },
    },
  });
  expect(created.status).toBe(201);
  return created.body as Program;
}

describe('the API through npm start', () => {
  it('requires a token (401 with a challenge), the admin role (403), and rejects bad input with field paths', async () => {
    const anonymous = await api('GET', 'me', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await api('GET', 'admin/programs', colleagues[0]!)).status).toBe(403);

    const program = await createProgram();
    const bad = await api('PUT', `programs/${program.id}/enrollment`, colleagues[0]!, {
      body: { goals: ['lunch'], cadence: 'weekly' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'invalid_request', details: [{ path: 'body.goals.0' }] },
    });
    const huge = await api('PUT', `programs/${program.id}/enrollment`, colleagues[0]!, {
      rawBody: JSON.stringify({ x: 'y'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    expect(
      (await api('PUT', 'programs/p-unknown/enrollment', colleagues[0]!, { body: sampleEnrollment })).status,
    ).toBe(404);
  });

  it('round-trips an enrollment', async () => {
    const program = await createProgram();
    const upn = colleagues[0]!;
    const joined = await api('PUT', `programs/${program.id}/enrollment`, upn, { body: sampleEnrollment });
    expect(joined.status).toBe(201);
    const etag = joined.headers.get('etag')!;
    const updated = await api('PUT', `programs/${program.id}/enrollment`, upn, {
      body: { ...sampleEnrollment, topicsToLearn: ['Rust'] },
      headers: { 'if-match': etag },
    });
    expect(updated.status).toBe(200);
    const stale = await api('PUT', `programs/${program.id}/enrollment`, upn, {
      body: sampleEnrollment,
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    const me = await api('GET', 'me', upn);
    expect(me.body).toMatchObject({
      enrollments: expect.arrayContaining([
        expect.objectContaining({
          programId: program.id,
          preferences: expect.objectContaining({ topicsToLearn: ['Rust'] }),
        }),
      ]),
    });
    const programs = await api('GET', 'programs', upn);
    expect((programs.body as { programs: { id: string; myStatus: string }[] }).programs).toContainEqual(
      expect.objectContaining({ id: program.id, myStatus: 'active' }),
    );
  });

  it('previews a round with the real matching engine, publishes it, and members see their pairing and why', async () => {
    const program = await createProgram();
    for (const upn of colleagues) {
      expect(
        (await api('PUT', `programs/${program.id}/enrollment`, upn, { body: sampleEnrollment })).status,
      ).toBe(201);
    }
    const preview = await api('POST', `admin/programs/${program.id}/rounds/preview`, adminUpn);
    expect(preview.status).toBe(202);
    expect(preview.headers.get('location')).toBe(
      `/api/admin/programs/${program.id}/rounds/${(preview.body as Round).id}`,
    );
    const draft = await roundSettled(program.id, (preview.body as Round).id);
    expect(draft.status).toBe('draft');
    const placed = draft.pairings.flatMap((p) => p.members.map((m) => m.userId));
    expect(placed.length + draft.unmatched.length).toBe(colleagues.length);
    expect(draft.pairings.length).toBeGreaterThan(0);
    expect(draft.pairings.every((p) => p.reasons.length > 0)).toBe(true);

    const published = await api('POST', `admin/programs/${program.id}/rounds`, adminUpn, {
      body: { draftRoundId: draft.id },
    });
    expect(published.status).toBe(202);
    expect((await roundSettled(program.id, draft.id)).status).toBe('published');

    const memberId = draft.pairings[0]!.members[0]!.userId;
    const memberUpn = stack.tenant!.users.find((u) => u.id === memberId)!.userPrincipalName;
    const mine = (await api('GET', 'pairings', memberUpn)).body as PairingsResponse;
    const pairing = mine.current.find((p) => p.roundId === draft.id)!;
    expect(pairing.peers.length).toBeGreaterThan(0);
    expect(pairing.reasons).toEqual(draft.pairings[0]!.reasons);

    const csv = await api('GET', `admin/programs/${program.id}/export`, adminUpn);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="pairwise-${program.id}.csv"`);
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^roundId,roundKey,.*,roundRatingsGiven,roundAverageRating$/);
    // One row per placed member, sent as a stream (chunked: the host did not wait for the whole file).
    expect(lines).toHaveLength(1 + draft.pairings.reduce((sum, p) => sum + p.members.length, 0));
    expect(csv.headers.get('transfer-encoding')).toBe('chunked');
    expect(csv.headers.get('content-length')).toBeNull();
  });

  it('runs a scheduled round exactly once when the rounds timer fires twice at the same time', async () => {
    const program = await createProgram();
    for (const upn of colleagues.slice(0, 4))
      await api('PUT', `programs/${program.id}/enrollment`, upn, { body: sampleEnrollment });
    // Activated eight days ago, so last Monday 09:00 Berlin is a due slot.
    const { repos } = stack.services.deps;
    const tenantId = stack.tenant!.tenantId;
    const stored = (await repos.programs.get(tenantId, program.id))!;
    await repos.programs.replace(
      { ...stored.doc, activatedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() },
      stored.etag,
    );

    await Promise.all([stack.host.fireTimer('rounds-timer'), stack.host.fireTimer('rounds-timer')]);
    await stack.host.fireTimer('rounds-timer');
    const rounds = (await api('GET', `admin/programs/${program.id}/rounds`, adminUpn)).body as {
      rounds: RoundSummary[];
    };
    expect(rounds.rounds).toHaveLength(1);
    expect(rounds.rounds[0]).toMatchObject({ trigger: 'timer' });
    // The timer only claimed it: the round worker (on Azurite's `rounds` queue) publishes it.
    expect(await roundSettled(program.id, rounds.rounds[0]!.id)).toMatchObject({ status: 'published' });
  });

  it('keeps the first of two concurrent program edits and answers 412 to the other', async () => {
    const program = await createProgram();
    const edit = (name: string) =>
      api('PUT', `admin/programs/${program.id}`, adminUpn, {
        body: { ...sampleProgram, name },
        headers: { 'if-match': program.etag },
      });
    const [a, b] = await Promise.all([edit('Edit A'), edit('Edit B')]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const current = await api('GET', `admin/programs/${program.id}`, adminUpn);
    expect((current.body as Program).name).toBe(a.status === 200 ? 'Edit A' : 'Edit B');
  });
});
