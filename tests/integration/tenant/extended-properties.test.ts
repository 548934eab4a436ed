// Contract tests read Graph JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import {
  BOOKING_MARKER_PROPERTY_ID,
  bookingMarkerValue,
} from '../../../functions/src/domain/scheduling/event-body';
import { appToken, graph, startSimulator } from './helpers';

/**
 * singleValueExtendedProperties on events, with the shapes of the Graph docs:
 * `api-reference/v1.0/api/singlevaluelegacyextendedproperty-post-singlevalueextendedproperties.md` (create),
 * `api-reference/v1.0/api/singlevaluelegacyextendedproperty-get.md` ($filter with Any, $expand).
 */
let sim: TenantSimulator;
let token: string;
let organizer: DirectoryUser;
let attendee: DirectoryUser;
beforeAll(async () => {
  sim = await startSimulator({ size: 120 });
  token = await appToken(sim);
  const enabled = sim.users.filter((u) => u.accountEnabled);
  organizer = enabled[3]!;
  attendee = enabled[4]!;
});
afterAll(async () => {
  await sim.stop();
});

// The docs' own example id: a String property named "Color" in a GUID namespace.
const COLOR = 'String {66f5a359-4659-4830-9070-00040ec6ac6e} Name Color';

function event(subject: string, properties?: unknown): Record<string, unknown> {
  return {
    subject,
    start: { dateTime: '2027-03-01T10:00:00', timeZone: 'UTC' },
    end: { dateTime: '2027-03-01T10:30:00', timeZone: 'UTC' },
    attendees: [{ emailAddress: { address: attendee.mail }, type: 'required' }],
    ...(properties === undefined ? {} : { singleValueExtendedProperties: properties }),
  };
}

function anyFilter(id: string, valueClause: string): string {
  return encodeURIComponent(
    `singleValueExtendedProperties/Any(ep: ep/id eq '${id.replace(/'/g, "''")}' and ${valueClause})`,
  );
}

async function list(user: DirectoryUser, query: string): Promise<{ status: number; body: any }> {
  return graph(sim, token, 'GET', `/users/${user.id}/events?${query}&$top=1000`);
}

describe('creating an event with singleValueExtendedProperties', () => {
  it('accepts {id, value} entries; the property is not in the response until expanded', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${organizer.id}/events`,
      event('Props: created', [{ id: COLOR, value: 'Green' }]),
    );
    expect(created.status).toBe(201);
    expect(created.body.singleValueExtendedProperties).toBeUndefined();
    const plain = await graph(sim, token, 'GET', `/users/${organizer.id}/events/${created.body.id}`);
    expect(plain.body.singleValueExtendedProperties).toBeUndefined();
    const expanded = await graph(
      sim,
      token,
      'GET',
      `/users/${organizer.id}/events/${created.body.id}?$expand=${encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${COLOR}')`)}`,
    );
    expect(expanded.status).toBe(200);
    expect(expanded.body.singleValueExtendedProperties).toEqual([{ id: COLOR, value: 'Green' }]);
    expect(expanded.body.subject).toBe('Props: created');
  });

  it('$expand with $select keeps the selected properties and the expanded property', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${organizer.id}/events`,
      event('Props: select', [{ id: COLOR, value: 'Blue' }]),
    );
    const res = await graph(
      sim,
      token,
      'GET',
      `/users/${organizer.id}/events/${created.body.id}?$select=subject&$expand=${encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${COLOR}')`)}`,
    );
    expect(res.body).toMatchObject({
      id: created.body.id,
      subject: 'Props: select',
      singleValueExtendedProperties: [{ id: COLOR, value: 'Blue' }],
    });
    expect(res.body.start).toBeUndefined();
  });

  it('expanding another property id gives none of ours', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${organizer.id}/events`,
      event('Props: other id', [{ id: COLOR, value: 'Red' }]),
    );
    const other = 'String {66f5a359-4659-4830-9070-00040ec6ac6e} Name Shape';
    const res = await graph(
      sim,
      token,
      'GET',
      `/users/${organizer.id}/events/${created.body.id}?$expand=${encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${other}')`)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.singleValueExtendedProperties).toEqual([]);
  });

  it.each([
    ['an id in no documented format', [{ id: 'Color', value: 'Green' }], 'ErrorInvalidProperty'],
    [
      'an unknown property type',
      [{ id: 'Text {66f5a359-4659-4830-9070-00040ec6ac6e} Name Color', value: 'x' }],
      'ErrorInvalidProperty',
    ],
    ['a non-string value', [{ id: COLOR, value: 3 }], 'ErrorInvalidProperty'],
    ['an unknown member', [{ id: COLOR, value: 'x', colour: 'x' }], 'RequestBodyRead'],
    ['not a collection', { id: COLOR, value: 'x' }, 'RequestBodyRead'],
  ])('rejects %s with 400', async (_name, properties, code) => {
    const res = await graph(
      sim,
      token,
      'POST',
      `/users/${organizer.id}/events`,
      event('Props: bad', properties),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });

  it('accepts the Id and proptag formats too', async () => {
    const byId = 'Integer {66f5a359-4659-4830-9070-00040ec6ac6e} Id 0x8001';
    const tagged = 'String 0x4001';
    const res = await graph(
      sim,
      token,
      'POST',
      `/users/${organizer.id}/events`,
      event('Props: formats', [
        { id: byId, value: '7' },
        { id: tagged, value: 'x' },
      ]),
    );
    expect(res.status).toBe(201);
  });
});

