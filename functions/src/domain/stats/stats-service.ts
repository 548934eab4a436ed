import { EXPORT_COLUMNS, type ProgramStats } from '../../contracts/admin';
import { type Actor, recordAudit } from '../audit';
import { type Deps } from '../deps';
import { queryPages } from '../ports';
import { getProgramOr404 } from '../programs/program-service';
import { programWorkspaces } from '../workspace/workspace-service';
import { computeProgramStats } from './program-stats';
import { RatingTally } from './rating-summary';

export async function programStats(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tenantId: string,
  programId: string,
): Promise<ProgramStats> {
  await getProgramOr404(deps, tenantId, programId);
  const byProgram = { where: [{ field: 'programId', op: 'eq' as const, value: programId }] };
  const [participants, rounds, pairings, feedback, workspaces] = await Promise.all([
    deps.repos.participants.queryAll(tenantId, byProgram),
    deps.repos.rounds.queryAll(tenantId, byProgram),
    deps.repos.pairings.queryAll(tenantId, byProgram),
    deps.repos.feedback.queryAll(tenantId, byProgram),
    programWorkspaces(deps, tenantId, programId),
  ]);
  return computeProgramStats({
    programId,
    now: deps.clock(),
    participants: participants.map((p) => p.doc),
    rounds: rounds.map((r) => r.doc),
    pairings: pairings.map((p) => p.doc),
    feedback: feedback.map((f) => f.doc),
    workspaces: workspaces.map((w) => w.doc),
  });
}

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

/** Pairings are read and written out this many at a time: the export's memory does not grow with the program. */
const EXPORT_PAGE_SIZE = 500;

/**
 * The program export as CSV text, produced page by page (the HTTP response streams it): one row per member of each
 * pairing of published and draft rounds. Feedback appears only as a per-pairing count and each round's rating
 * summary, shown from five ratings up (rating-summary.ts): no row reveals what one person answered.
 */
export async function exportProgramCsv(
  deps: Pick<Deps, 'repos' | 'clock' | 'newId'>,
  actor: Actor,
  programId: string,
): Promise<AsyncIterable<string>> {
  const tenantId = actor.tenantId;
  await getProgramOr404(deps, tenantId, programId);
  const byProgram = { where: [{ field: 'programId', op: 'eq' as const, value: programId }] };
  // Rounds are few; feedback is reduced to numbers as it is read (two per pairing at most, never kept whole).
  const rounds = await deps.repos.rounds.queryAll(tenantId, byProgram);
  const feedbackCount = new Map<string, number>();
  const tallies = new Map<string, RatingTally>();
  for await (const page of queryPages(deps.repos.feedback, tenantId, byProgram, EXPORT_PAGE_SIZE)) {
    for (const { doc } of page) {
      feedbackCount.set(doc.pairingId, (feedbackCount.get(doc.pairingId) ?? 0) + 1);
      const tally = tallies.get(doc.roundId) ?? new RatingTally();
      tally.add(doc.rating);
      tallies.set(doc.roundId, tally);
    }
  }
  const roundById = new Map(rounds.map((r) => [r.doc.id, r.doc]));
  const ratingsByRound = new Map([...tallies].map(([roundId, tally]) => [roundId, tally.summary()]));
  await recordAudit(deps, actor, 'participants.export', { programId, target: programId });

  async function* csv(): AsyncGenerator<string> {
    yield csvLine(EXPORT_COLUMNS, Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, c])));
    const byCreation = { ...byProgram, orderBy: { field: 'createdAt', direction: 'asc' as const } };
    for await (const page of queryPages(deps.repos.pairings, tenantId, byCreation, EXPORT_PAGE_SIZE)) {
      const rows: string[] = [];
      for (const { doc: pairing } of page) {
        const round = roundById.get(pairing.roundId);
        const ratings = ratingsByRound.get(pairing.roundId);
        for (const member of pairing.members) {
          const row: ExportRow = {
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
            feedbackCount: feedbackCount.get(pairing.id) ?? 0,
            roundRatingsGiven: ratings?.count ?? 0,
            roundAverageRating: ratings?.average ?? null,
          };
          rows.push(csvLine(EXPORT_COLUMNS, row));
        }
      }
      if (rows.length > 0) yield rows.join('');
    }
  }
  return csv();
}

/** One RFC 4180 CSV record with its CRLF; cells a spreadsheet would run as a formula get a `'` (CSV injection). */
export function csvLine(columns: readonly string[], row: Record<string, string | number | null>): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${columns.map((c) => cell(row[c] ?? null)).join(',')}\r\n`;
}
