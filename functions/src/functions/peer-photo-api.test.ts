import { HttpRequest, InvocationContext } from '@azure/functions';

import { type PairingDocument, PairingDocumentSchema } from '../domain/model';
import { type ProfilePhoto, type ProfilePhotoPort } from '../domain/people/peer-photos';
import { unauthorized } from '../errors';
import { createKit, type Kit, principal, tenantA, tenantB, users } from '../testing/api-test-kit';
import { peerPhotoFunctions } from './peer-photo-api';

/**
 * The peer-photo route with real HttpRequest/InvocationContext, the in-memory store and a plain fake photo port.
 * Ann is paired with Bob now, was paired with Cid (ended), and is in an unpublished draft with Dee; Eve never met her.
 */
const jpeg = (seed: number): ProfilePhoto => ({
  bytes: Uint8Array.from([0xff, 0xd8, seed, 0xff, 0xd9]),
  contentType: 'image/jpeg',
  etag: `"etag-${seed}"`,
});

function pairing(
  id: string,
  memberIds: [string, string],
  overrides: Partial<PairingDocument> = {},
): PairingDocument {
  const member = (userId: string) => ({
    userId,
    displayName: userId,
    jobTitle: null,
    department: null,
    level: null,
    levelRank: null,
    timeZone: null,
  });
  return PairingDocumentSchema.parse({
    id,
    tenantId: tenantA,
    programId: 'pg-1',
    roundId: 'r-1',
    published: true,
    memberIds,
    members: memberIds.map(member),
    score: 1,
    reasons: [],
    state: 'booked',
    cadence: 'weekly',
    sessionMinutes: 30,
    startsOn: '2026-06-01',
    endsOn: '2026-07-12',
    organizerId: memberIds[0],
    series: null,
    nextSession: null,
    attentionReason: null,
    overridden: false,
    skippedBy: [],
    endRequested: null,
    bookingAttempt: 0,
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
    ...overrides,
  });
}

interface Setup {
  kit: Kit;
  reads: string[];
  call: (
    as: string | null,
    personId: string,
    options?: { admin?: boolean; tenant?: string; headers?: Record<string, string> },
  ) => Promise<{ status: number; headers: Record<string, string>; body: unknown }>;
}

async function setup(): Promise<Setup> {
  const kit = createKit();
  await kit.repos.pairings.create(pairing('pr-now', [users.ann, users.bob]));
  await kit.repos.pairings.create(
    pairing('pr-past', [users.cid, users.ann], {
      state: 'ended',
      startsOn: '2026-01-01',
      endsOn: '2026-02-12',
    }),
  );
  await kit.repos.pairings.create(
    pairing('pr-draft', [users.ann, users.dee], { published: false, state: 'proposed' }),
  );
  const photos = new Map<string, ProfilePhoto>([
    [users.bob, jpeg(1)],
    [users.dee, jpeg(3)],
    [users.eve, jpeg(4)],
    [users.ann, jpeg(5)],
  ]);
  const reads: string[] = [];
  const fake: ProfilePhotoPort = {
    read: (tenantId, userId) => {
      reads.push(`${tenantId}|${userId}`);
      return Promise.resolve(photos.get(userId) ?? null);
    },
  };
  const auth = {
    authenticate: (request: HttpRequest) => {
      const [tenant = '', user = '', role = ''] = (request.headers.get('authorization') ?? '')
        .replace('Bearer ', '')
        .split('|');
      return Promise.resolve(principal(user, role === 'admin', tenant));
    },
  };
  const [fn] = peerPhotoFunctions(() => ({ auth, deps: kit.deps, photos: fake }));
  const call: Setup['call'] = async (as, personId, options = {}) => {
    const response = await fn!.handler(
      new HttpRequest({
        method: 'GET',
        url: `http://localhost/api/me/peers/${personId}/photo`,
        headers: {
          ...(as
            ? {
                authorization: `Bearer ${options.tenant ?? tenantA}|${as}|${options.admin ? 'admin' : 'user'}`,
              }
            : {}),
          ...options.headers,
        },
        params: { personId },
      }),
      new InvocationContext({ functionName: 'peer-photo' }),
    );
    return {
      status: response.status ?? 200,
      headers: (response.headers ?? {}) as Record<string, string>,
      body: response.jsonBody ?? response.body,
    };
  };
  return { kit, reads, call };
}

