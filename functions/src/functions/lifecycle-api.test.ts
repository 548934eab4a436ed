import { type Round } from '../contracts';
import { syncDirectory } from '../domain/directory/directory-sync';
import { type PairingDocument } from '../domain/model';
import { runDueRounds } from '../domain/rounds/round-service';
import {
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
import { bookedSeries } from '../testing/lifecycle-fixtures';

/**
 * The pairing lifecycle through the API and the timers (in-memory store, recording queues): each case is one of
 * the defects the lifecycle rewrite fixed, with fixtures where the program default and people's choices differ.
 */
const admin = principal(users.admin, true);

async function runRound(kit: Kit, programId: string): Promise<Round> {
  const response = await kit.callRound('admin-rounds-run', { as: admin, params: { programId } });
  expect(response.status).toBe(202);
  return response.body as Round;
}

async function stored(kit: Kit, id: string): Promise<PairingDocument> {
  return (await kit.repos.pairings.get(tenantA, id))!.doc;
}

describe('cadence', () => {
  it('a pair who both chose monthly in a weekly program is stored, explained and booked monthly', async () => {
    const kit = createKit();
    const programId = await createProgram(kit, { ...sampleProgram, defaultCadence: 'weekly' });
    await enrollAll(kit, programId, [users.ann, users.bob], tenantA, { cadence: 'monthly' });
    const [pairing] = (await runRound(kit, programId)).pairings;
    const doc = await stored(kit, pairing!.id);
    expect(doc.cadence).toBe('monthly');
    expect(doc.reasons).toContainEqual({
      kind: 'cadence',
      data: { cadence: 'monthly', basis: 'shared-preference' },
    });
    const mine = (await kit.call('pairings-list', { as: principal(users.ann) })).body as {
      current: Array<{ cadence: string }>;
    };
    expect(mine.current[0]?.cadence).toBe('monthly');
  });

  it('an admin’s pairing takes the members’ own cadence, not the program default', async () => {
    const kit = createKit();
    const programId = await createProgram(kit, { ...sampleProgram, defaultCadence: 'weekly' });
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee], tenantA, {
      cadence: 'monthly',
    });
    const round = await runRound(kit, programId);
    const [first, second] = round.pairings;
    const swapped = await kit.call('admin-round-override', {
      as: admin,
      params: { programId, roundId: round.id },
      body: {
        action: 'swap',
        first: { pairingId: first!.id, userId: first!.members[0]!.userId },
        second: { pairingId: second!.id, userId: second!.members[0]!.userId },
        reason: 'Better fit',
      },
    });
    expect(swapped.status).toBe(200);
    const added = (swapped.body as Round).pairings.filter((p) => p.overridden);
    expect(added).toHaveLength(2);
    for (const p of added) expect((await stored(kit, p.id)).cadence).toBe('monthly');
  });
});

