import { type MeResponse, type ProgramStats, type Round, RoundRowsResponseSchema } from '../contracts';
import { type PlanInput, type RoundPlanner } from '../domain/rounds/planner';
import {
  createKit,
  createProgram,
  enrollAll,
  inOrderPlanner,
  principal,
  tenantA,
  users,
} from '../testing/api-test-kit';

const admin = principal(users.admin, true);

describe('overrides on a published round', () => {
  it('unpairs (cancelled, series asked to end), pairs the unmatched (booked at once), and blocks for later rounds', async () => {
    const inputs: PlanInput[] = [];
    const kit = createKit({
      planner: (input) => {
        inputs.push(input);
        return inOrderPlanner(input);
      },
    });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    expect(kit.bookings).toHaveLength(2);
    const [first, second] = round.pairings;

    const unpaired = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: round.id },
      body: { action: 'unpair', pairingId: first!.id, reason: 'They asked' },
    });
    expect(unpaired.status).toBe(200);
    const afterUnpair = unpaired.body as Round;
    expect(afterUnpair.pairings.find((p) => p.id === first!.id)?.state).toBe('cancelled');
    expect(afterUnpair.unmatched.map((u) => [u.userId, u.reason])).toEqual([
      [users.ann, 'unpaired-by-admin'],
      [users.bob, 'unpaired-by-admin'],
    ]);
    const cancelled = await kit.repos.pairings.get(tenantA, first!.id);
    expect(cancelled?.doc.endRequested).toMatchObject({ reason: 'admin-override' });

    // Pairing someone who is still paired is refused; pairing the two unmatched works and is booked.
    const busy = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: round.id },
      body: { action: 'pair', userIds: [users.ann, users.cid], reason: 'x' },
    });
    expect(busy.status).toBe(400);
    const paired = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: round.id },
      body: { action: 'pair', userIds: [users.ann, users.bob], reason: 'Back together' },
    });
    expect(paired.status).toBe(200);
    const afterPair = paired.body as Round;
    expect(afterPair.unmatched).toEqual([]);
    const added = afterPair.pairings.find((p) => p.overridden)!;
    expect(added.members.map((m) => m.userId).sort()).toEqual([users.ann, users.bob].sort());
    expect(kit.bookings.map((b) => b.pairingId)).toContain(added.id);

    const blocked = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: round.id },
      body: { action: 'block', userIds: [users.dee, users.cid], reason: 'Same project' },
    });
    expect(blocked.status).toBe(200);
    expect((blocked.body as Round).pairings.find((p) => p.id === second!.id)?.state).toBe('cancelled');
    await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } });
    expect(inputs.at(-1)?.blockedPairs).toEqual([[users.cid, users.dee].sort()]);
    // Cooldown history carries the published round's live pairings to the next plan.
    expect(inputs.at(-1)?.history.map((h) => h.memberIds.slice().sort())).toContainEqual(
      [users.ann, users.bob].sort(),
    );
  });

  it('refuses to pair or swap people onto each other\'s private "not with" list, revealing neither list', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    // Ann privately lists Cid; Dee privately lists Bob. Both lists are checked, whoever asked.
    await enrollAll(kit, programId, [users.ann], tenantA, { notWith: [users.cid] });
    await enrollAll(kit, programId, [users.dee], tenantA, { notWith: [users.bob] });
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    const [first, second] = round.pairings; // in order: ann+bob, cid+dee
    expect(first!.members.map((m) => m.userId)).toEqual([users.ann, users.bob]);
    const override = (body: unknown) =>
      kit.call('admin-round-override', { as: admin, params: { programId, roundId: round.id }, body });

    const before = kit.snapshot();
    const bookings = kit.bookings.length;
    const refusals = [
      // ann ↔ dee: ann+cid (ann's list) and bob+dee (dee's list)
      await override({
        action: 'swap',
        first: { pairingId: first!.id, userId: users.bob },
        second: { pairingId: second!.id, userId: users.cid },
        reason: 'x',
      }),
      await override({
        action: 'swap',
        first: { pairingId: first!.id, userId: users.ann },
        second: { pairingId: second!.id, userId: users.dee },
        reason: 'x',
      }),
    ];
    await override({ action: 'unpair', pairingId: first!.id, reason: 'x' });
    await override({ action: 'unpair', pairingId: second!.id, reason: 'x' });
    const afterUnpair = kit.snapshot();
    refusals.push(
      await override({ action: 'pair', userIds: [users.cid, users.ann], reason: 'x' }),
      await override({ action: 'pair', userIds: [users.bob, users.dee], reason: 'x' }),
    );
    for (const refused of refusals) {
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        error: {
          code: 'pair_not_possible',
          message: 'These people cannot be paired by an override. Choose someone else.',
        },
      });
    }
    expect(JSON.stringify(refusals)).not.toMatch(/not.?with|list/i);
    expect(kit.snapshot()).toBe(afterUnpair);
    expect(before).not.toBe(afterUnpair);
    expect(kit.bookings).toHaveLength(bookings);
    // People not on each other's lists can still be paired.
    expect((await override({ action: 'pair', userIds: [users.ann, users.dee], reason: 'x' })).status).toBe(
      200,
    );
  });

  it('re-enqueues a pairing that needs attention with a new attempt number, audited', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    const pairingId = round.pairings[0]!.id;
    const stored = (await kit.repos.pairings.get(tenantA, pairingId))!;
    await kit.repos.pairings.replace(
      { ...stored.doc, state: 'needs-attention', attentionReason: 'no common slot' },
      stored.etag,
    );

    const retried = await kit.call('admin-pairing-retry', { as: admin, params: { programId, pairingId } });
    expect(retried.status).toBe(202);
    expect(kit.bookings.at(-1)).toMatchObject({ pairingId, attempt: 1 });
    expect((await kit.repos.pairings.get(tenantA, pairingId))?.doc).toMatchObject({
      state: 'proposed',
      attentionReason: null,
      bookingAttempt: 1,
    });
    const stats = (await kit.call('admin-program-stats', { as: admin, params: { programId } }))
      .body as ProgramStats;
    expect(stats.needsAttention).toBe(0);
    expect(
      (await kit.call('admin-pairing-retry', { as: admin, params: { programId: 'p-other', pairingId } }))
        .status,
    ).toBe(404);
  });
});

