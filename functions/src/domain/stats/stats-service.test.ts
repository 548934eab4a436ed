import { EXPORT_COLUMNS } from '../../contracts/admin';
import { createKit } from '../../testing/api-test-kit';
import { pairingDoc, programDoc, T } from '../../testing/lifecycle-fixtures';
import { emptyRoundStats, FeedbackDocumentSchema, feedbackId, RoundDocumentSchema } from '../model';
import { exportProgramCsv } from './stats-service';

const now = new Date('2027-03-10T10:00:00Z');

function round(id: string) {
  return RoundDocumentSchema.parse({
    id,
    tenantId: T,
    programId: 'prog',
    roundKey: id,
    status: 'published',
    trigger: 'admin',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    publishedAt: now.toISOString(),
    startsOn: '2027-03-01',
    endsOn: '2027-04-25',
    failureReason: null,
    attempts: 1,
    leaseUntil: null,
    algorithmVersion: null,
    seed: 1,
    stats: emptyRoundStats,
    unmatched: [],
    pairingIds: [],
  });
}

function feedback(roundId: string, pairingId: string, userId: string, rating: number | null) {
  return FeedbackDocumentSchema.parse({
    id: feedbackId(pairingId, userId),
    tenantId: T,
    programId: 'prog',
    roundId,
    pairingId,
    userId,
    met: true,
    rating,
    comment: 'private words',
    submittedAt: now.toISOString(),
  });
}

async function read(csv: AsyncIterable<string>): Promise<{ chunks: number; rows: Record<string, string>[] }> {
  let text = '';
  let chunks = 0;
  for await (const chunk of csv) {
    text += chunk;
    chunks += 1;
  }
  const [header, ...lines] = text.trimEnd().split('\r\n');
  expect(header).toBe(EXPORT_COLUMNS.join(','));
  const rows = lines.map((line) =>
    Object.fromEntries(line.split(',').map((v, i) => [EXPORT_COLUMNS[i]!, v])),
  );
  return { chunks, rows };
}

/** The memory store of the API test kit (domain tests reach adapters only through the testing kit). */
const emptyRepos = () => createKit().repos;
const deps = (repos: ReturnType<typeof emptyRepos>) => ({
  repos,
  clock: () => now,
  newId: (() => {
    let n = 0;
    return () => `id-${++n}`;
  })(),
});
const admin = { tenantId: T, userId: 'admin-1' };

describe('exportProgramCsv', () => {
  it('shows a round rating only from five ratings up, never a pairing’s own, and audits the export', async () => {
    const repos = emptyRepos();
    await repos.programs.create(programDoc(now));
    await repos.rounds.create(round('r1'));
    await repos.rounds.create(round('r2'));
    // r1: three pairings, five ratings (one member gave none) → shown. r2: one pairing, two ratings → withheld.
    const r1 = [
      ['p1', 'ann', 'bob', 5, 4],
      ['p2', 'cid', 'dee', 2, 3],
      ['p3', 'eve', 'fay', 4, null],
    ] as const;
    for (const [id, a, b, ra, rb] of r1) {
      await repos.pairings.create(pairingDoc(now, id, [a, b]));
      await repos.feedback.create(feedback('r1', id, a, ra));
      if (rb !== null) await repos.feedback.create(feedback('r1', id, b, rb));
    }
    await repos.pairings.create(pairingDoc(now, 'q1', ['gus', 'hal'], { roundId: 'r2' }));
    await repos.feedback.create(feedback('r2', 'q1', 'gus', 1));
    await repos.feedback.create(feedback('r2', 'q1', 'hal', 5));

    const { rows } = await read(await exportProgramCsv(deps(repos), admin, 'prog'));

    expect(rows).toHaveLength(8);
    const of = (pairingId: string) => rows.filter((r) => r.pairingId === pairingId);
    for (const row of [...of('p1'), ...of('p2'), ...of('p3')]) {
      expect(row.roundRatingsGiven).toBe('5');
      expect(row.roundAverageRating).toBe('3.6');
    }
    for (const row of of('q1')) {
      expect(row.roundRatingsGiven).toBe('2');
      expect(row.roundAverageRating).toBe('');
    }
    expect(of('p3').map((r) => r.feedbackCount)).toEqual(['1', '1']);
    expect(of('q1').map((r) => r.feedbackCount)).toEqual(['2', '2']);
    const audit = await repos.audit.queryAll(T, {});
    expect(audit.map((a) => [a.doc.action, a.doc.actorId, a.doc.target])).toEqual([
      ['participants.export', 'admin-1', 'prog'],
    ]);
  });

  it('streams every pairing of a large program, page by page, in creation order', async () => {
    const repos = emptyRepos();
    await repos.programs.create(programDoc(now));
    await repos.rounds.create(round('r1'));
    const count = 1_234;
    for (let i = 0; i < count; i++) {
      const createdAt = new Date(now.getTime() + i * 1000).toISOString();
      await repos.pairings.create(
        pairingDoc(now, `p${String(i).padStart(5, '0')}`, [`a${i}`, `b${i}`], { createdAt }),
      );
    }
    const { chunks, rows } = await read(await exportProgramCsv(deps(repos), admin, 'prog'));
    expect(rows).toHaveLength(count * 2);
    expect(new Set(rows.map((r) => r.pairingId)).size).toBe(count);
    expect(rows[0]!.userId).toBe('a0');
    expect(rows.at(-1)!.userId).toBe(`b${count - 1}`);
    // The header, then one chunk per page of 500 pairings: never the whole file at once.
    expect(chunks).toBe(1 + Math.ceil(count / 500));
  });

  it('guards cells a spreadsheet would run as formulas', async () => {
    const repos = emptyRepos();
    await repos.programs.create(programDoc(now));
    await repos.rounds.create(round('r1'));
    const doc = pairingDoc(now, 'p1', ['ann', 'bob']);
    doc.members[0]!.displayName = '=HYPERLINK("http://evil")';
    doc.members[1]!.department = '+1 Sales, EMEA';
    await repos.pairings.create(doc);
    let text = '';
    for await (const chunk of await exportProgramCsv(deps(repos), admin, 'prog')) text += chunk;
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(`"'+1 Sales, EMEA"`);
  });

  it('answers 404 for a program of another tenant, before anything is audited', async () => {
    const repos = emptyRepos();
    await repos.programs.create(programDoc(now));
    await expect(
      exportProgramCsv(deps(repos), { tenantId: 'other', userId: 'x' }, 'prog'),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect(await repos.audit.queryAll(T, {})).toHaveLength(0);
  });
});
