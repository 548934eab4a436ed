import {
  AdminProgramsResponseSchema,
  AuditPageSchema,
  type OverrideRequest,
  ParticipantsPageSchema,
  type ParticipantsQuery,
  type ProgramInputBody,
  ProgramSchema,
  ProgramStatsSchema,
  RetryAllResponseSchema,
  roundInProgress,
  type RoundRowsQuery,
  RoundRowsResponseSchema,
  RoundSchema,
  RoundsResponseSchema,
  type RoundSummary,
  RoundSummarySchema,
} from '../../../functions/src/contracts/admin';
import { type HttpDeps, requestBlob, requestJson, requestNoContent } from './http';

const enc = encodeURIComponent;

/** How often the tab looks at a round in progress, and for how long at most (a round times out at 10 minutes). */
const FOLLOW_INTERVAL_MS = 1500;
const FOLLOW_LIMIT_MS = 12 * 60_000;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Follows a round from the answer of the route that started it (202, `planning` or `running`) until the worker has
 * settled it; after the limit, the round as it last was (still in progress: the view says so).
 */
export async function followRound<R extends { status: string }>(
  accepted: R,
  read: () => Promise<R>,
  options: { intervalMs?: number; limitMs?: number; isLive?: () => boolean } = {},
): Promise<R> {
  const interval = options.intervalMs ?? FOLLOW_INTERVAL_MS;
  const deadline = Date.now() + (options.limitMs ?? FOLLOW_LIMIT_MS);
  let round = accepted;
  while (roundInProgress(round) && Date.now() < deadline && (options.isLive?.() ?? true)) {
    await pause(interval);
    round = await read();
  }
  return round;
}

/** The admin routes of docs/api.md; imported only by the lazily loaded admin view. */
export function createAdminApi(deps: HttpDeps) {
  const p = (programId: string) => `admin/programs/${enc(programId)}`;
  const round = (programId: string, roundId: string) =>
    requestJson(deps, `${p(programId)}/rounds/${enc(roundId)}`, RoundSchema);
  /** One page of a round and its summary: what the Rounds view shows, never the whole round. */
  const roundRows = (programId: string, roundId: string, query: Partial<RoundRowsQuery>) =>
    requestJson(deps, `${p(programId)}/rounds/${enc(roundId)}/rows`, RoundRowsResponseSchema, { query });
  /** A round's summary, followed while the worker plans or publishes it (the smallest page of its rows). */
  const follow = async (programId: string, accepted: RoundSummary) =>
    followRound(accepted, async () => (await roundRows(programId, accepted.id, { pageSize: 1 })).round);
  return {
    programs: () => requestJson(deps, 'admin/programs', AdminProgramsResponseSchema),
    createProgram: (body: ProgramInputBody) =>
      requestJson(deps, 'admin/programs', ProgramSchema, { method: 'POST', body }),
    updateProgram: (programId: string, body: ProgramInputBody, etag: string) =>
      requestJson(deps, p(programId), ProgramSchema, { method: 'PUT', body, headers: { 'if-match': etag } }),
    participants: (programId: string, query: Partial<ParticipantsQuery>) =>
      requestJson(deps, `${p(programId)}/participants`, ParticipantsPageSchema, { query }),
    rounds: (programId: string) => requestJson(deps, `${p(programId)}/rounds`, RoundsResponseSchema),
    /** The whole round, every pairing (API clients; the tab's view reads `roundRows`). */
    round,
    roundRows,
    /** A draft round, planned by the round worker: resolves once it is planned (or failed). */
    preview: async (programId: string) =>
      follow(
        programId,
        await requestJson(deps, `${p(programId)}/rounds/preview`, RoundSummarySchema, {
          method: 'POST',
          body: {},
        }),
      ),
    /** Publishes a draft (or a failed round, again): resolves once the worker has published it (or failed). */
    publish: async (programId: string, draftRoundId: string) =>
      follow(
        programId,
        await requestJson(deps, `${p(programId)}/rounds`, RoundSummarySchema, {
          method: 'POST',
          body: { draftRoundId },
        }),
      ),
    /** Changes the round; answers its summary (the view reads the page it shows again). */
    override: (programId: string, roundId: string, body: OverrideRequest) =>
      requestJson(deps, `${p(programId)}/rounds/${enc(roundId)}/overrides`, RoundSummarySchema, {
        method: 'POST',
        body,
      }),
    retryBooking: (programId: string, pairingId: string) =>
      requestNoContent(deps, `${p(programId)}/pairings/${enc(pairingId)}/retry-booking`, { method: 'POST' }),
    retryAllNeedingAttention: (programId: string) =>
      requestJson(deps, `${p(programId)}/retry-bookings`, RetryAllResponseSchema, {
        method: 'POST',
        body: {},
      }),
    stats: (programId: string) => requestJson(deps, `${p(programId)}/stats`, ProgramStatsSchema),
    exportCsv: (programId: string) => requestBlob(deps, `${p(programId)}/export`),
    audit: (query: { programId?: string; continuationToken?: string }) =>
      requestJson(deps, 'admin/audit', AuditPageSchema, { query: { pageSize: 50, ...query } }),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