describe('program stats', () => {
  it('counts cross-department connections and unmatched reasons from published rounds only', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }); // a draft does not count
    await kit.callRound('admin-rounds-run', { as: admin, params: { programId } });
    const stats = (await kit.call('admin-program-stats', { as: admin, params: { programId } }))
      .body as ProgramStats;
    // In-order pairs: (ann, bob) = Sales × Finance, (cid, dee) = Legal × Marketing; eve carried over.
    expect(stats.departmentMatrix.departments).toEqual(['Finance', 'Legal', 'Marketing', 'Sales']);
    expect(stats.departmentMatrix.counts).toEqual([
      [0, 0, 0, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
      [1, 0, 0, 0],
    ]);
    expect(stats.funnel).toEqual({ participants: 5, placed: 4, booked: 0, met: 0 });
    expect(stats.unmatchedReasons).toEqual([{ reason: 'carried-over-with-priority', count: 1 }]);
    expect(stats.rounds).toBe(1);
    expect(stats.participantsOverTime.at(-1)).toEqual({ date: '2026-06-01', enrolled: 5, active: 5 });
  });
});

describe('drafts', () => {
  it('discards the other drafts of a program when one is published', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const first = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    const second = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    expect(
      (
        await kit.callRound('admin-rounds-run', {
          as: admin,
          params: { programId },
          body: { draftRoundId: second.id },
        })
      ).status,
    ).toBe(202);
    const rounds = (await kit.call('admin-rounds-list', { as: admin, params: { programId } })).body as {
      rounds: Round[];
    };
    expect(Object.fromEntries(rounds.rounds.map((r) => [r.id, r.status]))).toEqual({
      [first.id]: 'discarded',
      [second.id]: 'published',
    });
    expect(
      (
        await kit.callRound('admin-rounds-run', {
          as: admin,
          params: { programId },
          body: { draftRoundId: first.id },
        })
      ).status,
    ).toBe(409);
    // The discarded draft's pairings never became visible.
    expect(kit.bookings.every((b) => b.roundId === second.id)).toBe(true);
  });
});

