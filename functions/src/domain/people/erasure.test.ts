import { type PairingsResponse, type Round } from '../../contracts';
import {
  createKit,
  createProgram,
  enrollAll,
  inOrderPlanner,
  type Kit,
  person,
  principal,
  sampleProgram,
  users,
} from '../../testing/api-test-kit';
import { recordAudit } from '../audit';
import { recordBooked } from '../pairings/lifecycle';
import { applyTransition } from '../pairings/pairing-writer';
import { type PlanInput, type PlanResult, type RoundPlanner } from '../rounds/planner';
import { updateWithRetry } from '../update';
import { erasureMarkerId, redactNames } from './erasure';
import { eraseMe } from './me-service';

const annName = 'Ann Example';
const admin = principal(users.admin, true);

/** Ann is Bob's manager, has an unusual name, and is paired with reasons that name her (teaches, buddy, fairness). */
function peopleWithAnnAsManager() {
  return Object.values(users).map((id, i) => {
    const p = person(id, i);
    if (id === users.ann) return { ...p, displayName: annName };
    if (id === users.bob) return { ...p, managerId: users.ann, managerChain: [users.ann, users.admin] };
    return p;
  });
}

const namingPlanner = (input: PlanInput): PlanResult => {
  const result = inOrderPlanner(input) as PlanResult;
  if (input.candidates.length === 3) {
    // Ann is left out (carried over with priority); the other two pair up.
    const others = input.candidates.map((c) => c.userId).filter((id) => id !== users.ann);
    return {
      ...result,
      pairings: [
        { memberIds: others, score: 10, reasons: [{ kind: 'fairness', data: { userIds: others } }] },
      ],
      unmatched: [{ userId: users.ann, reason: 'carried-over-with-priority', detail: null }],
    };
  }
  return {
    ...result,
    pairings: result.pairings.map((p) => ({
      ...p,
      reasons: [
        ...p.reasons,
        { kind: 'teaches', data: { teacherId: p.memberIds[0]!, learnerId: p.memberIds[1]!, topics: ['Go'] } },
        { kind: 'new-joiner-buddy', data: { newJoinerId: p.memberIds[0]! } },
        { kind: 'fairness', data: { userIds: [...p.memberIds] } },
      ],
    })),
  };
};

async function pairingOf(kit: Kit, as: string) {
  return ((await kit.call('pairings-list', { as: principal(as) })).body as PairingsResponse).current[0]!;
}

