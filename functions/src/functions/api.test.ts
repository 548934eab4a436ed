import { type PairingsResponse, type ProgramsResponse, type Round } from '../contracts';
import { type PlanInput, type PlanResult } from '../domain/rounds/planner';
import { runDueRounds } from '../domain/rounds/round-service';
import {
  createKit,
  createProgram,
  enrollAll,
  principal,
  sampleEnrollment,
  sampleProgram,
  tenantA,
  tenantB,
  users,
} from '../testing/api-test-kit';

describe('employee API', () => {
  it('enrolls, lists, updates with If-Match, pauses and leaves', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);

    const joined = await kit.call('enrollment-put', { params: { programId }, body: sampleEnrollment });
    expect(joined.status).toBe(201);
    const etag = (joined.body as { etag: string }).etag;
    expect(joined.headers.etag).toBe(etag);

    const programs = await kit.call('programs-list');
    expect(programs.status).toBe(200);
    expect((programs.body as ProgramsResponse).programs).toEqual([
      expect.objectContaining({ id: programId, myStatus: 'active', nextRoundAt: '2026-06-08T07:00:00.000Z' }),
    ]);

    const updated = await kit.call('enrollment-put', {
      params: { programId },
      headers: { 'if-match': etag },
      body: { ...sampleEnrollment, cadence: 'monthly' },
    });
    expect(updated.status).toBe(200);

    // The same stale etag again: 412, and the monthly cadence is still there.
    const stale = await kit.call('enrollment-put', {
      params: { programId },
      headers: { 'if-match': etag },
      body: { ...sampleEnrollment, cadence: 'weekly' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'precondition_failed' } });
    const me = await kit.call('me-get');
    expect(me.body).toMatchObject({
      enrollments: [{ programId, preferences: { cadence: 'monthly' } }],
      isAdmin: false,
    });

    const paused = await kit.call('enrollment-pause', {
      params: { programId },
      body: { until: '2026-07-01' },
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', pausedUntil: '2026-07-01' });
    expect(
      (await kit.call('enrollment-pause', { params: { programId }, body: { until: '2026-06-01' } })).status,
    ).toBe(400);

    expect((await kit.call('enrollment-delete', { params: { programId } })).status).toBe(204);
    expect((await kit.call('me-get')).body).toMatchObject({ enrollments: [{ status: 'left' }] });
  });

  it('answers 404 for an unknown program, a draft program, and a program of another tenant', async () => {
    const kit = createKit();
    const draft = await createProgram(kit, { ...sampleProgram, status: 'draft' });
    const other = await createProgram(kit, sampleProgram, tenantB);
    for (const programId of ['p-nope', draft, other]) {
      const response = await kit.call('enrollment-put', { params: { programId }, body: sampleEnrollment });
      expect(response.status).toBe(404);
    }
  });

  it('refuses excluding yourself, unknown fields and a bad body with field paths', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    const self = await kit.call('enrollment-put', {
      params: { programId },
      body: { ...sampleEnrollment, notWith: [users.ann] },
    });
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({
      error: { details: [{ path: 'body.notWith', code: 'not-yourself', params: {} }] },
    });
    const extra = await kit.call('enrollment-put', {
      params: { programId },
      body: { ...sampleEnrollment, userId: users.bob },
    });
    expect(extra.status).toBe(400);
    const malformed = await kit.call('enrollment-put', { params: { programId }, rawBody: '{"goals": [' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({
      error: {
        code: 'invalid_request',
        details: [{ path: 'body', issue: 'Malformed JSON', code: 'malformed-json', params: {} }],
      },
    });
    const huge = await kit.call('enrollment-put', {
      params: { programId },
      rawBody: JSON.stringify({ x: 'y'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
  });

  it('shows a published pairing with its reasons, takes feedback and hides it from strangers', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);
    const published = await kit.callRound('admin-rounds-run', {
      as: principal(users.admin, true),
      params: { programId },
    });
    expect(published.status).toBe(202);
    const round = published.body as Round;
    expect(round.pairings).toHaveLength(1);
    expect(round.unmatched).toEqual([
      expect.objectContaining({ userId: users.cid, reason: 'carried-over-with-priority' }),
    ]);
    expect(kit.bookings).toEqual([
      {
        version: 1,
        tenantId: tenantA,
        programId,
        roundId: round.id,
        pairingId: round.pairings[0]!.id,
        attempt: 0,
      },
    ]);

    const mine = (await kit.call('pairings-list')).body as PairingsResponse;
    expect(mine.current).toHaveLength(1);
    const pairing = mine.current[0]!;
    expect(pairing.peers.map((p) => p.userId)).toEqual([users.bob]);
    expect(pairing.peers[0]!.timeZone).toBe('Europe/Berlin'); // IANA for the tab, not Graph's Windows name
    expect(pairing.reasons).toEqual([
      { kind: 'shared-goal', data: { goals: ['network-building'] } },
      // Both chose the program's every-two-weeks rhythm: booked at it, and the pair is told why.
      { kind: 'cadence', data: { cadence: 'biweekly', basis: 'program-default' } },
    ]);
    expect(pairing.cadence).toBe('biweekly');
    expect(JSON.stringify(mine)).not.toMatch(/@/);

    const feedback = await kit.call('pairing-feedback', {
      params: { pairingId: pairing.id },
      body: { met: true, rating: 5, comment: 'Great' },
    });
    expect(feedback.status).toBe(200);
    expect(feedback.body).toMatchObject({ pairingId: pairing.id, met: true, rating: 5 });

    // Cid is not in the pairing; someone in another tenant neither: both get 404, never 403.
    const before = kit.snapshot();
    for (const stranger of [
      principal(users.cid),
      principal(users.ann, false, tenantB),
      principal(users.admin, true),
    ]) {
      expect(
        (
          await kit.call('pairing-feedback', {
            as: stranger,
            params: { pairingId: pairing.id },
            body: { met: false },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await kit.call('pairing-skip', {
            as: stranger,
            params: { pairingId: pairing.id },
            body: { category: 'away' },
          })
        ).status,
      ).toBe(404);
    }
    expect(kit.snapshot()).toBe(before);

    const skipped = await kit.call('pairing-skip', {
      as: principal(users.bob),
      params: { pairingId: pairing.id },
      body: { category: 'too-busy', note: 'Quarter close, back next round' },
    });
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ skipped: true });
    const afterSkip = (await kit.call('pairings-list', { as: principal(users.bob) }))
      .body as PairingsResponse;
    expect(afterSkip.current).toHaveLength(0);
    expect(afterSkip.past).toHaveLength(1);

    const stats = await kit.call('admin-program-stats', {
      as: principal(users.admin, true),
      params: { programId },
    });
    expect(stats.body).toMatchObject({
      funnel: { participants: 3, placed: 2, met: 1 },
      // One rating: counted, but its value is withheld until five people have rated (k-anonymity).
      ratingsGiven: 1,
      averageRating: null,
      ratingCounts: [0, 0, 0, 0, 0],
      // One skip: the total only, its category withheld until five (k-anonymity, as for ratings).
      skips: { total: 1, byCategory: null },
    });
    expect(JSON.stringify(stats.body)).not.toContain('Great');
    // The skip's reason is on Bob's side of the stored pairing; the note reaches neither the peer nor an admin.
    const stored = (await kit.repos.pairings.get(principal(users.bob).tenantId, pairing.id))!.doc;
    expect(stored.skips).toEqual([
      expect.objectContaining({
        userId: users.bob,
        category: 'too-busy',
        note: 'Quarter close, back next round',
      }),
    ]);
    const peer = stored.memberIds.find((id) => id !== users.bob)!;
    const seenByOthers = [
      await kit.call('pairings-list', { as: principal(peer) }),
      await kit.call('admin-rounds-list', { as: principal(users.admin, true), params: { programId } }),
      await kit.call('admin-round-get', {
        as: principal(users.admin, true),
        params: { programId, roundId: stored.roundId },
      }),
      stats,
    ];
    for (const response of seenByOthers) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain('Quarter close');
      expect(JSON.stringify(response.body)).not.toContain('too-busy');
    }
  });

  it('exports my data and erases it, anonymising me in my peer history', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    await kit.callRound('admin-rounds-run', { as: principal(users.admin, true), params: { programId } });
    const pairingId = ((await kit.call('pairings-list')).body as PairingsResponse).current[0]!.id;
    await kit.call('pairing-feedback', {
      params: { pairingId },
      body: { met: true, rating: 4, comment: 'Nice' },
    });

    const exported = await kit.call('me-export');
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename=/);
    expect(exported.body).toMatchObject({
      enrollments: [{ programId }],
      pairings: [{ id: pairingId }],
      feedback: [{ comment: 'Nice' }],
    });

    expect((await kit.call('me-delete')).status).toBe(204);
    expect(kit.snapshot()).not.toContain(users.ann);
    const bobs = (await kit.call('pairings-list', { as: principal(users.bob) })).body as PairingsResponse;
    expect(bobs.past[0]!.peers[0]).toMatchObject({ displayName: 'Former participant' });
  });
});

