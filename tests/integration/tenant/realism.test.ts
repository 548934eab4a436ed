// Contract tests read Graph/Entra JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { customOffsetMinutes, customTimeZoneFor } from '../../../dev/tenant/custom-time-zones';
import { offsetMinutes, toIana } from '../../../dev/tenant/time-zones';
import { appToken, graph, reachable, startSimulator } from './helpers';

// The demo company as `npm start` has it: every real-tenant behaviour on (docs/tenant-simulator.md).
let sim: TenantSimulator;
let token: string;
let organizer: DirectoryUser;
let attendee: DirectoryUser;
beforeAll(async () => {
  sim = await startSimulator({ size: 300 });
  token = await appToken(sim);
  [organizer, attendee] = sim.users.filter((u) => reachable(u) && !u.upnDiffersFromMail).slice(2, 4) as [
    DirectoryUser,
    DirectoryUser,
  ];
});
afterEach(() => {
  sim.control.reset();
});
afterAll(async () => {
  await sim.stop();
});

const person = (predicate: (u: DirectoryUser) => boolean): DirectoryUser => {
  const found = sim.users.find((u) => u.accountEnabled && predicate(u));
  if (!found) throw new Error('the seed has nobody like that');
  return found;
};
const window = {
  startTime: { dateTime: '2027-01-11T00:00:00', timeZone: 'UTC' },
  endTime: { dateTime: '2027-01-12T00:00:00', timeZone: 'UTC' },
};
const schedule = (asUser: DirectoryUser, schedules: string[]) =>
  graph(sim, token, 'POST', `/users/${asUser.id}/calendar/getSchedule`, { schedules, ...window });
const meeting = (subject: string, attendees: string[], extra: Record<string, unknown> = {}) => ({
  subject,
  start: { dateTime: '2027-02-01T09:00:00', timeZone: 'UTC' },
  end: { dateTime: '2027-02-01T09:30:00', timeZone: 'UTC' },
  attendees: attendees.map((address) => ({ emailAddress: { address }, type: 'required' })),
  ...extra,
});
/** The organizer creates a meeting (raw Graph call: status and body as they come). */
const book = (subject: string, attendees: string[], extra: Record<string, unknown> = {}) =>
  graph(sim, token, 'POST', `/users/${organizer.id}/events`, meeting(subject, attendees, extra));
const copiesOf = async (user: DirectoryUser, subject: string): Promise<any[]> => {
  const res = await graph(
    sim,
    token,
    'GET',
    `/users/${user.id}/calendarView?startDateTime=2027-02-01T00:00:00Z&endDateTime=2027-02-02T00:00:00Z&$top=100`,
  );
  expect(res.status).toBe(200);
  return res.body.value.filter((e: any) => e.subject === subject);
};

describe('the demo company', () => {
  it('has every behaviour on, and seeded shares of people with each quirk', () => {
    expect(sim.control.realism()).toEqual({
      appScope: true,
      appConcurrency: true,
      strictTransactionId: true,
      customTimeZones: true,
      teamsAppRequired: true,
      propagationDelayMs: 2000,
    });
    const count = (p: (u: DirectoryUser) => boolean): number => sim.users.filter(p).length;
    expect(count((u) => u.upnDiffersFromMail)).toBeGreaterThan(20);
    expect(count((u) => !u.hasMailbox)).toBeGreaterThan(0);
    expect(count((u) => !u.inAppScope)).toBeGreaterThan(5);
    expect(count((u) => u.hasCustomTimeZone)).toBeGreaterThan(5);
    expect(count((u) => !u.appInstalled)).toBeGreaterThan(10);
  });

  it("with realism 'ideal' is the clean tenant: UPN = mail, every mailbox reachable, the app everywhere", async () => {
    const ideal = await startSimulator({ size: 120, realism: 'ideal' });
    try {
      expect(ideal.users.every((u) => u.mail === u.userPrincipalName && !u.upnDiffersFromMail)).toBe(true);
      expect(ideal.users.every((u) => u.hasMailbox && u.inAppScope && u.appInstalled)).toBe(true);
      expect(ideal.users.some((u) => u.hasCustomTimeZone)).toBe(false);
      expect(ideal.control.realism()).toMatchObject({ appScope: false, propagationDelayMs: 0 });
      // Names, org and calendars are the demo company's: only the quirks differ.
      const demo = await startSimulator({ size: 120 });
      expect(ideal.users.map((u) => u.mail)).toEqual(demo.users.map((u) => u.mail));
      await demo.stop();
    } finally {
      await ideal.stop();
    }
  });
});

