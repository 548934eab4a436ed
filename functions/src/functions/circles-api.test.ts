import {
  type MeResponse,
  type MyDataExport,
  type PairingView,
  ProgramsResponseSchema,
  type Round,
} from '../contracts';
import { type PairingDocument } from '../domain/model';
import { updateWithRetry } from '../domain/update';
import {
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  oneCirclePlanner,
  principal,
  sampleProgram,
  tenantA,
  users,
} from '../testing/api-test-kit';

/**
 * Peer circles through the API (in-memory store, recording queues; decision 0019): the program option, the view
 * of a circle, and a circle that goes on when a member skips, pauses or leaves. The planner puts everyone in one
 * circle, so each case is about the lifecycle, not the grouping (circles.test.ts and the stack test cover that).
 */
const admin = principal(users.admin, true);
const four = [users.ann, users.bob, users.cid, users.dee];

async function circleProgram(kit: Kit): Promise<string> {
  const programId = await createProgram(kit, {
    ...sampleProgram,
    rules: { groupSize: 4 },
  });
  await enrollAll(kit, programId, four);
  return programId;
}

async function stored(kit: Kit, id: string): Promise<PairingDocument> {
  return (await kit.repos.pairings.get(tenantA, id))!.doc;
}

describe('a program of circles', () => {
  it('keeps the circle size the admin chose; refuses one for an onboarding program, naming the field', async () => {
    const kit = createKit();
    const programId = await createProgram(kit, { ...sampleProgram, rules: { groupSize: 5 } });
    const read = await kit.call('admin-program-get', { as: admin, params: { programId } });
    expect((read.body as { rules: { groupSize: number } }).rules.groupSize).toBe(5);
    const refused = await kit.call('admin-programs-create', {
      as: admin,
      body: { ...sampleProgram, kind: 'onboarding-buddy', rules: { groupSize: 4 } },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('body.rules.groupSize');
    // Out of range: the code and bound for the tab's words, the rule in English for other clients.
    const tooBig = await kit.call('admin-programs-create', {
      as: admin,
      body: { ...sampleProgram, rules: { groupSize: 7 } },
    });
    expect(tooBig.status).toBe(400);
    expect((tooBig.body as { error: { details: unknown[] } }).error.details).toEqual([
      {
        path: 'body.rules.groupSize',
        code: 'too-large',
        params: { max: 6 },
        issue: 'must be 2 (pairs) or a whole number from 3 to 6 (circles of about that many people)',
      },
    ]);
    // Stored programs from before circles read as pairs.
    const pairs = await createProgram(kit);
    const plain = await kit.call('admin-program-get', { as: admin, params: { programId: pairs } });
    expect((plain.body as { rules: { groupSize: number } }).rules.groupSize).toBe(2);
  });

  it('tells the people it is open to that it meets in circles, and of about how many', async () => {
    const kit = createKit();
    const circles = await createProgram(kit, { ...sampleProgram, name: 'Circles', rules: { groupSize: 5 } });
    const pairs = await createProgram(kit, { ...sampleProgram, name: 'Pairs' });
    // An onboarding program stored with a circle size (the API refuses one) still forms pairs: it says 2.
    const onboarding = await createProgram(kit, {
      ...sampleProgram,
      name: 'Buddies',
      kind: 'onboarding-buddy',
    });
    await updateWithRetry(kit.repos.programs, tenantA, onboarding, (doc) => ({
      ...doc,
      rules: { ...doc.rules, groupSize: 4 },
    }));
    const listed = ProgramsResponseSchema.parse((await kit.call('programs-list')).body).programs;
    expect(Object.fromEntries(listed.map((p) => [p.id, p.groupSize]))).toEqual({
      [circles]: 5,
      [pairs]: 2,
      [onboarding]: 2,
    });
  });

  it('shows everyone their circle: the others in it, flagged as a circle (for admins too)', async () => {
    const kit = createKit({ planner: oneCirclePlanner });
    const programId = await circleProgram(kit);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    expect(round.pairings).toHaveLength(1);
    expect(round.pairings[0]).toMatchObject({ circle: true });
    const me = (await kit.call('me-get', { as: principal(users.bob) })).body as MeResponse;
    expect(me.currentPairings).toHaveLength(1);
    expect(me.currentPairings[0]).toMatchObject({ circle: true });
    expect(me.currentPairings[0]!.peers.map((p) => p.userId).sort()).toEqual(
      four.filter((id) => id !== users.bob).sort(),
    );
    expect(kit.bookings.map((b) => b.pairingId)).toEqual([round.pairings[0]!.id]);
  });

  it('a member skips: the circle goes on without them, their reason kept as theirs (and in their export)', async () => {
    const kit = createKit({ planner: oneCirclePlanner });
    const programId = await circleProgram(kit);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    const id = round.pairings[0]!.id;
    const skipped = await kit.call('pairing-skip', {
      as: principal(users.cid),
      params: { pairingId: id },
      body: { category: 'away', note: 'Parental leave' },
    });
    expect(skipped.status).toBe(200);
    expect((skipped.body as PairingView).skipped).toBe(true);
    const doc = await stored(kit, id);
    expect(doc).toMatchObject({
      memberIds: [users.ann, users.bob, users.dee],
      formerMemberIds: [users.cid],
      endRequested: null,
      departures: [{ userId: users.cid, reason: 'skipped' }],
      skips: [{ userId: users.cid, category: 'away', note: 'Parental leave' }],
    });
    // Not booked yet: nothing to end or re-book; the booking books the three.
    expect(kit.queues.actions).toEqual([]);
    const mine = (await kit.call('me-get', { as: principal(users.cid) })).body as MeResponse;
    expect(mine.currentPairings).toEqual([]);
    const theirs = (await kit.call('me-get', { as: principal(users.ann) })).body as MeResponse;
    expect(theirs.currentPairings[0]!.peers.map((p) => p.userId).sort()).toEqual(
      [users.bob, users.dee].sort(),
    );
    const exported = (await kit.call('me-export', { as: principal(users.cid) })).body as MyDataExport;
    expect(exported.pairings.map((p) => p.id)).toEqual([id]);
    expect(JSON.stringify(exported)).toContain('Parental leave');
  });

  it('a planned circle whose member paused before publication is published without them', async () => {
    const kit = createKit({ planner: oneCirclePlanner });
    const programId = await circleProgram(kit);
    const preview = (await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } }))
      .body as Round;
    expect(
      (
        await kit.call('enrollment-pause', {
          as: principal(users.dee),
          params: { programId },
          body: { until: '2026-09-01' },
        })
      ).status,
    ).toBe(200);
    const published = (
      await kit.callRound('admin-rounds-run', {
        as: admin,
        params: { programId },
        body: { draftRoundId: preview.id },
      })
    ).body as Round;
    expect(published.pairings.map((p) => p.members.map((m) => m.userId).sort())).toEqual([
      [users.ann, users.bob, users.cid].sort(),
    ]);
    expect(published.unmatched.map((u) => [u.userId, u.reason])).toEqual([[users.dee, 'paused-since-plan']]);
    expect(kit.bookings.map((b) => b.pairingId)).toEqual([preview.pairings[0]!.id]);
  });

  it('erasing someone who left a circle scrubs them from it', async () => {
    const kit = createKit({ planner: oneCirclePlanner });
    const programId = await circleProgram(kit);
    const round = (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } }))
      .body as Round;
    const id = round.pairings[0]!.id;
    expect(
      (await kit.call('enrollment-delete', { as: principal(users.bob), params: { programId } })).status,
    ).toBe(204);
    expect((await stored(kit, id)).formerMemberIds).toEqual([users.bob]);
    expect((await kit.call('me-delete', { as: principal(users.bob) })).status).toBe(204);
    expect(JSON.stringify(await stored(kit, id))).not.toContain(users.bob);
  });
});
