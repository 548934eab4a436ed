import { markerFilter } from '../../../functions/src/adapters/graph/calendar/calendar-writer';
import { type PairingDocument } from '../../../functions/src/domain/model';
import { bookingMarkerValue } from '../../../functions/src/domain/scheduling';
import { type BookingStack, startBookingStack } from './support/stack';

/**
 * The pairing lifecycle's defects, through the whole local stack (API, queues, the series-action worker, the
 * Cosmos server, the tenant simulator): the people's cadence is the one booked, and a re-booking replaces the
 * series instead of adding a second one.
 */
jest.setTimeout(180_000);

let stack: BookingStack;
let colleagues: string[];

beforeAll(async () => {
  stack = await startBookingStack({
    tenantSeed: 'lifecycle',
    env: { TEAMS_APP_ID: '6f1c1d5e-3b8a-4c2e-9a41-2d5b7e0c9f13' },
  });
  colleagues = stack.offices.flatMap((group) => group.slice(0, group.length - (group.length % 4)));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const stored = async (id: string): Promise<PairingDocument> =>
  (await stack.services.deps.repos.pairings.get(stack.tenantId, id))!.doc;

/** The live series on the organizer's calendar that carry this pairing's marker (Graph's own answer). */
async function liveSeriesOf(doc: PairingDocument, organizerId: string): Promise<string[]> {
  const filter = encodeURIComponent(markerFilter(bookingMarkerValue(stack.tenantId, doc.id)));
  const res = await stack.graph(
    'GET',
    `/users/${organizerId}/events?$filter=${filter}&$select=id,isCancelled`,
  );
  expect(res.status).toBe(200);
  return (res.body.value as Array<{ id: string; isCancelled: boolean }>)
    .filter((e) => !e.isCancelled)
    .map((e) => e.id);
}

describe('the pairing lifecycle through the local stack', () => {
  it('two people who chose monthly in a weekly program get a monthly series on their calendars', async () => {
    const { booked } = await stack.bookedRound(colleagues.slice(0, 2), {
      program: 'weekly',
      members: 'monthly',
    });
    const doc = booked[0]!;
    expect(doc.cadence).toBe('monthly');
    expect(doc.reasons).toContainEqual({
      kind: 'cadence',
      data: { cadence: 'monthly', basis: 'shared-preference' },
    });
    const master = await stack.graph(
      'GET',
      `/users/${doc.series!.organizerId}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=recurrence,body`,
    );
    expect((master.body.recurrence as { pattern: { type: string } }).pattern.type).toBe('relativeMonthly');
    expect((master.body.body as { content: string }).content).toContain('You meet once a month');
  });

  it('an admin’s retry of a booked pairing replaces its series: the old one ended, one live series, both kept on record', async () => {
    const { program, booked } = await stack.bookedRound(colleagues.slice(4, 8));
    const before = booked[0]!;
    const organizerId = before.series!.organizerId;
    const retried = await stack.api(
      'POST',
      `admin/programs/${program.id}/pairings/${before.id}/retry-booking`,
      stack.adminUpn,
    );
    expect(retried).toMatchObject({ status: 202, body: { action: 'rebook' } });
    await stack.host.queuesIdle();
    const after = await stored(before.id);
    expect(after).toMatchObject({ state: 'booked', bookingAttempt: before.bookingAttempt + 1 });
    expect(after.series!.eventId).not.toBe(before.series!.eventId);
    expect(after.previousSeries.map((s) => s.eventId)).toEqual([before.series!.eventId]);
    // One series for the pairing on the calendar: the new one (the old started in the future: cancelled whole).
    expect(await liveSeriesOf(after, after.series!.organizerId)).toEqual([after.series!.eventId]);
    if (organizerId !== after.series!.organizerId) expect(await liveSeriesOf(after, organizerId)).toEqual([]);
  });
});
