import { type MyDataExport, type ProgramStats, type Round } from '../contracts';
import { type WorkspaceView } from '../contracts/workspace';
import {
  type CallOptions,
  type CallResult,
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  principal,
  sampleProgram,
  tenantA,
  tenantB,
  users,
} from '../testing/api-test-kit';

/**
 * The pair workspace through its routes (real HttpRequest, in-memory store): members only, If-Match on what both
 * edit, private notes that only their author ever reads, and counts — never content — for admins.
 */
const admin = principal(users.admin, true);
const ann = principal(users.ann);
const bob = principal(users.bob);

interface Scene {
  kit: Kit;
  programId: string;
  pairingId: string;
  /** Cid and Dee's pairing, in the same round. */
  otherPairingId: string;
}

async function scene(): Promise<Scene> {
  const kit = createKit();
  // Six weeks, weekly: six sessions; an onboarding program, so the suggestion follows the onboarding arc.
  const programId = await createProgram(kit, {
    ...sampleProgram,
    kind: 'onboarding-buddy',
    roundLengthWeeks: 6,
    defaultCadence: 'weekly',
  });
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee], tenantA, {
    cadence: 'weekly',
  });
  const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } })).body as Round;
  const mine = round.pairings.find((p) => p.members.some((m) => m.userId === users.ann))!;
  const other = round.pairings.find((p) => p !== mine)!;
  return { kit, programId, pairingId: mine.id, otherPairingId: other.id };
}

async function call(s: Scene, name: string, options: CallOptions): Promise<CallResult> {
  return s.kit.call(name, { ...options, params: { pairingId: s.pairingId, ...(options.params ?? {}) } });
}

async function read(s: Scene, as = ann): Promise<WorkspaceView> {
  const response = await call(s, 'workspace-get', { as });
  expect(response.status).toBe(200);
  const view = response.body as WorkspaceView;
  expect(response.headers.etag).toBe(view.etag);
  return view;
}

const agenda = (s: Scene, as: ReturnType<typeof principal>, items: unknown, etag?: string, session = '1') =>
  call(s, 'workspace-agenda-put', {
    as,
    params: { session },
    body: { items },
    ...(etag === undefined ? {} : { headers: { 'if-match': etag } }),
  });
const addGoal = (s: Scene, as: ReturnType<typeof principal>, title: string, etag: string) =>
  call(s, 'workspace-goals-create', { as, body: { title }, headers: { 'if-match': etag } });
const checkIn = (
  s: Scene,
  as: ReturnType<typeof principal>,
  checkIns: unknown,
  session = '1',
  etag?: string,
) =>
  call(s, 'workspace-check-ins-put', {
    as,
    params: { session },
    body: { checkIns },
    ...(etag === undefined ? {} : { headers: { 'if-match': etag } }),
  });
const details = (response: CallResult) =>
  (response.body as { error: { details?: Array<{ path: string }> } }).error.details?.map((d) => d.path);

