import { type Deps } from '../deps';
import { type ProgramDocument } from '../model';
import { isoDate, isoInstant } from '../time';
import { nextRoundStart } from './schedule';

/**
 * The statuses of a round that holds its program's calendar (decision 0020): published, or being published. A draft
 * does not (nobody sees it, and publishing it is the admin's explicit choice).
 */
const HOLDING_STATUSES = ['published', 'running'] as const;

/** A day earlier than any zone's today: a round's last day is in its program's zone, `isoDate` in UTC (±14 h). */
const DAY_MS = 86_400_000;

/**
 * The last day of each program's running round: the latest `endsOn` among its published (or being published)
 * rounds that end on `onOrAfter` or later. A program with no such round is absent. `exceptRoundId` leaves a round
 * out (a scheduled slot's own round, taken over on a retry, does not block itself).
 */
export async function roundsRunningUntil(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programIds: readonly string[],
  onOrAfter: string,
  exceptRoundId?: string,
): Promise<Map<string, string>> {
  if (programIds.length === 0) return new Map();
  const rounds = await deps.repos.rounds.queryAll(tenantId, {
    where: [
      { field: 'programId', op: 'in', values: [...programIds] },
      { field: 'status', op: 'in', values: [...HOLDING_STATUSES] },
      { field: 'endsOn', op: 'gte', value: onOrAfter },
    ],
  });
  const until = new Map<string, string>();
  for (const { doc } of rounds) {
    if (doc.id === exceptRoundId) continue;
    const known = until.get(doc.programId);
    if (known === undefined || doc.endsOn > known) until.set(doc.programId, doc.endsOn);
  }
  return until;
}

/** When a program's next round starts, and the last day of the round running now (null: none). */
export interface RoundTimes {
  nextRoundAt: string | null;
  runningUntil: string | null;
}

/**
 * When each program's next round starts, as people and admins are told it (`nextRoundAt`): the first scheduled slot
 * after its running round's last day; null for a program that is not active or whose schedule does not parse. One
 * query for all the programs.
 */
export async function roundTimesOf(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tenantId: string,
  programs: readonly Pick<ProgramDocument, 'id' | 'status' | 'schedule'>[],
): Promise<Map<string, RoundTimes>> {
  const now = deps.clock();
  const until = await roundsRunningUntil(
    deps,
    tenantId,
    programs.map((p) => p.id),
    isoDate(new Date(now.getTime() - DAY_MS)),
  );
  return new Map(
    programs.map((p) => {
      const runningUntil = until.get(p.id) ?? null;
      const next = p.status === 'active' ? nextRoundStart(p.schedule, now, runningUntil) : null;
      return [p.id, { nextRoundAt: next ? isoInstant(next) : null, runningUntil }];
    }),
  );
}
