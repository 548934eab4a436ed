import fc from 'fast-check';

import { MeetingPairingQuerySchema, MeetingPairingResponseSchema, type Round } from '../contracts';
import { pickMeetingPairing } from '../domain/pairings/meeting-pairing';
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
import { meetingPairingFunctions } from './meeting-pairing-api';

const thread = (n: number) => `19:meeting_Thread${n}xYz@thread.v2`;
const joinUrl = (n: number) =>
  `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread(n))}/0?context=%7b%22Tid%22%3a%22t%22%7d`;

/** Ann–Bob and Cid–Dee (the in-order planner); Ann's pairing is booked with the meeting of thread 1, Cid's with 2. */
async function setUp(): Promise<{ kit: Kit; annPairing: string; cidPairing: string }> {
  const kit = createKit({ extraFunctions: (services) => meetingPairingFunctions(services) });
  const programId = await createProgram(kit);
  await enrollAll(kit, programId, [users.ann, users.bob, users.cid, users.dee]);
  const round = (
    await kit.callRound('admin-rounds-run', { as: principal(users.admin, true), params: { programId } })
  ).body as Round;
  const ids: string[] = [];
  for (const [index, member] of [users.ann, users.cid].entries()) {
    const id = round.pairings.find((p) => p.members.some((m) => m.userId === member))!.id;
    const stored = (await kit.repos.pairings.get(tenantA, id))!;
    await kit.repos.pairings.replace({
      ...stored.doc,
      state: 'booked',
      series: {
        organizerId: member,
        eventId: `event-${index}`,
        firstOccurrence: '2026-06-02T09:00:00.000Z',
        until: stored.doc.endsOn,
        joinUrl: joinUrl(index + 1),
        endedAt: null,
        load: null,
      },
    });
    ids.push(id);
  }
  return { kit, annPairing: ids[0]!, cidPairing: ids[1]! };
}

const lookup = (kit: Kit, as: string, query: Record<string, string>, tenantId?: string) =>
  kit.call('meeting-pairing', { as: principal(as, false, tenantId), query });

describe('GET /api/me/meeting-pairing', () => {
  it('finds my pairing by the workspace link’s id or by the meeting’s thread, for either member', async () => {
    const { kit, annPairing } = await setUp();
    const byLink = await lookup(kit, users.ann, { pairingId: annPairing });
    expect(byLink.status).toBe(200);
    const body = MeetingPairingResponseSchema.parse(byLink.body);
    expect([body.matchedBy, body.pairing.id, body.pairing.peers.map((p) => p.userId)]).toEqual([
      'pairing-link',
      annPairing,
      [users.bob],
    ]);
    expect(byLink.headers['cache-control']).toBe('no-store');

    const byThread = MeetingPairingResponseSchema.parse(
      (await lookup(kit, users.bob, { thread: thread(1) })).body,
    );
    expect([byThread.matchedBy, byThread.pairing.id, byThread.pairing.peers.map((p) => p.userId)]).toEqual([
      'meeting-thread',
      annPairing,
      [users.ann],
    ]);
  });

  it('a link to a pairing that is not mine does not hide the meeting’s own thread', async () => {
    const { kit, annPairing, cidPairing } = await setUp();
    const response = await lookup(kit, users.ann, { pairingId: cidPairing, thread: thread(1) });
    expect(MeetingPairingResponseSchema.parse(response.body)).toMatchObject({
      matchedBy: 'meeting-thread',
      pairing: { id: annPairing },
    });
  });

  it.each([
    [
      'someone else’s pairing by its id',
      users.cid,
      (ann: string): Record<string, string> => ({ pairingId: ann }),
    ],
    [
      'someone else’s meeting by its thread',
      users.cid,
      (): Record<string, string> => ({ thread: thread(1) }),
    ],
    ['an unrelated meeting', users.ann, (): Record<string, string> => ({ thread: thread(9) })],
    ['an unknown pairing', users.ann, (): Record<string, string> => ({ pairingId: 'p-unknown' })],
    ['someone not in any program', users.admin, (): Record<string, string> => ({ thread: thread(1) })],
  ])('is a 404 for %s', async (_name, as, query) => {
    const { kit, annPairing } = await setUp();
    const response = await lookup(kit, as, query(annPairing));
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain(annPairing);
  });

  it('another tenant’s user with Ann’s object id reaches nothing', async () => {
    const { kit, annPairing } = await setUp();
    for (const query of [{ pairingId: annPairing }, { thread: thread(1) }] as Record<string, string>[])
      expect((await lookup(kit, users.ann, query, tenantB)).status).toBe(404);
  });

  it.each([
    ['nothing to look for', {}, 'query'],
    ['a thread that is not a meeting thread', { thread: '19:abc@unq.gbl.spaces' }, 'query.thread'],
    ['an unknown parameter', { thread: thread(1), userId: users.bob }, 'query'],
  ])('is a 400 for %s', async (_name, query, path) => {
    const { kit } = await setUp();
    const response = await lookup(kit, users.ann, query);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain(`"path":"${path}`);
  });

  it('malformed queries are always a 4xx and change nothing (1,000 runs)', async () => {
    const { kit } = await setUp();
    const before = kit.snapshot();
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('19:meeting_@thread.v2', '../admin', '%00', 'x'.repeat(81), '19:meeting_a@thread.v2\n'),
    );
    const query = fc
      .record({ pairingId: value, thread: value, extra: value }, { requiredKeys: [] })
      .filter((q) => !MeetingPairingQuerySchema.safeParse(q).success);
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const response = await lookup(kit, users.ann, q);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );
    expect(kit.snapshot()).toBe(before);
  });
});

describe('pickMeetingPairing', () => {
  const pairing = (id: string, joinThread: number | null, endsOn: string, startsOn = '2026-05-01') => ({
    id,
    published: true,
    state: 'booked' as const,
    endRequested: null,
    startsOn,
    endsOn,
    series: joinThread
      ? {
          organizerId: 'o',
          eventId: 'e',
          firstOccurrence: null,
          until: null,
          joinUrl: joinUrl(joinThread),
          endedAt: null,
          load: null,
        }
      : null,
  });

  it.each([
    [
      'the link wins',
      [pairing('a', 1, '2026-07-01'), pairing('b', 2, '2026-07-01')],
      { pairingId: 'b', thread: thread(1) },
      'b',
    ],
    [
      'the thread when the link is not mine',
      [pairing('a', 1, '2026-07-01')],
      { pairingId: 'z', thread: thread(1) },
      'a',
    ],
    [
      'a live pairing before an ended one on the same meeting',
      [pairing('old', 1, '2026-05-20', '2026-06-01'), pairing('live', 1, '2026-07-01')],
      { thread: thread(1) },
      'live',
    ],
    [
      'the latest of two ended ones',
      [pairing('older', 1, '2026-05-01', '2026-03-01'), pairing('newer', 1, '2026-05-20', '2026-04-01')],
      { thread: thread(1) },
      'newer',
    ],
    ['none: a pairing without a series', [pairing('a', null, '2026-07-01')], { thread: thread(1) }, null],
    ['none: another meeting', [pairing('a', 1, '2026-07-01')], { thread: thread(3) }, null],
  ])('%s', (_name, mine, query, expected) => {
    expect(pickMeetingPairing(mine, query, '2026-06-10')?.pairing.id ?? null).toBe(expected);
  });
});
