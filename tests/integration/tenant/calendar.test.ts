// Contract tests read Graph/Entra JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { appToken, graph, graphClient, reachable, startSimulator } from './helpers';

let sim: TenantSimulator;
let token: string;
let pacific: DirectoryUser;
let london: DirectoryUser;
let sydney: DirectoryUser;
beforeAll(async () => {
  // Invitations and responses land at once here: realism.test.ts covers the propagation delay.
  sim = await startSimulator({ size: 200, realism: { propagationDelayMs: 0 } });
  token = await appToken(sim);
  const enabled = sim.users.filter(reachable);
  pacific = enabled.find((u) => u.timeZone === 'Pacific Standard Time')!;
  london = enabled.find((u) => u.timeZone === 'GMT Standard Time')!;
  sydney = enabled.find((u) => u.timeZone === 'AUS Eastern Standard Time')!;
});
afterAll(async () => {
  await sim.stop();
});

const at = (dateTime: string, timeZone: string): { dateTime: string; timeZone: string } => ({
  dateTime,
  timeZone,
});

function meeting(subject: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject,
    body: { contentType: 'text', content: 'Peer mentoring session' },
    start: at('2027-02-01T09:00:00', 'Pacific Standard Time'),
    end: at('2027-02-01T09:30:00', 'Pacific Standard Time'),
    attendees: [{ emailAddress: { address: london.mail, name: london.displayName }, type: 'required' }],
    ...extra,
  };
}

async function view(
  user: DirectoryUser,
  from: string,
  to: string,
  headers: Record<string, string> = {},
): Promise<any[]> {
  const out: any[] = [];
  let res = await graph(
    sim,
    token,
    'GET',
    `/users/${user.id}/calendarView?startDateTime=${from}&endDateTime=${to}&$top=100`,
    undefined,
    headers,
  );
  out.push(...res.body.value);
  while (res.body['@odata.nextLink']) {
    const next = new URL(res.body['@odata.nextLink'] as string);
    res = await graph(
      sim,
      token,
      'GET',
      `${next.pathname.replace('/v1.0', '')}${next.search}`,
      undefined,
      headers,
    );
    out.push(...res.body.value);
  }
  return out;
}

