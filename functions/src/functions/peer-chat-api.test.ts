import { type Round } from '../contracts';
import {
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  principal,
  tenantA,
  tenantB,
  users,
} from '../testing/api-test-kit';
import { peerChatFunctions } from './peer-chat-api';

/** A kit with the chat route over a fake directory of sign-in names that records every read. */
async function setUp(): Promise<{ kit: Kit; reads: string[]; pairs: string[][] }> {
  const reads: string[] = [];
  const kit = createKit({
    extraFunctions: (services) =>
      peerChatFunctions(() => ({
        ...services(),
        signInNames: {
          signInNameOf: (tenantId, userId) => {
            reads.push(`${tenantId}/${userId}`);
            // Dee's account is gone from the directory since the round.
            return Promise.resolve(
              userId === users.dee ? null : `${userId.slice(-2)}.person@contoso.example`,
            );
          },
        },
      })),
  });
  const programId = await createProgram(kit);
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
  const round = (
    await kit.callRound('admin-rounds-run', { as: principal(users.admin, true), params: { programId } })
  ).body as Round;
  return { kit, reads, pairs: round.pairings.map((p) => p.members.map((m) => m.userId)) };
}

const chat = (kit: Kit, as: string, personId: string, tenantId?: string) =>
  kit.call('peer-chat', { as: principal(as, false, tenantId), params: { personId } });

describe('GET /api/me/peers/{personId}/chat', () => {
  it('gives the sign-in name of my peer, for a Teams chat with them', async () => {
    const { kit, reads, pairs } = await setUp();
    // The in-order planner pairs Ann with Bob and Cid with Dee.
    expect(pairs).toEqual([
      [users.ann, users.bob],
      [users.cid, users.dee],
    ]);
    const response = await chat(kit, users.ann, users.bob.toUpperCase());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ user: '03.person@contoso.example' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(reads).toEqual([`${tenantA}/${users.bob}`]);
  });

  it('is the same 404 for a stranger, for myself, and for a peer the directory no longer knows — asking Graph only for a peer', async () => {
    const { kit, reads } = await setUp();
    expect((await chat(kit, users.ann, users.cid)).status).toBe(404);
    expect((await chat(kit, users.ann, users.ann)).status).toBe(404);
    expect((await chat(kit, users.eve, users.ann)).status).toBe(404);
    expect(reads).toEqual([]);
    const gone = await chat(kit, users.cid, users.dee);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ error: { code: 'not_found' } });
    expect(reads).toHaveLength(1);
  });

  it('never crosses tenants, and refuses a person id that is not a GUID', async () => {
    const { kit, reads } = await setUp();
    expect((await chat(kit, users.ann, users.bob, tenantB)).status).toBe(404);
    expect((await chat(kit, users.ann, 'bob@contoso.example')).status).toBe(400);
    expect((await kit.call('peer-chat', { as: null, params: { personId: users.bob } })).status).toBe(401);
    expect(reads).toEqual([]);
  });
});
