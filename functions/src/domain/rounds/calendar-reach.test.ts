import { type Round } from '../../contracts/admin';
import {
  createKit,
  createProgram,
  enrollAll,
  inOrderPlanner,
  person,
  principal,
  tenantA,
  users,
} from '../../testing/api-test-kit';
import { type DirectoryPerson } from '../deps';
import { syncDirectory } from '../directory/directory-sync';
import { participantId } from '../model';
import { type PlanInput } from './planner';

const admin = principal(users.admin, true);
const everyone = Object.values(users);

function kitWith(reach: Partial<Record<string, DirectoryPerson['calendar']>>) {
  const people = everyone.map((id, i) => ({ ...person(id, i), calendar: reach[id] ?? 'reachable' }));
  const inputs: PlanInput[] = [];
  const kit = createKit({
    people,
    planner: (input) => {
      inputs.push(input);
      return inOrderPlanner(input);
    },
  });
  return { kit, inputs, people };
}

describe('people whose calendar Pairwise cannot reach', () => {
  it('are not matched (their peer would get no sessions); the round says why, person by person', async () => {
    const { kit, inputs } = kitWith({
      [users.ann]: 'no-mailbox',
      [users.cid]: 'out-of-scope',
      [users.dee]: 'unknown',
    });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee, users.eve]);
    const preview = await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } });
    expect(preview.status).toBe(202);
    // Not read yet (`unknown`) is still matched: booking finds out.
    expect(inputs[0]!.candidates.map((c) => c.userId).sort()).toEqual(
      [users.bob, users.dee, users.eve].sort(),
    );
    const round = preview.body as Round;
    expect(round.unmatched.filter((u) => u.reason === 'calendar-unreachable')).toEqual([
      expect.objectContaining({ userId: users.ann, detail: 'no-mailbox' }),
      expect.objectContaining({ userId: users.cid, detail: 'out-of-scope' }),
    ]);
    expect(round.pairings.flatMap((p) => p.members.map((m) => m.userId))).not.toContain(users.ann);
  });
});

describe('directory sync and the calendar', () => {
  it('a calendar that could not be read this time keeps what was known; a definite answer replaces it', async () => {
    const { kit, people } = kitWith({});
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    const ann = people.find((p) => p.userId === users.ann)!;
    const stored = async () =>
      (await kit.repos.participants.get(tenantA, participantId(programId, users.ann)))!.doc.directory!;
    const before = await stored();
    expect(before.calendar).toBe('reachable');

    Object.assign(ann, { calendar: 'unknown', workingHours: null, timeZone: null, department: 'Research' });
    await syncDirectory(kit.deps, [tenantA]);
    const afterPassing = await stored();
    expect(afterPassing).toMatchObject({
      calendar: 'reachable',
      workingHours: before.workingHours,
      timeZone: before.timeZone,
      // The rest of the facts are fresh.
      department: 'Research',
    });

    Object.assign(ann, { calendar: 'out-of-scope' });
    await syncDirectory(kit.deps, [tenantA]);
    expect(await stored()).toMatchObject({ calendar: 'out-of-scope', workingHours: null });
  });
});
