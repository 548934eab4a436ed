import { type MeResponse, MyDataExportSchema, type PairingsResponse } from '../../contracts';
import { type WorkspaceView } from '../../contracts/workspace';
import {
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  oneCirclePlanner,
  principal,
  users,
} from '../../testing/api-test-kit';
import {
  ann,
  ANN_MAILBOX_LANGUAGE,
  annsSkipNote,
  annsWorkspaceNotes,
  circleWithoutAnn,
  erasurePeople,
  exportGaps,
  namesAnn,
  namingPlanner,
  peersSkipNote,
  peersWorkspaceNotes,
  type RawDocument,
  seedCircleErasureScenario,
  seedErasureScenario,
} from '../../testing/erasure-scenario';
import { type RoundPlanner } from '../rounds/planner';
import { erasureMarkerId, redactNames } from './erasure';
import { eraseMe } from './me-service';

const admin = principal(users.admin, true);
const annName = ann.displayName;

/** Every document of every store, raw, with its container. */
function rawDocuments(kit: Kit): RawDocument[] {
  return Object.entries(kit.repos).flatMap(([container, store]) =>
    (JSON.parse(store.snapshot()) as [string, { json: string }][]).map(([, item]) => ({
      container,
      doc: JSON.parse(item.json) as Record<string, unknown>,
    })),
  );
}

describe('my data export (GET /api/me/export)', () => {
  it('carries every stored fact about me, and nothing private to others', async () => {
    const kit = createKit({ planner: namingPlanner, people: erasurePeople() });
    const s = await seedErasureScenario(kit);
    const exported = MyDataExportSchema.parse((await kit.call('me-export')).body);
    const naming = rawDocuments(kit).filter((d) => JSON.stringify(d.doc).includes(users.ann));
    expect(new Set(naming.map((d) => d.container))).toEqual(
      new Set(['programs', 'participants', 'rounds', 'pairings', 'feedback', 'audit', 'workspaces']),
    );
    expect(exportGaps(rawDocuments(kit), exported)).toEqual([]);
    expect(exported.programsCreated).toEqual([expect.objectContaining({ name: 'Second program' })]);
    // The languages Pairwise writes to her in: the directory's and her mailbox's, with when it was read.
    expect(exported.directoryFacts.find((f) => f.programId === s.programId)?.facts).toMatchObject({
      preferredLanguage: 'en',
      mailboxLanguage: ANN_MAILBOX_LANGUAGE,
      mailboxLanguageReadAt: expect.any(String),
    });
    expect(exported.adminBlocks).toHaveLength(1);
    expect(exported.pairingRecords.find((p) => p.state === 'booked')).toMatchObject({
      iOrganizeTheSeries: true,
    });
    // Her skip's category and private note are hers to see; the peer's skip (and its note about her) is not.
    const record = (pairingId: string) => exported.pairingRecords.find((p) => p.pairingId === pairingId);
    expect(record(s.annSkippedPairingId)).toMatchObject({
      iSkipped: true,
      mySkip: { category: 'away', note: annsSkipNote },
    });
    expect(record(s.peerSkippedPairingId)).toMatchObject({ iSkipped: false, mySkip: null });
    expect(JSON.stringify(exported)).not.toContain(peersSkipNote);
    // Her workspace notes are hers; her peer's (which name her) are not.
    expect(exported.myWorkspaceNotes.map((n) => n.text)).toEqual([annsWorkspaceNotes]);
    expect(JSON.stringify(exported)).not.toContain(peersWorkspaceNotes);
    expect(JSON.stringify(exported)).not.toContain('not-a-fit');
    // Dee's "not with" list names Ann; Bob's manager chain names Ann: theirs, not in Ann's export.
    expect(JSON.stringify(exported)).not.toContain(users.dee);
    expect(exported.directoryFacts.every((f) => !JSON.stringify(f.facts).includes(users.bob))).toBe(true);
  });

  it('finds a gap when a stored fact about me is missing from the export', async () => {
    const kit = createKit({ planner: namingPlanner, people: erasurePeople() });
    await seedErasureScenario(kit);
    const exported = MyDataExportSchema.parse((await kit.call('me-export')).body);
    const gaps = exportGaps(rawDocuments(kit), {
      ...exported,
      roundsLeftOut: [],
      directoryFacts: [],
      pairingRecords: exported.pairingRecords.map((p) => ({ ...p, mySkip: null })),
      workspaces: [],
      myWorkspaceNotes: [],
    });
    // The shared workspace and her private notes left out: two gaps.
    expect(gaps.filter((g) => g.startsWith('workspaces/'))).toHaveLength(2);
    expect(gaps.filter((g) => g.startsWith('rounds/'))).toHaveLength(1);
    expect(gaps.filter((g) => g.startsWith('participants/')).length).toBeGreaterThan(0);
    // Her skip's note left out of the export is a gap too.
    expect(gaps.filter((g) => g.startsWith('pairings/'))).toHaveLength(1);
  });
});