describe('rounds are computed by the round worker, never inside the request', () => {
  it('a preview answers 202 at once with the round planning and where to follow it; the worker makes it a draft', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);
    const accepted = await kit.call('admin-rounds-preview', { as: admin, params: { programId } });
    expect(accepted.status).toBe(202);
    const planning = accepted.body as Round;
    expect(planning).toMatchObject({ status: 'planning', pairings: [], algorithmVersion: null });
    expect(accepted.headers.location).toBe(`/api/admin/programs/${programId}/rounds/${planning.id}`);
    expect(kit.queues.roundJobs).toEqual([
      { version: 1, tenantId: tenantA, programId, roundId: planning.id, action: 'plan', attempt: 1 },
    ]);
    expect((await kit.repos.pairings.queryAll(tenantA, {})).length).toBe(0);

    expect(await kit.runRoundJobs()).toEqual([
      expect.objectContaining({ kind: 'planned', pairings: 1, unmatched: 1 }),
    ]);
    const draft = (
      await kit.call('admin-round-get', { as: admin, params: { programId, roundId: planning.id } })
    ).body as Round;
    expect(draft).toMatchObject({ status: 'draft', stats: { pairings: 1, unmatched: 1 } });
    expect(draft.pairings).toHaveLength(1);
    expect(kit.bookings).toEqual([]);
  });

  it('a job delivered twice, or for a round that moved on, changes nothing the second time', async () => {
    let plans = 0;
    const kit = createKit({
      planner: (input) => {
        plans += 1;
        return inOrderPlanner(input);
      },
    });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    await kit.call('admin-rounds-run', { as: admin, params: { programId } });
    const job = kit.queues.roundJobs[0]!;
    kit.queues.roundJobs.push({ ...job });
    expect((await kit.runRoundJobs()).map((o) => o.kind)).toEqual(['published', 'stale']);
    expect(plans).toBe(1);
    expect(kit.bookings).toHaveLength(1);
  });

  it("keeps the planner's proof on the round's stats until an admin changes the pairings", async () => {
    const kit = createKit({
      planner: async (input) => ({
        ...(await inOrderPlanner(input)),
        optimality: { status: 'bounded', gap: 7 },
      }),
    });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    expect(round.stats.optimality).toEqual({ status: 'bounded', gap: 7 });
    const unpaired = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: round.id },
      body: { action: 'unpair', pairingId: round.pairings[0]!.id, reason: 'They asked' },
    });
    expect((unpaired.body as Round).stats.optimality).toBeNull();
  });

  it('a failed publish of a draft says why, and the admin can publish it again', async () => {
    let fail = true;
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const draft = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    const book = kit.queues.book.bind(kit.queues);
    kit.queues.book = (messages, options) =>
      fail ? Promise.reject(new Error('queue unavailable')) : book(messages, options);
    const failed = await kit.callRound('admin-rounds-run', {
      as: admin,
      params: { programId },
      body: { draftRoundId: draft.id },
    });
    expect(failed.body).toMatchObject({ status: 'failed', failureReason: 'Error: queue unavailable' });
    fail = false;
    const again = await kit.callRound('admin-rounds-run', {
      as: admin,
      params: { programId },
      body: { draftRoundId: draft.id },
    });
    expect(again.body).toMatchObject({ status: 'published', failureReason: null });
    expect(kit.bookings).toHaveLength(1);
  });

  it('a job of a superseded attempt is dropped', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const planning = (await kit.call('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    const stale = { ...kit.queues.roundJobs[0]!, attempt: 0 };
    kit.queues.roundJobs.splice(0, 1, stale);
    expect(await kit.runRoundJobs()).toEqual([{ kind: 'stale', why: 'superseded' }]);
    const still = await kit.call('admin-round-get', {
      as: admin,
      params: { programId, roundId: planning.id },
    });
    expect((still.body as Round).status).toBe('planning');
  });
});

describe('round numbers', () => {
  it('numbers published rounds in order; drafts and discarded previews get none', async () => {
    const kit = createKit({ planner: inOrderPlanner });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const first = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    expect(first.number).toBe(1);
    const draft = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    expect(draft.number).toBeNull();
    // Publishing the second preview discards the first one, which stays unnumbered.
    const chosen = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    const published = await kit.callRound('admin-rounds-run', {
      as: admin,
      params: { programId },
      body: { draftRoundId: chosen.id },
    });
    expect((published.body as Round).number).toBe(2);
    const third = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    expect(third.number).toBe(3);
    const list = (await kit.call('admin-rounds-list', { as: admin, params: { programId } })).body as {
      rounds: Round[];
    };
    expect(list.rounds.map((r) => `${r.status} ${r.number}`).sort()).toEqual([
      'discarded null',
      'published 1',
      'published 2',
      'published 3',
    ]);
  });
});

