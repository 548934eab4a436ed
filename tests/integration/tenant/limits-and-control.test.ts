// Contract tests read Graph/Entra JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import {
  BatchRequestContent,
  BatchResponseContent,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';

import { type DirectoryUser, type TenantSimulator } from '../../../dev/tenant';
import { appToken, graph, graphClient, reachable, startSimulator } from './helpers';

let sim: TenantSimulator;
let token: string;
let alice: DirectoryUser;
let bob: DirectoryUser;
beforeAll(async () => {
  sim = await startSimulator({ size: 150 });
  token = await appToken(sim);
  [alice, bob] = sim.users.filter((u) => reachable(u) && u.appInstalled).slice(3, 5) as [
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

const window = {
  startTime: { dateTime: '2027-01-11T00:00:00', timeZone: 'UTC' },
  endTime: { dateTime: '2027-01-12T00:00:00', timeZone: 'UTC' },
};
const scheduleRequest = (id: string, user: DirectoryUser): Record<string, unknown> => ({
  id,
  method: 'POST',
  url: `/users/${user.id}/calendar/getSchedule`,
  headers: { 'Content-Type': 'application/json' },
  body: { schedules: [user.mail], ...window },
});

describe('$batch', () => {
  it('works with the SDK BatchRequestContent/BatchResponseContent (sub-URLs with /v1.0, Content-Type capitalised)', async () => {
    const client = graphClient(sim);
    sim.control.resetCounters();
    const content = new BatchRequestContent([
      { id: '1', request: new Request(`${sim.url}/v1.0/users/${alice.id}`, { method: 'GET' }) },
      {
        id: '2',
        request: new Request(`${sim.url}/v1.0/users/${alice.id}/mailboxSettings`, { method: 'GET' }),
      },
      {
        id: '3',
        request: new Request(`${sim.url}/v1.0/users/${bob.id}/calendar/getSchedule`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ schedules: [bob.mail], ...window }),
        }),
      },
    ]);
    const payload = await content.getContent();
    expect(payload.requests[0]?.url).toBe(`/v1.0/users/${alice.id}`);
    const response = new BatchResponseContent(await client.api('/$batch').post(payload));
    const user = await response.getResponseById('1').json();
    expect(user.id).toBe(alice.id);
    expect((await response.getResponseById('2').json()).timeZone).toBe(alice.timeZone);
    expect((await response.getResponseById('3').json()).value[0].scheduleId).toBe(bob.mail);
    const counters = sim.control.counters();
    expect(counters['POST /$batch']).toBe(1);
    expect(counters['GET /users/{id}/mailboxSettings']).toBe(1);
    expect(counters['POST /users/{id}/calendar/getSchedule']).toBe(1);
    // One HTTP request carried the three: what a client pays for, as opposed to what Graph evaluates.
    expect(sim.control.httpRequests()).toBe(1);
  });

  it('refuses more than 20 requests with 400, and duplicate ids', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `/users/${alice.id}`,
    }));
    const res = await graph(sim, token, 'POST', '/$batch', { requests });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
    const twenty = await graph(sim, token, 'POST', '/$batch', { requests: requests.slice(0, 20) });
    expect(twenty.status).toBe(200);
    const dup = await graph(sim, token, 'POST', '/$batch', { requests: [requests[0], requests[0]] });
    expect(dup.status).toBe(400);
  });

  it('answers dependants of a failed request with 424, and runs dependants of a successful one', async () => {
    const res = await graph(sim, token, 'POST', '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/users/ghost@contoso.example' },
        { id: '2', method: 'GET', url: `/users/${alice.id}`, dependsOn: ['1'] },
        { id: '3', method: 'GET', url: `/v1.0/users/${bob.id}` },
        { id: '4', method: 'GET', url: `/users/${bob.id}/manager`, dependsOn: ['3'] },
      ],
    });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.responses.map((r: any) => [r.id, r]));
    expect(byId['1'].status).toBe(404);
    expect(byId['2'].status).toBe(424);
    expect(byId['3'].status).toBe(200);
    expect(byId['4'].status).toBe(bob.managerId ? 200 : 404);
    expect(byId['3'].headers['Content-Type']).toMatch(/^application\/json/);
  });

  it('with per-mailbox concurrency (realism appConcurrency off): five parallel calls on one mailbox → one 429 inside a 200 batch', async () => {
    // The first simulator's model; the documented per-app limit and the batch's own parallelism are in realism.test.ts.
    sim.control.setRealism({ appConcurrency: false });
    const res = await graph(sim, token, 'POST', '/$batch', {
      requests: ['a', 'b', 'c', 'd', 'e'].map((id) => scheduleRequest(id, alice)),
    });
    expect(res.status).toBe(200);
    const statuses = res.body.responses.map((r: any) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const throttled = res.body.responses.find((r: any) => r.status === 429);
    expect(Number(throttled.headers['Retry-After'])).toBeGreaterThan(0);
    expect(throttled.body.error).toMatchObject({
      code: 'ApplicationThrottled',
      message: 'Application is over its MailboxConcurrency limit.',
    });
    const spread = await graph(sim, token, 'POST', '/$batch', {
      requests: sim.users
        .filter(reachable)
        .slice(0, 5)
        .map((u, i) => scheduleRequest(String(i), u)),
    });
    expect(spread.body.responses.every((r: any) => r.status === 200)).toBe(true);
  });
});

