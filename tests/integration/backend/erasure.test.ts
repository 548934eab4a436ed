import { containerDefinitions } from '../../../functions/src/adapters/cosmos/containers';
import { createCosmosRepositories } from '../../../functions/src/adapters/cosmos/repositories';
import { type PairingsResponse } from '../../../functions/src/contracts';
import { createKitOver, principal, users } from '../../../functions/src/testing/api-test-kit';
import {
  erasurePeople,
  namesAnn,
  namingPlanner,
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

async function everyDocument(): Promise<string> {
  const all: unknown[] = [];
  for (const { id } of containerDefinitions) {
    const { resources } = await cosmos.database
      .container(id)
      .items.query<unknown>('SELECT * FROM c')
      .fetchAll();
    all.push(...resources);
  }
  return JSON.stringify(all);
}

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
  const history = (
    (await kit.call('pairings-list', { as: principal(scenario.peer) })).body as PairingsResponse
  ).past[0]!;
  expect(history.peers[0]!.displayName).toBe('Former participant');
  expect(history.series?.organizerId).toBe(history.peers[0]!.userId);
});
