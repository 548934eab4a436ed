import {
  AdminPairingParamsSchema,
  AdminProgramParamsSchema,
  AdminRoundParamsSchema,
  AuditQuerySchema,
  OverrideRequestSchema,
  ParticipantsQuerySchema,
  PreviewRoundRequestSchema,
  ProgramInputSchema,
  RoundRowsQuerySchema,
  RunRoundRequestSchema,
} from '../contracts/admin';
import { listParticipants } from '../domain/participants/participant-list';
import {
  archiveProgram,
  createProgram,
  getProgramOr404,
  listPrograms,
  programView,
  programViews,
  updateProgram,
} from '../domain/programs/program-service';
import {
  getRound,
  getRoundRows,
  listRounds,
  overrideRound,
  previewRound,
  publishRound,
  retryAllNeedingAttention,
  retryBooking,
} from '../domain/rounds/round-service';
import { exportProgramCsv, programStats } from '../domain/stats/stats-service';
import { type HttpFunctionDefinition } from '../function-registry';
import { readJsonBody, readParams, readQuery } from '../http/parse';
import { jsonResponse, textStream } from '../http/responses';
import { apiRoute, type ApiServices, ifMatchOf, noContent } from './api-route';

/** The admin API (`Pairwise.Admin` only; docs/api.md). Every write is audited. */
export function adminFunctions(services: () => ApiServices): HttpFunctionDefinition[] {
  const admin = { admin: true };
  return [
    apiRoute(
      'admin-programs-list',
      'admin/programs',
      ['GET'],
      services,
      admin,
      async ({ principal, deps }) => {
        const programs = await listPrograms(deps, principal.tenantId);
        return jsonResponse(200, { programs: await programViews(deps, principal.tenantId, programs) });
      },
    ),

    apiRoute(
      'admin-programs-create',
      'admin/programs',
      ['POST'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const input = await readJsonBody(request, ProgramInputSchema);
        const program = await programView(deps, await createProgram(deps, principal, input));
        return jsonResponse(201, program, { etag: program.etag });
      },
    ),

    apiRoute(
      'admin-program-get',
      'admin/programs/{programId}',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        const program = await programView(deps, await getProgramOr404(deps, principal.tenantId, programId));
        return jsonResponse(200, program, { etag: program.etag });
      },
    ),

    apiRoute(
      'admin-program-update',
      'admin/programs/{programId}',
      ['PUT'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        const ifMatch = ifMatchOf(request, true) ?? '';
        const input = await readJsonBody(request, ProgramInputSchema);
        const program = await programView(
          deps,
          await updateProgram(deps, principal, programId, input, ifMatch),
        );
        return jsonResponse(200, program, { etag: program.etag });
      },
    ),

    apiRoute(
      'admin-program-delete',
      'admin/programs/{programId}',
      ['DELETE'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        await archiveProgram(deps, principal, programId, ifMatchOf(request, false));
        return noContent();
      },
    ),

    apiRoute(
      'admin-participants-list',
      'admin/programs/{programId}/participants',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        const query = readQuery(request, ParticipantsQuerySchema);
        return jsonResponse(200, await listParticipants(deps, principal.tenantId, programId, query));
      },
    ),

    apiRoute(
      'admin-rounds-list',
      'admin/programs/{programId}/rounds',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        await getProgramOr404(deps, principal.tenantId, programId);
        return jsonResponse(200, { rounds: await listRounds(deps, principal.tenantId, programId) });
      },
    ),

    apiRoute(
      'admin-rounds-run',
      'admin/programs/{programId}/rounds',
      ['POST'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        const body = (await readJsonBody(request, RunRoundRequestSchema.optional())) ?? {};
        // Accepted: the round worker publishes it; the tab follows the round until it is published.
        const round = await publishRound(deps, principal, programId, body.draftRoundId);
        return jsonResponse(202, round, roundLocation(programId, round.id));
      },
    ),

    apiRoute(
      'admin-rounds-preview',
      'admin/programs/{programId}/rounds/preview',
      ['POST'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        const body = (await readJsonBody(request, PreviewRoundRequestSchema.optional())) ?? {};
        const round = await previewRound(deps, principal, programId, body.seed);
        return jsonResponse(202, round, roundLocation(programId, round.id));
      },
    ),

    apiRoute(
      'admin-round-get',
      'admin/programs/{programId}/rounds/{roundId}',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId, roundId } = readParams(request, AdminRoundParamsSchema);
        const round = await getRound(deps, principal.tenantId, programId, roundId);
        return jsonResponse(200, round, { etag: round.etag });
      },
    ),

    apiRoute(
      'admin-round-rows',
      'admin/programs/{programId}/rounds/{roundId}/rows',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId, roundId } = readParams(request, AdminRoundParamsSchema);
        const query = readQuery(request, RoundRowsQuerySchema);
        return jsonResponse(200, await getRoundRows(deps, principal.tenantId, programId, roundId, query));
      },
    ),

    apiRoute(
      'admin-round-override',
      'admin/programs/{programId}/rounds/{roundId}/overrides',
      ['POST'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId, roundId } = readParams(request, AdminRoundParamsSchema);
        const ifMatch = ifMatchOf(request, false);
        const body = await readJsonBody(request, OverrideRequestSchema);
        const round = await overrideRound(deps, principal, programId, roundId, body, ifMatch);
        return jsonResponse(200, round, { etag: round.etag });
      },
    ),

    apiRoute(
      'admin-pairing-retry',
      'admin/programs/{programId}/pairings/{pairingId}/retry-booking',
      ['POST'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId, pairingId } = readParams(request, AdminPairingParamsSchema);
        const action = await retryBooking(deps, principal, programId, pairingId);
        return jsonResponse(202, { pairingId, status: 'queued', action });
      },
    ),

    apiRoute(
      'admin-program-retry-all',
      'admin/programs/{programId}/retry-bookings',
      ['POST'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        return jsonResponse(202, await retryAllNeedingAttention(deps, principal, programId));
      },
    ),

    apiRoute(
      'admin-program-stats',
      'admin/programs/{programId}/stats',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        return jsonResponse(200, await programStats(deps, principal.tenantId, programId));
      },
    ),

    apiRoute(
      'admin-program-export',
      'admin/programs/{programId}/export',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, AdminProgramParamsSchema);
        const csv = await exportProgramCsv(deps, principal, programId);
        return {
          status: 200,
          // Streamed: rows leave as each page of pairings is read (app.setup enables HTTP streams).
          body: textStream(csv),
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="pairwise-${programId}.csv"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        };
      },
    ),

    apiRoute(
      'admin-audit-list',
      'admin/audit',
      ['GET'],
      services,
      admin,
      async ({ request, principal, deps }) => {
        const query = readQuery(request, AuditQuerySchema);
        const page = await deps.repos.audit.query(principal.tenantId, {
          where: query.programId ? [{ field: 'programId', op: 'eq', value: query.programId }] : [],
          orderBy: { field: 'at', direction: 'desc' },
          pageSize: query.pageSize,
          ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
        });
        return jsonResponse(200, {
          items: page.items.map(({ doc }) => ({
            id: doc.id,
            at: doc.at,
            actorId: doc.actorId,
            action: doc.action,
            programId: doc.programId,
            target: doc.target,
            reason: doc.reason,
            details: doc.details,
          })),
          continuationToken: page.continuationToken,
        });
      },
    ),
  ];
}

/** Where the tab follows a round that is being planned or published. */
function roundLocation(programId: string, roundId: string): Record<string, string> {
  return {
    location: `/api/admin/programs/${encodeURIComponent(programId)}/rounds/${encodeURIComponent(roundId)}`,
    'retry-after': '2',
  };
}
