import { DateTime } from 'luxon';

import { type Program } from '../../../functions/src/contracts';
import { type PairingDocument } from '../../../functions/src/domain/model';
import { eventually, notified, organizerSees } from './support/eventually';
import { nextPagePath } from './support/simulator';
import { type BookingStack, startBookingStack } from './support/stack';

/**
 * The follow-up sweep and the series-action worker through the whole local stack (`npm start`'s parts): a round is
 * published as the admin, the booking worker books it from the queue, then the test acts as the people in Outlook
 * (app token against the tenant simulator) and fires `follow-up-timer` by hand; re-bookings and ends run through the
 * `series-actions` queue.
 */
jest.setTimeout(180_000);

type Doc = PairingDocument;

let stack: BookingStack;
let colleagues: string[];

const pairing = async (id: string): Promise<Doc> =>
  (await stack.services.deps.repos.pairings.get(stack.tenantId, id))!.doc;

/** A program with `members` enrolled, one round published and booked by the queue worker. */
const bookedRound = (members: string[]) =>
  stack.bookedRound(members) as Promise<{ program: Program; booked: Doc[] }>;

/** The attendee's own copy of the series (their Outlook), found by the meeting's iCalUId once it has arrived. */
async function attendeeCopy(doc: Doc): Promise<{ attendeeId: string; copyId: string }> {
  const organizerId = doc.series!.organizerId;
  const attendeeId = doc.memberIds.find((id) => id !== organizerId)!;
  const master = await stack.graph(
    'GET',
    `/users/${organizerId}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=iCalUId`,
  );
  expect(master.status).toBe(200);
  return eventually(async () => {
    let path: string | undefined = `/users/${attendeeId}/events?$select=id,iCalUId,type&$top=200`;
    while (path) {
      const page = await stack.graph('GET', path);
      const value = page.body.value as Array<{ id: string; iCalUId: string; type: string }>;
      const copy = value.find((e) => e.iCalUId === master.body.iCalUId && e.type === 'seriesMaster');
      if (copy) return { attendeeId, copyId: copy.id };
      path = nextPagePath(page.body);
    }
    return undefined;
  }, "the attendee's copy of the series");
}

/**
 * "Two weeks later": the organizer's series moves 14 days back (Outlook keeps the pattern and the round's end date)
 * and the pairing's stored first occurrence and round start follow, so two sessions lie in the past.
 */
async function moveSeriesBack(doc: Doc, days: number): Promise<void> {
  const organizer = doc.series!.organizerId;
  const event = `/users/${organizer}/events/${encodeURIComponent(doc.series!.eventId!)}`;
  const first = DateTime.fromISO(doc.series!.firstOccurrence!, { zone: 'utc' }).minus({ days });
  const moved = await stack.graph('PATCH', event, {
    start: { dateTime: first.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: 'UTC' },
    end: {
      dateTime: first.plus({ minutes: doc.sessionMinutes }).toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      timeZone: 'UTC',
    },
  });
  expect(moved.status).toBe(200);
  await stack.services.deps.repos.pairings.replace({
    ...(await pairing(doc.id)),
    startsOn: first.minus({ days: 1 }).toISODate()!,
    series: { ...doc.series!, firstOccurrence: first.toISO()! },
  });
}

/** Who was notified of `type` among `userIds` (delivered, or skipped by Teams: no app installed for them). */
const notifiedOf = (type: string, userIds: string[]) => notified(stack.tenant, type, userIds).all;

