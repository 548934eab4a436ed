import {
  EnrollmentRequestSchema,
  FeedbackRequestSchema,
  PairingParamsSchema,
  PauseRequestSchema,
  PeopleSearchQuerySchema,
  ProgramParamsSchema,
  SkipRequestSchema,
} from '../contracts/employee';
import { myPairings, skipPairing, submitFeedback } from '../domain/pairings/pairing-service';
import { enroll, leave, pause } from '../domain/participants/enrollment-service';
import { eraseMe, exportMe, me, programsOpenToMe } from '../domain/people/me-service';
import { searchPeople } from '../domain/people/people-search';
import { type HttpFunctionDefinition } from '../function-registry';
import { readJsonBody, readParams, readQuery } from '../http/parse';
import { jsonResponse } from '../http/responses';
import { apiRoute, type ApiServices, ifMatchOf, noContent } from './api-route';
import { workspaceFunctions } from './workspace-api';

/** The employee API (docs/api.md). Identity is the token's (tid, oid); nothing here takes a user id as input. */
export function employeeFunctions(services: () => ApiServices): HttpFunctionDefinition[] {
  const employee = { admin: false };
  return [
    apiRoute('me-get', 'me', ['GET'], services, employee, async ({ principal, deps }) =>
      jsonResponse(200, await me(deps, principal)),
    ),

    // People for my private "not with" list: name, job title and department only (docs/api.md).
    apiRoute('people-search', 'people', ['GET'], services, employee, async ({ request, principal, deps }) => {
      const { search } = readQuery(request, PeopleSearchQuerySchema);
      return jsonResponse(200, { people: await searchPeople(deps, principal, search) });
    }),

    apiRoute('programs-list', 'programs', ['GET'], services, employee, async ({ principal, deps }) =>
      jsonResponse(200, { programs: await programsOpenToMe(deps, principal) }),
    ),

    apiRoute(
      'enrollment-put',
      'programs/{programId}/enrollment',
      ['PUT'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, ProgramParamsSchema);
        const ifMatch = ifMatchOf(request, false);
        const body = await readJsonBody(request, EnrollmentRequestSchema);
        const { enrollment, created } = await enroll(deps, principal, programId, body, ifMatch);
        return jsonResponse(created ? 201 : 200, enrollment, { etag: enrollment.etag });
      },
    ),

    apiRoute(
      'enrollment-delete',
      'programs/{programId}/enrollment',
      ['DELETE'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, ProgramParamsSchema);
        await leave(deps, principal, programId);
        return noContent();
      },
    ),

    apiRoute(
      'enrollment-pause',
      'programs/{programId}/enrollment/pause',
      ['POST'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { programId } = readParams(request, ProgramParamsSchema);
        const { until } = await readJsonBody(request, PauseRequestSchema);
        const enrollment = await pause(deps, principal, programId, until);
        return jsonResponse(200, enrollment, { etag: enrollment.etag });
      },
    ),

    apiRoute('pairings-list', 'pairings', ['GET'], services, employee, async ({ principal, deps }) =>
      jsonResponse(200, await myPairings(deps, principal)),
    ),

    apiRoute(
      'pairing-feedback',
      'pairings/{pairingId}/feedback',
      ['POST'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const body = await readJsonBody(request, FeedbackRequestSchema);
        return jsonResponse(200, await submitFeedback(deps, principal, pairingId, body));
      },
    ),

    apiRoute(
      'pairing-skip',
      'pairings/{pairingId}/skip',
      ['POST'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const body = await readJsonBody(request, SkipRequestSchema);
        return jsonResponse(200, await skipPairing(deps, principal, pairingId, body));
      },
    ),

    apiRoute('me-export', 'me/export', ['GET'], services, employee, async ({ principal, deps }) => {
      const data = await exportMe(deps, principal);
      return jsonResponse(200, data, {
        'content-disposition': 'attachment; filename="pairwise-my-data.json"',
      });
    }),

    apiRoute('me-delete', 'me', ['DELETE'], services, employee, async ({ principal, deps }) => {
      await eraseMe(deps, principal);
      return noContent();
    }),

    ...workspaceFunctions(services),
  ];
}