describe('erasure (DELETE /api/me)', () => {
  it('leaves no document holding my id or name: reasons, organizer, unmatched, blocks, notWith, chains, audit', async () => {
    const kit = createKit({ planner: namingPlanner, people: erasurePeople() });
    const s = await seedErasureScenario(kit);
    expect(s.firstRound.unmatched).toEqual([expect.objectContaining({ displayName: annName })]);
    expect(namesAnn(kit.snapshot()).length).toBeGreaterThan(0);
    kit.queues.actions.length = 0;

    expect((await kit.call('me-delete')).status).toBe(204);

    expect(namesAnn(kit.snapshot())).toEqual([]);
    // Her skip's reason and note are gone; the peer's skip stays, its note without her name.
    expect(kit.snapshot()).not.toContain(annsSkipNote);
    expect((await kit.repos.pairings.get(s.tenantId, s.annSkippedPairingId))?.doc.skips).toEqual([]);
    expect((await kit.repos.pairings.get(s.tenantId, s.peerSkippedPairingId))?.doc.skips).toEqual([
      expect.objectContaining({
        userId: users.eve,
        category: 'not-a-fit',
        note: 'a former participant and I never found a time',
      }),
    ]);
    // The workspace stays for the peer: her notes and her check-in are gone, the peer's notes lose her name.
    expect(kit.snapshot()).not.toContain(annsWorkspaceNotes);
    expect(kit.snapshot()).not.toContain('Shipped it');
    const workspace = (
      await kit.call('workspace-get', {
        as: principal(s.peer),
        params: { pairingId: s.annsPairingId },
      })
    ).body as WorkspaceView;
    expect(workspace.myNotes?.text).toBe('a former participant knows the release process');
    expect(workspace.goals.map((g) => [g.title, g.checkIns.map((c) => c.note)])).toEqual([
      ['Ship the guide', ['Waiting for a former participant']],
    ]);
    expect(workspace.sessions[0]?.agenda).toMatchObject({ items: ['a former participant shows the demo'] });
    // The peer's history: a former participant, and nothing in it resolves back to Ann.
    const history = ((await kit.call('pairings-list', { as: principal(s.peer) })).body as PairingsResponse)
      .past[0]!;
    expect(history.peers[0]).toMatchObject({ displayName: 'Former participant' });
    expect(history.series?.organizerId).toBe(history.peers[0]!.userId);
    // The live series ends through the lifecycle; the end action carries the organizer the pairing no longer holds.
    expect(kit.queues.actions).toEqual([
      { version: 1, tenantId: s.tenantId, pairingId: s.annsPairingId, action: 'end', organizerId: users.ann },
    ]);
    // Her other program stays, created by nobody in particular.
    expect((await kit.repos.programs.get(s.tenantId, s.annsProgramId))?.doc.createdBy).toMatch(/^erased-/);
  });

  it('a circle I am in goes on without me: I leave it as a leaver does, erased, and its series is booked again', async () => {
    const kit = createKit({ planner: oneCirclePlanner, people: erasurePeople() });
    const s = await seedCircleErasureScenario(kit);
    kit.queues.actions.length = 0;

    expect((await kit.call('me-delete')).status).toBe(204);

    expect(namesAnn(kit.snapshot())).toEqual([]);
    const doc = (await kit.repos.pairings.get(s.tenantId, s.pairingId))!.doc;
    const tombstone = doc.formerMemberIds[1]!;
    expect(tombstone).toMatch(/^erased-/);
    expect(doc).toMatchObject({
      ...circleWithoutAnn(tombstone),
      state: 'booked',
      series: { eventId: s.eventId, organizerId: tombstone },
    });
    expect(doc.members.map((m) => m.userId)).toEqual([users.bob, users.cid, users.dee]);
    // Eve's private note stays hers, without Ann's name.
    expect(doc.skips).toEqual([
      expect.objectContaining({
        userId: users.eve,
        note: 'Sessions with a former participant clash with my on-call week',
      }),
    ]);
    // The series is ended on Ann's calendar (the message carries her id; the pairing does not) and booked again.
    expect(kit.queues.actions).toEqual([
      {
        version: 1,
        tenantId: s.tenantId,
        pairingId: s.pairingId,
        action: 'rebook',
        eventId: s.eventId,
        reason: 'member-left',
        organizerId: users.ann,
      },
    ]);
    const bobs = (await kit.call('me-get', { as: principal(users.bob) })).body as MeResponse;
    expect(bobs.currentPairings.map((p) => p.peers.map((peer) => peer.userId).sort())).toEqual([
      [users.cid, users.dee].sort(),
    ]);
    // My export afterwards holds nothing of the circle.
    const exported = MyDataExportSchema.parse((await kit.call('me-export')).body);
    expect(exported.pairings).toEqual([]);
    expect(exported.pairingRecords).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain(s.pairingId);
  });

  it('a round planned while I am erased does not bring me back', async () => {
    const late: { kit?: Kit } = {};
    const erasingPlanner: RoundPlanner = async (input) => {
      // The erasure lands between the planner's read of the participants and the round's writes.
      await eraseMe(late.kit!.deps, principal(users.ann));
      return namingPlanner(input);
    };
    const kit = createKit({ planner: erasingPlanner, people: erasurePeople() });
    late.kit = kit;
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);

    const run = await kit.callRound('admin-rounds-run', { as: admin, params: { programId } });
    expect(run.status).toBe(202);

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
