import type { HttpRequest, HttpResponseInit } from '@azure/functions';

import { type GraphAccess } from '../adapters/graph/graph-client';
import { CachedProfilePhotos } from '../adapters/graph/photo-cache';
import { GraphProfilePhotos } from '../adapters/graph/profile-photos';
import { type Config } from '../config';
import { PeerPhotoParamsSchema } from '../contracts/employee';
import { type Deps } from '../domain/deps';
import { notFound } from '../errors';
import { type HttpFunctionDefinition } from '../function-registry';
import { type Principal } from '../http/auth';
import { readParams } from '../http/parse';
import { apiRoute, type ApiServices } from './api-route';

/** A profile photo: the bytes, their media type and a strong etag of the bytes. */
export interface ProfilePhoto {
  bytes: Uint8Array;
  contentType: string;
  etag: string;
}

/** Reads a person's photo; null when they have none (Graph 404). Throws AppError for anything else. */
export interface ProfilePhotoPort {
  read(tenantId: string, userId: string): Promise<ProfilePhoto | null>;
}

export interface PeerPhotoServices extends ApiServices {
  photos: ProfilePhotoPort;
}

/** A day in the browser's private cache: photos rarely change, and the etag revalidates cheaply after that. */
const photoCacheControl = 'private, max-age=86400';

/** Is (or was) the caller paired with this person in a published pairing? Drafts are not known to employees. */
async function sharesPairing(
  deps: Pick<Deps, 'repos'>,
  principal: Principal,
  personId: string,
): Promise<boolean> {
  const shared = await deps.repos.pairings.queryAll(
    principal.tenantId,
    {
      where: [
        { field: 'memberIds', op: 'contains', value: principal.userId },
        { field: 'memberIds', op: 'contains', value: personId },
        { field: 'published', op: 'eq', value: true },
      ],
    },
    1,
  );
  return shared.length > 0;
}

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
        const allowed =
          principal.isAdmin ||
          personId === principal.userId ||
          (await sharesPairing(deps, principal, personId));
        if (!allowed) throw notFound('The photo');
        const photo = await services().photos.read(principal.tenantId, personId);
        if (!photo) throw notFound('The photo');
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

/** Production wiring: Graph app-only behind one bounded in-memory cache per function instance. */
export function peerPhotoServicesFrom(
  services: () => ApiServices & {
    config: Pick<Config, 'GRAPH_BASE_URL'>;
    graph: Pick<GraphAccess, 'acquireToken'>;
  },
): () => PeerPhotoServices {
  let photos: ProfilePhotoPort | undefined;
  return () => {
    const { auth, deps, config, graph } = services();
    photos ??= new CachedProfilePhotos(
      new GraphProfilePhotos({
        baseUrl: config.GRAPH_BASE_URL,
        getToken: (tenantId) => graph.acquireToken(tenantId),
      }),
    );
    return { auth, deps, photos };
  };
}
