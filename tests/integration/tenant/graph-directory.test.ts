// Contract tests read Graph/Entra JSON loosely on purpose: the assertions, not the types, check the shapes.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return */
import { generateKeyPairSync } from 'node:crypto';

import { PageIterator } from '@microsoft/microsoft-graph-client';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';

import { type TenantSimulator } from '../../../dev/tenant';
import { appToken, graph, graphClient, startSimulator } from './helpers';

let sim: TenantSimulator;
let token: string;
beforeAll(async () => {
  sim = await startSimulator({ size: 250 });
  token = await appToken(sim);
});
afterAll(async () => {
  await sim.stop();
});

describe('@microsoft/microsoft-graph-client against the simulator (default middleware + customHosts)', () => {
  it('sends the msal token and pages through every user with PageIterator and absolute nextLinks', async () => {
    let tokenCalls = 0;
    const msalToken = await appToken(sim);
    const client = graphClient(sim, () => {
      tokenCalls += 1;
      return Promise.resolve(msalToken);
    });
    const first = await client.api('/users').select('id,displayName,department').top(40).get();
    expect(first.value).toHaveLength(40);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${sim.url.replace(/\./g, '\\.')}/v1\\.0/users\\?`));
    const seen: string[] = [];
    const iterator = new PageIterator(client, first, (u: { id: string }) => {
      seen.push(u.id);
      return true;
    });
    await iterator.iterate();
    expect(iterator.isComplete()).toBe(true);
    expect(new Set(seen).size).toBe(sim.users.length);
    // One token per request: the first page plus every nextLink the iterator followed.
    expect(tokenCalls).toBe(Math.ceil(sim.users.length / 40));
  });

  it('gets a user by id and by userPrincipalName, with the default property set', async () => {
    const client = graphClient(sim);
    const u = sim.users[5]!;
    const byId = await client.api(`/users/${u.id}`).get();
    const byUpn = await client.api(`/users/${u.userPrincipalName}`).get();
    expect(byId.id).toBe(u.id);
    expect(byUpn.id).toBe(u.id);
    expect(Object.keys(byId).sort()).toEqual(
      [
        '@odata.context',
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
    expect(byId.department).toBeUndefined();
  });
});

describe('authentication and authorization on Graph', () => {
  const badTokens: [string, () => Promise<string>][] = [
    ['missing', () => Promise.resolve('')],
    [
      'forged (signed by a stranger key with a published kid)',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const real = decodeJwt(token);
        return new SignJWT(real)
          .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(token).kid! })
          .sign(privateKey);
      },
    ],
    ['expired', () => sim.issueAppToken({ issuedAtOffsetSeconds: -7200, lifetimeSeconds: 3600 })],
    ['for the wrong audience (the Pairwise API)', () => sim.issueAppToken({ audience: sim.apiClientId })],
    ['from another tenant', () => sim.issueAppToken({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' })],
    [
      'tampered payload',
      () => {
        const [h, , s] = token.split('.');
        const payload = Buffer.from(
          JSON.stringify({ ...decodeJwt(token), roles: ['Directory.ReadWrite.All'] }),
        ).toString('base64url');
        return Promise.resolve(`${h}.${payload}.${s}`);
      },
    ],
  ];
  it.each(badTokens)('answers a %s token with 401 InvalidAuthenticationToken', async (_name, make) => {
    const res = await graph(sim, await make(), 'GET', '/users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('InvalidAuthenticationToken');
    expect(res.body.error.message).toEqual(expect.any(String));
    expect(res.body.error.innerError).toMatchObject({
      'request-id': expect.any(String),
      date: expect.any(String),
    });
  });

  it('accepts a token obtained for the API audience only at the API, not at Graph (wrong aud from a real flow)', async () => {
    const res = await fetch(`${sim.url}/${sim.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.backendClientId,
        client_secret: sim.backendClientSecret,
        scope: `${sim.apiClientId}/.default`,
      }),
    });
    const apiToken = ((await res.json()) as { access_token: string }).access_token;
    expect(decodeJwt(apiToken).aud).toBe(sim.apiClientId);
    expect((await graph(sim, apiToken, 'GET', '/users')).status).toBe(401);
  });

  it('answers a token without the needed role with 403 (directory: Authorization_RequestDenied; mailbox: ErrorAccessDenied)', async () => {
    const weak = await sim.issueAppToken({ roles: ['TeamsActivity.Send'] });
    const users = await graph(sim, weak, 'GET', '/users');
    expect(users.status).toBe(403);
    expect(users.body.error.code).toBe('Authorization_RequestDenied');
    const settings = await graph(sim, weak, 'GET', `/users/${sim.users[1]!.id}/mailboxSettings`);
    expect(settings.status).toBe(403);
    expect(settings.body.error.code).toBe('ErrorAccessDenied');
    const readOnly = await sim.issueAppToken({ roles: ['Calendars.Read'] });
    const create = await graph(sim, readOnly, 'POST', `/users/${sim.users[1]!.id}/events`, {
      subject: 'x',
      start: { dateTime: '2030-01-01T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2030-01-01T11:00:00', timeZone: 'UTC' },
    });
    expect(create.status).toBe(403);
  });

  it('refuses /me with an app-only token, as Graph does', async () => {
    const res = await graph(sim, token, 'GET', '/me');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/delegated authentication flow/);
  });
});