describe('GET /users/{id}/events?$filter=singleValueExtendedProperties/Any(...)', () => {
  let marked: any;
  beforeAll(async () => {
    await graph(
      sim,
      token,
      'POST',
      `/users/${organizer.id}/events`,
      event('Filter: decoy', [{ id: COLOR, value: 'Purple' }]),
    );
    marked = (
      await graph(
        sim,
        token,
        'POST',
        `/users/${organizer.id}/events`,
        event('Filter: marked', [{ id: COLOR, value: 'Orange' }]),
      )
    ).body;
    await graph(sim, token, 'POST', `/users/${organizer.id}/events`, event('Filter: unmarked'));
  });

  it('returns only the event whose property matches, without the property', async () => {
    const res = await list(organizer, `$filter=${anyFilter(COLOR, "ep/value eq 'Orange'")}`);
    expect(res.status).toBe(200);
    expect(res.body.value.map((e: any) => e.id)).toEqual([marked.id]);
    expect(res.body.value[0].singleValueExtendedProperties).toBeUndefined();
  });

  it('compares the value case-insensitively and the Name of the id case-sensitively (as documented); GUID case does not matter', async () => {
    expect(
      (await list(organizer, `$filter=${anyFilter(COLOR, "ep/value eq 'ORANGE'")}`)).body.value.map(
        (e: any) => e.id,
      ),
    ).toEqual([marked.id]);
    expect(
      (
        await list(
          organizer,
          `$filter=${anyFilter(COLOR.toUpperCase().replace('NAME COLOR', 'Name Color'), "ep/value eq 'Orange'")}`,
        )
      ).body.value,
    ).toHaveLength(1);
    expect(
      (await list(organizer, `$filter=${anyFilter(COLOR.replace('Color', 'color'), "ep/value eq 'Orange'")}`))
        .body.value,
    ).toHaveLength(0);
  });

  it('supports ne, startswith and contains on a string value', async () => {
    const subjects = async (clause: string): Promise<string[]> =>
      (await list(organizer, `$filter=${anyFilter(COLOR, clause)}&$select=subject`)).body.value
        .map((e: any) => e.subject as string)
        .filter((s: string) => s.startsWith('Filter:'))
        .sort();
    expect(await subjects("ep/value ne 'Orange'")).toEqual(['Filter: decoy']);
    expect(await subjects("startswith(ep/value, 'Pur')")).toEqual(['Filter: decoy']);
    expect(await subjects("contains(ep/value, 'rang')")).toEqual(['Filter: marked']);
  });

  it('the attendee copy does not carry the organizer’s property', async () => {
    const res = await list(attendee, `$filter=${anyFilter(COLOR, "ep/value eq 'Orange'")}`);
    expect(res.status).toBe(200);
    expect(res.body.value).toEqual([]);
  });

  it('a PATCH can change the value; the filter follows it', async () => {
    const created = (
      await graph(
        sim,
        token,
        'POST',
        `/users/${organizer.id}/events`,
        event('Filter: patched', [{ id: COLOR, value: 'Before' }]),
      )
    ).body;
    const patched = await graph(sim, token, 'PATCH', `/users/${organizer.id}/events/${created.id}`, {
      singleValueExtendedProperties: [{ id: COLOR, value: 'After' }],
    });
    expect(patched.status).toBe(200);
    expect(
      (await list(organizer, `$filter=${anyFilter(COLOR, "ep/value eq 'Before'")}`)).body.value,
    ).toHaveLength(0);
    expect(
      (await list(organizer, `$filter=${anyFilter(COLOR, "ep/value eq 'After'")}`)).body.value.map(
        (e: any) => e.id,
      ),
    ).toEqual([created.id]);
  });

  it('finds a series master by the booking marker (the query the booking worker sends, $select included)', async () => {
    const value = bookingMarkerValue('tenant-x', "pairing-o'1");
    const series = await graph(sim, token, 'POST', `/users/${organizer.id}/events`, {
      ...event('Filter: series', [{ id: BOOKING_MARKER_PROPERTY_ID, value }]),
      recurrence: {
        pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday'] },
        range: { type: 'numbered', startDate: '2027-03-01', numberOfOccurrences: 6 },
      },
    });
    expect(series.status).toBe(201);
    const res = await list(
      organizer,
      `$filter=${anyFilter(BOOKING_MARKER_PROPERTY_ID, `ep/value eq '${value.replace(/'/g, "''")}'`)}&$select=id,iCalUId,webLink,transactionId,isCancelled,onlineMeeting`,
    );
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(1);
    expect(res.body.value[0]).toMatchObject({
      id: series.body.id,
      iCalUId: series.body.iCalUId,
      isCancelled: false,
    });
  });

  it.each([
    [
      'a lambda without ep/id eq',
      encodeURIComponent("singleValueExtendedProperties/Any(ep: ep/value eq 'Orange')"),
      'ErrorInvalidUrlQueryFilter',
    ],
    ['a malformed id', anyFilter('Color', "ep/value eq 'Orange'"), 'ErrorInvalidProperty'],
    [
      'Any on another collection',
      encodeURIComponent("attendees/Any(a: a/type eq 'required')"),
      'ErrorInvalidUrlQueryFilter',
    ],
    [
      'an unclosed lambda',
      encodeURIComponent(`singleValueExtendedProperties/Any(ep: ep/id eq '${COLOR}'`),
      'ErrorInvalidUrlQueryFilter',
    ],
  ])('rejects %s with 400', async (_name, filter, code) => {
    const res = await list(organizer, `$filter=${filter}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
  });
});