describe('GET /api/me for someone the current round left out', () => {
  /** Ann, Bob and Cid pair in order; Dee and Eve are left out, one for a level, one by someone's private list. */
  const planner: RoundPlanner = async (input) => {
    const result = await inOrderPlanner({
      ...input,
      candidates: input.candidates.filter((c) => c.userId !== users.dee && c.userId !== users.eve),
    });
    return {
      ...result,
      unmatched: [
        ...result.unmatched,
        { userId: users.dee, reason: 'no-eligible-peer', detail: 'level-band' },
        { userId: users.eve, reason: 'no-eligible-peer', detail: 'not-with' },
      ],
    };
  };

  it('says why, when the next round is, and never that someone listed them as "not with"', async () => {
    const kit = createKit({ planner });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    await kit.callRound('admin-rounds-run', { as: admin, params: { programId } });
    const meOf = async (userId: string) =>
      (await kit.call('me-get', { as: principal(userId, false) })).body as MeResponse;

    const dee = await meOf(users.dee);
    expect(dee.currentPairings).toEqual([]);
    expect(dee.unmatched).toEqual([
      expect.objectContaining({
        programId,
        programName: 'Engineering peers',
        reason: 'no-eligible-peer',
        detail: 'level-band',
        nextRoundAt: expect.stringMatching(/^20\d\d-/) as unknown,
      }),
    ]);
    expect((await meOf(users.eve)).unmatched).toEqual([
      expect.objectContaining({ reason: 'no-eligible-peer', detail: null }),
    ]);
    // Cid was the odd one out of the in-order pairs: carried over, first in line.
    expect((await meOf(users.cid)).unmatched).toEqual([
      expect.objectContaining({ reason: 'carried-over-with-priority' }),
    ]);
    expect((await meOf(users.ann)).unmatched).toEqual([]);

    // Paired by an admin since: no longer told they were left out.
    await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: (await kit.repos.rounds.queryAll(tenantA, {}))[0]!.doc.id },
      body: { action: 'pair', userIds: [users.dee, users.cid], reason: 'Asked to meet' },
    });
    expect((await meOf(users.dee)).unmatched).toEqual([]);
  });

  it('publishing tells each person left out, once, by the round; a preview tells nobody, nor who left since', async () => {
    const kit = createKit({ planner: inOrderPlanner });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    // In order: Ann with Bob, Cid with Dee, Eve the odd one out.
    const draft = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    expect(kit.queues.notifications).toEqual([]);
    // Bob leaves before the round is published: Ann's peer is gone, Bob left of his own accord.
    const left = await kit.call('enrollment-delete', {
      as: principal(users.bob, false),
      params: { programId },
    });
    expect(left.status).toBe(204);
    await kit.callRound('admin-rounds-run', {
      as: admin,
      params: { programId },
      body: { draftRoundId: draft.id },
    });
    expect(kit.queues.notifications).toEqual([
      {
        version: 1,
        tenantId: tenantA,
        programId,
        roundId: draft.id,
        userIds: [users.eve, users.ann],
        activityType: 'notPaired',
      },
    ]);
  });
});

describe('the Rounds view, a page at a time', () => {
  it('answers a page of rows with the round’s summary, filtered by status and name, and refuses a bad query', async () => {
    const kit = createKit({ planner: inOrderPlanner });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    const rows = (query: Record<string, string>) =>
      kit.call('admin-round-rows', { as: admin, params: { programId, roundId: round.id }, query });

    const first = await rows({ pageSize: '1' });
    expect(first.status).toBe(200);
    const page = RoundRowsResponseSchema.parse(first.body);
    expect(page.round).toMatchObject({ id: round.id, status: 'published', etag: round.etag });
    expect(page.round).not.toHaveProperty('pairings');
    expect(page.rows).toMatchObject({
      page: 1,
      pageSize: 1,
      total: round.pairings.length + round.unmatched.length,
    });
    expect(page.rows.items).toHaveLength(1);
    expect(page.overview.placed).toBe(round.pairings.reduce((n, p) => n + p.members.length, 0));

    // The people left out, by name: the same as the whole round says.
    const leftOut = round.unmatched[0]!;
    const found = RoundRowsResponseSchema.parse(
      (await rows({ status: 'unmatched', search: leftOut.displayName.toUpperCase() })).body,
    );
    expect(found.rows.items).toEqual([{ kind: 'unmatched', person: leftOut }]);

    const bads: Record<string, string>[] = [
      { pageSize: '500' },
      { page: '0' },
      { status: 'paused' },
      { sort: 'name' },
    ];
    for (const bad of bads) {
      const refused = await rows(bad);
      expect([bad, refused.status]).toEqual([bad, 400]);
    }
    const elsewhere = await createProgram(kit);
    const wrongProgram = await kit.call('admin-round-rows', {
      as: admin,
      params: { programId: elsewhere, roundId: round.id },
    });
    expect(wrongProgram.status).toBe(404);
  });
});
