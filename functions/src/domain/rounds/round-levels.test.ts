import { type Program, type Round } from '../../contracts/admin';
import {
  createKit,
  createProgram,
  enrollAll,
  inOrderPlanner,
  principal,
  sampleProgram,
  users,
} from '../../testing/api-test-kit';
import { type PlanInput, type RoundPlanner } from './planner';

const admin = principal(users.admin, true);

function recordingPlanner(): { planner: RoundPlanner; inputs: PlanInput[] } {
  const inputs: PlanInput[] = [];
  return {
    inputs,
    planner: (input) => {
      inputs.push(input);
      return inOrderPlanner(input);
    },
  };
}

async function currentProgram(kit: ReturnType<typeof createKit>, programId: string): Promise<Program> {
  const list = await kit.call('admin-programs-list', { as: admin });
  const program = (list.body as { programs: Program[] }).programs.find((p) => p.id === programId);
  if (!program) throw new Error('program not listed');
  return program;
}

describe('levels in a round', () => {
  it('joined under the tenant default: extensionAttribute1 gives the label and its number the rank', async () => {
    const { planner, inputs } = recordingPlanner();
    const kit = createKit({ planner });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);
    expect((await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } })).status).toBe(
      202,
    );
    expect(inputs[0]!.candidates.map((c) => [c.level, c.levelRank])).toEqual([
      ['L3', 3],
      ['L3', 3],
    ]);
  });

  it('a level mapping edited after people joined counts at the next round, without waiting for the directory sync', async () => {
    const { planner, inputs } = recordingPlanner();
    const kit = createKit({ planner });
    const programId = await createProgram(kit);
    await enrollAll(kit, programId, [users.ann, users.bob]);

    const updated = await kit.call('admin-program-update', {
      as: admin,
      params: { programId },
      headers: { 'if-match': (await currentProgram(kit, programId)).etag },
      body: {
        ...sampleProgram,
        levelMapping: {
          source: 'jobTitle',
          attribute: null,
          levels: [
            { label: 'Staff', rank: 8, pattern: '^staff' },
            { label: 'Engineer II', rank: 6, pattern: '^engineer$' },
          ],
        },
      },
    });
    expect(updated.status).toBe(200);

    const preview = await kit.callRound('admin-rounds-preview', { as: admin, params: { programId } });
    expect(preview.status).toBe(202);
    // The stored raw inputs (job title "Engineer") are read with the program's current mapping.
    expect(inputs[0]!.candidates.map((c) => [c.level, c.levelRank])).toEqual([
      ['Engineer II', 6],
      ['Engineer II', 6],
    ]);
    expect((preview.body as Round).pairings[0]!.members.map((m) => m.level)).toEqual([
      'Engineer II',
      'Engineer II',
    ]);
  });
});
