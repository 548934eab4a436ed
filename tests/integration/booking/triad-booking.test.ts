import { DateTime } from 'luxon';

import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { createMemoryRepositories } from '../../../functions/src/adapters/cosmos/memory-document-store';
import { type Program } from '../../../functions/src/contracts';
import { type PairingDocument } from '../../../functions/src/domain/model';
import {
  type Availability,
  blocksSession,
  toZone,
  weekdayFromIso,
} from '../../../functions/src/domain/scheduling';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { eventually, notified, organizerSees } from './support/eventually';
import { bookableUsers } from './support/people';
import { seedRound } from './support/seed';
import { bookingPorts, lifecycleAgainst, nextPagePath, startSimulatorForBooking } from './support/simulator';
import { type BookingStack, startBookingStack } from './support/stack';

/**
 * Groups of three (the matching engine's triads for odd counts) are booked like pairs: one series on the organizer's
 * calendar with both others as required attendees, at a time inside all three working days and free for all three.
 */
jest.setTimeout(240_000);

const DAY = 86_400_000;
type Doc = PairingDocument;

const minutesOf = (t: DateTime) => t.hour * 60 + t.minute;

describe('a triad across three offices, booked by the worker against the simulator', () => {
  let sim: TenantSimulator;
  beforeAll(async () => {
    sim = await startSimulatorForBooking('triad-booking', 80);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('London, Berlin and Bengaluru (+5:30): one series, two attendees with their own copies, inside all three working days, free for all', async () => {
    const levelled = (u: DirectoryUser) => ['L2', 'L3', 'L4'].includes(u.level);
    const inZone = (zone: string) => bookableUsers(sim).filter((u) => u.timeZone === zone && levelled(u));
    const people = [
      inZone('GMT Standard Time')[0]!,
      inZone('W. Europe Standard Time')[0]!,
      inZone('India Standard Time')[0]!,
    ] as const;
    const mails = people.map((u) => u.mail.toLowerCase());
    const repos = createMemoryRepositories();
    const tenantId = sim.tenantId;
    const [message] = await seedRound(repos, {
      tenantId,
      programId: 'prog',
      programName: 'Triad Peers',
      roundId: 'r1',
      pairings: [{ id: 'tri', people: [people[0], people[1]] }],
      participants: true,
    });
    // The shared seed makes pairs; the round's triad adds its third member the way the engine stores one.
    const seeded = (await repos.pairings.get(tenantId, 'tri'))!.doc;
    const third = people[2];
    await repos.pairings.replace({
      ...seeded,
      memberIds: [...seeded.memberIds, third.id],
      members: [
        ...seeded.members,
        {
          userId: third.id,
          displayName: third.displayName,
          jobTitle: third.jobTitle,
          department: third.department,
          level: String(third.level),
          levelRank: Number(String(third.level).slice(1)),
          timeZone: third.timeZone,
        },
      ],
    });

    // Everyone's calendar before the booking, read independently of the worker.
    const observer = bookingPorts(sim);
    const window = {
      start: Date.parse(`${seeded.startsOn}T00:00:00Z`),
      end: Date.parse(`${seeded.startsOn}T00:00:00Z`) + 50 * DAY,
    };
    const before = await observer.freeBusy.readAvailability({
      mailboxes: mails,
      ids: new Map(people.map((u) => [u.mail.toLowerCase(), u.id])),
      window,
    });

    const lifecycle = lifecycleAgainst(sim, repos);
    sim.control.resetCounters();
    await lifecycle.booking.handle(message!, { lastDelivery: false });
    await lifecycle.drain();
    // One free/busy read for all three mailboxes and one creation, as for a pair.
    expect(sim.control.counters()['POST /users/{id}/calendar/getSchedule']).toBe(1);
    expect(sim.control.counters()['POST /users/{id}/events']).toBe(1);

    const doc = (await repos.pairings.get(tenantId, 'tri'))!.doc;
    expect(doc).toMatchObject({ state: 'booked', attentionReason: null });
    // The junior of the three organizes (lowest level, then lowest id).
    const junior = [...people].sort((a, b) => a.level.localeCompare(b.level) || a.id.localeCompare(b.id))[0]!;
    expect(doc.organizerId).toBe(junior.id);
    const organizerId = junior.id;
    const event = await observer.gateway.send({
      method: 'GET',
      path: `/users/${organizerId}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=subject,attendees,iCalUId,onlineMeeting`,
      headers: { prefer: 'IdType="ImmutableId"' },
    });
    expect(event.status).toBe(200);
    const body = event.body as {
      subject: string;
      iCalUId: string;
      attendees: Array<{ emailAddress: { address: string }; type: string }>;
      onlineMeeting?: { joinUrl?: string };
    };
    const others = people.filter((u) => u.id !== junior.id);
    expect(body.attendees.map((a) => [a.emailAddress.address.toLowerCase(), a.type]).sort()).toEqual(
      others.map((u) => [u.mail.toLowerCase(), 'required']).sort(),
    );
    expect(body.onlineMeeting?.joinUrl).toMatch(/^https:\/\//);
    expect(doc.series?.joinUrl).toBe(body.onlineMeeting?.joinUrl);

    // Each attendee got the invitation: their own copy of the series in their calendar.
    for (const other of others) {
      const found = await eventually(async () => {
        let path: string | undefined = `/users/${other.id}/events?$select=id,iCalUId,type&$top=200`;
        while (path) {
          const page = await observer.gateway.send({ method: 'GET', path });
          const value = (page.body as { value: Array<{ iCalUId: string; type: string }> }).value;
          if (value.some((e) => e.iCalUId === body.iCalUId && e.type === 'seriesMaster')) return true;
          path = nextPagePath(page.body as { '@odata.nextLink'?: unknown });
        }
        return undefined;
      }, 'the invitation in each attendee’s calendar');
      expect(found).toBe(true);
    }

    // The first six sessions: inside every member's working day (each on their own clock), and free for all three on
    // most of them according to the calendars as they were before the booking.
    const first = Date.parse(doc.series!.firstOccurrence!);
    const instances = await observer.gateway.send({
      method: 'GET',
      path: `/users/${organizerId}/events/${encodeURIComponent(doc.series!.eventId!)}/instances?startDateTime=${new Date(first - DAY).toISOString()}&endDateTime=${new Date(first + 36 * DAY).toISOString()}&$select=start,end`,
      headers: { prefer: 'outlook.timezone="UTC"' },
    });
    const sessions = (
      instances.body as { value: Array<{ start: { dateTime: string }; end: { dateTime: string } }> }
    ).value
      .map((o) => ({
        start: Date.parse(`${o.start.dateTime.slice(0, 19)}Z`),
        end: Date.parse(`${o.end.dateTime.slice(0, 19)}Z`),
      }))
      .sort((a, b) => a.start - b.start)
      .slice(0, 6);
    expect(sessions).toHaveLength(6);
    expect(sessions[0]!.start).toBe(first);
    let freeForAll = 0;
    for (const session of sessions) {
      let free = true;
      for (const mail of mails) {
        const availability: Availability = before.get(mail)!;
        const hours = availability.workingHours!;
        const zone = toZone(hours.timeZone)!;
        const start = DateTime.fromMillis(session.start, { zone });
        const end = DateTime.fromMillis(session.end, { zone });
        expect(hours.daysOfWeek).toContain(weekdayFromIso(start.weekday));
        expect(minutesOf(start)).toBeGreaterThanOrEqual(hours.startMinutes);
        expect(end.hasSame(start, 'day') ? minutesOf(end) : 24 * 60).toBeLessThanOrEqual(hours.endMinutes);
        if (
          availability.intervals.some(
            (i) => blocksSession(i.status) && i.start < session.end && i.end > session.start,
          )
        )
          free = false;
      }
      if (free) freeForAll += 1;
    }
    expect(freeForAll).toBeGreaterThanOrEqual(5);
    // Everyone was asked to be told; Teams delivers only where the app is installed (the rest skip silently).
    expect(notified(sim, 'sessionBooked').all).toEqual(people.map((u) => u.id).sort());
  });
});

describe('a triad from the matching engine, through the local stack', () => {
  let stack: BookingStack;
  beforeAll(async () => {
    stack = await startBookingStack({
      tenantSeed: 'triad-booking',
      env: { TEAMS_APP_ID: '6f1c1d5e-3b8a-4c2e-9a41-2d5b7e0c9f13' },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const pairing = async (id: string): Promise<Doc> =>
    (await stack.services.deps.repos.pairings.get(stack.tenantId, id))!.doc;

  it('three people enrolled → one triad booked from the queue; the second attendee declines → re-booked at another weekly time', async () => {
    const created = await stack.api('POST', 'admin/programs', stack.adminUpn, {
      ...sampleProgram,
      defaultCadence: 'weekly',
      roundLengthWeeks: 8,
      rules: { levelBand: 2, cooldownRounds: 2, minOverlapHours: 1, oddPolicy: 'triad' },
    });
    expect(created.status).toBe(201);
    const program = created.body as Program;
    for (const upn of stack.offices[0]!.slice(0, 3))
      expect(
        (
          await stack.api('PUT', `programs/${program.id}/enrollment`, upn, {
            ...sampleEnrollment,
            cadence: 'weekly',
          })
        ).status,
      ).toBe(201);
    expect((await stack.api('POST', `admin/programs/${program.id}/rounds`, stack.adminUpn, {})).status).toBe(
      202,
    );
    await stack.host.queuesIdle();

    const pairings = await stack.pairingsOfProgram(program.id);
    expect(pairings).toHaveLength(1);
    const before = pairings[0] as Doc;
    expect(before.memberIds).toHaveLength(3);
    expect(before).toMatchObject({ state: 'booked', attentionReason: null });
    const organizerId = before.series!.organizerId;
    const organizer = organizerId;
    const master = await stack.graph(
      'GET',
      `/users/${organizer}/events/${encodeURIComponent(before.series!.eventId!)}?$select=iCalUId,attendees,start`,
    );
    expect(master.status).toBe(200);
    const attendees = (master.body.attendees as Array<{ emailAddress: { address: string } }>).map((a) =>
      a.emailAddress.address.toLowerCase(),
    );
    const attendeeIds = before.memberIds.filter((id) => id !== organizerId);
    expect([...attendees].sort()).toEqual(attendeeIds.map((id) => stack.mailOf(id).toLowerCase()).sort());

    // The second attendee declines the series in their own Outlook.
    const second = attendeeIds.find((id) => stack.mailOf(id).toLowerCase() === attendees[1])!;
    const copyId = await eventually(async () => {
      let path: string | undefined = `/users/${second}/events?$select=id,iCalUId,type&$top=200`;
      while (path) {
        const page = await stack.graph('GET', path);
        const copy = (page.body.value as Array<{ id: string; iCalUId: string; type: string }>).find(
          (e) => e.iCalUId === master.body.iCalUId && e.type === 'seriesMaster',
        );
        if (copy) return copy.id;
        path = nextPagePath(page.body);
      }
      return undefined;
    }, 'the second attendee’s copy');
    expect(copyId).toBeDefined();
    expect(
      (
        await stack.graph('POST', `/users/${second}/events/${encodeURIComponent(copyId)}/decline`, {
          sendResponse: true,
        })
      ).status,
    ).toBe(202);
    await organizerSees(stack.graph, before.series!, 'declined');

    await stack.host.fireTimer('follow-up-timer');
    await stack.host.queuesIdle();
    const afterTick = await pairing(before.id);
    expect(afterTick.followUp).toMatchObject({
      rebooks: 1,
      declinedFirstSessions: [before.series!.firstOccurrence],
    });
    expect(afterTick.previousSeries.map((s) => s.eventId)).toEqual([before.series!.eventId]);

    const after = await pairing(before.id);
    expect(after).toMatchObject({
      state: 'booked',
      attentionReason: null,
      bookingAttempt: before.bookingAttempt + 1,
    });
    expect(after.series!.eventId).not.toBe(before.series!.eventId);
    // Not the declined weekly time again (day and start on the organizer's clock).
    const zoneOf = (id: string) =>
      toZone({ kind: 'named', name: before.members.find((m) => m.userId === id)!.timeZone! })!;
    const clock = (iso: string) =>
      DateTime.fromISO(iso, { zone: zoneOf(after.series!.organizerId) }).toFormat('ccc HH:mm');
    expect(clock(after.series!.firstOccurrence!)).not.toBe(clock(before.series!.firstOccurrence!));
    const rebooked = await stack.graph(
      'GET',
      `/users/${after.series!.organizerId}/events/${encodeURIComponent(after.series!.eventId!)}?$select=attendees`,
    );
    expect(rebooked.body.attendees as unknown[]).toHaveLength(2);
  });
});