describe('one series per pairing', () => {
  it('retrying a booked pairing replaces its series (re-book), it never books a second one', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const pairingId = (await runRound(kit, programId)).pairings[0]!.id;
    const doc = await stored(kit, pairingId);
    await kit.repos.pairings.replace({
      ...doc,
      state: 'booked',
      organizerId: users.ann,
      series: bookedSeries(users.ann, 'ev-1', '2026-06-09T08:00:00.000Z'),
    });
    const bookings = kit.bookings.length;
    const retried = await kit.call('admin-pairing-retry', { as: admin, params: { programId, pairingId } });
    expect(retried).toMatchObject({ status: 202, body: { action: 'rebook' } });
    expect(kit.bookings).toHaveLength(bookings);
    expect(kit.queues.actions).toEqual([
      expect.objectContaining({ action: 'rebook', pairingId, eventId: 'ev-1', reason: 'admin-rebook' }),
    ]);
    // Nothing changes until the worker has ended the old series.
    expect(await stored(kit, pairingId)).toMatchObject({ state: 'booked', bookingAttempt: 0 });
  });

  it('retrying an ended pairing is a 409 naming its state', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const pairingId = (await runRound(kit, programId)).pairings[0]!.id;
    await kit.repos.pairings.replace({ ...(await stored(kit, pairingId)), state: 'ended' });
    const refused = await kit.call('admin-pairing-retry', { as: admin, params: { programId, pairingId } });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/ended/);
  });

  it('admins retry everything that needs attention in one action, each by what it needs', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    const [a, b] = (await runRound(kit, programId)).pairings;
    // One never got a series (no common time); one was declined again and keeps its series.
    await kit.repos.pairings.replace({
      ...(await stored(kit, a!.id)),
      state: 'needs-attention',
      attentionReason: 'No common time.',
    });
    await kit.repos.pairings.replace({
      ...(await stored(kit, b!.id)),
      state: 'needs-attention',
      attentionReason: 'A peer declined the series again.',
      organizerId: users.cid,
      series: bookedSeries(users.cid, 'ev-b', '2026-06-09T08:00:00.000Z'),
    });
    const before = kit.bookings.length;
    const retried = await kit.call('admin-program-retry-all', { as: admin, params: { programId } });
    expect(retried).toMatchObject({
      status: 202,
      body: { retried: 2, actions: { book: 1, rebook: 1, end: 0 } },
    });
    expect(kit.bookings.slice(before)).toEqual([expect.objectContaining({ pairingId: a!.id, attempt: 1 })]);
    expect(kit.queues.actions).toEqual([expect.objectContaining({ pairingId: b!.id, action: 'rebook' })]);
    const audit = await kit.repos.audit.queryAll(tenantA, {});
    expect(audit.map((e) => e.doc.action)).toContain('program.retry-bookings');
    expect(
      (await kit.call('admin-program-retry-all', { as: principal(users.ann), params: { programId } })).status,
    ).toBe(403);
  });
});

describe('ends happen when they are asked for', () => {
  it.each([
    ['leave', 'enrollment-delete', 'left'],
    ['pause', 'enrollment-pause', 'paused'],
  ] as const)('%s enqueues the series end at once (no sweep needed)', async (_name, route, reason) => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const pairingId = (await runRound(kit, programId)).pairings[0]!.id;
    const response = await kit.call(route, {
      as: principal(users.bob),
      params: { programId },
      ...(route === 'enrollment-pause' ? { body: { until: '2026-07-01' } } : {}),
    });
    expect(response.status).toBeLessThan(300);
    expect(kit.queues.actions).toEqual([{ version: 1, tenantId: tenantA, pairingId, action: 'end' }]);
    expect((await stored(kit, pairingId)).endRequested).toMatchObject({ reason });
  });

  it('skip and erasure enqueue the end too, once', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const [first, second] = (await runRound(kit, programId)).pairings;
    expect(
      (
        await kit.call('pairing-skip', {
          as: principal(first!.members[0]!.userId),
          params: { pairingId: first!.id },
          body: { category: 'other' },
        })
      ).status,
    ).toBe(200);
    expect((await kit.call('me-delete', { as: principal(second!.members[0]!.userId) })).status).toBe(204);
    expect(kit.queues.actions.map((a) => [a.pairingId, a.action])).toEqual([
      [first!.id, 'end'],
      [second!.id, 'end'],
    ]);
  });
});

