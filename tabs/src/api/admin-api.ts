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
  RoundSchema,
  RoundsResponseSchema,
} from '../../../functions/src/contracts/admin';
import { type HttpDeps, requestBlob, requestJson, requestNoContent } from './http';

const enc = encodeURIComponent;

/** The admin routes of docs/api.md; imported only by the lazily loaded admin view. */
export function createAdminApi(deps: HttpDeps) {
  const p = (programId: string) => `admin/programs/${enc(programId)}`;
  return {
    programs: () => requestJson(deps, 'admin/programs', AdminProgramsResponseSchema),
    createProgram: (body: ProgramInputBody) =>
      requestJson(deps, 'admin/programs', ProgramSchema, { method: 'POST', body }),
    updateProgram: (programId: string, body: ProgramInputBody, etag: string) =>
      requestJson(deps, p(programId), ProgramSchema, { method: 'PUT', body, headers: { 'if-match': etag } }),
    participants: (programId: string, query: Partial<ParticipantsQuery>) =>
      requestJson(deps, `${p(programId)}/participants`, ParticipantsPageSchema, { query }),
    rounds: (programId: string) => requestJson(deps, `${p(programId)}/rounds`, RoundsResponseSchema),
    round: (programId: string, roundId: string) =>
      requestJson(deps, `${p(programId)}/rounds/${enc(roundId)}`, RoundSchema),
    preview: (programId: string) =>
      requestJson(deps, `${p(programId)}/rounds/preview`, RoundSchema, { method: 'POST', body: {} }),
    publish: (programId: string, draftRoundId: string) =>
      requestJson(deps, `${p(programId)}/rounds`, RoundSchema, { method: 'POST', body: { draftRoundId } }),
    override: (programId: string, roundId: string, body: OverrideRequest) =>
      requestJson(deps, `${p(programId)}/rounds/${enc(roundId)}/overrides`, RoundSchema, {
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