describe('erasure (DELETE /api/me)', () => {
  it('leaves no document holding my id or name: reasons, organizer, unmatched, blocks, notWith, chains, audit', async () => {
    const kit = createKit({ planner: namingPlanner, people: peopleWithAnnAsManager() });
    // Ann is also an admin who created a program and blocked a pair.
    const programId = await createProgram(kit);
    const annsProgram = (
      await kit.call('admin-programs-create', {
        as: principal(users.ann, true),
        body: { ...sampleProgram, name: 'Second program' },
      })
    ).body as { id: string };
    // Round 1: Ann is left out. Round 2: Ann and Bob pair up; Dee lists Ann as "not with".
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);
    const first = await kit.call('admin-rounds-run', { as: admin, params: { programId } });
    expect((first.body as Round).unmatched).toEqual([expect.objectContaining({ displayName: annName })]);
    await enrollAll(kit, programId, [users.dee], undefined, { notWith: [users.ann] });
    const tenantId = principal(users.ann).tenantId;
    await updateWithRetry(kit.repos.programs, tenantId, programId, (doc) => ({
      ...doc,
      blockedPairs: [[users.ann, users.eve] as [string, string]],
    }));
    await recordAudit(kit.deps, admin, 'round.override', {
      programId,
      target: users.ann,
      reason: `${annName} asked for it`,
      details: { userIds: [users.ann, users.eve] },
    });
    const run = await kit.call('admin-rounds-run', { as: admin, params: { programId } });
    expect(run.status).toBe(200);
    const round = run.body as Round;
    const annsPairing = await pairingOf(kit, users.ann);
    // Ann organizes the series.
    await applyTransition(kit.repos.pairings, tenantId, annsPairing.id, (doc) =>
      recordBooked(
        { ...doc, state: 'booking' },
        doc.bookingAttempt,
        {
          organizerId: users.ann,
          eventId: 'evt-1',
          firstStart: '2026-06-09T08:00:00.000Z',
          firstEnd: '2026-06-09T08:30:00.000Z',
          joinUrl: null,
          transactionId: 'tx',
          degraded: null,
          load: { key: 'tue-8', groups: [`manager:${users.ann}`] },
        },
        '2026-06-04T00:00:00.000Z',
      ),
    );
    const peer = annsPairing.peers[0]!.userId;
    await kit.call('pairing-feedback', {
      as: principal(peer),
      params: { pairingId: annsPairing.id },
      body: { met: true, rating: 5, comment: `ann example was great; thanks Ann!` },
    });
    await kit.call('pairing-feedback', {
      params: { pairingId: annsPairing.id },
      body: { met: true, rating: 4, comment: 'Nice' },
    });
    expect(round.unmatched.length + round.pairings.length).toBeGreaterThan(0);
    expect(kit.snapshot()).toContain(users.ann);
    kit.queues.actions.length = 0;

    expect((await kit.call('me-delete')).status).toBe(204);

    const everything = kit.snapshot();
    expect(everything).not.toContain(users.ann);
    expect(everything.toLowerCase()).not.toContain('ann example');
    expect(everything).not.toMatch(/\bAnn\b/);
    // The peer's history: a former participant, and nothing in it resolves back to Ann.
    const bobs = ((await kit.call('pairings-list', { as: principal(peer) })).body as PairingsResponse)
      .past[0]!;
    expect(bobs.peers[0]).toMatchObject({ displayName: 'Former participant' });
    expect(bobs.series?.organizerId).toBe(bobs.peers[0]!.userId);
    expect(JSON.stringify(bobs)).not.toContain(users.ann);
    // The live series ends through the lifecycle; the end action carries the organizer the pairing no longer holds.
    expect(kit.queues.actions).toEqual([
      { version: 1, tenantId, pairingId: annsPairing.id, action: 'end', organizerId: users.ann },
    ]);
    // The other program stays, created by nobody in particular.
    expect((await kit.repos.programs.get(tenantId, annsProgram.id))?.doc.createdBy).toMatch(/^erased-/);
  });

  it('a round planned while I am erased does not bring me back', async () => {
    const late: { kit?: Kit } = {};
    const erasingPlanner: RoundPlanner = async (input) => {
      // The erasure lands between the planner's read of the participants and the round's writes.
      await eraseMe(late.kit!.deps, principal(users.ann));
      return namingPlanner(input);
    };
    const kit = createKit({ planner: erasingPlanner, people: peopleWithAnnAsManager() });
    late.kit = kit;
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);

    const run = await kit.call('admin-rounds-run', { as: admin, params: { programId } });
    expect(run.status).toBe(200);

    expect(kit.snapshot()).not.toContain(users.ann);
    expect(kit.snapshot()).not.toContain(annName);
    expect(kit.bookings.every((b) => b.pairingId)).toBe(true);
    // The marker holds a digest, not the id.
    const tenantId = principal(users.ann).tenantId;
    expect(await kit.repos.leases.get(tenantId, erasureMarkerId(tenantId, users.ann))).not.toBeNull();
  });

  it('joining again removes the marker', async () => {
    const kit = createKit();
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann]);
    await kit.call('me-delete');
    const tenantId = principal(users.ann).tenantId;
    expect(await kit.repos.leases.get(tenantId, erasureMarkerId(tenantId, users.ann))).not.toBeNull();
    await enrollAll(kit, programId, [users.ann]);
    expect(await kit.repos.leases.get(tenantId, erasureMarkerId(tenantId, users.ann))).toBeNull();
  });
});

describe('redactNames', () => {
  it.each([
    ['Great chat with Ann Example today', 'Great chat with a former participant today'],
    ['ANN was late; example given', 'a former participant was late; a former participant given'],
    ['Annette and Anne are others', 'Annette and Anne are others'],
    ['', ''],
  ])('%s', (text, expected) => {
    expect(redactNames(text, [annName])).toBe(expected);
  });
});