beforeAll(async () => {
  // With a Teams app id, notifications open the tab through a Teams deep link (https, as Graph requires for a
  // `text` topic); without one they would point at the local http tab and Graph refuses them.
  stack = await startBookingStack({
    tenantSeed: 'follow-up',
    env: { TEAMS_APP_ID: '6f1c1d5e-3b8a-4c2e-9a41-2d5b7e0c9f13' },
  });
  // Colleagues the real engine can pair: one office (time zone) at a time, neighbouring levels; busiest office first.
  colleagues = stack.offices.flatMap((group) => group.slice(0, group.length - (group.length % 4)));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('follow-up timer through the local stack', () => {
  it('re-books a series the attendee declined (the declined series is cancelled); a second decline needs attention', async () => {
    const { booked } = await bookedRound(colleagues.slice(0, 4));
    const before = booked[0]!;
    const { attendeeId, copyId } = await attendeeCopy(before);
    const declined = await stack.graph(
      'POST',
      `/users/${attendeeId}/events/${encodeURIComponent(copyId)}/decline`,
      { sendResponse: true, comment: 'Not this time' },
    );
    expect(declined.status).toBe(202);
    await organizerSees(stack.graph, before.series!, 'declined');

    await stack.host.fireTimer('follow-up-timer');
    await stack.host.queuesIdle();
    const after = await pairing(before.id);
    expect(after.followUp).toMatchObject({ rebooks: 1 });
    // One series at a time: the declined one is in the history, the new one replaces it.
    expect(after.previousSeries.map((s) => s.eventId)).toEqual([before.series!.eventId]);
    expect(after.bookingAttempt).toBe(before.bookingAttempt + 1);
    if (after.state === 'booked') {
      expect(after.series!.eventId).not.toBe(before.series!.eventId);
      expect(after.attentionReason).toBeNull();
    } else {
      expect(after).toMatchObject({ state: 'needs-attention', attentionReason: expect.any(String) });
    }
    // The declined series started in the future: it was cancelled as a whole on the organizer's calendar.
    const old = await stack.graph(
      'GET',
      `/users/${before.series!.organizerId}/events/${encodeURIComponent(before.series!.eventId!)}?$select=isCancelled`,
    );
    expect(old.status === 404 || old.body.isCancelled === true).toBe(true);

    // The peer declines the new series too: no endless re-booking, the pairing needs attention with the reason.
    expect(after.state).toBe('booked');
    const again = await attendeeCopy(after);
    expect(
      (
        await stack.graph(
          'POST',
          `/users/${again.attendeeId}/events/${encodeURIComponent(again.copyId)}/decline`,
          { sendResponse: true },
        )
      ).status,
    ).toBe(202);
    await organizerSees(stack.graph, after.series!, 'declined');
    await stack.host.fireTimer('follow-up-timer');
    await stack.host.queuesIdle();
    await stack.host.fireTimer('follow-up-timer');
    await stack.host.queuesIdle();
    expect(await pairing(before.id)).toMatchObject({
      state: 'needs-attention',
      attentionReason: expect.stringMatching(/declined the series again/),
    });
    expect(notifiedOf('actionNeeded', before.memberIds)).toEqual([...before.memberIds].sort());
  });

  it('flags a series the organizer deleted in Outlook, with the reason', async () => {
    const { booked } = await bookedRound(colleagues.slice(8, 12));
    const doc = booked[0]!;
    const organizer = doc.series!.organizerId;
    expect(
      (await stack.graph('DELETE', `/users/${organizer}/events/${encodeURIComponent(doc.series!.eventId!)}`))
        .status,
    ).toBe(204);
    await stack.host.fireTimer('follow-up-timer');
    await stack.host.queuesIdle();
    expect(await pairing(doc.id)).toMatchObject({
      state: 'needs-attention',
      attentionReason: 'The organizer deleted the meeting series.',
    });
    expect(notifiedOf('actionNeeded', doc.memberIds)).toHaveLength(2);
    // The other pairings of the round stay booked.
    for (const other of booked.slice(1)) expect((await pairing(other.id)).state).toBe('booked');
  });

  it('infers the first session was held, asks both people for feedback once, then ends the series at once when one leaves, keeping past sessions', async () => {
    const { program, booked } = await bookedRound(colleagues.slice(4, 8));
    const doc = booked[0]!;
    await moveSeriesBack(doc, 14);
    // The time change asked the attendee to respond again; they accept the series in Outlook.
    const { attendeeId, copyId } = await attendeeCopy(doc);
    expect(
      (
        await stack.graph('POST', `/users/${attendeeId}/events/${encodeURIComponent(copyId)}/accept`, {
          sendResponse: true,
        })
      ).status,
    ).toBe(202);
    await organizerSees(stack.graph, doc.series!, 'accepted');

    await stack.host.fireTimer('follow-up-timer');
    await stack.host.queuesIdle();
    // Graph cost of a sweep: one `instances` read per live series, twenty to a `$batch` (per organizer at most four).
    const live = (
      await stack.services.deps.repos.pairings.queryAll(stack.tenantId, {
        where: [{ field: 'state', op: 'in', values: ['booked', 'active'] }],
      })
    ).length;
    stack.tenant.control.resetCounters();
    await stack.host.fireTimer('follow-up-timer');
    const counters = stack.tenant.control.counters();
    const batches = counters['POST /$batch'] ?? 0;
    const reads = Object.entries(counters)
      .filter(([route]) => route.endsWith('/instances'))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(reads).toBe(live);
    expect(batches).toBeLessThanOrEqual(Math.ceil(live / 20));
    // Nothing else: no mailbox look-ups (calendars are addressed by object id), no master reads.
    expect(Object.keys(counters).filter((k) => k !== 'POST /$batch' && !k.includes('/instances'))).toEqual(
      [],
    );
    const active = await pairing(doc.id);
    expect(active.state).toBe('active');
    expect(active.followUp.likelyHeld).toBe(2);
    expect(active.sessions.filter((s) => s.likelyHeld)).toHaveLength(2);
    expect(Date.parse(active.nextSession!.start)).toBeGreaterThan(Date.now());
    expect(notifiedOf('feedbackRequested', doc.memberIds)).toEqual([...doc.memberIds].sort());

    // The attendee leaves the program: the series ends at once, through the series-action queue (no timer).
    expect(
      (await stack.api('DELETE', `programs/${program.id}/enrollment`, stack.upnOf(attendeeId))).status,
    ).toBe(204);
    await stack.host.queuesIdle();
    const ended = await pairing(doc.id);
    expect(ended).toMatchObject({ state: 'ended', nextSession: null });
    expect(notifiedOf('seriesEnded', doc.memberIds)).toHaveLength(2);
    expect(notifiedOf('feedbackRequested', doc.memberIds)).toHaveLength(2);

    const organizer = doc.series!.organizerId;
    const master = await stack.graph(
      'GET',
      `/users/${organizer}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=isCancelled,recurrence`,
    );
    expect(master.body.isCancelled).toBe(false);
    const range = (master.body.recurrence as { range: { endDate: string } }).range;
    expect(range.endDate < DateTime.utc().toISODate()).toBe(true);
    const window = `startDateTime=${DateTime.utc().minus({ days: 30 }).toISO()}&endDateTime=${DateTime.utc().plus({ days: 60 }).toISO()}`;
    const instances = await stack.graph(
      'GET',
      `/users/${organizer}/events/${encodeURIComponent(doc.series!.eventId!)}/instances?${window}&$select=id,start,isCancelled`,
    );
    const starts = (instances.body.value as Array<{ start: { dateTime: string } }>).map((i) =>
      Date.parse(`${i.start.dateTime}Z`),
    );
    // The two past sessions are kept; nothing remains in the future.
    expect(starts.filter((s) => s < Date.now())).toHaveLength(2);
    expect(starts.filter((s) => s > Date.now())).toHaveLength(0);
  });
});
