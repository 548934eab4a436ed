import { type EXPORT_COLUMNS, type ProgramStats } from '../../contracts/admin';
import { type Deps } from '../deps';
import { getProgramOr404 } from '../programs/program-service';
import { computeProgramStats } from './program-stats';

export async function programStats(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tenantId: string,
  programId: string,
): Promise<ProgramStats> {
  await getProgramOr404(deps, tenantId, programId);
  const byProgram = { where: [{ field: 'programId', op: 'eq' as const, value: programId }] };
  const [participants, rounds, pairings, feedback] = await Promise.all([
    deps.repos.participants.queryAll(tenantId, byProgram),
    deps.repos.rounds.queryAll(tenantId, byProgram),
    deps.repos.pairings.queryAll(tenantId, byProgram),
    deps.repos.feedback.queryAll(tenantId, byProgram),
  ]);
  return computeProgramStats({
    programId,
    now: deps.clock(),
    participants: participants.map((p) => p.doc),
    rounds: rounds.map((r) => r.doc),
    pairings: pairings.map((p) => p.doc),
    feedback: feedback.map((f) => f.doc),
  });
}

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

/** One row per member of each pairing of published and draft rounds (feedback only as count and average). */
export async function programExportRows(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
): Promise<ExportRow[]> {
  await getProgramOr404(deps, tenantId, programId);
  const byProgram = { where: [{ field: 'programId', op: 'eq' as const, value: programId }] };
  const [rounds, pairings, feedback] = await Promise.all([
    deps.repos.rounds.queryAll(tenantId, byProgram),
    deps.repos.pairings.queryAll(tenantId, {
      ...byProgram,
      orderBy: { field: 'createdAt', direction: 'asc' },
    }),
    deps.repos.feedback.queryAll(tenantId, byProgram),
  ]);
  const roundById = new Map(rounds.map((r) => [r.doc.id, r.doc]));
  const rows: ExportRow[] = [];
  for (const { doc: pairing } of pairings) {
    const round = roundById.get(pairing.roundId);
    const ratings = feedback
      .filter((f) => f.doc.pairingId === pairing.id && f.doc.rating !== null)
      .map((f) => f.doc.rating ?? 0);
    for (const member of pairing.members) {
      rows.push({
        roundId: pairing.roundId,
        roundKey: round?.roundKey ?? '',
        roundStatus: round?.status ?? '',
        pairingId: pairing.id,
        pairingState: pairing.state,
        score: pairing.score,
        userId: member.userId,
        displayName: member.displayName,
        department: member.department,
        level: member.level,
        reasons: pairing.reasons.map((r) => r.kind).join(' '),
        nextSessionStart: pairing.nextSession?.start ?? null,
        feedbackCount: feedback.filter((f) => f.doc.pairingId === pairing.id).length,
        averageRating: ratings.length
          ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100
          : null,
      });
    }
  }
  return rows;
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with `'` (CSV injection). */
export function toCsv(columns: readonly string[], rows: Record<string, string | number | null>[]): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c] ?? null)).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}
