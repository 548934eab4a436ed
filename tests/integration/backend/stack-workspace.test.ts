import { type LocalStack, startLocalStack } from '../../../dev/stack';
import {
  type MyDataExport,
  type Program,
  type ProgramStats,
  type Round,
} from '../../../functions/src/contracts';
import { type WorkspaceView } from '../../../functions/src/contracts/workspace';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { settledRound } from '../../../functions/src/testing/settled-round';
import { localCa } from './local-parts';

/**
 * The pair workspace through the real HTTP stack of `npm start` (local Functions host, the Cosmos server with its
 * real etags, Azurite, the tenant simulator's signed tokens, the real matching engine): the route table, If-Match
 * against Cosmos etags, privacy of notes, counts for admins, export and erasure.
 */
let stack: LocalStack;
const tokens = new Map<string, string>();

async function api(
  method: string,
  path: string,
  upn: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  let token = tokens.get(upn);
  if (!token) {
    token = await stack.tenant!.issueUserToken(upn);
    tokens.set(upn, token);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(options.headers ?? {}) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    // Text bodies stay text.
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
    tenantSeed: 'workspace-stack',
    tenantSize: 80,
    env: { ...process.env, PORT: undefined },
  });
  adminUpn = stack.tenant!.adminUserPrincipalName;
  // Colleagues the real engine can pair: one office (time zone), neighbouring levels.
  const users = stack.tenant!.users.filter((u) => u.accountEnabled && u.appRoles.length === 0);
  const zone = users[0]!.timeZone;
  colleagues = users
    .filter((u) => u.timeZone === zone && ['L2', 'L3', 'L4'].includes(u.level))
    .slice(0, 6)
    .map((u) => u.userPrincipalName);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

