import { InvocationContext } from '@azure/functions';
import { DateTime } from 'luxon';

import { type TenantSimulator } from '../../../dev/tenant';
import { createMemoryRepositories } from '../../../functions/src/adapters/cosmos/memory-document-store';
import { createCalendarPorts } from '../../../functions/src/adapters/graph/calendar';
import { GraphAccess } from '../../../functions/src/adapters/graph/graph-client';
import { PairingDocumentSchema, ParticipantDocumentSchema, ProgramDocumentSchema, participantId } from '../../../functions/src/domain/model';
import { createBookingWorker } from '../../../functions/src/functions/booking-worker';
import { startSimulatorForBooking } from './booking-harness';

jest.setTimeout(120_000);

let sim: TenantSimulator;
beforeAll(async () => {
  sim = await startSimulatorForBooking('booking-worker-tests', 80);
});
afterAll(async () => {
  await sim.stop();
});

describe('booking worker against the simulator (production adapters: MSAL token, fetch, $batch)', () => {
  it('books three pairings from queue messages, stores immutable ids and join links, notifies both people', async () => {
    const now = DateTime.utc().startOf('day');
    const repos = createMemoryRepositories();
    const tenantId = sim.tenantId;
    const stamp = now.toISO();
    await repos.programs.create(
      ProgramDocumentSchema.parse({
        id: 'prog',
        tenantId,
        name: 'Worker Peers',
        kind: 'collaborative-learning',
        roundLengthWeeks: 8,
        defaultCadence: 'weekly',
        sessionMinutes: 30,
        schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
        createdAt: stamp,
        updatedAt: stamp,
        createdBy: 'admin',
        status: 'active',
      }),
    );
    // Pairs within one office (same zone), as the matching engine's working-hours overlap rule would allow.
    const byZone = new Map<string, typeof sim.users>();
    for (const u of sim.users.filter((x) => x.accountEnabled && x.mail)) byZone.set(u.timeZone, [...(byZone.get(u.timeZone) ?? []), u]);
    const office = [...byZone.values()].sort((a, b) => b.length - a.length)[0]!;
    const pairs = [0, 1, 2].map((i) => [office[2 * i]!, office[2 * i + 1]!] as const);
    for (const user of pairs.flat()) {
      await repos.participants.create(
        ParticipantDocumentSchema.parse({
          id: participantId('prog', user.id),
          tenantId,
          programId: 'prog',
          userId: user.id,
          status: 'active',
          pausedUntil: null,
          preferences: { goals: ['collaborative-learning'], cadence: 'weekly' },
          enrolledAt: stamp,
          updatedAt: stamp,
          leftAt: null,
          directory: null,
          directorySyncedAt: null,
          searchName: user.displayName.toLowerCase(),
        }),
      );
    }
    for (const [i, [a, b]] of pairs.entries()) {
      await repos.pairings.create(
        PairingDocumentSchema.parse({
          id: `wp${i}`,
          tenantId,
          programId: 'prog',
          roundId: 'r1',
          published: true,
          memberIds: [a.id, b.id],
          members: [a, b].map((u) => ({ userId: u.id, displayName: u.displayName, jobTitle: u.jobTitle, department: u.department, level: String(u.level), levelRank: Number(String(u.level).slice(1)), timeZone: u.timeZone })),
          score: 1,
          reasons: [{ kind: 'overlap-hours', data: { hours: 6 } }],
          state: 'proposed',
          cadence: 'weekly',
          sessionMinutes: 30,
          startsOn: now.plus({ days: 1 }).toISODate(),
          endsOn: now.plus({ weeks: 8 }).toISODate(),
          organizerId: null,
          series: null,
          nextSession: null,
          attentionReason: null,
          overridden: false,
          skippedBy: [],
          endRequested: null,
          bookingAttempt: 0,
          createdAt: stamp,
          updatedAt: stamp,
        }),
      );
    }
    const access = new GraphAccess({
      AUTHORITY_HOST: sim.url,
      GRAPH_BASE_URL: sim.url,
      API_CLIENT_ID: sim.apiClientId,
      GRAPH_CLIENT_ID: sim.backendClientId,
      GRAPH_CLIENT_SECRET: sim.backendClientSecret,
      GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
    });
    const ports = createCalendarPorts(access, tenantId, sim.url);
    const worker = createBookingWorker({ repos, portsFor: () => ports, clock: () => new Date(), tabDeepLink: 'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/mentoring' });
    const context = () => new InvocationContext({ functionName: 'booking-worker', triggerMetadata: { dequeueCount: 1 }, logHandler: () => undefined });
    sim.control.resetCounters();
    await Promise.all(pairs.map((_, i) => worker({ version: 1, tenantId, programId: 'prog', roundId: 'r1', pairingId: `wp${i}`, attempt: 0 }, context())));
    const counters = sim.control.counters();
    // Coalesced: one filtered user read for six mailboxes, one getSchedule call, three creations in one $batch.
    expect(counters['GET /users']).toBe(1);
    expect(counters['POST /users/{id}/calendar/getSchedule']).toBe(1);
    expect(counters['POST /users/{id}/events']).toBe(3);
    for (const i of [0, 1, 2]) {
      const doc = (await repos.pairings.get(tenantId, `wp${i}`))!.doc;
      expect(doc).toMatchObject({ state: 'booked', attentionReason: null });
      expect(doc.series?.joinUrl).toMatch(/^https:\/\//);
      const organizer = sim.users.find((u) => u.id === doc.organizerId)!;
      const event = await ports.gateway.send({ method: 'GET', path: `/users/${encodeURIComponent(organizer.mail)}/events/${encodeURIComponent(doc.series!.eventId!)}`, headers: { prefer: 'IdType="ImmutableId"' } });
      expect(event.status).toBe(200);
      expect((event.body as { subject: string }).subject).toBe('Worker Peers: peer mentoring');
    }
    expect(sim.control.activityNotifications().length).toBe(6);
  });
});
