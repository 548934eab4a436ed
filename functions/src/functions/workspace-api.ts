import { PairingParamsSchema } from '../contracts/employee';
import {
  AgendaRequestSchema,
  CheckInsRequestSchema,
  GoalCreateRequestSchema,
  GoalUpdateRequestSchema,
  NotesRequestSchema,
  WorkspaceGoalParamsSchema,
  WorkspaceSessionParamsSchema,
  type WorkspaceView,
} from '../contracts/workspace';
import {
  addSharedGoal,
  checkIn,
  readWorkspace,
  removeSharedGoal,
  renameSharedGoal,
  resetSessionAgenda,
  saveMyNotes,
  setSessionAgenda,
} from '../domain/workspace/workspace-service';
import { type HttpFunctionDefinition } from '../function-registry';
import { readJsonBody, readParams } from '../http/parse';
import { jsonResponse } from '../http/responses';
import { apiRoute, type ApiServices, ifMatchOf } from './api-route';

const base = 'pairings/{pairingId}/workspace';

/** Every answer is the whole workspace as the caller sees it, its etag also in `ETag` for the next If-Match. */
const workspaceResponse = (status: number, view: WorkspaceView) =>
  jsonResponse(status, view, { etag: view.etag });

/**
 * The pair workspace (docs/api.md): members only (404 for anyone else, as for the pairing itself). What both
 * members edit (agenda, goals) needs `If-Match`; my own check-ins take it optionally, my private notes never.
 */
export function workspaceFunctions(services: () => ApiServices): HttpFunctionDefinition[] {
  const employee = { admin: false };
  return [
    apiRoute('workspace-get', base, ['GET'], services, employee, async ({ request, principal, deps }) => {
      const { pairingId } = readParams(request, PairingParamsSchema);
      return workspaceResponse(200, await readWorkspace(deps, principal, pairingId));
    }),

    apiRoute(
      'workspace-agenda-put',
      `${base}/sessions/{session}/agenda`,
      ['PUT'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId, session } = readParams(request, WorkspaceSessionParamsSchema);
        const ifMatch = ifMatchOf(request, true)!;
        const { items } = await readJsonBody(request, AgendaRequestSchema);
        return workspaceResponse(
          200,
          await setSessionAgenda(deps, principal, pairingId, session, items, ifMatch),
        );
      },
    ),

    apiRoute(
      'workspace-agenda-delete',
      `${base}/sessions/{session}/agenda`,
      ['DELETE'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId, session } = readParams(request, WorkspaceSessionParamsSchema);
        const ifMatch = ifMatchOf(request, true)!;
        return workspaceResponse(200, await resetSessionAgenda(deps, principal, pairingId, session, ifMatch));
      },
    ),

    apiRoute(
      'workspace-check-ins-put',
      `${base}/sessions/{session}/check-ins`,
      ['PUT'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId, session } = readParams(request, WorkspaceSessionParamsSchema);
        const ifMatch = ifMatchOf(request, false);
        const body = await readJsonBody(request, CheckInsRequestSchema);
        return workspaceResponse(200, await checkIn(deps, principal, pairingId, session, body, ifMatch));
      },
    ),

    apiRoute(
      'workspace-goals-create',
      `${base}/goals`,
      ['POST'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const ifMatch = ifMatchOf(request, true)!;
        const { title } = await readJsonBody(request, GoalCreateRequestSchema);
        return workspaceResponse(201, await addSharedGoal(deps, principal, pairingId, title, ifMatch));
      },
    ),

    apiRoute(
      'workspace-goal-put',
      `${base}/goals/{goalId}`,
      ['PUT'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId, goalId } = readParams(request, WorkspaceGoalParamsSchema);
        const ifMatch = ifMatchOf(request, true)!;
        const { title } = await readJsonBody(request, GoalUpdateRequestSchema);
        return workspaceResponse(
          200,
          await renameSharedGoal(deps, principal, pairingId, goalId, title, ifMatch),
        );
      },
    ),

    apiRoute(
      'workspace-goal-delete',
      `${base}/goals/{goalId}`,
      ['DELETE'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId, goalId } = readParams(request, WorkspaceGoalParamsSchema);
        const ifMatch = ifMatchOf(request, true)!;
        return workspaceResponse(200, await removeSharedGoal(deps, principal, pairingId, goalId, ifMatch));
      },
    ),

    apiRoute(
      'workspace-notes-put',
      `${base}/notes`,
      ['PUT'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const { text } = await readJsonBody(request, NotesRequestSchema);
        return workspaceResponse(200, await saveMyNotes(deps, principal, pairingId, text));
      },
    ),
  ];
}