describe('GET /users', () => {
  it('filters by department, accountEnabled and mail (eq) and startswith, case-insensitively', async () => {
    const eng = await graph(
      sim,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent("department eq 'engineering' and accountEnabled eq true")}&$select=id,department,accountEnabled&$top=999`,
    );
    expect(eng.status).toBe(200);
    const expected = sim.users.filter((u) => u.department === 'Engineering' && u.accountEnabled);
    expect(eng.body.value.map((u: any) => u.id).sort()).toEqual(expected.map((u) => u.id).sort());
    expect(
      eng.body.value.every((u: any) => u.department === 'Engineering' && u.accountEnabled === true),
    ).toBe(true);
    const someone = sim.users[17]!;
    const byMail = await graph(
      sim,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent(`mail eq '${someone.mail.toUpperCase()}'`)}`,
    );
    expect(byMail.body.value.map((u: any) => u.id)).toEqual([someone.id]);
    const prefix = someone.displayName.slice(0, 3);
    const starts = await graph(
      sim,
      token,
      'GET',
      `/users?$filter=${encodeURIComponent(`startswith(displayName,'${prefix}')`)}&$top=999`,
    );
    expect(starts.body.value.length).toBe(
      sim.users.filter((u) => u.displayName.toLowerCase().startsWith(prefix.toLowerCase())).length,
    );
  });

  it('filters on the level attribute only as an advanced query (ConsistencyLevel: eventual + $count)', async () => {
    const path = `/users?$filter=${encodeURIComponent("onPremisesExtensionAttributes/extensionAttribute1 eq 'L3'")}&$select=id,onPremisesExtensionAttributes&$top=999`;
    const plain = await graph(sim, token, 'GET', path);
    expect(plain.status).toBe(400);
    expect(plain.body.error.code).toBe('Request_UnsupportedQuery');
    const advanced = await graph(sim, token, 'GET', `${path}&$count=true`, undefined, {
      ConsistencyLevel: 'eventual',
    });
    expect(advanced.status).toBe(200);
    const expected = sim.users.filter((u) => u.level === 'L3').length;
    expect(advanced.body['@odata.count']).toBe(expected);
    expect(advanced.body.value).toHaveLength(expected);
  });

  it('counts with ConsistencyLevel: eventual and refuses $count without it', async () => {
    const ok = await graph(sim, token, 'GET', '/users?$count=true&$top=1', undefined, {
      ConsistencyLevel: 'eventual',
    });
    expect(ok.body['@odata.count']).toBe(sim.users.length);
    expect((await graph(sim, token, 'GET', '/users?$count=true')).status).toBe(400);
    const count = await graph(sim, token, 'GET', '/users/$count', undefined, {
      ConsistencyLevel: 'eventual',
    });
    expect(count.body).toBe(sim.users.length);
  });

  it('limits $top to 1–999 and rejects unknown $select properties and filter properties', async () => {
    expect((await graph(sim, token, 'GET', '/users?$top=1000')).status).toBe(400);
    expect((await graph(sim, token, 'GET', '/users?$top=0')).status).toBe(400);
    expect((await graph(sim, token, 'GET', '/users?$top=999')).body.value).toHaveLength(sim.users.length);
    expect((await graph(sim, token, 'GET', '/users?$select=favouriteColour')).status).toBe(400);
    expect(
      (await graph(sim, token, 'GET', `/users?$filter=${encodeURIComponent("favouriteColour eq 'red'")}`))
        .status,
    ).toBe(400);
  });

  it('returns 404 Request_ResourceNotFound for an unknown user', async () => {
    const res = await graph(sim, token, 'GET', '/users/nobody@contoso.example');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('Request_ResourceNotFound');
  });

  it('expands manager when asked', async () => {
    const withManager = sim.users.find((u) => u.managerId)!;
    const res = await graph(
      sim,
      token,
      'GET',
      `/users/${withManager.id}?$expand=manager($select=id,displayName)`,
    );
    expect(res.body.manager.id).toBe(withManager.managerId);
  });
});

describe('manager, directReports and mailboxSettings', () => {
  it('walks a manager chain up to the CEO, and directReports back down', async () => {
    const leaf = sim.users.find((u) => u.level === 'L2' && u.managerId)!;
    const chain: string[] = [leaf.id];
    for (let current = leaf.id; ;) {
      const res = await graph(sim, token, 'GET', `/users/${current}/manager`);
      if (res.status === 404) {
        expect(res.body.error.code).toBe('Request_ResourceNotFound');
        break;
      }
      expect(res.body['@odata.type']).toBe('#microsoft.graph.user');
      current = res.body.id;
      chain.push(current);
    }
    expect(chain.length).toBeGreaterThanOrEqual(3);
    const ceo = sim.users.find((u) => u.id === chain[chain.length - 1])!;
    expect(ceo.jobTitle).toBe('Chief Executive Officer');
    const reports = await graph(sim, token, 'GET', `/users/${chain[1]}/directReports`);
    expect(reports.body.value.map((r: any) => r.id)).toContain(leaf.id);
  });

  it('serves mailboxSettings with a Windows time-zone name and working hours', async () => {
    const indian = sim.users.find((u) => u.timeZone === 'India Standard Time')!;
    const res = await graph(sim, token, 'GET', `/users/${indian.userPrincipalName}/mailboxSettings`);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('India Standard Time');
    expect(res.body.workingHours).toMatchObject({
      daysOfWeek: expect.arrayContaining(['monday']),
      startTime: expect.stringMatching(/^\d\d:\d\d:00\.0000000$/),
      timeZone: { name: 'India Standard Time' },
    });
    const wh = await graph(sim, token, 'GET', `/users/${indian.id}/mailboxSettings/workingHours`);
    expect(wh.body.endTime).toBe(indian.workingHours.endTime);
    const unknown = await graph(sim, token, 'GET', '/users/ghost@contoso.example/mailboxSettings');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ErrorInvalidUser');
  });

  it('refuses /beta and unknown segments', async () => {
    const res = await fetch(`${sim.url}/beta/users`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect((await graph(sim, token, 'GET', '/sites')).status).toBe(400);
  });
});
