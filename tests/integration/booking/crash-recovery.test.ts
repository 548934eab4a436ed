import { type TenantSimulator } from '../../../dev/tenant';
import { createMemoryRepositories } from '../../../functions/src/adapters/cosmos/memory-document-store';
import { markerFilter } from '../../../functions/src/adapters/graph/calendar/calendar-writer';
import { type BookingMessage } from '../../../functions/src/contracts/queue';
import { bookingMarkerValue } from '../../../functions/src/domain/scheduling';
import { officePair, type Pair } from './support/people';
import { type SeedRepositories, seedRound } from './support/seed';
import { lifecycleAgainst, startSimulatorForBooking, workerPorts } from './support/simulator';

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

class Crash extends Error {}

/** The repositories, except that the first write recording a booked series "kills the process" (throws before writing). */
function crashingOnBookedWrite(repos: ReturnType<typeof createMemoryRepositories>): {
  repos: SeedRepositories & Pick<typeof repos, 'leases' | 'rounds'>;
  crashed: () => boolean;
} {
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
  return {
    repos: {
      programs: repos.programs,
      participants: repos.participants,
      pairings,
      leases: repos.leases,
      rounds: repos.rounds,
    },
    crashed: () => crashed,
  };
}

/** One proposed pairing in program `prog`, round `r1`, its members enrolled; returns its queue message. */
async function seed(repos: SeedRepositories, pairingId: string, people: Pair): Promise<BookingMessage> {
  const [message] = await seedRound(repos, {
    tenantId: sim.tenantId,
    programId: 'prog',
    programName: 'Crash Peers',
    roundId: 'r1',
    pairings: [{ id: pairingId, people }],
    participants: true,
  });
  return message!;
}

/** Series on the organizer's calendar carrying this pairing's marker, as Graph answers the documented filter. */
async function markedSeries(
  ports: ReturnType<typeof workerPorts>,
  organizerId: string,
  pairingId: string,
): Promise<Array<{ id: string; isCancelled: boolean }>> {
  const filter = encodeURIComponent(markerFilter(bookingMarkerValue(sim.tenantId, pairingId)));
  const res = await ports.gateway.send({
    method: 'GET',
    path: `/users/${organizerId}/events?$filter=${filter}&$select=id,isCancelled&$top=100`,
  });
  expect(res.status).toBe(200);
  return (res.body as { value: Array<{ id: string; isCancelled: boolean }> }).value;
}

describe('a crash between Graph 201 and the database write', () => {
  it('the redelivered message finds the series by its marker and stores it: one series, no second creation', async () => {
    const memory = createMemoryRepositories();
    const message = await seed(memory, 'crash-1', officePair(sim, 0));
    const crashing = crashingOnBookedWrite(memory);

    sim.control.resetCounters();
    const first = lifecycleAgainst(sim, crashing.repos).booking;
    await expect(first.handle(message, { lastDelivery: false })).rejects.toThrow(Crash);
    expect(crashing.crashed()).toBe(true);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);
    const afterCrash = (await memory.pairings.get(sim.tenantId, 'crash-1'))!.doc;
    // The database knows only that an attempt started: no series id, not booked.
    expect(afterCrash.state).toBe('booking');
    expect(afterCrash.series).toBeNull();

    // A fresh process (new worker, new Graph client) gets the same message again.
    sim.control.resetCounters();
    const ports = workerPorts(sim);
    const second = lifecycleAgainst(sim, memory).booking;
    await second.handle(message, { lastDelivery: false });
    const counters = sim.control.counters();
    // One marker look-up on the organizer's events, and no creation at all: the marker, not the transactionId, did it.
    expect(counters['GET /users/{id}/events']).toBe(1);
    expect(counters['POST /users/{id}/events'] ?? 0).toBe(0);

    const doc = (await memory.pairings.get(sim.tenantId, 'crash-1'))!.doc;
    expect(doc.state).toBe('booked');
    const series = await markedSeries(ports, doc.organizerId!, 'crash-1');
    expect(series).toHaveLength(1);
    expect(doc.series?.eventId).toBe(series[0]!.id);
    expect(doc.series?.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
  });

  it('without a crash there is no look-up: the first attempt creates directly (one request saved)', async () => {
    const memory = createMemoryRepositories();
    const message = await seed(memory, 'nocrash-1', officePair(sim, 1));
    sim.control.resetCounters();
    const ports = workerPorts(sim);
    await lifecycleAgainst(sim, memory).booking.handle(message, { lastDelivery: false });
    expect(sim.control.counters()['GET /users/{id}/events'] ?? 0).toBe(0);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);
    const doc = (await memory.pairings.get(sim.tenantId, 'nocrash-1'))!.doc;
    expect(doc.state).toBe('booked');
    expect(await markedSeries(ports, doc.organizerId!, 'nocrash-1')).toHaveLength(1);
  });

  it('a crash before Graph answered (the creation never arrived): the look-up finds nothing and exactly one series is created', async () => {
    const memory = createMemoryRepositories();
    const message = await seed(memory, 'crash-2', officePair(sim, 2));
    // Every event creation fails on the first delivery: the attempt is recorded as started, nothing reached the calendar.
    sim.control.setFaults([{ method: 'POST', route: '/users/{id}/events', fault: 503 }]);
    const first = lifecycleAgainst(sim, memory);
    // An outage is a transient failure: the message comes back later (here: at once), the attempt stays open.
    expect(await first.booking.handle(message, { lastDelivery: false })).toMatchObject({ kind: 'deferred' });
    const again = first.queues.bookings[0]!;
    expect(again).toMatchObject({ pairingId: 'crash-2', retry: { count: 1 } });
    sim.control.clearFaults();
    sim.control.resetCounters();
    const ports = workerPorts(sim);
    await lifecycleAgainst(sim, memory).booking.handle(again, { lastDelivery: false });
    expect(sim.control.counters()['GET /users/{id}/events']).toBe(1);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);
    const doc = (await memory.pairings.get(sim.tenantId, 'crash-2'))!.doc;
    expect(doc.state).toBe('booked');
    expect(await markedSeries(ports, doc.organizerId!, 'crash-2')).toHaveLength(1);
  });
});