describe('admin API', () => {
  const admin = principal(users.admin, true);

  it.each([
    [
      'a lookahead',
      '^(?=.*senior).*engineer',
      'level-pattern-lookaround',
      'lookahead and lookbehind are not supported',
    ],
    [
      'a backreference',
      '(senior)\\s\\1',
      'level-pattern-backreference',
      'backreferences (\\1) are not supported',
    ],
  ])(
    'refuses a level pattern with %s (400 naming the field and the problem’s code), storing nothing',
    async (_name, pattern, code, issue) => {
      const kit = createKit();
      const before = kit.snapshot();
      const response = await kit.call('admin-programs-create', {
        as: admin,
        body: {
          ...sampleProgram,
          levelMapping: { source: 'jobTitle', levels: [{ label: 'Senior', rank: 5, pattern }] },
        },
      });
      expect(response.status).toBe(400);
      expect((response.body as { error: { details: unknown[] } }).error.details).toEqual([
        { path: 'body.levelMapping.levels.0.pattern', issue, code, params: {} },
      ]);
      expect(kit.snapshot()).toBe(before);
    },
  );

  it('forbids every admin route to a non-admin (403) and every route to the anonymous (401)', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    const before = kit.snapshot();
    const adminRoutes = kit.functions.filter((f) => f.route.startsWith('admin/'));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(14);
    const params = { programId, roundId: 'r-1', pairingId: 'x-1' };
    for (const fn of adminRoutes) {
      const asEmployee = await kit.call(fn.name, { as: principal(users.ann), params, body: sampleProgram });
      expect([fn.name, asEmployee.status]).toEqual([fn.name, 403]);
    }
    for (const fn of kit.functions) {
      const anonymous = await kit.call(fn.name, { as: null, params, body: sampleEnrollment });
      expect([fn.name, anonymous.status]).toEqual([fn.name, 401]);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    expect(kit.snapshot()).toBe(before);
  });

  it('creates, reads, updates with If-Match (412 on stale) and archives programs, auditing each', async () => {
    const kit = createKit();
    const created = await kit.call('admin-programs-create', { as: admin, body: sampleProgram });
    expect(created.status).toBe(201);
    const program = created.body as { id: string; etag: string; rules: { oddPolicy: string } };
    expect(program.rules.oddPolicy).toBe('triad');

    const missingIfMatch = await kit.call('admin-program-update', {
      as: admin,
      params: { programId: program.id },
      body: sampleProgram,
    });
    expect(missingIfMatch.status).toBe(400);
    const updated = await kit.call('admin-program-update', {
      as: admin,
      params: { programId: program.id },
      headers: { 'if-match': program.etag },
      body: { ...sampleProgram, name: 'Renamed' },
    });
    expect(updated.status).toBe(200);
    const stale = await kit.call('admin-program-update', {
      as: admin,
      params: { programId: program.id },
      headers: { 'if-match': program.etag },
      body: { ...sampleProgram, name: 'Lost update' },
    });
    expect(stale.status).toBe(412);
    expect(
      (await kit.call('admin-program-get', { as: admin, params: { programId: program.id } })).body,
    ).toMatchObject({ name: 'Renamed' });

    const badCron = await kit.call('admin-programs-create', {
      as: admin,
      body: { ...sampleProgram, schedule: { cron: '* * * * *', timeZone: 'Mars/Base' } },
    });
    expect(badCron.status).toBe(400);
    expect(
      (badCron.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path).sort(),
    ).toEqual(['body.schedule.timeZone']);

    expect(
      (await kit.call('admin-program-delete', { as: admin, params: { programId: program.id } })).status,
    ).toBe(204);
    const audit = await kit.call('admin-audit-list', { as: admin });
    expect((audit.body as { items: { action: string }[] }).items.map((i) => i.action)).toEqual([
      'program.delete',
      'program.update',
      'program.create',
    ]);
  });

  it('previews a draft (nothing booked, nobody sees it), overrides it with a reason, then publishes', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);

    const preview = await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } });
    expect(preview.status).toBe(202);
    const draft = preview.body as Round;
    expect(draft.status).toBe('draft');
    expect(draft.pairings.map((p) => p.members.map((m) => m.userId))).toEqual([
      [users.ann, users.bob],
      [users.cid, users.dee],
    ]);
    expect(kit.bookings).toEqual([]);
    expect(((await kit.call('pairings-list')).body as PairingsResponse).current).toEqual([]);

    const swap = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: draft.id },
      headers: { 'if-match': draft.etag },
      body: {
        action: 'swap',
        first: { pairingId: draft.pairings[0]!.id, userId: users.bob },
        second: { pairingId: draft.pairings[1]!.id, userId: users.cid },
        reason: 'Bob and Ann sit together',
      },
    });
    expect(swap.status).toBe(200);
    const swapped = swap.body as Round;
    expect(swapped.pairings.map((p) => p.members.map((m) => m.userId).sort())).toEqual([
      [users.ann, users.cid].sort(),
      [users.bob, users.dee].sort(),
    ]);
    expect(swapped.pairings.every((p) => p.overridden && p.reasons[0]?.kind === 'admin-override')).toBe(true);

    // The etag the admin saw before the swap is stale now.
    const stale = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: draft.id },
      headers: { 'if-match': draft.etag },
      body: { action: 'unpair', pairingId: swapped.pairings[0]!.id, reason: 'x' },
    });
    expect(stale.status).toBe(412);

    const publish = await kit.callRound('admin-rounds-run', {
      as: admin,
      params: { programId },
      body: { draftRoundId: draft.id },
    });
    expect(publish.status).toBe(202);
    expect((publish.body as Round).status).toBe('published');
    expect(kit.bookings.map((b) => b.pairingId).sort()).toEqual(swapped.pairings.map((p) => p.id).sort());
    expect(
      (
        await kit.callRound('admin-rounds-run', {
          as: admin,
          params: { programId },
          body: { draftRoundId: draft.id },
        })
      ).status,
    ).toBe(409);

    const audit = (await kit.call('admin-audit-list', { as: admin, query: { programId } })).body as {
      items: { action: string; reason: string | null }[];
    };
    expect(audit.items.map((i) => i.action)).toEqual([
      'round.publish',
      'round.override',
      'round.preview',
      'program.create',
    ]);
    expect(audit.items[1]!.reason).toBe('Bob and Ann sit together');
  });

  it('lists participants with filters and continuation paging, and exports CSV', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const query: Record<string, string> = { pageSize: '2', ...(token ? { continuationToken: token } : {}) };
      const page = await kit.call('admin-participants-list', { as: admin, params: { programId }, query });
      expect(page.status).toBe(200);
      const body = page.body as { items: { userId: string }[]; continuationToken: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((i) => i.userId));
      token = body.continuationToken;
    } while (token);
    expect(seen.sort()).toEqual([users.ann, users.bob, users.cid, users.dee, users.eve].sort());
    const sales = await kit.call('admin-participants-list', {
      as: admin,
      params: { programId },
      query: { department: 'Finance' },
    });
    expect((sales.body as { items: { department: string }[] }).items.map((i) => i.department)).toEqual([
      'Finance',
    ]);
    const bad = await kit.call('admin-participants-list', {
      as: admin,
      params: { programId },
      query: { continuationToken: 'garbage' },
    });
    expect(bad.status).toBe(400);

    await kit.callRound('admin-rounds-run', { as: admin, params: { programId } });
    const csv = await kit.call('admin-program-export', { as: admin, params: { programId } });
    expect(csv.status).toBe(200);
    const headers = csv.headers;
    expect(headers['content-type']).toMatch(/^text\/csv/);
    expect(headers['content-disposition']).toBe(`attachment; filename="pairwise-${programId}.csv"`);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'roundId,roundKey,roundStatus,pairingId,pairingState,score,userId,displayName,department,level,reasons,nextSessionStart,feedbackCount,roundRatingsGiven,roundAverageRating',
    );
    expect(lines).toHaveLength(1 + 4);
  });
});

