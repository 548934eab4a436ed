import { PeerPhotoParamsSchema } from '../contracts/employee';
import { peerChat, type SignInNamePort } from '../domain/people/peer-chat';
import { type HttpFunctionDefinition } from '../function-registry';
import { readParams } from '../http/parse';
import { jsonResponse } from '../http/responses';
import { apiRoute, type ApiServices } from './api-route';

export interface PeerChatServices extends ApiServices {
  signInNames: SignInNamePort;
}

/**
 * `GET /api/me/peers/{personId}/chat` (docs/api.md): the sign-in name the tab opens a Teams 1:1 chat with, for
 * someone I am or was paired with; 404 for anyone else.
 */
export function peerChatFunctions(services: () => PeerChatServices): HttpFunctionDefinition[] {
  return [
    apiRoute(
      'peer-chat',
      'me/peers/{personId}/chat',
      ['GET'],
      services,
      { admin: false },
      async ({ request, principal, deps }) => {
        const personId = readParams(request, PeerPhotoParamsSchema).personId.toLowerCase();
        return jsonResponse(200, await peerChat(deps, services().signInNames, principal, personId));
      },
    ),
  ];
}