describe('a retried round', () => {
  it('publishes exactly its own pairing list: a leftover pairing of a failed plan (with a leaver) is never booked', async () => {
    let plans = 0;
    const kit = createKit({
      planner: (input) => {
        plans += 1;
        const ids = input.candidates.map((c) => c.userId).sort();
        // The first plan pairs all four; the retry plans again with whoever is still there.
        const pairs = [];
        for (let i = 0; i + 1 < ids.length; i += 2)
          pairs.push({ memberIds: [ids[i]!, ids[i + 1]!], score: 1, reasons: [] });
        return {
          pairings: pairs,
          unmatched:
            ids.length % 2
              ? [{ userId: ids.at(-1)!, reason: 'carried-over-with-priority', detail: null }]
              : [],
          algorithmVersion: 'test',
        };
      },
    });
    kit.now.value = new Date('2026-06-01T06:00:00.000Z');
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    // The first attempt stores its pairings, then fails before the round records them (its write is refused).
    const replace = kit.repos.rounds.replace.bind(kit.repos.rounds);
    let failOnce = true;
    kit.repos.rounds.replace = (doc, etag) => {
      if (failOnce && doc.algorithmVersion !== null) {
        failOnce = false;
        return Promise.reject(new Error('write refused'));
      }
      return replace(doc, etag);
    };
    kit.now.value = new Date('2026-06-01T07:05:00.000Z');
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([expect.objectContaining({ outcome: 'queued' })]);
    expect(await kit.runRoundJobs()).toEqual([{ kind: 'failed', reason: 'Error: write refused' }]);
    const leftovers = await kit.repos.pairings.queryAll(tenantA, {});
    expect(leftovers).toHaveLength(2);
    const leaver = users.dee;
    expect(
      (await kit.call('enrollment-delete', { as: principal(leaver), params: { programId } })).status,
    ).toBe(204);

    kit.now.value = new Date('2026-06-01T07:10:00.000Z');
    expect(await runDueRounds(kit.deps, [tenantA])).toEqual([expect.objectContaining({ outcome: 'queued' })]);
    expect(await kit.runRoundJobs()).toEqual([expect.objectContaining({ kind: 'published', pairings: 1 })]);
    expect(plans).toBe(2);
    const booked = new Set(kit.bookings.map((b) => b.pairingId));
    for (const { doc } of await kit.repos.pairings.queryAll(tenantA, {})) {
      if (doc.memberIds.includes(leaver)) {
        expect(booked.has(doc.id)).toBe(false);
        expect(doc.published).toBe(false);
      }
    }
    expect(kit.bookings).toHaveLength(1);
  });

  it('drops a pairing whose member paused after the plan, and lists the others as unmatched with the reason', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const preview = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    const [first, second] = preview.pairings;
    const pauser = second!.members[0]!.userId;
    const peer = second!.members[1]!.userId;
    expect(
      (
        await kit.call('enrollment-pause', {
          as: principal(pauser),
          params: { programId },
          body: { until: '2026-09-01' },
        })
      ).status,
    ).toBe(200);
    const published = await kit.callRound('admin-rounds-run', {
      as: admin,
      params: { programId },
      body: { draftRoundId: preview.id },
    });
    expect(published.status).toBe(202);
    const round = published.body as Round;
    expect(kit.bookings.map((b) => b.pairingId)).toEqual([first!.id]);
    expect(round.unmatched.map((u) => [u.userId, u.reason]).sort()).toEqual(
      [
        [pauser, 'paused-since-plan'],
        [peer, 'peer-left-since-plan'],
      ].sort(),
    );
    expect((await stored(kit, second!.id)).state).toBe('cancelled');
  });
});

describe('tenants are independent in every timer', () => {
  it('a failing tenant is reported and the rounds of the next tenant still run', async () => {
    const kit = createKit();
    kit.now.value = new Date('2026-06-01T06:00:00.000Z');
    const programId = await createProgram(kit, sampleProgram, tenantB);
    await enrollAll(kit, programId, [users.ann, users.bob], tenantB);
    const query = kit.repos.programs.queryAll.bind(kit.repos.programs);
    kit.repos.programs.queryAll = (tenantId, spec, limit) =>
      tenantId === tenantA
        ? Promise.reject(new Error('partition unavailable'))
        : query(tenantId, spec, limit);
    kit.now.value = new Date('2026-06-01T07:05:00.000Z');
    const outcomes = await runDueRounds(kit.deps, [tenantA, tenantB]);
    expect(outcomes.map((o) => [o.tenantId, o.outcome])).toEqual([
      [tenantA, 'failed'],
      [tenantB, 'queued'],
    ]);
    expect(await kit.runRoundJobs()).toEqual([expect.objectContaining({ kind: 'published' })]);
    const participants = kit.repos.participants.queryAll.bind(kit.repos.participants);
    kit.repos.participants.queryAll = (tenantId, spec, limit) =>
      tenantId === tenantA
        ? Promise.reject(new Error('partition unavailable'))
        : participants(tenantId, spec, limit);
    const sync = await syncDirectory(kit.deps, [tenantA, tenantB]);
    expect(sync.map((s) => [s.tenantId, s.error ?? null, s.updated])).toEqual([
      [tenantA, 'Error', 0],
      [tenantB, null, 2],
    ]);
  });
});
