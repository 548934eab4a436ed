import { type TenantSimulator } from '../../../dev/tenant';
import { createMemoryRepositories } from '../../../functions/src/adapters/cosmos/memory-document-store';
import { officePair } from './support/people';
import { seedRound } from './support/seed';
import { lifecycleAgainst, startSimulatorForBooking } from './support/simulator';

jest.setTimeout(120_000);

let sim: TenantSimulator;
beforeAll(async () => {
  sim = await startSimulatorForBooking('booking-worker-tests', 80);
});
afterAll(async () => {
  await sim.stop();
});

describe('booking service against the simulator (production adapters: MSAL token, fetch, $batch)', () => {
  it('books three pairings from queue messages, stores immutable ids and join links, notifies both people', async () => {
    const repos = createMemoryRepositories();
    const tenantId = sim.tenantId;
    const pairs = [0, 1, 2].map((i) => officePair(sim, i));
    const messages = await seedRound(repos, {
      tenantId,
      programId: 'prog',
      programName: 'Worker Peers',
      roundId: 'r1',
      pairings: pairs.map((people, i) => ({ id: `wp${i}`, people })),
      participants: true,
    });
    const lifecycle = lifecycleAgainst(sim, repos);
    const ports = lifecycle.ports;
    sim.control.resetCounters();
    await Promise.all(messages.map((message) => lifecycle.booking.handle(message, { lastDelivery: false })));
    const counters = sim.control.counters();
    // Coalesced: one filtered user read for six mailboxes, one getSchedule call, three creations in one $batch.
    expect(counters['GET /users']).toBe(1);
    expect(counters['POST /users/{id}/calendar/getSchedule']).toBe(1);
    expect(counters['POST /users/{id}/events']).toBe(3);
    for (const i of [0, 1, 2]) {
      const doc = (await repos.pairings.get(tenantId, `wp${i}`))!.doc;
      expect(doc).toMatchObject({ state: 'booked', attentionReason: null });
      expect(doc.series?.joinUrl).toMatch(/^https:\/\//);
      const event = await ports.gateway.send({
        method: 'GET',
        path: `/users/${doc.organizerId!}/events/${encodeURIComponent(doc.series!.eventId!)}`,
        headers: { prefer: 'IdType="ImmutableId"' },
      });
      expect(event.status).toBe(200);
      expect((event.body as { subject: string }).subject).toBe('Worker Peers: peer mentoring');
    }
    // Notifications go through their own queue, sent at Graph's pace by the notification worker.
    expect(sim.control.activityNotifications().length).toBe(0);
    await lifecycle.drain();
    expect(sim.control.activityNotifications().length).toBe(6);
  });
});
