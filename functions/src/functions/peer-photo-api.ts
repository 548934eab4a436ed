import type { HttpRequest, HttpResponseInit } from '@azure/functions';

import { PeerPhotoParamsSchema } from '../contracts/employee';
import { peerPhoto, type ProfilePhotoPort } from '../domain/people/peer-photos';
import { type HttpFunctionDefinition } from '../function-registry';
import { readParams } from '../http/parse';
import { apiRoute, type ApiServices } from './api-route';

export interface PeerPhotoServices extends ApiServices {
  photos: ProfilePhotoPort;
}

/** A day in the browser's private cache: photos rarely change, and the etag revalidates cheaply after that. */
const photoCacheControl = 'private, max-age=86400';

/** `If-None-Match` holds the etag (weak comparison, RFC 9110 §13.1.2), or `*`. */
function matchesIfNoneMatch(request: HttpRequest, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * `GET /api/me/peers/{personId}/photo` (docs/api.md): the photo of someone I am or was paired with (admins: anyone
 * in the tenant). Someone else, and someone without a photo, get the same 404, so the route cannot be used to learn
 * who exists or who has a photo.
 */
export function peerPhotoFunctions(services: () => PeerPhotoServices): HttpFunctionDefinition[] {
  return [
    apiRoute(
      'peer-photo',
      'me/peers/{personId}/photo',
      ['GET'],
      services,
      { admin: false },
      async ({ request, principal, deps }): Promise<HttpResponseInit> => {
        const personId = readParams(request, PeerPhotoParamsSchema).personId.toLowerCase();
        const photo = await peerPhoto(deps, services().photos, principal, personId);
        const headers = {
          'cache-control': photoCacheControl,
          etag: photo.etag,
          vary: 'Authorization',
          'x-content-type-options': 'nosniff',
        };
        if (matchesIfNoneMatch(request, photo.etag)) return { status: 304, headers };
        return {
          status: 200,
          headers: {
            ...headers,
            'content-type': photo.contentType,
            'content-length': String(photo.bytes.byteLength),
          },
          body: photo.bytes,
        };
      },
    ),
  ];
}