describe('POST /users/{id}/calendar/getSchedule', () => {
  const window = { startTime: at('2027-01-11T00:00:00', 'UTC'), endTime: at('2027-01-12T00:00:00', 'UTC') };

  it('returns availabilityView digits, scheduleItems and workingHours per schedule; unknown addresses carry an error', async () => {
    const res = await graph(sim, token, 'POST', `/users/${pacific.id}/calendar/getSchedule`, {
      schedules: [pacific.mail, london.mail, 'ghost@contoso.example'],
      ...window,
      availabilityViewInterval: 60,
    });
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(3);
    const [p, l, ghost] = res.body.value;
    expect(p.scheduleId).toBe(pacific.mail);
    expect(p.availabilityView).toMatch(/^[0-3]{24}$/);
    expect(l.workingHours).toMatchObject({
      daysOfWeek: london.workingHours.daysOfWeek,
      startTime: london.workingHours.startTime,
      timeZone: { name: 'GMT Standard Time' },
    });
    for (const item of p.scheduleItems) {
      expect(['busy', 'tentative', 'oof', 'workingElsewhere']).toContain(item.status);
      expect(item.start.timeZone).toBe('UTC');
    }
    expect(ghost.error).toEqual({ message: expect.any(String), responseCode: 'ErrorMailRecipientNotFound' });
  });

  it('sees a busy block made through the control switch, in the right slots, and honours Prefer: outlook.timezone', async () => {
    sim.control.makeBusy(sydney.mail, '2027-01-11T03:00:00Z', '2027-01-11T05:00:00Z', { showAs: 'oof' });
    const res = await graph(
      sim,
      token,
      'POST',
      `/users/${sydney.id}/calendar/getSchedule`,
      { schedules: [sydney.mail], ...window, availabilityViewInterval: 60 },
      { Prefer: 'outlook.timezone="AUS Eastern Standard Time"' },
    );
    const s = res.body.value[0];
    expect(s.availabilityView[3]).toBe('3');
    expect(s.availabilityView[4]).toBe('3');
    const oof = s.scheduleItems.find(
      (i: any) => i.status === 'oof' && i.start.dateTime.startsWith('2027-01-11T14:00'),
    );
    // 03:00Z is 14:00 in Sydney in January (AEDT, +11).
    expect(oof).toMatchObject({
      start: { dateTime: '2027-01-11T14:00:00.0000000', timeZone: 'AUS Eastern Standard Time' },
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['21 schedules', { schedules: Array.from({ length: 21 }, (_, i) => `p${i}@contoso.example`), ...window }],
    [
      'a 63-day window',
      {
        schedules: ['a@contoso.example'],
        startTime: at('2027-01-01T00:00:00', 'UTC'),
        endTime: at('2027-03-05T00:00:00', 'UTC'),
      },
    ],
    [
      'a 62-day window',
      {
        schedules: ['a@contoso.example'],
        startTime: at('2027-01-01T00:00:00', 'UTC'),
        endTime: at('2027-03-04T00:00:00', 'UTC'),
      },
    ],
    [
      'availabilityViewInterval 4',
      { schedules: ['a@contoso.example'], ...window, availabilityViewInterval: 4 },
    ],
    [
      'availabilityViewInterval 1441',
      { schedules: ['a@contoso.example'], ...window, availabilityViewInterval: 1441 },
    ],
    ['no schedules', { schedules: [], ...window }],
  ])('answers %s with 400', async (_name, body) => {
    const res = await graph(sim, token, 'POST', `/users/${pacific.id}/calendar/getSchedule`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toEqual(expect.any(String));
  });

  it('accepts 20 schedules over a 61-day window', async () => {
    const twenty = sim.users.slice(0, 20).map((u) => u.mail);
    const res = await graph(sim, token, 'POST', `/users/${pacific.id}/calendar/getSchedule`, {
      schedules: twenty,
      startTime: at('2027-01-01T00:00:00', 'UTC'),
      endTime: at('2027-03-03T00:00:00', 'UTC'),
      availabilityViewInterval: 1440,
    });
    expect(res.status).toBe(200);
    expect(res.body.value).toHaveLength(20);
    expect(res.body.value[0].availabilityView).toHaveLength(61);
  });
});

describe('events: create, invitation, responses, cancel, delete', () => {
  it('creates one event per transactionId, puts a tentative invitation on the attendee calendar, and makes a Teams link', async () => {
    const body = meeting('Pairwise: create-once', {
      transactionId: 'pairing-123-round-1',
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      allowNewTimeProposals: false,
    });
    const first = await graph(sim, token, 'POST', `/users/${pacific.id}/events`, body, {
      Prefer: 'IdType="ImmutableId"',
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('preference-applied')).toContain('IdType="ImmutableId"');
    const retry = await graph(sim, token, 'POST', `/users/${pacific.id}/events`, body);
    expect(retry.body.id).toBe(first.body.id);
    const e = first.body;
    expect(e).toMatchObject({
      isOrganizer: true,
      type: 'singleInstance',
      transactionId: 'pairing-123-round-1',
      allowNewTimeProposals: false,
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      responseStatus: { response: 'organizer' },
    });
    expect(e.onlineMeeting.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(e.start).toEqual({ dateTime: '2027-02-01T17:00:00.0000000', timeZone: 'UTC' });
    expect(e.attendees).toEqual([
      {
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: london.displayName, address: london.mail },
      },
    ]);
    const organizerItems = (await view(pacific, '2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z')).filter(
      (x) => x.subject === 'Pairwise: create-once',
    );
    expect(organizerItems).toHaveLength(1);
    const invitations = (await view(london, '2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z')).filter(
      (x) => x.subject === 'Pairwise: create-once',
    );
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({
      isOrganizer: false,
      showAs: 'tentative',
      responseStatus: { response: 'notResponded' },
      iCalUId: e.iCalUId,
      organizer: { emailAddress: { address: pacific.mail } },
    });
    expect(invitations[0].id).not.toBe(e.id);
    expect(invitations[0].onlineMeeting.joinUrl).toBe(e.onlineMeeting.joinUrl);
  });

  it('updates the organizer copy when the attendee accepts, and removes a declined invitation from the attendee calendar', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: respond', {
        start: at('2027-02-02T09:00:00', 'Pacific Standard Time'),
        end: at('2027-02-02T09:30:00', 'Pacific Standard Time'),
      }),
    );
    const copy = (
      await graph(
        sim,
        token,
        'GET',
        `/users/${london.id}/events?$filter=${encodeURIComponent(`iCalUId eq '${created.body.iCalUId}'`)}`,
      )
    ).body.value[0];
    expect(copy).toBeDefined();
    expect(
      (
        await graph(sim, token, 'POST', `/users/${london.id}/events/${copy.id}/tentativelyAccept`, {
          comment: 'maybe',
          sendResponse: true,
        })
      ).status,
    ).toBe(202);
    let organizer = await graph(sim, token, 'GET', `/users/${pacific.id}/events/${created.body.id}`);
    expect(organizer.body.attendees[0].status.response).toBe('tentativelyAccepted');
    expect(
      (
        await graph(sim, token, 'POST', `/users/${london.id}/events/${copy.id}/accept`, {
          sendResponse: true,
        })
      ).status,
    ).toBe(202);
    organizer = await graph(sim, token, 'GET', `/users/${pacific.id}/events/${created.body.id}`);
    expect(organizer.body.attendees[0].status.response).toBe('accepted');
    expect(
      (
        await graph(sim, token, 'POST', `/users/${london.id}/events/${copy.id}/decline`, {
          comment: 'sorry',
          sendResponse: true,
        })
      ).status,
    ).toBe(202);
    organizer = await graph(sim, token, 'GET', `/users/${pacific.id}/events/${created.body.id}`);
    expect(organizer.body.attendees[0].status).toMatchObject({
      response: 'declined',
      time: expect.stringMatching(/^20/),
    });
    expect((await graph(sim, token, 'GET', `/users/${london.id}/events/${copy.id}`)).status).toBe(404);
    expect(
      (await graph(sim, token, 'POST', `/users/${pacific.id}/events/${created.body.id}/accept`, {})).status,
    ).toBe(400);
    expect(
      (await graph(sim, token, 'POST', `/users/${london.id}/events/${copy.id}/accept`, { unexpected: 1 }))
        .status,
    ).toBe(400);
  });

  it('lets only the organizer cancel (attendee → 400); the attendee copy is marked cancelled', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: cancel', {
        start: at('2027-02-03T09:00:00', 'Pacific Standard Time'),
        end: at('2027-02-03T09:30:00', 'Pacific Standard Time'),
      }),
    );
    const copy = (
      await graph(
        sim,
        token,
        'GET',
        `/users/${london.id}/events?$filter=${encodeURIComponent(`iCalUId eq '${created.body.iCalUId}'`)}`,
      )
    ).body.value[0];
    const byAttendee = await graph(sim, token, 'POST', `/users/${london.id}/events/${copy.id}/cancel`, {
      comment: 'no',
    });
    expect(byAttendee.status).toBe(400);
    expect(byAttendee.body.error.code).toBe('ErrorInvalidRequest');
    expect(
      (
        await graph(sim, token, 'POST', `/users/${pacific.id}/events/${created.body.id}/cancel`, {
          comment: 'Pairing ended',
        })
      ).status,
    ).toBe(202);
    expect((await graph(sim, token, 'GET', `/users/${pacific.id}/events/${created.body.id}`)).status).toBe(
      404,
    );
    const after = await graph(sim, token, 'GET', `/users/${london.id}/events/${copy.id}`);
    expect(after.body).toMatchObject({ isCancelled: true, subject: 'Canceled: Pairwise: cancel' });
  });

  it('DELETE by the organizer sends a cancellation; DELETE by an attendee removes only their copy', async () => {
    const a = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: delete', {
        start: at('2027-02-04T09:00:00', 'Pacific Standard Time'),
        end: at('2027-02-04T09:30:00', 'Pacific Standard Time'),
      }),
    );
    const copyA = (
      await graph(
        sim,
        token,
        'GET',
        `/users/${london.id}/events?$filter=${encodeURIComponent(`iCalUId eq '${a.body.iCalUId}'`)}`,
      )
    ).body.value[0];
    expect((await graph(sim, token, 'DELETE', `/users/${pacific.id}/events/${a.body.id}`)).status).toBe(204);
    expect((await graph(sim, token, 'GET', `/users/${london.id}/events/${copyA.id}`)).body.isCancelled).toBe(
      true,
    );
    const b = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: delete-copy', {
        start: at('2027-02-05T09:00:00', 'Pacific Standard Time'),
        end: at('2027-02-05T09:30:00', 'Pacific Standard Time'),
      }),
    );
    const copyB = (
      await graph(
        sim,
        token,
        'GET',
        `/users/${london.id}/events?$filter=${encodeURIComponent(`iCalUId eq '${b.body.iCalUId}'`)}`,
      )
    ).body.value[0];
    expect((await graph(sim, token, 'DELETE', `/users/${london.id}/events/${copyB.id}`)).status).toBe(204);
    expect(
      (await graph(sim, token, 'GET', `/users/${pacific.id}/events/${b.body.id}`)).body.isCancelled,
    ).toBe(false);
  });

  it('auto-declines for a user switched to decline invitations', async () => {
    sim.control.setAutoDecline(sydney.userPrincipalName, true);
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: auto-decline', {
        attendees: [{ emailAddress: { address: sydney.mail }, type: 'required' }],
      }),
    );
    sim.control.setAutoDecline(sydney.userPrincipalName, false);
    const organizer = await graph(sim, token, 'GET', `/users/${pacific.id}/events/${created.body.id}`);
    expect(organizer.body.attendees[0].status.response).toBe('declined');
  });

  it('answers as an attendee through the control API: the series, or one session of it', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: answered', {
        start: at('2027-10-04T09:00:00', 'Pacific Standard Time'),
        end: at('2027-10-04T09:30:00', 'Pacific Standard Time'),
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
          range: { type: 'numbered', startDate: '2027-10-04', numberOfOccurrences: 3 },
        },
      }),
    );
    const meetingRef = { organizer: pacific.id, eventId: created.body.id as string };
    sim.control.respond(london.userPrincipalName, meetingRef, 'tentativelyAccepted');
    const responses = async () =>
      (
        await graph(
          sim,
          token,
          'GET',
          `/users/${pacific.id}/events/${created.body.id}/instances?startDateTime=2027-10-01T00:00:00Z&endDateTime=2027-10-31T00:00:00Z`,
        )
      ).body.value.map((e: any) => e.attendees[0].status.response);
    expect(await responses()).toEqual(['tentativelyAccepted', 'tentativelyAccepted', 'tentativelyAccepted']);
    // Over HTTP: the second session declined (a holiday), the series still tentatively accepted.
    const declined = await fetch(`${sim.url}/_simulator/users/${encodeURIComponent(london.mail)}/respond`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...meetingRef, response: 'declined', occurrence: 1 }),
    });
    expect(declined.status).toBe(204);
    expect(await responses()).toEqual(['tentativelyAccepted', 'declined', 'tentativelyAccepted']);

    expect(() => sim.control.respond(london.id, meetingRef, 'accepted', 3)).toThrow(/has no session 3/);
    expect(() => sim.control.respond(sydney.id, meetingRef, 'accepted')).toThrow(/no invitation/);
    expect(() => sim.control.respond(london.id, { ...meetingRef, eventId: 'nope' }, 'accepted')).toThrow(
      /No meeting/,
    );
  });

  it.each<[string, () => Record<string, unknown>]>([
    ['an unknown property', () => ({ ...meeting('x'), colour: 'red' })],
    ['no start', () => ({ subject: 'x', end: at('2027-02-01T10:00:00', 'UTC') })],
    [
      'an unknown time zone',
      () => ({
        subject: 'x',
        start: at('2027-02-01T10:00:00', 'Mars Standard Time'),
        end: at('2027-02-01T11:00:00', 'UTC'),
      }),
    ],
    [
      'end before start',
      () => ({
        subject: 'x',
        start: at('2027-02-01T10:00:00', 'UTC'),
        end: at('2027-02-01T09:00:00', 'UTC'),
      }),
    ],
    [
      'a bad attendee address',
      () => ({ ...meeting('x'), attendees: [{ emailAddress: { address: 'not-an-address' } }] }),
    ],
    [
      'a weekly recurrence without daysOfWeek',
      () => ({
        ...meeting('x'),
        recurrence: {
          pattern: { type: 'weekly', interval: 1 },
          range: { type: 'noEnd', startDate: '2027-02-01' },
        },
      }),
    ],
    [
      'range.startDate different from the start date',
      () => ({
        ...meeting('x'),
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
          range: { type: 'noEnd', startDate: '2027-02-08' },
        },
      }),
    ],
    [
      'interval 0',
      () => ({
        ...meeting('x'),
        recurrence: {
          pattern: { type: 'daily', interval: 0 },
          range: { type: 'noEnd', startDate: '2027-02-01' },
        },
      }),
    ],
  ])('refuses an event with %s (400)', async (_name, body) => {
    const res = await graph(sim, token, 'POST', `/users/${pacific.id}/events`, body());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('answers 404 ErrorItemNotFound for an unknown event id', async () => {
    const res = await graph(sim, token, 'GET', `/users/${pacific.id}/events/AAMkAnope`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ErrorItemNotFound');
  });
});

describe('recurring series and calendarView', () => {
  it('expands a weekly series across the US DST change at the same local time (graph-client, Prefer: outlook.timezone)', async () => {
    const client = graphClient(sim);
    const created = await client.api(`/users/${pacific.id}/events`).post(
      meeting('Pairwise: DST', {
        start: at('2027-03-01T10:00:00', 'Pacific Standard Time'),
        end: at('2027-03-01T10:30:00', 'Pacific Standard Time'),
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
          range: { type: 'numbered', startDate: '2027-03-01', numberOfOccurrences: 4 },
        },
      }),
    );
    expect(created.type).toBe('seriesMaster');
    expect(created.recurrence.range).toMatchObject({ type: 'numbered', numberOfOccurrences: 4 });
    const local = await client
      .api(`/users/${pacific.id}/calendarView`)
      .header('Prefer', 'outlook.timezone="Pacific Standard Time"')
      .query({ startDateTime: '2027-02-28T00:00:00Z', endDateTime: '2027-04-30T00:00:00Z' })
      .top(100)
      .get();
    const mine = local.value.filter((e: any) => e.seriesMasterId === created.id);
    expect(mine.map((e: any) => e.start)).toEqual(
      ['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22'].map((d) => ({
        dateTime: `${d}T10:00:00.0000000`,
        timeZone: 'Pacific Standard Time',
      })),
    );
    expect(mine.every((e: any) => e.type === 'occurrence')).toBe(true);
    const utc = (await view(pacific, '2027-02-28T00:00:00Z', '2027-04-30T00:00:00Z')).filter(
      (e) => e.seriesMasterId === created.id,
    );
    // PST (UTC-8) before 14 March 2027, PDT (UTC-7) after.
    expect(utc.map((e) => e.start.dateTime)).toEqual([
      '2027-03-01T18:00:00.0000000',
      '2027-03-08T18:00:00.0000000',
      '2027-03-15T17:00:00.0000000',
      '2027-03-22T17:00:00.0000000',
    ]);
    // The attendee in London sees the same instants (London changes clocks two weeks later).
    const london1 = (
      await view(london, '2027-02-28T00:00:00Z', '2027-04-30T00:00:00Z', {
        Prefer: 'outlook.timezone="GMT Standard Time"',
      })
    ).filter((e) => e.subject === 'Pairwise: DST');
    expect(london1.map((e) => e.start.dateTime)).toEqual([
      '2027-03-01T18:00:00.0000000',
      '2027-03-08T18:00:00.0000000',
      '2027-03-15T17:00:00.0000000',
      '2027-03-22T17:00:00.0000000',
    ]);
  });

  it('ends a series early with PATCH range.endDate, keeping past occurrences, on both calendars', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: end early', {
        start: at('2027-05-03T11:00:00', 'Pacific Standard Time'),
        end: at('2027-05-03T11:30:00', 'Pacific Standard Time'),
        recurrence: {
          pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday'] },
          range: { type: 'noEnd', startDate: '2027-05-03' },
        },
      }),
    );
    const count = async (user: DirectoryUser): Promise<number> =>
      (await view(user, '2027-05-01T00:00:00Z', '2027-08-01T00:00:00Z')).filter(
        (e) => e.subject === 'Pairwise: end early',
      ).length;
    expect(await count(pacific)).toBe(7);
    expect(await count(london)).toBe(7);
    const patched = await graph(sim, token, 'PATCH', `/users/${pacific.id}/events/${created.body.id}`, {
      recurrence: {
        ...created.body.recurrence,
        range: { ...created.body.recurrence.range, type: 'endDate', endDate: '2027-05-31' },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.recurrence.range).toMatchObject({ type: 'endDate', endDate: '2027-05-31' });
    expect(await count(pacific)).toBe(3);
    expect(await count(london)).toBe(3);
  });

  it('lists a series with /instances, reads one occurrence and cancels just that occurrence', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: instances', {
        start: at('2027-06-01T08:00:00', 'Pacific Standard Time'),
        end: at('2027-06-01T08:30:00', 'Pacific Standard Time'),
        recurrence: {
          pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'first' },
          range: { type: 'numbered', startDate: '2027-06-01', numberOfOccurrences: 3 },
        },
      }),
    );
    const instances = await graph(
      sim,
      token,
      'GET',
      `/users/${pacific.id}/events/${created.body.id}/instances?startDateTime=2027-05-01T00:00:00Z&endDateTime=2027-12-31T00:00:00Z`,
    );
    expect(instances.body.value.map((e: any) => e.start.dateTime.slice(0, 10))).toEqual([
      '2027-06-01',
      '2027-07-06',
      '2027-08-03',
    ]);
    const second = instances.body.value[1];
    expect(second).toMatchObject({ type: 'occurrence', seriesMasterId: created.body.id });
    expect(second.iCalUId).not.toBe(created.body.iCalUId);
    expect((await graph(sim, token, 'GET', `/users/${pacific.id}/events/${second.id}`)).body.start).toEqual(
      second.start,
    );
    expect(
      (await graph(sim, token, 'POST', `/users/${pacific.id}/events/${second.id}/cancel`, {})).status,
    ).toBe(202);
    const after = await graph(
      sim,
      token,
      'GET',
      `/users/${pacific.id}/events/${created.body.id}/instances?startDateTime=2027-05-01T00:00:00Z&endDateTime=2027-12-31T00:00:00Z`,
    );
    expect(after.body.value.map((e: any) => e.start.dateTime.slice(0, 10))).toEqual([
      '2027-06-01',
      '2027-08-03',
    ]);
    expect(
      (await view(london, '2027-07-01T00:00:00Z', '2027-07-31T00:00:00Z')).filter(
        (e) => e.subject === 'Pairwise: instances',
      ),
    ).toHaveLength(0);
    expect(
      (await graph(sim, token, 'GET', `/users/${pacific.id}/events/${created.body.id}/instances`)).status,
    ).toBe(400);
  });

  it('PATCH moves a meeting (attendees asked again), adds and removes attendees, and edits a single occurrence', async () => {
    const created = await graph(
      sim,
      token,
      'POST',
      `/users/${pacific.id}/events`,
      meeting('Pairwise: patch', {
        start: at('2027-09-06T09:00:00', 'Pacific Standard Time'),
        end: at('2027-09-06T09:30:00', 'Pacific Standard Time'),
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
          range: { type: 'numbered', startDate: '2027-09-06', numberOfOccurrences: 3 },
        },
      }),
    );
    const copy = (
      await graph(
        sim,
        token,
        'GET',
        `/users/${london.id}/events?$filter=${encodeURIComponent(`iCalUId eq '${created.body.iCalUId}'`)}`,
      )
    ).body.value[0];
    await graph(sim, token, 'POST', `/users/${london.id}/events/${copy.id}/accept`, {});
    const subjectOnly = await graph(sim, token, 'PATCH', `/users/${pacific.id}/events/${created.body.id}`, {
      subject: 'Pairwise: patch (renamed)',
    });
    expect(subjectOnly.body.attendees[0].status.response).toBe('accepted');
    expect((await graph(sim, token, 'GET', `/users/${london.id}/events/${copy.id}`)).body.subject).toBe(
      'Pairwise: patch (renamed)',
    );
    // Moving the series to Tuesday: the range start moves with it and the attendee must answer again.
    const moved = await graph(sim, token, 'PATCH', `/users/${pacific.id}/events/${created.body.id}`, {
      start: at('2027-09-07T09:00:00', 'Pacific Standard Time'),
      end: at('2027-09-07T09:30:00', 'Pacific Standard Time'),
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'numbered', startDate: '2027-09-07', numberOfOccurrences: 3 },
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.attendees[0].status.response).toBe('none');
    const londonCopy = await graph(sim, token, 'GET', `/users/${london.id}/events/${copy.id}`);
    expect(londonCopy.body).toMatchObject({
      responseStatus: { response: 'notResponded' },
      showAs: 'tentative',
      start: { dateTime: '2027-09-07T16:00:00.0000000' },
    });
    const instances = await graph(
      sim,
      token,
      'GET',
      `/users/${pacific.id}/events/${created.body.id}/instances?startDateTime=2027-09-01T00:00:00Z&endDateTime=2027-10-01T00:00:00Z`,
    );
    const second = instances.body.value[1];
    const exception = await graph(sim, token, 'PATCH', `/users/${pacific.id}/events/${second.id}`, {
      start: at('2027-09-14T12:00:00', 'Pacific Standard Time'),
      end: at('2027-09-14T12:30:00', 'Pacific Standard Time'),
    });
    expect(exception.body).toMatchObject({
      type: 'exception',
      start: { dateTime: '2027-09-14T19:00:00.0000000' },
    });
    const londonView = (await view(london, '2027-09-01T00:00:00Z', '2027-10-01T00:00:00Z')).filter(
      (e) => e.subject === 'Pairwise: patch (renamed)',
    );
    expect(londonView.map((e) => e.start.dateTime)).toEqual([
      '2027-09-07T16:00:00.0000000',
      '2027-09-14T19:00:00.0000000',
      '2027-09-21T16:00:00.0000000',
    ]);
    const swapped = await graph(sim, token, 'PATCH', `/users/${pacific.id}/events/${created.body.id}`, {
      attendees: [{ emailAddress: { address: sydney.mail }, type: 'required' }],
    });
    expect(swapped.body.attendees.map((a: any) => a.emailAddress.address)).toEqual([sydney.mail]);
    expect((await graph(sim, token, 'GET', `/users/${london.id}/events/${copy.id}`)).body.isCancelled).toBe(
      true,
    );
    const sydneyCopies = await graph(
      sim,
      token,
      'GET',
      `/users/${sydney.id}/events?$filter=${encodeURIComponent(`iCalUId eq '${created.body.iCalUId}'`)}`,
    );
    expect(sydneyCopies.body.value).toHaveLength(1);
  });

  it('pages calendarView with absolute nextLinks (default page size 10) and requires the window', async () => {
    const first = await graph(
      sim,
      token,
      'GET',
      `/users/${sydney.id}/calendarView?startDateTime=2026-12-01T00:00:00Z&endDateTime=2027-01-31T00:00:00Z`,
    );
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(10);
    expect(first.body['@odata.nextLink']).toMatch(
      new RegExp(`^${sim.url.replace(/\./g, '\\.')}/v1\\.0/users/`),
    );
    const all = await view(sydney, '2026-12-01T00:00:00Z', '2027-01-31T00:00:00Z');
    expect(all.length).toBeGreaterThan(10);
    const starts = all.map((e) => e.start.dateTime);
    expect([...starts].sort()).toEqual(starts);
    expect((await graph(sim, token, 'GET', `/users/${sydney.id}/calendarView`)).status).toBe(400);
  });
});
