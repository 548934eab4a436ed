import { MeetingPairingQuerySchema } from '../contracts/meetings';
import { findMeetingPairing } from '../domain/pairings/meeting-pairing';
import { type HttpFunctionDefinition } from '../function-registry';
import { readQuery } from '../http/parse';
import { jsonResponse } from '../http/responses';
import { apiRoute, type ApiServices } from './api-route';

/**
 * `GET /api/me/meeting-pairing?pairingId=…&thread=…` (docs/api.md): the Outlook pane and the Teams meeting side
 * panel ask which of my pairings a meeting belongs to. Only my own published pairings are searched, so a pairing
 * id or thread of someone else's meeting is the same 404 as an unknown one.
 */
export function meetingPairingFunctions(services: () => ApiServices): HttpFunctionDefinition[] {
  return [
    apiRoute(
      'meeting-pairing',
      'me/meeting-pairing',
      ['GET'],
      services,
      { admin: false },
      async ({ request, principal, deps }) =>
        jsonResponse(
          200,
          await findMeetingPairing(deps, principal, readQuery(request, MeetingPairingQuerySchema)),
        ),
    ),
  ];
}
