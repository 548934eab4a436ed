// Contract tests read Graph JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument */
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { decode } from 'jpeg-js';

import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { GraphAccess } from '../../../functions/src/adapters/graph/graph-client';
import { CachedProfilePhotos } from '../../../functions/src/adapters/graph/photo-cache';
import { GraphProfilePhotos } from '../../../functions/src/adapters/graph/profile-photos';
import { appToken, graph, graphClient, startSimulator } from './helpers';

let sim: TenantSimulator;
let token: string;
let withPhoto: DirectoryUser;
let withoutPhoto: DirectoryUser;

beforeAll(async () => {
  sim = await startSimulator({ size: 200 });
  token = await appToken(sim);
  const people = sim.users.filter((u) => sim.control.hasPhoto(u.id));
  withPhoto = people[0]!;
  withoutPhoto = sim.users.find((u) => !sim.control.hasPhoto(u.id))!;
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  sim.control.reset();
});

async function raw(
  path: string,
  bearer = token,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${sim.url}/v1.0${path}`, { headers: { Authorization: `Bearer ${bearer}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /users/{id}/photo and /photo/$value (profilephoto-get.md)', () => {
  it('seeds a deterministic majority of the tenant with photos (~70%)', () => {
    const share = sim.users.filter((u) => sim.control.hasPhoto(u.id)).length / sim.users.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
  });

  it('returns the profilePhoto metadata by id and by userPrincipalName', async () => {
    for (const who of [withPhoto.id, withPhoto.userPrincipalName]) {
      const res = await graph(sim, token, 'GET', `/users/${who}/photo`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${withPhoto.id}')/photo/$entity`,
        '@odata.mediaContentType': 'image/jpeg',
        id: '240X240',
        width: 240,
        height: 240,
      });
      expect(res.body['@odata.mediaEtag']).toMatch(/^"[0-9A-F]{8}"$/);
    }
  });

  it('$value is a real JPEG (SOI … EOI) of the advertised size, with image/jpeg and the media etag', async () => {
    const meta = await graph(sim, token, 'GET', `/users/${withPhoto.id}/photo`);
    const res = await raw(`/users/${withPhoto.id}/photo/$value`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('etag')).toBe(meta.body['@odata.mediaEtag']);
    expect(res.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(res.bytes.subarray(-2).toString('hex')).toBe('ffd9');
    const image = decode(res.bytes);
    expect([image.width, image.height]).toEqual([240, 240]);
    // The same bytes on every read (cached per user): a stable etag is what lets clients cache.
    expect((await raw(`/users/${withPhoto.userPrincipalName}/photo/$value`)).bytes.equals(res.bytes)).toBe(
      true,
    );
  });

  it('serves smaller HD sizes under /photos/{size} and 404s sizes larger than the uploaded photo', async () => {
    const small = await raw(`/users/${withPhoto.id}/photos/96x96/$value`);
    expect(small.status).toBe(200);
    expect(decode(small.bytes).width).toBe(96);
    expect((await graph(sim, token, 'GET', `/users/${withPhoto.id}/photos/48x48`)).body).toMatchObject({
      id: '48X48',
      width: 48,
      height: 48,
    });
    const list = await graph(sim, token, 'GET', `/users/${withPhoto.id}/photos`);
    expect(list.body.value.map((p: { id: string }) => p.id)).toEqual([
      '48X48',
      '64X64',
      '96X96',
      '120X120',
      '240X240',
    ]);
    const large = await graph(sim, token, 'GET', `/users/${withPhoto.id}/photos/648x648/$value`);
    expect(large.status).toBe(404);
    expect(large.body.error.code).toBe('ImageNotFound');
  });

  it('answers 404 ImageNotFound for a person without a photo (metadata and $value), 404 for an unknown user', async () => {
    for (const path of [`/users/${withoutPhoto.id}/photo`, `/users/${withoutPhoto.id}/photo/$value`]) {
      const res = await graph(sim, token, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('ImageNotFound');
    }
    const unknown = await graph(
      sim,
      token,
      'GET',
      '/users/00000000-0000-4000-8000-000000000000/photo/$value',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ErrorInvalidUser');
  });

  it('can give or take a photo through the control switch (new photo → reads succeed)', async () => {
    sim.control.setPhoto(withoutPhoto.id, true);
    expect((await raw(`/users/${withoutPhoto.id}/photo/$value`)).status).toBe(200);
    sim.control.setPhoto(withPhoto.id, false);
    expect((await graph(sim, token, 'GET', `/users/${withPhoto.id}/photo`)).status).toBe(404);
  });

  it('needs User.Read.All (or User.ReadWrite.All) app-only; 401 without a token', async () => {
    const basic = await sim.issueAppToken({ roles: ['User.ReadBasic.All', 'Calendars.ReadWrite'] });
    const denied = await graph(sim, basic, 'GET', `/users/${withPhoto.id}/photo/$value`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('ErrorAccessDenied');
    const readWrite = await sim.issueAppToken({ roles: ['User.ReadWrite.All'] });
    expect((await raw(`/users/${withPhoto.id}/photo/$value`, readWrite)).status).toBe(200);
    const anonymous = await fetch(`${sim.url}/v1.0/users/${withPhoto.id}/photo/$value`);
    expect(anonymous.status).toBe(401);
  });

  it('counts toward the per app + mailbox throttle like other mailbox reads (429 + Retry-After)', async () => {
    sim.control.setLimits({ mailboxRequestsPerWindow: 3 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const res = await raw(`/users/${withPhoto.id}/photo/$value`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(sim.control.counters()['GET /users/{id}/photo/$value']).toBe(5);
  });

  it('base64-encodes the photo inside $batch and reaches it through the Graph SDK', async () => {
    const batch = await graph(sim, token, 'POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${withPhoto.id}/photo/$value` },
        { id: '2', method: 'GET', url: `/users/${withoutPhoto.id}/photo/$value` },
      ],
    });
    const byId = new Map(batch.body.responses.map((r: { id: string }) => [r.id, r]));
    const one = byId.get('1') as { status: number; headers: Record<string, string>; body: string };
    expect(one.status).toBe(200);
    expect(one.headers['Content-Type']).toBe('image/jpeg');
    expect(Buffer.from(one.body, 'base64').subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((byId.get('2') as { status: number }).status).toBe(404);
    const viaSdk = (await graphClient(sim)
      .api(`/users/${withPhoto.id}/photo/$value`)
      .responseType(ResponseType.ARRAYBUFFER)
      .get()) as ArrayBuffer;
    expect(Buffer.from(viaSdk).subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});

describe("the backend's GraphProfilePhotos adapter against the simulator (msal-node token, app-only)", () => {
  it('reads the 120x120 photo, says null for someone without one, and the cache spares Graph the second read', async () => {
    const access = new GraphAccess({
      AUTHORITY_HOST: sim.url,
      GRAPH_BASE_URL: sim.url,
      API_CLIENT_ID: sim.apiClientId,
      GRAPH_CLIENT_ID: sim.backendClientId,
      GRAPH_CLIENT_SECRET: sim.backendClientSecret,
      GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
    });
    const photos = new CachedProfilePhotos(
      new GraphProfilePhotos({ baseUrl: sim.url, getToken: (tenantId) => access.acquireToken(tenantId) }),
    );
    const photo = await photos.read(sim.tenantId, withPhoto.id);
    expect(photo?.contentType).toBe('image/jpeg');
    expect(decode(Buffer.from(photo!.bytes)).width).toBe(120);
    expect(await photos.read(sim.tenantId, withoutPhoto.id)).toBeNull();
    await photos.read(sim.tenantId, withPhoto.id);
    await photos.read(sim.tenantId, withoutPhoto.id);
    const counters = sim.control.counters();
    expect(counters['GET /users/{id}/photos/{size}/$value']).toBe(2);
    // Only the person without a photo needed the fallback to the largest size.
    expect(counters['GET /users/{id}/photo/$value']).toBe(1);
  });
});