describe('GET /api/me/peers/{personId}/photo', () => {
  it('serves my current peer’s photo as image bytes, privately cacheable for a day, with an etag', async () => {
    const { call } = await setup();
    const res = await call(users.ann, users.bob);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('private, max-age=86400');
    expect(res.headers.etag).toBe('"etag-1"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Array.from(res.body as Uint8Array)).toEqual([0xff, 0xd8, 1, 0xff, 0xd9]);
  });

  it('serves a past peer’s photo too, whoever of the two asks, and accepts an upper-case id', async () => {
    const { call, reads } = await setup();
    expect((await call(users.bob, users.ann)).status).toBe(200);
    // Cid has no photo: the same 404 as for a stranger.
    const cid = await call(users.ann, users.cid);
    expect(cid.status).toBe(404);
    expect((await call(users.ann, users.bob.toUpperCase())).status).toBe(200);
    expect(reads).toContain(`${tenantA}|${users.bob}`);
  });

  it.each([
    ['someone I was never paired with', users.eve],
    ['someone in an unpublished draft with me', users.dee],
  ])('answers 404 for %s, without reading Graph', async (_what, personId) => {
    const { call, reads } = await setup();
    const res = await call(users.ann, personId);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'The photo was not found.' } });
    expect(reads).toEqual([]);
  });

  it('answers the same 404 JSON for a peer without a photo as for a stranger', async () => {
    const { call } = await setup();
    const noPhoto = await call(users.ann, users.cid);
    const stranger = await call(users.ann, users.eve);
    expect(noPhoto.status).toBe(404);
    expect(noPhoto.body).toEqual(stranger.body);
    expect(noPhoto.headers['cache-control']).toBe('no-store');
  });

  it('lets an admin fetch anyone’s photo in their tenant', async () => {
    const { call } = await setup();
    expect((await call(users.admin, users.eve, { admin: true })).status).toBe(200);
    expect((await call(users.admin, users.eve)).status).toBe(404);
  });

  it('keeps tenants apart: the same user ids in another tenant share no pairing', async () => {
    const { call } = await setup();
    expect((await call(users.ann, users.bob, { tenant: tenantB })).status).toBe(404);
  });

  it.each([
    ['the same etag', '"etag-1"', 304],
    ['a weak form of it', 'W/"etag-1"', 304],
    ['one of a list', '"old", "etag-1"', 304],
    ['*', '*', 304],
    ['another etag', '"etag-2"', 200],
  ])('If-None-Match with %s → %s', async (_what, header, status) => {
    const { call } = await setup();
    const res = await call(users.ann, users.bob, { headers: { 'if-none-match': header } });
    expect(res.status).toBe(status);
    expect(res.headers.etag).toBe('"etag-1"');
    if (status === 304) expect(res.body).toBeUndefined();
  });

  it('refuses a person id that is not a GUID (400) and a call without a token (401)', async () => {
    const { call } = await setup();
    expect((await call(users.ann, 'not-a-guid')).status).toBe(400);
    const kitless = await setup();
    const [fn] = peerPhotoFunctions(() => ({
      auth: { authenticate: () => Promise.reject(unauthorized()) },
      deps: kitless.kit.deps,
      photos: { read: () => Promise.resolve(null) },
    }));
    const res = await fn!.handler(
      new HttpRequest({
        method: 'GET',
        url: 'http://localhost/api/me/peers/x/photo',
        params: { personId: users.bob },
      }),
      new InvocationContext(),
    );
    expect(res.status).toBe(401);
  });
});