describe('UPN ≠ primary SMTP address (users: /users/{id | userPrincipalName})', () => {
  it('finds the person by id or UPN, never by a mail address that is not the UPN', async () => {
    const odd = person((u) => u.upnDiffersFromMail && reachable(u));
    expect(odd.mail).not.toBe(odd.userPrincipalName);
    expect((await graph(sim, token, 'GET', `/users/${odd.id}`)).body.mail).toBe(odd.mail);
    expect((await graph(sim, token, 'GET', `/users/${odd.userPrincipalName}`)).body.id).toBe(odd.id);
    const byMail = await graph(sim, token, 'GET', `/users/${odd.mail}`);
    expect(byMail.status).toBe(404);
    expect(byMail.body.error.code).toBe('Request_ResourceNotFound');
    const calendar = await graph(sim, token, 'GET', `/users/${odd.mail}/calendar`);
    expect(calendar.status).toBe(404);
    expect(calendar.body.error.code).toBe('ErrorInvalidUser');
    const create = await graph(sim, token, 'POST', `/users/${odd.mail}/events`, meeting('x', []));
    expect(create.status).toBe(404);
    expect((await graph(sim, token, 'GET', `/users/${odd.userPrincipalName}/mailboxSettings`)).status).toBe(
      200,
    );
  });

  it('lists proxyAddresses (SMTP: primary, smtp: aliases) on $select and filters on them', async () => {
    const odd = person((u) => u.upnDiffersFromMail);
    const got = await graph(
      sim,
      token,
      'GET',
      `/users/${odd.id}?$select=id,mail,userPrincipalName,proxyAddresses`,
    );
    expect(got.body.proxyAddresses).toEqual(odd.proxyAddresses);
    expect(got.body.proxyAddresses[0]).toBe(`SMTP:${odd.mail}`);
    const alias = odd.proxyAddresses.find((p) => p.startsWith('smtp:'))!;
    const filtered = await graph(
      sim,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent(`proxyAddresses/any(p:p eq '${alias}')`)}&$select=id`,
    );
    expect(filtered.body.value).toEqual([{ id: odd.id }]);
    expect(
      (await graph(sim, token, 'GET', '/users?$select=id')).body.value[0].proxyAddresses,
    ).toBeUndefined();
  });

  it('resolves getSchedule schedules and attendees by SMTP address or alias, not by UPN', async () => {
    const odd = person((u) => u.upnDiffersFromMail && reachable(u));
    const alias = odd.proxyAddresses[1]!.slice(5);
    const res = await schedule(organizer, [odd.mail, alias.toUpperCase(), odd.userPrincipalName]);
    expect(res.status).toBe(200);
    const [byMail, byAlias, byUpn] = res.body.value;
    expect(byMail).toMatchObject({ scheduleId: odd.mail });
    expect(byMail.error).toBeUndefined();
    expect(byAlias).toMatchObject({ scheduleId: alias.toUpperCase() });
    expect(byAlias.error).toBeUndefined();
    expect(byUpn.error.responseCode).toBe('ErrorMailRecipientNotFound');
    sim.control.setRealism({ propagationDelayMs: 0 });
    const created = await book('by alias', [alias]);
    expect(created.status).toBe(201);
    expect(created.body.attendees[0].emailAddress.address).toBe(odd.mail);
    expect(await copiesOf(odd, 'by alias')).toHaveLength(1);
  });
});

describe('people without an Exchange Online mailbox', () => {
  it('answer every mailbox route with 404 MailboxNotEnabledForRESTAPI; the directory still has them, with mail', async () => {
    const nobox = person((u) => !u.hasMailbox);
    const user = await graph(sim, token, 'GET', `/users/${nobox.id}`);
    expect(user.status).toBe(200);
    expect(user.body.mail).toBe(nobox.mail);
    for (const [method, path, body] of [
      ['GET', `/users/${nobox.id}/mailboxSettings`],
      ['GET', `/users/${nobox.id}/mailboxSettings/workingHours`],
      ['GET', `/users/${nobox.id}/calendar`],
      ['GET', `/users/${nobox.id}/events`],
      [
        'GET',
        `/users/${nobox.id}/calendarView?startDateTime=2027-01-11T00:00:00Z&endDateTime=2027-01-12T00:00:00Z`,
      ],
      ['POST', `/users/${nobox.id}/events`, meeting('x', [])],
      ['POST', `/users/${nobox.id}/calendar/getSchedule`, { schedules: [nobox.mail], ...window }],
    ] as [string, string, unknown?][]) {
      const res = await graph(sim, token, method, path, body);
      expect([path, res.status, res.body.error.code]).toEqual([path, 404, 'MailboxNotEnabledForRESTAPI']);
      expect(res.body.error.message).toBe(
        'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      );
    }
  });

  it('carry an error in getSchedule (the others are fine) and get no invitation', async () => {
    const nobox = person((u) => !u.hasMailbox);
    const res = await schedule(organizer, [attendee.mail, nobox.mail]);
    expect(res.status).toBe(200);
    expect(res.body.value[0].error).toBeUndefined();
    expect(res.body.value[1]).toMatchObject({
      scheduleId: nobox.mail,
      error: { responseCode: 'ErrorMailRecipientNotFound' },
    });
    sim.control.setRealism({ propagationDelayMs: 0 });
    const created = await book('no mailbox', [attendee.mail, nobox.mail]);
    expect(created.body.attendees).toHaveLength(2);
    expect(await copiesOf(attendee, 'no mailbox')).toHaveLength(1);
    // Given a mailbox afterwards, it holds nothing: the invitation was never delivered.
    sim.control.setQuirks(nobox.id, { hasMailbox: true, inAppScope: true });
    expect(await copiesOf(nobox, 'no mailbox')).toHaveLength(0);
  });
});

describe('application access scope (auth-limit-mailbox-access.md)', () => {
  it('exposes the scope as a mail-enabled security group: GET /groups needs a group permission, members need User.Read.All', async () => {
    const groupReader = await sim.issueAppToken({ roles: ['GroupMember.Read.All'] });
    const filter = encodeURIComponent("displayName eq 'Pairwise participants'");
    const list = await graph(sim, groupReader, 'GET', `/groups?$filter=${filter}`);
    expect(list.status).toBe(200);
    expect(list.body.value).toHaveLength(1);
    const group = list.body.value[0];
    expect(group).toMatchObject({
      id: sim.appScopeGroup.id,
      mail: sim.appScopeGroup.mail,
      mailEnabled: true,
      securityEnabled: true,
      groupTypes: [],
    });
    const byMail = await graph(
      sim,
      groupReader,
      'GET',
      `/groups?$filter=${encodeURIComponent(`mail eq '${sim.appScopeGroup.mail}'`)}&$select=id,displayName`,
    );
    expect(byMail.body.value).toEqual([{ id: group.id, displayName: 'Pairwise participants' }]);
    expect((await graph(sim, token, 'GET', '/groups')).status).toBe(403);
    expect((await graph(sim, groupReader, 'GET', `/groups/${sim.users[0]!.id}`)).status).toBe(404);
    const members: string[] = [];
    for (let path: string | undefined = `/groups/${group.id}/members?$select=id&$top=100`; path;) {
      const page = await graph(sim, token, 'GET', path);
      expect(page.status).toBe(200);
      members.push(...page.body.value.map((m: any) => m.id));
      const next = page.body['@odata.nextLink'];
      path = next ? next.slice(next.indexOf('/v1.0') + 5) : undefined;
    }
    expect(members.sort()).toEqual(
      sim.users
        .filter((u) => u.inAppScope)
        .map((u) => u.id)
        .sort(),
    );
  });

  it('answers mailbox routes outside the scope with 403 ErrorAccessDenied; getSchedule as them fails whole', async () => {
    const outside = person((u) => !u.inAppScope && u.hasMailbox);
    for (const path of [
      `/users/${outside.id}/mailboxSettings`,
      `/users/${outside.id}/calendar`,
      `/users/${outside.id}/events`,
    ]) {
      const res = await graph(sim, token, 'GET', path);
      expect([path, res.status, res.body.error]).toEqual([
        path,
        403,
        expect.objectContaining({ code: 'ErrorAccessDenied', message: 'Access to OData is disabled.' }),
      ]);
    }
    const as = await schedule(outside, [attendee.mail]);
    expect(as.status).toBe(403);
    expect(as.body.error.code).toBe('ErrorAccessDenied');
    // The directory and the photo are not the mailbox: the policy does not cover them.
    expect((await graph(sim, token, 'GET', `/users/${outside.id}`)).status).toBe(200);
  });

  it('gives an out-of-scope address in schedules its own error; the other schedules are unaffected', async () => {
    const outside = person((u) => !u.inAppScope && u.hasMailbox);
    const res = await schedule(organizer, [attendee.mail, outside.mail]);
    expect(res.status).toBe(200);
    expect(res.body.value[0].error).toBeUndefined();
    expect(res.body.value[0].availabilityView).toHaveLength(48);
    expect(res.body.value[1]).toMatchObject({
      scheduleId: outside.mail,
      availabilityView: '',
      error: { responseCode: 'ErrorAccessDenied', message: 'Access to OData is disabled.' },
    });
  });

  it('still delivers invitations to people outside the scope (the policy limits the app, not mail)', async () => {
    const outside = person((u) => !u.inAppScope && u.hasMailbox);
    sim.control.setRealism({ propagationDelayMs: 0 });
    await book('to outside', [outside.mail]);
    sim.control.setRealism({ appScope: false });
    expect(await copiesOf(outside, 'to outside')).toHaveLength(1);
  });

  it('is switchable: scope off, or one person added or removed (in process and over HTTP)', async () => {
    const outside = person((u) => !u.inAppScope && u.hasMailbox);
    sim.control.setRealism({ appScope: false });
    expect((await graph(sim, token, 'GET', `/users/${outside.id}/calendar`)).status).toBe(200);
    sim.control.setRealism({ appScope: true });
    expect(sim.control.setQuirks(outside.userPrincipalName, { inAppScope: true }).inAppScope).toBe(true);
    expect(outside.inAppScope).toBe(true);
    expect((await graph(sim, token, 'GET', `/users/${outside.id}/calendar`)).status).toBe(200);
    const res = await fetch(`${sim.url}/_simulator/users/${attendee.id}/quirks`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ inAppScope: false }),
    });
    expect(await res.json()).toMatchObject({ inAppScope: false, hasMailbox: true });
    expect((await graph(sim, token, 'GET', `/users/${attendee.id}/calendar`)).status).toBe(403);
    const members = await graph(
      sim,
      token,
      'GET',
      `/groups/${sim.appScopeGroup.id}/members?$select=id&$top=999`,
    );
    expect(members.body.value.map((m: any) => m.id)).not.toContain(attendee.id);
    sim.control.reset();
    expect(attendee.inAppScope).toBe(true);
    expect(outside.inAppScope).toBe(false);
  });
});

describe('Outlook concurrency per app (throttling-limits.md, "Limits per app ID" and JSON batching)', () => {
  const slow = (delayMs: number): void =>
    sim.control.setFaults([{ route: '/users/{id}/calendar/getSchedule', fault: 'delay', delayMs }]);
  const people = (): DirectoryUser[] => sim.users.filter(reachable).slice(0, 10);

  it('refuses a fifth concurrent Outlook request of the app with 429 ApplicationThrottled, whatever the mailboxes', async () => {
    slow(400);
    const results = await Promise.all(
      people()
        .slice(0, 5)
        .map((u) => schedule(u, [u.mail])),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.error).toMatchObject({
      code: 'ApplicationThrottled',
      message: 'Application is over its MailboxConcurrency limit.',
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Directory requests are not Outlook's: they are not counted.
    sim.control.setFaults([{ route: '/users/{id}', fault: 'delay', delayMs: 300 }]);
    const directory = await Promise.all(people().map((u) => graph(sim, token, 'GET', `/users/${u.id}`)));
    expect(directory.every((r) => r.status === 200)).toBe(true);
  });

  it('runs a $batch 4 Outlook requests at a time: the rest wait inside the batch, none is refused', async () => {
    slow(300);
    sim.control.resetCounters();
    const started = Date.now();
    const res = await graph(sim, token, 'POST', '/$batch', {
      requests: people()
        .slice(0, 9)
        .map((u, i) => ({
          id: String(i),
          method: 'POST',
          url: `/users/${u.id}/calendar/getSchedule`,
          headers: { 'Content-Type': 'application/json' },
          body: { schedules: [u.mail], ...window },
        })),
    });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r: any) => r.status)).toEqual(new Array(9).fill(200));
    // Three waves of four, four and one.
    expect(elapsed).toBeGreaterThanOrEqual(850);
    expect(sim.control.httpRequests()).toBe(1);
    expect(sim.control.batchedRequests()).toBe(9);
    expect(sim.control.counters()['POST /users/{id}/calendar/getSchedule']).toBe(9);
  });

  it("counts a batch's running items against the app: a top-level request meanwhile, or a second batch, is throttled", async () => {
    slow(400);
    const batch = (ids: string) =>
      graph(sim, token, 'POST', '/$batch', {
        requests: people()
          .slice(0, 4)
          .map((u, i) => ({
            id: `${ids}${i}`,
            method: 'POST',
            url: `/users/${u.id}/calendar/getSchedule`,
            headers: { 'Content-Type': 'application/json' },
            body: { schedules: [u.mail], ...window },
          })),
      });
    sim.control.resetCounters();
    const first = batch('a');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [single, second, done] = await Promise.all([
      schedule(people()[5]!, [organizer.mail]),
      batch('b'),
      first,
    ]);
    expect(done.body.responses.every((r: any) => r.status === 200)).toBe(true);
    expect(single.status).toBe(429);
    const inner = second.body.responses.map((r: any) => r.status);
    expect(inner).toContain(429);
    expect(second.body.responses.find((r: any) => r.status === 429).body.error.code).toBe(
      'ApplicationThrottled',
    );
    // The counters tell a throttled request from a throttled request inside a batch (a run's 429 rate).
    expect(sim.control.throttledResponses()).toEqual({
      http: 1,
      batched: inner.filter((status: number) => status === 429).length,
    });
    expect(sim.control.throttledByRoute()).toEqual({
      'POST /users/{id}/calendar/getSchedule': 1 + inner.filter((status: number) => status === 429).length,
    });
  });

  it('keeps the per app + mailbox budget of 10,000 requests per 10 minutes (lowered here)', async () => {
    sim.control.setLimits({ mailboxRequestsPerWindow: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await graph(sim, token, 'GET', `/users/${attendee.id}/mailboxSettings`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await graph(sim, token, 'GET', `/users/${organizer.id}/mailboxSettings`)).status).toBe(200);
  });
});

describe('transactionId (event.md)', () => {
  it('returns the first event for the same body, and 400 ErrorDuplicateTransactionId for another body', async () => {
    const body = meeting('tx', [attendee.mail], { transactionId: 'tx-realism-1' });
    const first = await graph(sim, token, 'POST', `/users/${organizer.id}/events`, body);
    expect(first.status).toBe(201);
    // The same body with its keys in another order is the same body.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await graph(sim, token, 'POST', `/users/${organizer.id}/events`, reordered);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await graph(sim, token, 'POST', `/users/${organizer.id}/events`, {
      ...body,
      subject: 'tx 2',
    });
    expect(other.status).toBe(400);
    expect(other.body.error).toMatchObject({
      code: 'ErrorDuplicateTransactionId',
      message:
        "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.",
    });
    sim.control.setRealism({ strictTransactionId: false });
    const lenient = await graph(sim, token, 'POST', `/users/${organizer.id}/events`, {
      ...body,
      subject: 'tx 3',
    });
    expect(lenient.status).toBe(201);
    expect(lenient.body.id).toBe(first.body.id);
  });
});

describe('custom time zones in working hours (workinghours.md, customtimezone.md)', () => {
  it('returns a customTimeZone in mailboxSettings and getSchedule for the people who have one', async () => {
    const custom = person(
      (u) => u.hasCustomTimeZone && reachable(u) && u.timeZone === 'Pacific Standard Time',
    );
    const settings = await graph(sim, token, 'GET', `/users/${custom.id}/mailboxSettings`);
    expect(settings.body.timeZone).toBe('Pacific Standard Time');
    // The Pacific rules as the getSchedule example shows them (pinned in custom-time-zones.test.ts).
    expect(settings.body.workingHours.timeZone).toEqual(customTimeZoneFor('Pacific Standard Time'));
    expect(settings.body.workingHours.timeZone).toMatchObject({ bias: 480, name: 'Customized Time Zone' });
    const res = await schedule(organizer, [custom.mail, attendee.mail]);
    expect(res.body.value[0].workingHours).toEqual(settings.body.workingHours);
    expect(res.body.value[1].workingHours.timeZone).toEqual({ name: attendee.timeZone });
    sim.control.setRealism({ customTimeZones: false });
    const named = await graph(sim, token, 'GET', `/users/${custom.id}/mailboxSettings/workingHours`);
    expect(named.body.timeZone).toEqual({ name: 'Pacific Standard Time' });
  });

  it('keeps working hours at the same instants as the named zone, across DST changes in every zone used', async () => {
    const byZone = new Map<string, DirectoryUser>();
    for (const u of sim.users) if (u.hasCustomTimeZone && reachable(u)) byZone.set(u.timeZone, u);
    expect(byZone.size).toBeGreaterThanOrEqual(4);
    for (const [zone, custom] of byZone) {
      const hours = (await graph(sim, token, 'GET', `/users/${custom.id}/mailboxSettings/workingHours`)).body;
      expect(hours.timeZone['@odata.type']).toBe('#microsoft.graph.customTimeZone');
      const iana = toIana(zone)!;
      const [h, m] = (hours.startTime as string).split(':').map(Number);
      for (const day of ['2027-01-12', '2027-04-06', '2027-07-13', '2027-10-05', '2027-11-09']) {
        const wall = Date.parse(`${day}T00:00:00Z`) + ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
        const viaCustom = wall - customOffsetMinutes(hours.timeZone, wall) * 60_000;
        const viaName = wall - offsetMinutes(iana, wall) * 60_000;
        expect([zone, day, new Date(viaCustom).toISOString()]).toEqual([
          zone,
          day,
          new Date(viaName).toISOString(),
        ]);
      }
    }
  });
});

describe('Teams app installation (teams-send-activityfeednotifications.md, "Requirements")', () => {
  const notification = {
    topic: {
      source: 'text',
      value: 'Your peer pairing',
      webUrl: 'https://teams.microsoft.com/l/entity/app/pairings',
    },
    activityType: 'pairingCreated',
    previewText: { content: 'You have a new peer' },
  };

  it('refuses a notification to someone without the app with 403 Forbidden; installing the app lets it through', async () => {
    const without = person((u) => !u.appInstalled);
    const notify = () =>
      graph(sim, token, 'POST', `/users/${without.id}/teamwork/sendActivityNotification`, notification);
    const res = await notify();
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('Forbidden');
    expect(res.body.error.message).toMatch(
      /is not authorized to generate custom text notifications .* Ensure that the expected Teams app is installed in the target scope \(user, team, or chat\)\.$/,
    );
    expect(sim.control.activityNotifications()).toHaveLength(0);
    expect(sim.control.undeliveredActivityNotifications()).toEqual([
      expect.objectContaining({
        recipientUserId: without.id,
        reason: 'app-not-installed',
        via: 'sendActivityNotification',
      }),
    ]);
    sim.control.setQuirks(without.id, { appInstalled: true });
    expect((await notify()).status).toBe(204);
    sim.control.setQuirks(without.id, { appInstalled: false });
    sim.control.setRealism({ teamsAppRequired: false });
    expect((await notify()).status).toBe(204);
  });

  it('sendActivityNotificationToRecipients: 202 for up to 100 recipients; only those with the app get it', async () => {
    const withApp = sim.users.filter((u) => u.appInstalled).slice(0, 3);
    const withoutApp = sim.users.filter((u) => !u.appInstalled).slice(0, 2);
    const recipient = (userId: string) => ({
      '@odata.type': 'microsoft.graph.aadUserNotificationRecipient',
      userId,
    });
    const res = await graph(sim, token, 'POST', '/teamwork/sendActivityNotificationToRecipients', {
      ...notification,
      recipients: [...withApp, ...withoutApp].map((u) => recipient(u.id)).concat(recipient('ghost-id')),
    });
    expect(res.status).toBe(202);
    expect(sim.control.activityNotifications().map((n) => n.recipientUserId)).toEqual(
      withApp.map((u) => u.id),
    );
    expect(sim.control.activityNotifications()[0]!.body).toEqual(notification);
    expect(sim.control.undeliveredActivityNotifications().map((n) => [n.recipientUserId, n.reason])).toEqual([
      ...withoutApp.map((u) => [u.id, 'app-not-installed']),
      ['ghost-id', 'unknown-user'],
    ]);
    const tooMany = await graph(sim, token, 'POST', '/teamwork/sendActivityNotificationToRecipients', {
      ...notification,
      recipients: Array.from({ length: 101 }, (_, i) => recipient(sim.users[i]!.id)),
    });
    expect(tooMany.status).toBe(400);
    const wrongType = await graph(sim, token, 'POST', '/teamwork/sendActivityNotificationToRecipients', {
      ...notification,
      recipients: [{ '@odata.type': 'microsoft.graph.chatMembersNotificationRecipient', chatId: 'x' }],
    });
    expect(wrongType.status).toBe(400);
  });

  it('limits the bulk action to 2 requests per second, and needs a token valid for 45 more minutes', async () => {
    const body = {
      ...notification,
      recipients: [{ '@odata.type': 'microsoft.graph.aadUserNotificationRecipient', userId: attendee.id }],
    };
    const statuses = await Promise.all(
      [1, 2, 3].map(() =>
        graph(sim, token, 'POST', '/teamwork/sendActivityNotificationToRecipients', body).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.sort()).toEqual([202, 202, 429]);
    const ageing = await sim.issueAppToken({ lifetimeSeconds: 40 * 60 });
    const late = await graph(sim, ageing, 'POST', '/teamwork/sendActivityNotificationToRecipients', body);
    expect(late.status).toBe(412);
  });
});

describe('propagation delay (invitations and responses reach the other mailbox later)', () => {
  it('delivers the invitation after the delay, and the response to the organizer after the delay', async () => {
    sim.control.setRealism({ propagationDelayMs: 400 });
    const created = await book('later', [attendee.mail]);
    expect(created.status).toBe(201);
    expect(await copiesOf(attendee, 'later')).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const [copy] = await copiesOf(attendee, 'later');
    expect(copy).toMatchObject({ isOrganizer: false, responseStatus: { response: 'notResponded' } });
    expect(
      (await graph(sim, token, 'POST', `/users/${attendee.id}/events/${copy.id}/accept`, {})).status,
    ).toBe(202);
    const organizerCopy = async () =>
      (await graph(sim, token, 'GET', `/users/${organizer.id}/events/${created.body.id}`)).body.attendees[0]
        .status.response;
    expect(await organizerCopy()).toBe('none');
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await organizerCopy()).toBe('accepted');
  });

  it('cancels an invitation still on its way when the organizer deletes the meeting', async () => {
    sim.control.setRealism({ propagationDelayMs: 300 });
    const created = await book('gone', [attendee.mail]);
    expect(
      (await graph(sim, token, 'DELETE', `/users/${organizer.id}/events/${created.body.id}`)).status,
    ).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const copies = await copiesOf(attendee, 'Canceled: gone');
    expect(copies).toHaveLength(1);
    expect(copies[0].isCancelled).toBe(true);
  });

  it('can be switched off (0: delivered at once) over HTTP', async () => {
    const res = await fetch(`${sim.url}/_simulator/realism`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ propagationDelayMs: 0 }),
    });
    expect(await res.json()).toMatchObject({ propagationDelayMs: 0 });
    await book('at once', [attendee.mail]);
    expect(await copiesOf(attendee, 'at once')).toHaveLength(1);
    const bad = await fetch(`${sim.url}/_simulator/realism`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ propagationDelayMs: -1, nonsense: true }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('Teams app catalog', () => {
  it('is not simulated: deep links use the app id the product is configured with (docs/tenant-simulator.md)', async () => {
    expect((await graph(sim, token, 'GET', '/appCatalogs/teamsApps')).status).toBe(400);
  });
});
