import { containerDefinitions } from '../../../functions/src/adapters/cosmos/containers';
import { createCosmosRepositories } from '../../../functions/src/adapters/cosmos/repositories';
import { MyDataExportSchema, type PairingsResponse } from '../../../functions/src/contracts';
import {
  createKitOver,
  oneCirclePlanner,
  principal,
  users,
} from '../../../functions/src/testing/api-test-kit';
import {
  ANN_MAILBOX_LANGUAGE,
  annsSkipNote,
  circleSkipNote,
  circleWithoutAnn,
  erasurePeople,
  exportGaps,
  namesAnn,
  namingPlanner,
  type RawDocument,
  seedCircleErasureScenario,
  seedErasureScenario,
} from '../../../functions/src/testing/erasure-scenario';
import { type CosmosPart, startCosmos } from './local-parts';

/**
 * Erasure against the Cosmos server: after `DELETE /api/me`, EVERY document of EVERY container is read back raw
 * (no schema, nothing skipped) and searched for the person's id, name, mail and UPN. The fixture holds each kind of
 * trace the store can have (testing/erasure-scenario.ts).
 */
let cosmos: CosmosPart;

beforeAll(async () => {
  cosmos = await startCosmos(`pairwise-erasure-${Date.now()}`);
});

afterAll(async () => {
  await cosmos.stop();
});

// Each test seeds the same scenario (the same ids): it starts from empty containers.
afterEach(async () => {
  for (const { id } of containerDefinitions) {
    const container = cosmos.database.container(id);
    const { resources } = await container.items
      .query<{ id: string; tenantId: string }>('SELECT c.id, c.tenantId FROM c')
      .fetchAll();
    for (const r of resources) await container.item(r.id, r.tenantId).delete();
  }
});

async function rawDocuments(): Promise<RawDocument[]> {
  const all: RawDocument[] = [];
  for (const { id } of containerDefinitions) {
    const { resources } = await cosmos.database
      .container(id)
      .items.query<Record<string, unknown>>('SELECT * FROM c')
      .fetchAll();
    all.push(...resources.map((doc) => ({ container: id, doc })));
  }
  return all;
}

async function everyDocument(): Promise<string> {
  return JSON.stringify((await rawDocuments()).map((d) => d.doc));
}

it('the export carries every stored fact about the person, from every document of every container', async () => {
  const kit = createKitOver(createCosmosRepositories(cosmos.database), {
    planner: namingPlanner,
    people: erasurePeople(),
  });
  await seedErasureScenario(kit);
  const response = await kit.call('me-export');
  expect(response.status).toBe(200);
  const exported = MyDataExportSchema.parse(response.body);
  expect(exportGaps(await rawDocuments(), exported)).toEqual([]);
  expect(exported.pairingRecords.filter((p) => p.mySkip !== null)).toEqual([
    expect.objectContaining({ mySkip: expect.objectContaining({ category: 'away', note: annsSkipNote }) }),
  ]);
  // The kinds of fact the tab never shows are there, and other people's private lists are not.
  expect(exported.directoryFacts.length).toBeGreaterThan(0);
  expect(exported.directoryFacts.map((f) => f.facts?.mailboxLanguage)).toContain(ANN_MAILBOX_LANGUAGE);
  expect(exported.roundsLeftOut).toEqual([expect.objectContaining({ reason: 'carried-over-with-priority' })]);
  expect(exported.auditEntries.map((a) => a.role)).toEqual(expect.arrayContaining(['actor', 'target']));
  expect(JSON.stringify(exported)).not.toContain(users.dee);
});

it('after DELETE /api/me no document of any container holds the person’s id, name, mail or UPN', async () => {
  const kit = createKitOver(createCosmosRepositories(cosmos.database), {
    planner: namingPlanner,
    people: erasurePeople(),
  });
  const scenario = await seedErasureScenario(kit);
  const before = namesAnn(await everyDocument());
  expect(before).toEqual(expect.arrayContaining([users.ann, 'Ann Example']));

  expect((await kit.call('me-delete')).status).toBe(204);

  expect(namesAnn(await everyDocument())).toEqual([]);
  // Her private skip note is gone with her; the peer's note about her stays, without her name.
  const after = await everyDocument();
  expect(after).not.toContain(annsSkipNote);
  expect(after).toContain('a former participant and I never found a time');
  const history = (
    (await kit.call('pairings-list', { as: principal(scenario.peer) })).body as PairingsResponse
  ).past[0]!;
  expect(history.peers[0]!.displayName).toBe('Former participant');
  expect(history.series?.organizerId).toBe(history.peers[0]!.userId);
});

it('erasing a member of a circle: it goes on for the others, and no document, departure or export names her', async () => {
  const kit = createKitOver(createCosmosRepositories(cosmos.database), {
    planner: oneCirclePlanner,
    people: erasurePeople(),
  });
  const scenario = await seedCircleErasureScenario(kit);
  expect(namesAnn(await everyDocument())).toEqual(expect.arrayContaining([users.ann]));

  expect((await kit.call('me-delete')).status).toBe(204);

  const after = await everyDocument();
  expect(namesAnn(after)).toEqual([]);
  expect(after).not.toContain(circleSkipNote);
  const circle = (await rawDocuments()).find((d) => d.doc.id === scenario.pairingId)!.doc;
  const tombstone = (circle.formerMemberIds as string[])[1]!;
  expect(tombstone).toMatch(/^erased-/);
  expect(circle).toMatchObject(circleWithoutAnn(tombstone));
  // The others still see their circle, without her.
  const bobs = (await kit.call('pairings-list', { as: principal(users.bob) })).body as PairingsResponse;
  expect(bobs.current.map((p) => p.peers.map((peer) => peer.userId).sort())).toEqual([
    [users.cid, users.dee].sort(),
  ]);
  // The series goes to the series-action worker, carrying the id her mailbox needs (the store holds none).
  expect(kit.queues.actions).toEqual([
    expect.objectContaining({ pairingId: scenario.pairingId, action: 'rebook', organizerId: users.ann }),
  ]);
  const exported = MyDataExportSchema.parse((await kit.call('me-export')).body);
  expect(exported.pairings).toEqual([]);
  expect(exported.pairingRecords).toEqual([]);
});
