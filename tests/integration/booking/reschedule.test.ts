import {
  type PairingsResponse,
  type PairingView,
  type SuggestedSlotsResponse,
} from '../../../functions/src/contracts';
import { type PairingDocument } from '../../../functions/src/domain/model';
import { eventually } from './support/eventually';
import { type BookingStack, startBookingStack } from './support/stack';

/**
 * "Reschedule (pick among suggested slots)" through the whole local stack: a round is published as the admin and
 * booked by the queue worker; a member asks for suggested times (free/busy from the tenant simulator), picks one,
 * and the organizer's series in the simulator moves; the API then shows the new next session.
 */
jest.setTimeout(180_000);

let stack: BookingStack;
let colleagues: string[];

/** A Graph read (app token, times in UTC) that must succeed; its body. */
async function graph(path: string): Promise<Record<string, unknown>> {
  const response = await stack.graph('GET', path);
  expect(response.status).toBe(200);
  return response.body;
}

/**
 * Occurrences of the pairing's meeting on `userId`'s calendar that start inside [from, to] (ISO instants, in UTC).
 * The organizer's are matched by series id, the attendee's own copy by the meeting's iCalUId.
 */
async function occurrencesBetween(
  doc: PairingDocument,
  userId: string,
  from: string,
  to: string,
): Promise<string[]> {
  const q = new URLSearchParams({
    startDateTime: from,
    endDateTime: to,
    $select: 'start,seriesMasterId,isCancelled,iCalUId,type',
    $top: '100',
  });
  const page = await graph(`/users/${userId}/calendarView?${q.toString()}`);
  const value = page.value as Array<{
    start: { dateTime: string };
    seriesMasterId: string | null;
    isCancelled?: boolean;
    type: string;
  }>;
  const masterIds = new Set([doc.series!.eventId]);
  if (userId !== doc.series!.organizerId) {
    const master = await graph(
      `/users/${doc.series!.organizerId}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=iCalUId`,
    );
    const events = await graph(`/users/${userId}/events?$select=id,iCalUId,type&$top=200`);
    for (const e of events.value as Array<{ id: string; iCalUId: string; type: string }>)
      if (e.iCalUId === master.iCalUId && e.type === 'seriesMaster') masterIds.add(e.id);
  }
  return value
    .filter((e) => e.seriesMasterId !== null && masterIds.has(e.seriesMasterId) && !e.isCancelled)
    .map((e) => new Date(`${e.start.dateTime.replace(/(\.\d{3})\d*$/, '$1')}Z`).toISOString());
}

beforeAll(async () => {
  stack = await startBookingStack({ tenantSeed: 'reschedule' });
  // Colleagues the real engine can pair: one office (time zone), neighbouring levels; the busiest office.
  colleagues = stack.offices[0]!;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('reschedule through the local stack', () => {
  it('suggests times from both calendars, moves the organizer’s series to the chosen one, and shows the new next session', async () => {
    const { booked } = await stack.bookedRound(colleagues.slice(0, 4));
    const doc = booked[0]!;
    expect(doc).toBeDefined();
    const attendeeId = doc.memberIds.find((id) => id !== doc.series!.organizerId)!;
    const attendee = stack.upnOf(attendeeId);
    const oldStart = doc.nextSession!.start;

    // A non-member sees nothing (404, as for a pairing that does not exist).
    const outsider = colleagues.find((upn) => !doc.memberIds.some((id) => stack.upnOf(id) === upn))!;
    expect((await stack.api('GET', `pairings/${doc.id}/slots`, outsider)).status).toBe(404);
    expect(
      (
        await stack.api('POST', `pairings/${doc.id}/reschedule`, outsider, {
          slotId: 'w1.monday.600.2030-01-07',
        })
      ).status,
    ).toBe(404);

    const suggested = await stack.api('GET', `pairings/${doc.id}/slots`, attendee);
    expect(suggested.status).toBe(200);
    const { slots } = suggested.body as SuggestedSlotsResponse;
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.length).toBeLessThanOrEqual(3);
    expect(slots.map((s) => s.start)).not.toContain(oldStart);
    const chosen = slots[slots.length - 1]!;

    const moved = await stack.api('POST', `pairings/${doc.id}/reschedule`, attendee, { slotId: chosen.id });
    expect(moved.status).toBe(200);
    expect((moved.body as PairingView).nextSession).toMatchObject({ start: chosen.start, end: chosen.end });
    // The series-action worker moves the series in Outlook from the queue.
    await stack.host.queuesIdle();

    // Both calendars (the organizer's series, and the attendee's copy Graph updated): an occurrence at the new
    // time, none left at the old one. Read around each time, counted by exact start: a suggested slot may lie
    // within the hour of the old start (30 minutes before or after it), and the moved occurrence then showed in
    // both readings, so the wait could never end (it failed so, alone, at some times of day).
    const hour = 60 * 60_000;
    const startingAt = async (id: string, iso: string) =>
      (
        await occurrencesBetween(
          doc,
          id,
          new Date(Date.parse(iso) - hour).toISOString(),
          new Date(Date.parse(iso) + hour).toISOString(),
        )
      ).filter((start) => start === iso);
    for (const id of [doc.series!.organizerId, attendeeId]) {
      // The attendee's copy is updated as Exchange delivers the organizer's change: after the simulator's
      // propagation delay, so the read waits for it as a client would (then asserts what it found).
      await eventually(
        async () => {
          const atNew = await startingAt(id, chosen.start);
          const atOld = await startingAt(id, oldStart);
          return atNew.length === 1 && atOld.length === 0 ? true : undefined;
        },
        `the moved series on ${id === attendeeId ? 'the attendee' : 'the organizer'}’s calendar`,
      );
      expect(await startingAt(id, chosen.start)).toEqual([chosen.start]);
      expect(await startingAt(id, oldStart)).toEqual([]);
    }

    // Both members see the new next session.
    for (const id of doc.memberIds) {
      const mine = await stack.api('GET', 'pairings', stack.upnOf(id));
      expect(mine.status).toBe(200);
      const view = (mine.body as PairingsResponse).current.find((p) => p.id === doc.id)!;
      expect(view.nextSession).toMatchObject({ start: chosen.start, end: chosen.end });
    }

    // The same id again is refused: it is now the series' own time, no longer a suggestion.
    expect(
      (await stack.api('POST', `pairings/${doc.id}/reschedule`, attendee, { slotId: chosen.id })).status,
    ).toBe(409);
  });
});
