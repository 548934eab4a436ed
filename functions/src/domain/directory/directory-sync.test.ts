import { type Round } from '../../contracts';
import {
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  person,
  principal,
  tenantA,
  users,
} from '../../testing/api-test-kit';
import { type DirectoryPerson } from '../deps';
import { participantId } from '../model';
import { syncDirectory } from './directory-sync';

const admin = principal(users.admin, true);

/** Everyone carries all fifteen extension attributes, as Graph returns them. */
function fullPeople(): DirectoryPerson[] {
  return Object.values(users).map((id, i) => {
    const p = person(id, i);
    const attributes = Object.fromEntries(
      Array.from({ length: 15 }, (_, k) => [
        `extensionAttribute${k + 1}`,
        k === 0 ? 'L3' : `secret-${k + 1}`,
      ]),
    );
    return { ...p, levelSource: { ...p.levelSource, attributes } };
  });
}

async function runRound(kit: Kit, programId: string): Promise<Round> {
  return (await kit.callRound('admin-rounds-run', { as: admin, params: { programId } })).body as Round;
}

describe('directory sync: leavers and disabled accounts leave their programs', () => {
  it('marks them left, ends their live pairings through the lifecycle, and no round plans them again', async () => {
    const people = fullPeople();
    const kit = createKit({ people });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const first = await runRound(kit, programId);
    expect(first.pairings).toHaveLength(2);
    // Ann's account is disabled; Cid left the company (the directory no longer knows him).
    people.find((p) => p.userId === users.ann)!.accountEnabled = false;
    const directory = kit.deps.directory;
    kit.deps.directory = {
      getPerson: (t, id) => (id === users.cid ? Promise.resolve(null) : directory.getPerson(t, id)),
      getPeople: async (t, ids) => {
        const found = await directory.getPeople(t, ids);
        found.delete(users.cid);
        return found;
      },
      getMailboxLanguages: (t, ids) => directory.getMailboxLanguages(t, ids),
    };
    kit.queues.actions.length = 0;

    const [outcome] = await syncDirectory(kit.deps, [tenantA]);

    expect(outcome).toEqual({ tenantId: tenantA, participants: 4, updated: 2, missing: 1, disabled: 1 });
    for (const gone of [users.ann, users.cid]) {
      const enrollment = await kit.repos.participants.get(tenantA, participantId(programId, gone));
      expect(enrollment?.doc).toMatchObject({ status: 'left', leftAt: expect.any(String) });
    }
    const pairings = await kit.repos.pairings.queryAll(tenantA, {});
    expect(pairings.map((p) => p.doc.endRequested?.reason)).toEqual(['left', 'left']);
    expect(kit.queues.actions.map((a) => a.action)).toEqual(['end', 'end']);
    // The next round has only the two who are still here.
    const second = await runRound(kit, programId);
    expect(second.stats.candidates).toBe(2);
    expect(JSON.stringify(second)).not.toContain(users.ann);
  });

  it('a disabled account is not planned even before the sync marks it left', async () => {
    const people = fullPeople();
    people.find((p) => p.userId === users.ann)!.accountEnabled = false;
    const kit = createKit({ people });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid]);
    const round = await runRound(kit, programId);
    expect(round.stats.candidates).toBe(2);
    expect(JSON.stringify(round)).not.toContain(users.ann);
  });
});

describe('erased managers', () => {
  it('stay out of their reports’ manager chains at every sync', async () => {
    const people = fullPeople().map((p) =>
      p.userId === users.bob ? { ...p, managerId: users.ann, managerChain: [users.ann, users.admin] } : p,
    );
    const kit = createKit({ people });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    await kit.call('me-delete', { as: principal(users.ann) });
    await syncDirectory(kit.deps, [tenantA]);
    const bob = await kit.repos.participants.get(tenantA, participantId(programId, users.bob));
    expect(bob?.doc.directory).toMatchObject({
      managerId: 'erased-manager',
      managerChain: ['erased-manager', users.admin],
    });
    expect(kit.snapshot()).not.toContain(users.ann);
  });
});

describe('least data', () => {
  it('stores only the extension attribute the program’s level mapping reads, not all fifteen', async () => {
    const kit = createKit({ people: fullPeople() });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann]);
    await syncDirectory(kit.deps, [tenantA]);
    const stored = await kit.repos.participants.get(tenantA, participantId(programId, users.ann));
    expect(stored?.doc.directory?.levelSource.attributes).toEqual({ extensionAttribute1: 'L3' });
    expect(kit.snapshot()).not.toContain('secret-');
  });
});

describe('mailbox languages', () => {
  it('are read once, kept a month, then read again; a failed read keeps what was known', async () => {
    const people = fullPeople().map((p) =>
      p.userId === users.cid ? { ...p, calendar: 'no-mailbox' as const } : p,
    );
    const kit = createKit({ people, mailboxLanguages: { [users.ann]: 'de-CH', [users.bob]: 'fr-FR' } });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
    const asked: string[][] = [];
    let failing = false;
    const directory = kit.deps.directory;
    kit.deps.directory = {
      ...directory,
      getMailboxLanguages: (t, ids) => {
        asked.push([...ids].sort());
        return failing ? Promise.reject(new Error('throttled')) : directory.getMailboxLanguages(t, ids);
      },
    };
    const factsOf = async (userId: string) =>
      (await kit.repos.participants.get(tenantA, participantId(programId, userId)))?.doc.directory;

    await syncDirectory(kit.deps, [tenantA]);
    // Cid has no mailbox: nothing to ask. Dee's mailbox has no language set: read, null.
    expect(asked).toEqual([[users.ann, users.bob, users.dee].sort()]);
    expect(await factsOf(users.ann)).toMatchObject({
      mailboxLanguage: 'de-CH',
      mailboxLanguageReadAt: expect.stringMatching(/^2026-06-03T/),
    });
    expect(await factsOf(users.dee)).toMatchObject({
      mailboxLanguage: null,
      mailboxLanguageReadAt: expect.any(String),
    });
    expect(await factsOf(users.cid)).toMatchObject({ mailboxLanguage: null, mailboxLanguageReadAt: null });

    // The same day, and after joining again with new preferences: nothing read, nothing lost.
    await enrollAll(kit, programId, [users.ann], tenantA, { cadence: 'monthly' });
    await syncDirectory(kit.deps, [tenantA]);
    expect(asked).toHaveLength(1);
    expect(await factsOf(users.ann)).toMatchObject({ mailboxLanguage: 'de-CH' });

    // A month on the readings are due again; this time Graph fails, and what was known stays.
    kit.now.value = new Date('2026-07-04T10:00:00.000Z');
    failing = true;
    const [outcome] = await syncDirectory(kit.deps, [tenantA]);
    expect(outcome?.error).toBeUndefined();
    expect(asked).toHaveLength(2);
    expect(await factsOf(users.ann)).toMatchObject({
      mailboxLanguage: 'de-CH',
      mailboxLanguageReadAt: expect.stringMatching(/^2026-06-03T/),
    });
    expect(await factsOf(users.bob)).toMatchObject({ mailboxLanguage: 'fr-FR' });
  });
});
