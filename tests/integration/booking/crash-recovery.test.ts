import { InvocationContext } from '@azure/functions';
import { DateTime } from 'luxon';

import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { createMemoryRepositories } from '../../../functions/src/adapters/cosmos/memory-document-store';
import { createCalendarPorts } from '../../../functions/src/adapters/graph/calendar';
import { markerFilter } from '../../../functions/src/adapters/graph/calendar/calendar-writer';
import { GraphAccess } from '../../../functions/src/adapters/graph/graph-client';
import { PairingDocumentSchema, ParticipantDocumentSchema, ProgramDocumentSchema, participantId } from '../../../functions/src/domain/model';
import { type Repositories } from '../../../functions/src/domain/ports';
import { bookingMarkerValue } from '../../../functions/src/domain/scheduling';
import { createBookingWorker } from '../../../functions/src/functions/booking-worker';
import { startSimulatorForBooking } from './booking-harness';

/**
 * Exactly once across a crash: the worker dies after Graph answered 201 to the creation and before the pairing
 * document records the series. The redelivered message (same attempt, recorded as started and never finished)
 * must find the series by our marker (singleValueExtendedProperties/Any(...) on the organizer's events, evaluated
 * by the simulator) and store it, without creating a second series.
 */
jest.setTimeout(120_000);

let sim: TenantSimulator;
beforeAll(async () => {
  sim = await startSimulatorForBooking('booking-crash-recovery', 80);
});
afterAll(async () => {
  await sim.stop();
});

const tab = 'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/mentoring';

class Crash extends Error {}

