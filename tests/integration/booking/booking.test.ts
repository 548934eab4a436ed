import { DateTime } from 'luxon';

import { type TenantSimulator } from '../../../dev/tenant';
import { type BookingResult, bookPairings, zoneFromName } from '../../../functions/src/domain/scheduling';
import { observeInstances } from '../../../functions/src/domain/scheduling/series-health';
import { eventually } from './support/eventually';
import { bookableUsers, pairingsOf } from './support/people';
import {
  type BookingPorts,
  bookingPorts,
  nextPagePath,
  startSimulatorForBooking,
  throttlingFaults,
} from './support/simulator';

jest.setTimeout(120_000);

let sim: TenantSimulator;
let ports: BookingPorts;
// A round of twelve weeks starting next Monday (the simulator's calendars are generated around "today").
const roundStart = DateTime.utc().plus({ weeks: 1 }).startOf('week');
const round = { start: roundStart.toMillis(), end: roundStart.plus({ weeks: 12 }).toMillis() };

beforeAll(async () => {
  sim = await startSimulatorForBooking('booking-tests', 160);
  ports = bookingPorts(sim);
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.control.clearFaults();
  ports.resetCount();
});

function booked(results: BookingResult[]): Extract<BookingResult, { kind: 'booked' }>[] {
  return results.filter((r): r is Extract<BookingResult, { kind: 'booked' }> => r.kind === 'booked');
}

async function seriesOf(organizer: string, subject: string): Promise<Array<{ id: string; subject: string }>> {
  const found: Array<{ id: string; subject: string }> = [];
  let path: string | undefined =
    `/users/${encodeURIComponent(organizer)}/events?$select=id,subject,type&$top=200`;
  while (path) {
    const response = await ports.gateway.send({ method: 'GET', path });
    const body = response.body as {
      value: Array<{ id: string; subject: string; type: string }>;
      '@odata.nextLink'?: string;
    };
    found.push(...body.value.filter((e) => e.subject === subject && e.type === 'seriesMaster'));
    path = nextPagePath(body);
  }
  return found;
}

describe('free/busy for a round', () => {
  it('reads 60 mailboxes over 70 days in one HTTP request (a $batch of 6 getSchedule calls) with working hours', async () => {
    const people = bookableUsers(sim).slice(0, 60);
    const mailboxes = people.map((u) => u.mail);
    sim.control.resetCounters();
    const availability = await ports.freeBusy.readAvailability({
      mailboxes,
      ids: new Map(people.map((u) => [u.mail.toLowerCase(), u.id])),
      window: { start: round.start, end: round.start + 70 * 86_400_000 },
    });
    expect(ports.httpRequests()).toBe(1);
    const counters = sim.control.counters();
    expect(counters['POST /$batch']).toBe(1);
    expect(counters['POST /users/{id}/calendar/getSchedule']).toBe(6);
    expect(availability.size).toBe(60);
    const all = [...availability.values()];
    expect(all.every((a) => !a.error && a.workingHours)).toBe(true);
    // The demo company has realistic calendars: most people are busy at some point.
    expect(all.filter((a) => a.intervals.length > 0).length).toBeGreaterThan(30);
  });

  it('counts a busy block made through the control API', async () => {
    const user = bookableUsers(sim)[3]!;
    const start = DateTime.fromMillis(round.start, { zone: 'utc' }).plus({ days: 2, hours: 7 });
    sim.control.makeBusy(user.mail, start.toISO()!, start.plus({ hours: 1 }).toISO()!, { showAs: 'oof' });
    const availability = await ports.freeBusy.readAvailability({
      mailboxes: [user.mail],
      window: { start: round.start, end: round.start + 7 * 86_400_000 },
    });
    const intervals = availability.get(user.mail.toLowerCase())!.intervals;
    expect(
      intervals.some(
        (i) =>
          i.status === 'oof' && i.start <= start.toMillis() && i.end >= start.plus({ hours: 1 }).toMillis(),
      ),
    ).toBe(true);
  });
});

