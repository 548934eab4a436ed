import { notFound } from '../../errors';
import { type Actor } from '../audit';
import { type Deps } from '../deps';

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

/** Is (or was) the caller paired with this person in a published pairing? Drafts are not known to employees. */
export async function sharesPairing(
  deps: Pick<Deps, 'repos'>,
  actor: Actor,
  personId: string,
): Promise<boolean> {
  const shared = await deps.repos.pairings.queryAll(
    actor.tenantId,
    {
      where: [
        { field: 'memberIds', op: 'contains', value: actor.userId },
        { field: 'memberIds', op: 'contains', value: personId },
        { field: 'published', op: 'eq', value: true },
      ],
    },
    1,
  );
  return shared.length > 0;
}

/**
 * The photo of someone I am or was paired with (admins: anyone in the tenant). Someone else, and someone without a
 * photo, get the same 404, so the route cannot be used to learn who exists or who has a photo.
 */
export async function peerPhoto(
  deps: Pick<Deps, 'repos'>,
  photos: ProfilePhotoPort,
  actor: Actor & { isAdmin: boolean },
  personId: string,
): Promise<ProfilePhoto> {
  const allowed = actor.isAdmin || personId === actor.userId || (await sharesPairing(deps, actor, personId));
  if (!allowed) throw notFound('The photo');
  const photo = await photos.read(actor.tenantId, personId);
  if (!photo) throw notFound('The photo');
  return photo;
}