/** The repositories, except that the first write recording a booked series "kills the process" (throws before writing). */
function crashingOnBookedWrite(repos: ReturnType<typeof createMemoryRepositories>): { repos: Pick<Repositories, 'programs' | 'participants' | 'pairings'>; crashed: () => boolean } {
  let crashed = false;
  const pairings = new Proxy(repos.pairings, {
    get(target, prop, receiver) {
      if (prop === 'replace') {
        return async (doc: { state?: string }, etag?: string) => {
          if (!crashed && doc.state === 'booked') {
            crashed = true;
            throw new Crash('worker killed between Graph 201 and the database write');
          }
          return target.replace(doc as Parameters<typeof target.replace>[0], etag);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { repos: { programs: repos.programs, participants: repos.participants, pairings }, crashed: () => crashed };
}

async function seed(repos: ReturnType<typeof createMemoryRepositories>, pairingId: string, people: readonly [DirectoryUser, DirectoryUser]): Promise<void> {
  const tenantId = sim.tenantId;
  const now = DateTime.utc().startOf('day');
  const stamp = now.toISO();
  if (!(await repos.programs.get(tenantId, 'prog'))) {
    await repos.programs.create(
      ProgramDocumentSchema.parse({
        id: 'prog',
        tenantId,
        name: 'Crash Peers',
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
  }
  for (const user of people) {
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
  await repos.pairings.create(
    PairingDocumentSchema.parse({
      id: pairingId,
      tenantId,
      programId: 'prog',
      roundId: 'r1',
      published: true,
      memberIds: people.map((u) => u.id),
      members: people.map((u) => ({ userId: u.id, displayName: u.displayName, jobTitle: u.jobTitle, department: u.department, level: String(u.level), levelRank: Number(String(u.level).slice(1)), timeZone: u.timeZone })),
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

/** Two people in one office (same zone), so a common slot exists. */
function officePair(index: number): readonly [DirectoryUser, DirectoryUser] {
  const byZone = new Map<string, DirectoryUser[]>();
  for (const u of sim.users.filter((x) => x.accountEnabled && x.mail)) byZone.set(u.timeZone, [...(byZone.get(u.timeZone) ?? []), u]);
  const office = [...byZone.values()].sort((a, b) => b.length - a.length)[0]!;
  return [office[2 * index]!, office[2 * index + 1]!] as const;
}

function portsFor() {
  const access = new GraphAccess({
    AUTHORITY_HOST: sim.url,
    GRAPH_BASE_URL: sim.url,
    API_CLIENT_ID: sim.apiClientId,
    GRAPH_CLIENT_ID: sim.backendClientId,
    GRAPH_CLIENT_SECRET: sim.backendClientSecret,
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
  });
  return createCalendarPorts(access, sim.tenantId, sim.url);
}

const context = (dequeueCount: number) => new InvocationContext({ functionName: 'booking-worker', triggerMetadata: { dequeueCount }, logHandler: () => undefined });

/** Series on the organizer's calendar carrying this pairing's marker, as Graph answers the documented filter. */
async function markedSeries(ports: ReturnType<typeof portsFor>, organizerMail: string, pairingId: string): Promise<Array<{ id: string; isCancelled: boolean }>> {
  const filter = encodeURIComponent(markerFilter(bookingMarkerValue(sim.tenantId, pairingId)));
  const res = await ports.gateway.send({ method: 'GET', path: `/users/${encodeURIComponent(organizerMail)}/events?$filter=${filter}&$select=id,isCancelled&$top=100` });
  expect(res.status).toBe(200);
  return (res.body as { value: Array<{ id: string; isCancelled: boolean }> }).value;
}

describe('a crash between Graph 201 and the database write', () => {
  it('the redelivered message finds the series by its marker and stores it: one series, no second creation', async () => {
    const memory = createMemoryRepositories();
    const people = officePair(0);
    await seed(memory, 'crash-1', people);
    const crashing = crashingOnBookedWrite(memory);
    const message = { version: 1, tenantId: sim.tenantId, programId: 'prog', roundId: 'r1', pairingId: 'crash-1', attempt: 0 };

    sim.control.resetCounters();
    const first = createBookingWorker({ repos: crashing.repos, portsFor: () => portsFor(), clock: () => new Date(), tabDeepLink: tab });
    await expect(first(message, context(1))).rejects.toThrow(Crash);
    expect(crashing.crashed()).toBe(true);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);
    const afterCrash = (await memory.pairings.get(sim.tenantId, 'crash-1'))!.doc;
    // The database knows only that an attempt started: no series id, not booked.
    expect(afterCrash.state).toBe('booking');
    expect(afterCrash.series).toBeNull();

    // A fresh process (new worker, new Graph client) gets the same message again.
    sim.control.resetCounters();
    const ports = portsFor();
    const second = createBookingWorker({ repos: memory, portsFor: () => ports, clock: () => new Date(), tabDeepLink: tab });
    await second(message, context(2));
    const counters = sim.control.counters();
    // One marker look-up on the organizer's events, and no creation at all: the marker, not the transactionId, did it.
    expect(counters['GET /users/{id}/events']).toBe(1);
    expect(counters['POST /users/{id}/events'] ?? 0).toBe(0);

    const doc = (await memory.pairings.get(sim.tenantId, 'crash-1'))!.doc;
    expect(doc.state).toBe('booked');
    const organizer = sim.users.find((u) => u.id === doc.organizerId)!;
    const series = await markedSeries(ports, organizer.mail, 'crash-1');
    expect(series).toHaveLength(1);
    expect(doc.series?.eventId).toBe(series[0]!.id);
    expect(doc.series?.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
  });

  it('without a crash there is no look-up: the first attempt creates directly (one request saved)', async () => {
    const memory = createMemoryRepositories();
    await seed(memory, 'nocrash-1', officePair(1));
    sim.control.resetCounters();
    const ports = portsFor();
    const worker = createBookingWorker({ repos: memory, portsFor: () => ports, clock: () => new Date(), tabDeepLink: tab });
    await worker({ version: 1, tenantId: sim.tenantId, programId: 'prog', roundId: 'r1', pairingId: 'nocrash-1', attempt: 0 }, context(1));
    expect(sim.control.counters()['GET /users/{id}/events'] ?? 0).toBe(0);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);
    const doc = (await memory.pairings.get(sim.tenantId, 'nocrash-1'))!.doc;
    expect(doc.state).toBe('booked');
    const organizer = sim.users.find((u) => u.id === doc.organizerId)!;
    expect(await markedSeries(ports, organizer.mail, 'nocrash-1')).toHaveLength(1);
  });

  it('a crash before Graph answered (the creation never arrived): the look-up finds nothing and exactly one series is created', async () => {
    const memory = createMemoryRepositories();
    const people = officePair(2);
    await seed(memory, 'crash-2', people);
    const message = { version: 1, tenantId: sim.tenantId, programId: 'prog', roundId: 'r1', pairingId: 'crash-2', attempt: 0 };
    // Every event creation fails on the first delivery: the attempt is recorded as started, nothing reached the calendar.
    sim.control.setFaults([{ method: 'POST', route: '/users/{id}/events', fault: 503 }]);
    const first = createBookingWorker({ repos: memory, portsFor: () => portsFor(), clock: () => new Date(), tabDeepLink: tab });
    await expect(first(message, context(1))).rejects.toThrow();
    sim.control.clearFaults();
    sim.control.resetCounters();
    const ports = portsFor();
    const second = createBookingWorker({ repos: memory, portsFor: () => ports, clock: () => new Date(), tabDeepLink: tab });
    await second(message, context(2));
    expect(sim.control.counters()['GET /users/{id}/events']).toBe(1);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);
    const doc = (await memory.pairings.get(sim.tenantId, 'crash-2'))!.doc;
    expect(doc.state).toBe('booked');
    const organizer = sim.users.find((u) => u.id === doc.organizerId)!;
    expect(await markedSeries(ports, organizer.mail, 'crash-2')).toHaveLength(1);
  });
});