describe('booking pairings', () => {
  it('books 20 pairings with 2 HTTP requests: one series each, Teams link, recurrence as chosen, the invitation on the attendee’s calendar', async () => {
    const requests = pairingsOf(sim, { from: 0, count: 20, round, prefix: 'b1' });
    const results = await bookPairings(requests, ports, { notBefore: round.start });
    expect(ports.httpRequests()).toBe(2);
    const done = booked(results);
    // Pairings without a humane overlap (e.g. Seattle ↔ Bengaluru) are typed outcomes, not failures.
    for (const r of results.filter((x) => x.kind !== 'booked'))
      expect(r).toMatchObject({
        kind: 'needs-attention',
        reason: expect.stringMatching(/no-working-hours-overlap|calendars-full/),
      });
    expect(done.length).toBeGreaterThanOrEqual(10);
    for (const result of done) {
      const request = requests.find((r) => r.pairingId === result.pairingId)!;
      const organizer = request.people.find((p) => p.id === result.organizerId)!;
      const attendee = request.people.find((p) => p.id === result.attendeeId)!;
      expect(result.series.joinUrl).toMatch(/^https:\/\//);
      expect(result.slot.usable / result.slot.checked).toBeGreaterThanOrEqual(0.5);
      const event = await ports.gateway.send({
        method: 'GET',
        path: `/users/${organizer.id}/events/${encodeURIComponent(result.series.eventId)}`,
        headers: { prefer: 'IdType="ImmutableId"' },
      });
      expect(event.status).toBe(200);
      const body = event.body as {
        recurrence: { pattern: { type: string; daysOfWeek: string[] }; range: { startDate: string } };
        attendees: Array<{ emailAddress: { address: string } }>;
        isOnlineMeeting: boolean;
      };
      expect(body.recurrence.pattern).toMatchObject({
        type: 'weekly',
        daysOfWeek: [result.slot.organizerLocal.weekday],
      });
      expect(body.recurrence.range.startDate).toBe(result.slot.firstOccurrence.localDate);
      expect(body.attendees.map((a) => a.emailAddress.address.toLowerCase())).toEqual([
        attendee.mailbox.toLowerCase(),
      ]);
      // The attendee got the invitation: the first session is on their calendar at the chosen instant.
      const first = result.slot.firstOccurrence;
      const items = await eventually(async () => {
        const view = await ports.gateway.send({
          method: 'GET',
          path: `/users/${attendee.id}/calendarView?startDateTime=${new Date(first.start).toISOString()}&endDateTime=${new Date(first.end).toISOString()}&$select=subject,start,end&$top=50`,
          headers: { prefer: 'outlook.timezone="UTC"' },
        });
        const found = (
          view.body as { value: Array<{ subject: string; start: { dateTime: string } }> }
        ).value.filter((v) => v.subject.startsWith('Peers b1'));
        return found.length > 0 ? found : undefined;
      }, 'the invitation on the attendee’s calendar');
      expect(items).toHaveLength(1);
      expect(Date.parse(`${items[0]!.start.dateTime.slice(0, 19)}Z`)).toBe(first.start);
    }
  });

  it('each occurrence lands at the organizer’s local time across DST, as calendarView expands it', async () => {
    const [request] = pairingsOf(sim, {
      from: 40,
      count: 1,
      round: { start: round.start, end: round.start + 40 * 7 * 86_400_000 },
      prefix: 'dst',
      sameZone: true,
    });
    const result = (await bookPairings([request!], ports, { notBefore: round.start }))[0];
    if (result?.kind !== 'booked') throw new Error(`expected booked, got ${JSON.stringify(result)}`);
    const organizer = request!.people.find((p) => p.id === result.organizerId)!;
    const zone = zoneFromName(organizer.timeZone)!;
    const view = await ports.gateway.send({
      method: 'GET',
      path: `/users/${organizer.id}/calendarView?startDateTime=${new Date(round.start).toISOString()}&endDateTime=${new Date(round.start + 40 * 7 * 86_400_000).toISOString()}&$select=subject,start&$top=1000`,
      headers: { prefer: 'outlook.timezone="UTC"' },
    });
    const starts = (view.body as { value: Array<{ subject: string; start: { dateTime: string } }> }).value
      .filter((v) => v.subject.startsWith('Peers dst'))
      .map((v) => DateTime.fromISO(v.start.dateTime.slice(0, 19), { zone: 'utc' }).setZone(zone));
    // 40 weeks always cross a DST change in zones that have one; every occurrence keeps the local time.
    expect(starts.length).toBeGreaterThanOrEqual(39);
    expect(new Set(starts.map((s) => s.hour * 60 + s.minute))).toEqual(new Set([result.slot.startMinutes]));
  });

  it('under 30 % 429 and 10 % 503 (also inside batches) books every pairing exactly once', async () => {
    const requests = pairingsOf(sim, { from: 60, count: 20, round, prefix: 'b2' });
    sim.control.setFaults(throttlingFaults({ throttled: 0.3, unavailable: 0.1 }), 'booking-faults');
    const results = await bookPairings(requests, ports, { notBefore: round.start });
    sim.control.clearFaults();
    expect(sim.control.faults()).toEqual([]);
    expect(results.filter((r) => r.kind === 'retry-later')).toEqual([]);
    for (const result of booked(results)) {
      const organizer = requests
        .find((r) => r.pairingId === result.pairingId)!
        .people.find((p) => p.id === result.organizerId)!;
      const series = await seriesOf(organizer.id, subjectOf(requests, result));
      expect(series).toHaveLength(1);
    }
    expect(booked(results).length).toBeGreaterThanOrEqual(10);
  });
});

function subjectOf(
  requests: ReturnType<typeof pairingsOf>,
  result: Extract<BookingResult, { kind: 'booked' }>,
): string {
  const request = requests.find((r) => r.pairingId === result.pairingId)!;
  const organizer = request.people.find((p) => p.id === result.organizerId)!;
  const attendee = request.people.find((p) => p.id === result.attendeeId)!;
  return `${request.program.name}: ${organizer.displayName} and ${attendee.displayName}`;
}

describe('exactly once after a crash', () => {
  it('a retried attempt (same transactionId) returns the series created before the crash, never a second one', async () => {
    const [request] = pairingsOf(sim, { from: 90, count: 1, round, prefix: 'crash', sameZone: true });
    const first = await bookPairings([request!], ports, { notBefore: round.start });
    const created = first[0];
    if (created?.kind !== 'booked') throw new Error(`expected booked: ${JSON.stringify(created)}`);
    // The worker died after Graph's 201 and before writing the result: the same message comes back.
    const again = await bookPairings([request!], ports, { notBefore: round.start });
    expect(again[0]).toMatchObject({ kind: 'booked', series: { eventId: created.series.eventId } });
    const organizer = request!.people.find((p) => p.id === created.organizerId)!;
    expect(await seriesOf(organizer.id, subjectOf([request!], created))).toHaveLength(1);
    // Here the transactionId de-duplicates; the recovery look-up by our marker (singleValueExtendedProperties,
    // docs/decisions/0004) is proven against the simulator in crash-recovery.test.ts.
  });
});

describe('keeping the series healthy', () => {
  /** One series as the follow-up sweep reads it (occurrences with every attendee's answer), by organizer id. */
  async function readSeries(organizerId: string, eventId: string, window: { start: number; end: number }) {
    return (await ports.calendar.readSeriesMany([{ key: 'one', organizerId, eventId, window }])).get('one')!;
  }

  it('sees an attendee who declined the series: every occurrence declined, and the master says so', async () => {
    const [request] = pairingsOf(sim, { from: 100, count: 1, round, prefix: 'decline', sameZone: true });
    for (const p of request!.people) sim.control.setAutoDecline(p.id, true);
    const result = (await bookPairings([request!], ports, { notBefore: round.start }))[0];
    if (result?.kind !== 'booked') throw new Error('expected booked');
    // The attendee's answer reaches the organizer's mailbox a moment later, as in Exchange.
    const read = await eventually(async () => {
      const series = await readSeries(result.organizerId, result.series.eventId, {
        start: round.start,
        end: round.start + 28 * 86_400_000,
      });
      return series.kind === 'instances' && series.instances.some((i) => i.responses[0] === 'declined')
        ? series
        : undefined;
    }, 'the decline on the organizer’s calendar');
    if (read.kind !== 'instances') throw new Error('expected instances');
    expect(read.instances.length).toBeGreaterThan(0);
    expect(read.instances.every((i) => i.responses.length === 1 && i.responses[0] === 'declined')).toBe(true);
    expect(observeInstances(read.instances, round.start)).toMatchObject({ attendeeResponse: 'declined' });
    const master = await ports.calendar.readSeriesResponses([
      { key: 'one', organizerId: result.organizerId, eventId: result.series.eventId },
    ]);
    expect(master.get('one')).toEqual({ kind: 'responses', responses: ['declined'] });
  });

  it('ends a series early: occurrences before the date stay, later ones are gone; deleting it is seen as deleted', async () => {
    const [request] = pairingsOf(sim, { from: 110, count: 1, round, prefix: 'end', sameZone: true });
    const result = (await bookPairings([request!], ports, { notBefore: round.start }))[0];
    if (result?.kind !== 'booked') throw new Error('expected booked');
    const organizerId = result.organizerId;
    const eventId = result.series.eventId;
    const window = { start: round.start, end: round.end + 86_400_000 };
    const before = await readSeries(organizerId, eventId, window);
    if (before.kind !== 'instances') throw new Error('expected instances');
    const cut = result.slot.firstOccurrence.start + 15 * 86_400_000;
    const end = (from: number) =>
      ports.calendar.endSeriesMany([
        { key: 'one', organizerId, eventId, from, comment: 'The round ended early.' },
      ]);
    expect((await end(cut)).get('one')?.kind).toBe('ended');
    const after = await readSeries(organizerId, eventId, window);
    if (after.kind !== 'instances') throw new Error('expected instances');
    expect(after.instances.map((o) => o.start)).toEqual(
      before.instances.filter((o) => o.start < cut).map((o) => o.start),
    );
    expect(after.instances).toHaveLength(3);
    // Idempotent.
    expect((await end(cut)).get('one')).toEqual({ kind: 'already-ended' });
    await ports.gateway.send({
      method: 'DELETE',
      path: `/users/${encodeURIComponent(organizerId)}/events/${encodeURIComponent(eventId)}`,
    });
    expect(await readSeries(organizerId, eventId, window)).toEqual({ kind: 'deleted' });
  });
});
