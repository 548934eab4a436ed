import { decode } from 'jpeg-js';

import { type LocalStack, startLocalStack } from '../../../dev/stack';
import { type PairingsResponse, type Program, type Round } from '../../../functions/src/contracts';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { settledRound } from '../../../functions/src/testing/settled-round';
import { localCa } from './local-parts';

/**
 * Peer photos through the real HTTP stack of `npm start`: local Functions host, Cosmos server, Azurite and the
 * tenant simulator's Graph photos, with user tokens the simulator signs.
 */
let stack: LocalStack;
let adminUpn: string;
let pairedA: { id: string; upn: string };
let pairedB: { id: string; upn: string };
let other: { id: string; upn: string };

async function get(path: string, upn: string | null, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = upn
    ? { authorization: `Bearer ${await stack.tenant!.issueUserToken(upn)}` }
    : {};
  const response = await fetch(`${stack.baseUrl}/api/${path}`, { headers: { ...auth, ...headers } });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

const photoCalls = () => {
  const counters = stack.tenant!.control.counters();
  return (
    (counters['GET /users/{id}/photos/{size}/$value'] ?? 0) + (counters['GET /users/{id}/photo/$value'] ?? 0)
  );
};

beforeAll(async () => {
  localCa();
  stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    tenantSeed: 'peer-photo',
    tenantSize: 80,
    env: { ...process.env, PORT: undefined },
  });
  const tenant = stack.tenant!;
  adminUpn = tenant.adminUserPrincipalName;
  const users = tenant.users.filter((u) => u.accountEnabled && u.appRoles.length === 0);
  const zone = users[0]!.timeZone;
  const colleagues = users
    .filter((u) => u.timeZone === zone && ['L2', 'L3', 'L4'].includes(u.level))
    .slice(0, 6);
  const call = async (method: string, path: string, upn: string, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}/api/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tenant.issueUserToken(upn)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const program = (
    await call('POST', 'admin/programs', adminUpn, {
      ...sampleProgram,
      rules: { levelBand: 2, cooldownRounds: 2, minOverlapHours: 1, oddPolicy: 'triad' },
    })
  ).body as Program;
  for (const u of colleagues)
    expect(
      (await call('PUT', `programs/${program.id}/enrollment`, u.userPrincipalName, sampleEnrollment)).status,
    ).toBe(201);
  const readRound = async (id: string) =>
    (await call('GET', `admin/programs/${program.id}/rounds/${id}`, adminUpn)).body as Round;
  const accepted = (await call('POST', `admin/programs/${program.id}/rounds/preview`, adminUpn))
    .body as Round;
  const draft = await settledRound(() => readRound(accepted.id));
  expect(
    (await call('POST', `admin/programs/${program.id}/rounds`, adminUpn, { draftRoundId: draft.id })).status,
  ).toBe(202);
  expect((await settledRound(() => readRound(draft.id))).status).toBe('published');
  const [first, second] = draft.pairings[0]!.members.map((m) => m.userId);
  const byId = (id: string) => ({ id, upn: tenant.users.find((u) => u.id === id)!.userPrincipalName });
  pairedA = byId(first!);
  pairedB = byId(second!);
  const outsider = users.find((u) => !draft.pairings[0]!.members.some((m) => m.userId === u.id))!;
  other = { id: outsider.id, upn: outsider.userPrincipalName };
  const mine = (await call('GET', 'pairings', pairedA.upn)).body as PairingsResponse;
  expect(mine.current.flatMap((p) => p.peers.map((x) => x.userId))).toContain(pairedB.id);
  // Photos are seeded for ~70% of people; fix them here so the test does not depend on the draw.
  tenant.control.setPhoto(pairedB.id, true);
  tenant.control.setPhoto(pairedA.id, false);
  tenant.control.setPhoto(other.id, true);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GET /api/me/peers/{personId}/photo through npm start', () => {
  it('serves my peer’s photo as a JPEG with a private day cache and an etag; If-None-Match → 304; Graph read once', async () => {
    const before = photoCalls();
    const res = await get(`me/peers/${pairedB.id}/photo`, pairedA.upn);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(res.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(res.bytes.subarray(-2).toString('hex')).toBe('ffd9');
    expect(decode(res.bytes).width).toBe(120);
    const etag = res.headers.get('etag')!;
    const again = await get(`me/peers/${pairedB.id}/photo`, pairedA.upn, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect((await get(`me/peers/${pairedB.id}/photo`, pairedA.upn)).bytes.equals(res.bytes)).toBe(true);
    // The first load reached Graph; the two after it were answered from the function's memory.
    expect(photoCalls() - before).toBe(1);
  });

  it('answers 404 JSON for a peer without a photo and for a stranger alike; 401 without a token', async () => {
    const noPhoto = await get(`me/peers/${pairedA.id}/photo`, pairedB.upn);
    const stranger = await get(`me/peers/${other.id}/photo`, pairedA.upn);
    for (const res of [noPhoto, stranger]) {
      expect(res.status).toBe(404);
      expect(JSON.parse(res.bytes.toString('utf8'))).toEqual({
        error: { code: 'not_found', message: 'The photo was not found.' },
      });
    }
    expect((await get(`me/peers/${pairedB.id}/photo`, null)).status).toBe(401);
  });

  it('lets an admin see anyone’s photo', async () => {
    const res = await get(`me/peers/${other.id}/photo`, adminUpn);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
  });
});