describe('rounds timer', () => {
  /** A planner that pairs the first two candidates by id (the timer, not the matching, is under test). */
  const pairFirstTwo = (input: PlanInput): PlanResult => ({
    algorithmVersion: 'test',
    pairings: [
      {
        memberIds: input.candidates
          .map((c) => c.userId)
          .sort()
          .slice(0, 2),
        score: 1,
        reasons: [],
      },
    ],
    unmatched: [],
  });

  it('produces exactly one round per slot when two timers race, and retries a failed round on the next tick', async () => {
    let fail = true;
    const kit = createKit({
      planner: (input) => {
        if (fail) throw new Error('engine exploded');
        return pairFirstTwo(input);
      },
    });
    kit.now.value = new Date('2026-06-01T06:00:00.000Z'); // before Monday 09:00 Berlin
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([]); // activated after the previous slot

    kit.now.value = new Date('2026-06-01T07:05:00.000Z');
    // The tick only claims and queues the round; the round worker plans it, and on its last delivery records why
    // it failed.
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([
      expect.objectContaining({ outcome: 'queued', roundKey: '2026-06-01T09:00' }),
    ]);
    expect(await kit.runRoundJobs()).toEqual([{ kind: 'failed', reason: 'Error: engine exploded' }]);
    const rounds = await kit.repos.rounds.queryAll(tenantA, {});
    expect(rounds.map((r) => [r.doc.status, r.doc.failureReason])).toEqual([
      ['failed', 'Error: engine exploded'],
    ]);

    fail = false;
    kit.now.value = new Date('2026-06-01T07:10:00.000Z');
    const [a, b] = await Promise.all([runDueRounds(kit.deps, [tenantA]), runDueRounds(kit.deps, [tenantA])]);
    expect([...a, ...b].filter((o) => o.outcome === 'queued')).toHaveLength(1);
    expect(await kit.runRoundJobs()).toEqual([expect.objectContaining({ kind: 'published', pairings: 1 })]);
    const after = await kit.repos.rounds.queryAll(tenantA, {});
    expect(after.map((r) => [r.doc.id, r.doc.status, r.doc.attempts])).toEqual([
      [`${programId}-20260601T0900`, 'published', 2],
    ]);
    expect(kit.bookings).toHaveLength(1);

    // Later ticks in the same week find the slot done.
    kit.now.value = new Date('2026-06-03T07:10:00.000Z');
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([]);
    expect(kit.bookings).toHaveLength(1);
  });

  it('runs one round at a time: a weekly slot inside a running round starts nothing, the first after it does', async () => {
    const kit = createKit({ planner: pairFirstTwo });
    kit.now.value = new Date('2026-05-31T06:00:00.000Z'); // Sunday, before the first Monday 09:00 Berlin
    // Rounds of five weeks on a weekly schedule (not the sample's four: the gap must come from the length).
    const programId = await createProgram(kit, { ...sampleProgram, roundLengthWeeks: 5 });
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const admin = principal(users.admin, true);
    const programView = async () =>
      (await kit.call('admin-program-get', { as: admin, params: { programId } })).body as {
        nextRoundAt: string | null;
        currentRoundEndsOn: string | null;
      };
    expect(await programView()).toMatchObject({
      nextRoundAt: '2026-06-01T07:00:00.000Z',
      currentRoundEndsOn: null,
    });

    kit.now.value = new Date('2026-06-01T07:05:00.000Z');
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([
      expect.objectContaining({ outcome: 'queued', roundKey: '2026-06-01T09:00' }),
    ]);
    expect(await kit.runRoundJobs()).toEqual([expect.objectContaining({ kind: 'published', pairings: 1 })]);
    // Five weeks from Monday 1 June: the last day is Sunday 5 July; the next round is Monday 6 July, not 8 June.
    const running = await programView();
    expect(running).toEqual(
      expect.objectContaining({ currentRoundEndsOn: '2026-07-05', nextRoundAt: '2026-07-06T07:00:00.000Z' }),
    );
    const employee = await kit.call('programs-list', { as: principal(users.ann, false) });
    expect((employee.body as ProgramsResponse).programs).toEqual([
      expect.objectContaining({ id: programId, nextRoundAt: '2026-07-06T07:00:00.000Z' }),
    ]);

    for (const monday of ['2026-06-08', '2026-06-15', '2026-06-29']) {
      kit.now.value = new Date(`${monday}T07:05:00.000Z`);
      expect(await runDueRounds(kit.deps, [tenantA])).toEqual([]);
    }
    expect(await kit.repos.rounds.queryAll(tenantA, {})).toHaveLength(1);
    expect(kit.bookings).toHaveLength(1);

    kit.now.value = new Date('2026-07-06T07:05:00.000Z');
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([
      expect.objectContaining({ outcome: 'queued', roundKey: '2026-07-06T09:00' }),
    ]);
    expect(await kit.runRoundJobs()).toEqual([expect.objectContaining({ kind: 'published' })]);
    expect(await programView()).toEqual(
      expect.objectContaining({ currentRoundEndsOn: '2026-08-09', nextRoundAt: '2026-08-10T07:00:00.000Z' }),
    );
  });
});