it('members share a workspace with Cosmos etags; strangers get 404; notes stay private; admins see counts', async () => {
  const created = await api('POST', 'admin/programs', adminUpn, {
    body: {
      ...sampleProgram,
      kind: 'project-accountability',
      rules: { levelBand: 2, cooldownRounds: 2, minOverlapHours: 1, oddPolicy: 'triad' },
    },
  });
  expect(created.status).toBe(201);
  const program = created.body as Program;
  for (const upn of colleagues)
    expect(
      (await api('PUT', `programs/${program.id}/enrollment`, upn, { body: sampleEnrollment })).status,
    ).toBe(201);
  const run = await api('POST', `admin/programs/${program.id}/rounds`, adminUpn);
  expect(run.status).toBe(202);
  const round = await settledRound(
    async () =>
      (await api('GET', `admin/programs/${program.id}/rounds/${(run.body as Round).id}`, adminUpn))
        .body as Round,
  );
  expect(round.status).toBe('published');
  const pairing = round.pairings[0]!;
  const upnOf = (id: string) => stack.tenant!.users.find((u) => u.id === id)!.userPrincipalName;
  const [first, second] = pairing.members.map((m) => upnOf(m.userId));
  const stranger = colleagues.find((upn) => !pairing.members.some((m) => upnOf(m.userId) === upn))!;
  const base = `pairings/${pairing.id}/workspace`;

  // Read: the accountability loop is suggested; nothing is stored yet.
  const read = await api('GET', base, first!);
  expect(read.status).toBe(200);
  const view = read.body as WorkspaceView;
  expect(read.headers.get('etag')).toBe(view.etag);
  expect(view.programKind).toBe('project-accountability');
  expect(view.sessions.length).toBeGreaterThan(0);
  expect(view.sessions[0]!.agenda.source).toBe('suggested');
  expect((await api('GET', base, stranger)).status).toBe(404);
  expect((await api('GET', base, adminUpn)).status).toBe(404);

  // The first member edits the agenda and adds a goal: each answer carries the document's Cosmos etag.
  const edited = await api('PUT', `${base}/sessions/1/agenda`, first!, {
    body: { items: ['What we each committed to', 'Blockers'] },
    headers: { 'if-match': view.etag },
  });
  expect(edited.status).toBe(200);
  const afterAgenda = edited.body as WorkspaceView;
  expect(afterAgenda.etag).not.toBe(view.etag);
  expect(edited.headers.get('etag')).toBe(afterAgenda.etag);
  const goal = await api('POST', `${base}/goals`, first!, {
    body: { title: 'Finish the migration plan' },
    headers: { 'if-match': afterAgenda.etag },
  });
  expect(goal.status).toBe(201);
  const withGoal = goal.body as WorkspaceView;
  // The second member wrote from the old read: the Cosmos precondition refuses it, the goal stays.
  const stale = await api('POST', `${base}/goals`, second!, {
    body: { title: 'Something else' },
    headers: { 'if-match': afterAgenda.etag },
  });
  expect(stale.status).toBe(412);
  const missing = await api('POST', `${base}/goals`, second!, { body: { title: 'x' } });
  expect(missing.status).toBe(400);
  expect(missing.body).toMatchObject({ error: { details: [{ path: 'headers.if-match' }] } });

  // The peer sees both; after the session both check in; notes stay with their author.
  const seen = (await api('GET', base, second!)).body as WorkspaceView;
  expect(seen.sessions[0]!.agenda).toMatchObject({
    source: 'edited',
    items: ['What we each committed to', 'Blockers'],
  });
  expect(seen.goals.map((g) => g.title)).toEqual(['Finish the migration plan']);
  const goalId = withGoal.goals[0]!.id;
  for (const [upn, status] of [
    [first!, 'done'],
    [second!, 'blocked'],
  ] as const)
    expect(
      (
        await api('PUT', `${base}/sessions/1/check-ins`, upn, {
          body: { checkIns: [{ goalId, status, note: `${status} note` }] },
        })
      ).status,
    ).toBe(200);
  await api('PUT', `${base}/notes`, first!, { body: { text: 'Private: ask about budget' } });
  const both = (await api('GET', base, second!)).body as WorkspaceView;
  expect(both.goals[0]!.checkIns.map((c) => c.status).sort()).toEqual(['blocked', 'done']);
  expect(both.myNotes).toBeNull();
  expect(((await api('GET', base, first!)).body as WorkspaceView).myNotes?.text).toBe(
    'Private: ask about budget',
  );

  // Admins: counts only.
  const stats = (await api('GET', `admin/programs/${program.id}/stats`, adminUpn)).body as ProgramStats;
  expect(stats.workspaces).toMatchObject({ withGoals: 1, withEditedAgenda: 1, withCheckIns: 1, checkIns: 2 });
  expect(stats.workspaces.pairings).toBe(round.pairings.length);
  expect(JSON.stringify(stats)).not.toMatch(/migration plan|committed|budget|done note|blocked note/);

  // Export: mine, with my notes; erasure: the peer keeps the workspace without me.
  const exported = (await api('GET', 'me/export', first!)).body as MyDataExport;
  expect(exported.myWorkspaceNotes.map((n) => n.text)).toEqual(['Private: ask about budget']);
  expect(exported.workspaces.map((w) => w.pairingId)).toEqual([pairing.id]);
  const firstId = pairing.members[0]!.userId;
  expect((await api('DELETE', 'me', first!)).status).toBe(204);
  const { resources } = await stack.services.database
    .container('workspaces')
    .items.query<Record<string, unknown>>('SELECT * FROM c')
    .fetchAll();
  expect(JSON.stringify(resources)).not.toContain(firstId);
  expect(JSON.stringify(resources)).not.toContain('ask about budget');
  const left = (await api('GET', base, second!)).body as WorkspaceView;
  expect(left.goals[0]!.checkIns.map((c) => c.status)).toEqual(['blocked']);
  expect(left.editable).toBe(false);
}, 240_000);

it('the workspace routes are in the local host’s route table beside the pairing routes they extend', async () => {
  const upn = colleagues[0]!;
  // Unknown pairing on every route: 404 from the handler (not the host's "no such route").
  for (const [method, path, body] of [
    ['GET', 'pairings/p-none/workspace', undefined],
    ['PUT', 'pairings/p-none/workspace/sessions/1/agenda', { items: ['x'] }],
    ['DELETE', 'pairings/p-none/workspace/sessions/1/agenda', undefined],
    [
      'PUT',
      'pairings/p-none/workspace/sessions/1/check-ins',
      { checkIns: [{ goalId: 'g-1', status: 'done' }] },
    ],
    ['POST', 'pairings/p-none/workspace/goals', { title: 'x' }],
    ['PUT', 'pairings/p-none/workspace/goals/g-1', { title: 'x' }],
    ['DELETE', 'pairings/p-none/workspace/goals/g-1', undefined],
    ['PUT', 'pairings/p-none/workspace/notes', { text: 'x' }],
  ] as const) {
    const response = await api(method, path, upn, {
      ...(body === undefined ? {} : { body }),
      headers: { 'if-match': '"new"' },
    });
    expect([method, path, response.status, response.body]).toEqual([
      method,
      path,
      404,
      { error: expect.objectContaining({ code: 'not_found' }) },
    ]);
  }
});