describe('throttling per app + mailbox', () => {
  it('with per-mailbox concurrency (realism appConcurrency off): the fifth concurrent call on one mailbox → 429 and Retry-After; other mailboxes are unaffected', async () => {
    sim.control.setRealism({ appConcurrency: false });
    // Hold each getSchedule long enough that the five calls overlap, as they would against Exchange. 400 ms was
    // not: on a loaded CI machine the first call had finished before the fifth arrived (five 200s).
    sim.control.setFaults([{ route: '/users/{id}/calendar/getSchedule', fault: 'delay', delayMs: 3000 }]);
    const call = (user: DirectoryUser): Promise<{ status: number; headers: Headers; body: any }> =>
      graph(sim, token, 'POST', `/users/${user.id}/calendar/getSchedule`, {
        schedules: [user.mail],
        ...window,
      });
    const results = await Promise.all([
      call(alice),
      call(alice),
      call(alice),
      call(alice),
      call(alice),
      call(bob),
    ]);
    const onAlice = results.slice(0, 5);
    expect(onAlice.filter((r) => r.status === 200)).toHaveLength(4);
    const throttled = onAlice.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(throttled[0]!.body.error.code).toBe('ApplicationThrottled');
    expect(results[5].status).toBe(200);
  });

  it('enforces the request budget per window (lowered here from 10,000 per 10 minutes) with a Retry-After until the window frees up', async () => {
    sim.control.setLimits({ mailboxRequestsPerWindow: 3 });
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 4; i += 1) {
      const res = await graph(sim, token, 'GET', `/users/${alice.id}/mailboxSettings`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = Number(res.headers.get('retry-after'));
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect((await graph(sim, token, 'GET', `/users/${bob.id}/mailboxSettings`)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('injects 503s that the SDK retries (Retry-After honoured), and counts every attempt', async () => {
    sim.control.setFaults([
      { method: 'GET', route: '/users/{id}', fault: 503, times: 2, retryAfterSeconds: 0 },
    ]);
    const client = graphClient(sim);
    const user = await client
      .api(`/users/${alice.id}`)
      .middlewareOptions([new RetryHandlerOptions(0, 3)])
      .get();
    expect(user.id).toBe(alice.id);
    expect(sim.control.counters()['GET /users/{id}']).toBe(3);
    expect(sim.control.faults()[0]!.injected).toBe(2);
  });

  it('is deterministic for the same seed (rate 0.5 gives the same pattern twice)', async () => {
    const pattern = async (): Promise<number[]> => {
      sim.control.setFaults(
        [{ route: '/users/{id}', fault: 429, rate: 0.5, retryAfterSeconds: 1 }],
        'bench-seed',
      );
      const out: number[] = [];
      for (let i = 0; i < 12; i += 1) out.push((await graph(sim, token, 'GET', `/users/${alice.id}`)).status);
      return out;
    };
    const first = await pattern();
    const second = await pattern();
    expect(second).toEqual(first);
    expect(first).toContain(429);
    expect(first).toContain(200);
  });

  it('simulates a timeout by holding the request and dropping the connection', async () => {
    sim.control.setFaults([{ route: '/users/{id}/mailboxSettings', fault: 'timeout', delayMs: 200 }]);
    const started = Date.now();
    await expect(graph(sim, token, 'GET', `/users/${alice.id}/mailboxSettings`)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('can fail a whole $batch envelope (route /$batch), which the SDK retries', async () => {
    sim.control.setFaults([{ route: '/$batch', fault: 503, times: 1, retryAfterSeconds: 0 }]);
    const res = await graphClient(sim)
      .api('/$batch')
      .middlewareOptions([new RetryHandlerOptions(0, 2)])
      .post({ requests: [{ id: '1', method: 'GET', url: `/users/${alice.id}` }] });
    expect(res.responses[0].status).toBe(200);
    expect(sim.control.counters()['POST /$batch']).toBe(2);
  });

  it('can fail the token endpoint too', async () => {
    sim.control.setFaults([{ route: '/{tenant}/oauth2/v2.0/token', fault: 503, times: 1 }]);
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.backendClientId,
        client_secret: sim.backendClientSecret,
        scope: `${sim.url}/.default`,
      }),
    });
    expect(res.status).toBe(503);
    expect((await appToken(sim)).length).toBeGreaterThan(100);
  });
});

describe('sendActivityNotification', () => {
  const notification = (n: number): Record<string, unknown> => ({
    topic: {
      source: 'text',
      value: 'Your peer pairing',
      webUrl: 'https://teams.microsoft.com/l/entity/app-id/pairings',
    },
    activityType: 'pairingCreated',
    previewText: { content: `You have a new peer (${n})` },
    templateParameters: [{ name: 'peerName', value: 'Sam' }],
  });

  it('records a valid notification (204) and refuses malformed ones (400)', async () => {
    const res = await graph(
      sim,
      token,
      'POST',
      `/users/${alice.id}/teamwork/sendActivityNotification`,
      notification(1),
    );
    expect(res.status).toBe(204);
    const sent = sim.control.activityNotifications();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipientUserId: alice.id, body: { activityType: 'pairingCreated' } });
    for (const bad of [
      { ...notification(2), activityType: undefined },
      { ...notification(2), topic: { source: 'text', value: 'x' } },
      { ...notification(2), previewText: undefined },
      { ...notification(2), templateParameters: [{ name: 1 }] },
    ]) {
      expect(
        (await graph(sim, token, 'POST', `/users/${alice.id}/teamwork/sendActivityNotification`, bad)).status,
      ).toBe(400);
    }
    expect(
      (
        await graph(
          sim,
          token,
          'POST',
          '/users/ghost@contoso.example/teamwork/sendActivityNotification',
          notification(3),
        )
      ).status,
    ).toBe(404);
  });

  it('throttles at 5 requests per second per tenant', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        graph(
          sim,
          token,
          'POST',
          `/users/${sim.users.filter((u) => u.appInstalled)[i]!.id}/teamwork/sendActivityNotification`,
          notification(i),
        ).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 204)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });
});