describe('reading the workspace', () => {
  it('shows each member the same shared workspace from their side, with a suggestion for every session', async () => {
    const s = await scene();
    const mine = await read(s, ann);
    const theirs = await read(s, bob);
    expect(mine.members.map((m) => m.userId)).toEqual([users.ann, users.bob]);
    expect(theirs.members.map((m) => m.userId)).toEqual([users.bob, users.ann]);
    expect(mine).toMatchObject({
      programKind: 'onboarding-buddy',
      currentSession: 1,
      editable: true,
      goals: [],
    });
    expect(mine.etag).toBe('"new"');
    expect(mine.sessions.map((x) => x.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(mine.sessions.map((x) => x.agenda.source)).toEqual(Array(6).fill('suggested'));
    // The onboarding arc from the first days to a first contribution, and the goal they share.
    const steps = mine.sessions.map((x) =>
      x.agenda.source === 'suggested'
        ? x.agenda.items.flatMap((i) => (i.kind === 'arc' ? [i.data.step] : []))
        : [],
    );
    expect(steps[0]).toEqual(['onboarding.first-days']);
    expect(steps[5]).toEqual(['onboarding.first-contribution']);
    expect(mine.sessions[0]!.agenda.items).toContainEqual({
      kind: 'shared-goal',
      data: { goal: 'network-building' },
    });
    expect(theirs.sessions).toEqual(mine.sessions);
    // Reading writes nothing: the workspace is created by its first change.
    expect(await s.kit.repos.workspaces.queryAll(tenantA, {})).toEqual([]);
  });

  it.each([
    ['someone of the tenant in another pairing', principal(users.cid)],
    ['an admin who is not a member', admin],
    ['the same object id in another tenant', principal(users.ann, false, tenantB)],
  ])('is a 404 for %s, on every route, and changes nothing', async (_who, stranger) => {
    const s = await scene();
    // Something to protect: a goal and private notes.
    await addGoal(s, ann, 'Ship the onboarding guide', '"new"');
    await call(s, 'workspace-notes-put', { as: ann, body: { text: 'Ann’s private words' } });
    const before = s.kit.snapshot();
    const goalId = (await read(s)).goals[0]!.id;
    const params = { pairingId: s.pairingId, session: '1', goalId };
    const bodies: Record<string, unknown> = {
      'workspace-agenda-put': { items: ['x'] },
      'workspace-check-ins-put': { checkIns: [{ goalId, status: 'done' }] },
      'workspace-goals-create': { title: 'x' },
      'workspace-goal-put': { title: 'x' },
      'workspace-notes-put': { text: 'x' },
    };
    const routes = s.kit.functions.filter((f) => f.name.startsWith('workspace-'));
    expect(routes.map((r) => r.name).sort()).toEqual([
      'workspace-agenda-delete',
      'workspace-agenda-put',
      'workspace-check-ins-put',
      'workspace-get',
      'workspace-goal-delete',
      'workspace-goal-put',
      'workspace-goals-create',
      'workspace-notes-put',
    ]);
    for (const route of routes) {
      const response = await s.kit.call(route.name, {
        as: stranger,
        params,
        body: bodies[route.name],
        headers: { 'if-match': (await read(s)).etag },
      });
      expect([route.name, response.status]).toEqual([route.name, 404]);
      expect(JSON.stringify(response.body)).not.toMatch(/Ship the onboarding|private words/);
    }
    expect(s.kit.snapshot()).toBe(before);
  });

  it('is a 404 for a draft round’s pairing, even to its members', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const draft = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    const response = await kit.call('workspace-get', {
      as: ann,
      params: { pairingId: draft.pairings[0]!.id },
    });
    expect(response.status).toBe(404);
  });
});

describe('the agenda', () => {
  it('either member edits it with the etag they read; the other sees it; a stale etag is a 412 that changes nothing', async () => {
    const s = await scene();
    const edited = await agenda(s, ann, ['  Coffee and the team map ', 'Tools'], '"new"');
    expect(edited.status).toBe(200);
    const afterAnn = edited.body as WorkspaceView;
    expect(afterAnn.sessions[0]!.agenda).toMatchObject({
      source: 'edited',
      items: ['Coffee and the team map', 'Tools'],
      editedBy: users.ann,
    });
    expect(afterAnn.sessions[1]!.agenda.source).toBe('suggested');
    expect(edited.headers.etag).toBe(afterAnn.etag);
    expect(afterAnn.etag).not.toBe('"new"');

    // Bob read before Ann saved: his write is refused, Ann's stays.
    const before = s.kit.snapshot();
    const stale = await agenda(s, bob, ['Something else'], '"new"');
    expect(stale.status).toBe(412);
    expect(s.kit.snapshot()).toBe(before);
    const bobsView = await read(s, bob);
    expect(bobsView.sessions[0]!.agenda).toMatchObject({
      source: 'edited',
      items: ['Coffee and the team map', 'Tools'],
    });

    const second = await agenda(s, bob, ['Coffee', 'Tools', 'Who is who'], bobsView.etag);
    expect(second.status).toBe(200);
    expect((await read(s, ann)).sessions[0]!.agenda).toMatchObject({
      editedBy: users.bob,
      items: ['Coffee', 'Tools', 'Who is who'],
    });

    const reset = await call(s, 'workspace-agenda-delete', {
      as: ann,
      params: { session: '1' },
      headers: { 'if-match': (second.body as WorkspaceView).etag },
    });
    expect(reset.status).toBe(200);
    expect((reset.body as WorkspaceView).sessions[0]!.agenda.source).toBe('suggested');
  });

  it.each<[string, () => [unknown, string | undefined, string], string]>([
    ['no If-Match', () => [['x'], undefined, '1'], 'headers.if-match'],
    ['no items', () => [[], '"new"', '1'], 'body.items'],
    ['a blank item', () => [['ok', '   '], '"new"', '1'], 'body.items.1'],
    ['an item over 200 characters', () => [['x'.repeat(201)], '"new"', '1'], 'body.items.0'],
    ['eleven items', () => [Array.from({ length: 11 }, (_, i) => `item ${i}`), '"new"', '1'], 'body.items'],
    ['a session the pairing does not have', () => [['x'], '"new"', '7'], 'params.session'],
    ['session zero', () => [['x'], '"new"', '0'], 'params.session'],
  ])('answers 400 naming the field for %s', async (_case, input, path) => {
    const s = await scene();
    const [items, etag, session] = input();
    const response = await agenda(s, ann, items, etag, session);
    expect(response.status).toBe(400);
    expect(details(response)).toContain(path);
    expect(await s.kit.repos.workspaces.queryAll(tenantA, {})).toEqual([]);
  });
});

describe('goals and check-ins', () => {
  it('both add goals; two writes from the same read: the second is a 412; at most five', async () => {
    const s = await scene();
    const first = await addGoal(s, ann, 'Ship the onboarding guide', '"new"');
    expect(first.status).toBe(201);
    const etag = (first.body as WorkspaceView).etag;
    expect((await addGoal(s, bob, 'Meet the data team', etag)).status).toBe(201);
    expect((await addGoal(s, ann, 'Read the handbook', etag)).status).toBe(412);
    let view = await read(s, bob);
    expect(view.goals.map((g) => [g.title, g.createdBy])).toEqual([
      ['Ship the onboarding guide', users.ann],
      ['Meet the data team', users.bob],
    ]);
    for (const title of ['c', 'd', 'e'])
      view = (await addGoal(s, ann, title, view.etag)).body as WorkspaceView;
    const sixth = await addGoal(s, ann, 'f', view.etag);
    expect([sixth.status, details(sixth)]).toEqual([400, ['body.title']]);

    const renamed = await call(s, 'workspace-goal-put', {
      as: bob,
      params: { goalId: view.goals[1]!.id },
      body: { title: 'Meet the data and platform teams' },
      headers: { 'if-match': view.etag },
    });
    expect(renamed.status).toBe(200);
    view = renamed.body as WorkspaceView;
    const removed = await call(s, 'workspace-goal-delete', {
      as: ann,
      params: { goalId: view.goals[4]!.id },
      headers: { 'if-match': view.etag },
    });
    expect((removed.body as WorkspaceView).goals.map((g) => g.title)).toEqual([
      'Ship the onboarding guide',
      'Meet the data and platform teams',
      'c',
      'd',
    ]);
    const unknown = await call(s, 'workspace-goal-delete', {
      as: ann,
      params: { goalId: 'goal-nope' },
      headers: { 'if-match': (removed.body as WorkspaceView).etag },
    });
    expect(unknown.status).toBe(404);
  });

  it('after the session both check in: each their own, without an etag, and each sees both', async () => {
    const s = await scene();
    const withGoal = (await addGoal(s, ann, 'Ship the onboarding guide', '"new"')).body as WorkspaceView;
    const goalId = withGoal.goals[0]!.id;
    // Bob adds a goal meanwhile: Ann's check-in needs no etag, so it is not refused for it.
    await addGoal(s, bob, 'Meet the data team', withGoal.etag);
    const annChecks = await checkIn(s, ann, [{ goalId, status: 'in-progress', note: 'draft done' }]);
    expect(annChecks.status).toBe(200);
    const bobChecks = await checkIn(s, bob, [{ goalId, status: 'blocked', note: 'waiting for access' }]);
    expect(bobChecks.status).toBe(200);
    const seenByAnn = await read(s, ann);
    expect(seenByAnn.goals[0]!.checkIns.map((c) => [c.session, c.userId, c.status, c.note])).toEqual([
      [1, users.ann, 'in-progress', 'draft done'],
      [1, users.bob, 'blocked', 'waiting for access'],
    ]);
    expect(seenByAnn.goals[1]!.checkIns).toEqual([]);
    // An etag, when sent, is honoured.
    expect((await checkIn(s, ann, [{ goalId, status: 'done' }], '1', withGoal.etag)).status).toBe(412);
    const unknown = await checkIn(s, ann, [{ goalId: 'goal-zzz', status: 'done' }]);
    expect([unknown.status, details(unknown)]).toEqual([400, ['body.checkIns.0.goalId']]);
    const badStatus = await checkIn(s, ann, [{ goalId, status: 'finished' }]);
    expect([badStatus.status, details(badStatus)]).toEqual([400, ['body.checkIns.0.status']]);
  });

  it('the feedback for the pairing is reachable from the workspace', async () => {
    const s = await scene();
    expect((await read(s)).myFeedback).toBeNull();
    await call(s, 'pairing-feedback', { as: ann, body: { met: true, rating: 4, comment: 'Useful' } });
    expect((await read(s, ann)).myFeedback).toMatchObject({ met: true, rating: 4 });
    expect((await read(s, bob)).myFeedback).toBeNull();
  });
});

describe('private notes', () => {
  it('are read by their author only: not the peer, not an admin’s stats, not the peer’s export', async () => {
    const s = await scene();
    const secret = 'I am not sure this pairing works for me';
    const saved = await call(s, 'workspace-notes-put', { as: ann, body: { text: secret } });
    expect(saved.status).toBe(200);
    expect((saved.body as WorkspaceView).myNotes?.text).toBe(secret);
    expect((await read(s, ann)).myNotes?.text).toBe(secret);

    const seenByBob = await read(s, bob);
    expect(seenByBob.myNotes).toBeNull();
    await call(s, 'workspace-notes-put', { as: bob, body: { text: 'Bob’s own' } });
    const texts = [
      JSON.stringify(await read(s, bob)),
      JSON.stringify((await s.kit.call('me-export', { as: bob })).body),
      JSON.stringify(
        (await s.kit.call('admin-program-stats', { as: admin, params: { programId: s.programId } })).body,
      ),
      JSON.stringify(
        (await s.kit.call('admin-program-export', { as: admin, params: { programId: s.programId } })).body,
      ),
    ];
    for (const text of texts) expect(text).not.toContain(secret);
    expect((await read(s, ann)).myNotes?.text).toBe(secret);

    const exported = (await s.kit.call('me-export', { as: ann })).body as MyDataExport;
    expect(exported.myWorkspaceNotes).toEqual([
      { pairingId: s.pairingId, text: secret, updatedAt: expect.any(String) },
    ]);

    // An empty text deletes them.
    expect((await call(s, 'workspace-notes-put', { as: ann, body: { text: '' } })).status).toBe(200);
    expect((await read(s, ann)).myNotes).toBeNull();
    expect(JSON.stringify(s.kit.snapshot())).not.toContain(secret);
  });
});

describe('after the pairing', () => {
  it('a pairing ended early keeps its workspace to read: shared edits are a 409, my notes still save', async () => {
    const s = await scene();
    const view = (await addGoal(s, ann, 'Ship the onboarding guide', '"new"')).body as WorkspaceView;
    await call(s, 'pairing-skip', { as: bob, body: { category: 'too-busy', note: '' } });
    const after = await read(s, ann);
    expect(after.editable).toBe(false);
    expect(after.goals.map((g) => g.title)).toEqual(['Ship the onboarding guide']);
    const before = s.kit.snapshot();
    expect((await agenda(s, ann, ['x'], after.etag)).status).toBe(409);
    expect((await addGoal(s, ann, 'More', after.etag)).status).toBe(409);
    expect((await checkIn(s, ann, [{ goalId: view.goals[0]!.id, status: 'done' }])).status).toBe(409);
    expect(s.kit.snapshot()).toBe(before);
    expect((await call(s, 'workspace-notes-put', { as: ann, body: { text: 'For next time' } })).status).toBe(
      200,
    );
  });
});

describe('what admins see', () => {
  it('the dashboard counts pairings with goals, edited agendas and check-ins — never a title, item or note', async () => {
    const s = await scene();
    const stats = async () =>
      (await s.kit.call('admin-program-stats', { as: admin, params: { programId: s.programId } }))
        .body as ProgramStats;
    expect((await stats()).workspaces).toEqual({
      pairings: 2,
      withGoals: 0,
      withEditedAgenda: 0,
      withCheckIns: 0,
      checkIns: 0,
    });
    const view = (await addGoal(s, ann, 'Ship the onboarding guide', '"new"')).body as WorkspaceView;
    await agenda(s, bob, ['Our secret agenda item'], view.etag);
    await checkIn(s, ann, [{ goalId: view.goals[0]!.id, status: 'done', note: 'a private line' }]);
    await checkIn(s, bob, [{ goalId: view.goals[0]!.id, status: 'in-progress' }]);
    // The other pair only sets a goal.
    await s.kit.call('workspace-goals-create', {
      as: principal(users.cid),
      params: { pairingId: s.otherPairingId },
      body: { title: 'Learn SQL' },
      headers: { 'if-match': '"new"' },
    });
    const counted = await stats();
    expect(counted.workspaces).toEqual({
      pairings: 2,
      withGoals: 2,
      withEditedAgenda: 1,
      withCheckIns: 1,
      checkIns: 2,
    });
    expect(JSON.stringify(counted)).not.toMatch(/Ship the onboarding|secret agenda|private line|Learn SQL/);
  });
});

describe('export and erasure', () => {
  it('my export carries the workspace as I see it; erasing me leaves my peer the workspace without me', async () => {
    const s = await scene();
    let view = (await addGoal(s, ann, 'Pair with Person 2 on the guide', '"new"')).body as WorkspaceView;
    view = (await agenda(s, ann, ['Ask about hiring'], view.etag)).body as WorkspaceView;
    await checkIn(s, ann, [{ goalId: view.goals[0]!.id, status: 'done', note: 'mine' }]);
    await checkIn(s, bob, [{ goalId: view.goals[0]!.id, status: 'blocked', note: 'waiting' }]);
    await call(s, 'workspace-notes-put', { as: ann, body: { text: 'Ann’s notes' } });
    await call(s, 'workspace-notes-put', { as: bob, body: { text: 'Bob’s notes' } });

    const exported = (await s.kit.call('me-export', { as: ann })).body as MyDataExport;
    expect(exported.workspaces).toEqual([
      expect.objectContaining({
        pairingId: s.pairingId,
        agendas: [expect.objectContaining({ session: 1, items: ['Ask about hiring'], editedBy: users.ann })],
        goals: [
          expect.objectContaining({
            title: 'Pair with Person 2 on the guide',
            checkIns: [
              expect.objectContaining({ userId: users.ann, note: 'mine' }),
              expect.objectContaining({ userId: users.bob, note: 'waiting' }),
            ],
          }),
        ],
      }),
    ]);
    expect(JSON.stringify(exported)).not.toContain('Bob’s notes');

    expect((await s.kit.call('me-delete', { as: ann })).status).toBe(204);
    const stored = JSON.stringify(await s.kit.repos.workspaces.queryAll(tenantA, {}));
    expect(stored).not.toContain(users.ann);
    expect(stored).not.toContain('Ann’s notes');
    const left = await read(s, bob);
    expect(left.goals[0]!.checkIns.map((c) => c.userId)).toEqual([users.bob]);
    expect(left.myNotes?.text).toBe('Bob’s notes');
    expect(left.members[1]!.displayName).toBe('Former participant');
    expect(left.goals[0]!.createdBy).toBe(left.members[1]!.userId);
  });
});