describe('HTTP control API (/_simulator)', () => {
  const control = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${sim.url}/_simulator${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('reports state, sets faults, makes a user busy, reads and resets counters', async () => {
    const state = (await (await control('GET', '/state')).json()) as Record<string, unknown>;
    expect(state).toMatchObject({
      tenantId: sim.tenantId,
      apiClientId: sim.apiClientId,
      size: sim.users.length,
    });
    expect(
      (await control('POST', '/faults', { rules: [{ route: '/users/*', fault: 504, times: 1 }] })).status,
    ).toBe(200);
    expect((await graph(sim, token, 'GET', `/users/${alice.id}`)).status).toBe(504);
    expect((await graph(sim, token, 'GET', `/users/${alice.id}`)).status).toBe(200);
    expect(
      (
        await control('POST', `/users/${encodeURIComponent(bob.userPrincipalName)}/busy`, {
          start: '2027-01-11T09:00:00Z',
          end: '2027-01-11T10:00:00Z',
        })
      ).status,
    ).toBe(201);
    const schedule = await graph(sim, token, 'POST', `/users/${bob.id}/calendar/getSchedule`, {
      schedules: [bob.mail],
      ...window,
      availabilityViewInterval: 60,
    });
    expect(schedule.body.value[0].availabilityView[9]).toBe('2');
    const counters = (await (await control('GET', '/counters')).json()) as {
      counters: Record<string, number>;
    };
    expect(counters.counters['GET /users/{id}']).toBe(2);
    expect((await control('DELETE', '/counters')).status).toBe(204);
    expect(sim.control.counters()).toEqual({});
    expect((await control('POST', '/keys/rotate', {})).status).toBe(200);
  });

  it('refuses browser-originated and non-JSON requests', async () => {
    expect((await control('POST', '/reset', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    const form = await fetch(`${sim.url}/_simulator/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(form.status).toBe(415);
  });

  it('reset forgets created events', async () => {
    const created = await graph(sim, token, 'POST', `/users/${alice.id}/events`, {
      subject: 'temp',
      start: { dateTime: '2027-03-01T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2027-03-01T11:00:00', timeZone: 'UTC' },
    });
    expect(created.status).toBe(201);
    expect((await control('POST', '/reset', {})).status).toBe(204);
    expect((await graph(sim, token, 'GET', `/users/${alice.id}/events/${created.body.id}`)).status).toBe(404);
  });
});
