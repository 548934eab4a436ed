import { decodeJwt } from 'jose';

import { type TenantSimulator } from '../../../dev/tenant';
import { GraphSignInNames } from '../../../functions/src/adapters/directory/graph-sign-in-names';
import { GraphAccess } from '../../../functions/src/adapters/graph/graph-client';
import { startSimulator } from './helpers';

let sim: TenantSimulator;
beforeAll(async () => {
  sim = await startSimulator({ size: 60 });
});
afterAll(async () => {
  await sim.stop();
});

function access(): GraphAccess {
  return new GraphAccess({
    AUTHORITY_HOST: sim.url,
    GRAPH_BASE_URL: sim.url,
    API_CLIENT_ID: sim.apiClientId,
    GRAPH_CLIENT_ID: sim.backendClientId,
    GRAPH_CLIENT_SECRET: sim.backendClientSecret,
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
  });
}

// The backend's own Graph adapter, configured only through the settings it reads in production.
describe("the backend's GraphAccess adapter against the simulator", () => {
  it('acquires an app-only token with msal-node and calls Graph through the default middleware', async () => {
    const access = new GraphAccess({
      AUTHORITY_HOST: sim.url,
      GRAPH_BASE_URL: sim.url,
      API_CLIENT_ID: sim.apiClientId,
      GRAPH_CLIENT_ID: sim.backendClientId,
      GRAPH_CLIENT_SECRET: sim.backendClientSecret,
      GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
    });
    expect(access.scope).toBe(`${sim.url}/.default`);
    const token = await access.acquireToken(sim.tenantId);
    expect(decodeJwt(token)).toMatchObject({
      aud: sim.url,
      tid: sim.tenantId,
      roles: expect.arrayContaining(['Calendars.ReadWrite']),
    });
    const client = access.client(sim.tenantId);
    const users = await client.api('/users').select('id,mail').top(5).get();
    expect(users.value).toHaveLength(5);
    const someone = sim.users[7]!;
    const schedule = await client.api(`/users/${someone.id}/calendar/getSchedule`).post({
      schedules: [someone.mail],
      startTime: { dateTime: '2027-01-11T00:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2027-01-12T00:00:00', timeZone: 'UTC' },
    });
    expect(schedule.value[0].availabilityView).toMatch(/^[0-3]{48}$/);
  });
});

describe('GraphSignInNames (for "Chat with …") against the simulator', () => {
  it('reads a person’s user principal name by object id, and null for an id the directory does not know', async () => {
    const graph = access();
    const names = new GraphSignInNames((tenantId) => graph.client(tenantId));
    const someone = sim.users[11]!;
    expect(await names.signInNameOf(sim.tenantId, someone.id)).toBe(someone.userPrincipalName);
    expect(await names.signInNameOf(sim.tenantId, '0badc0de-0000-4000-8000-000000000000')).toBeNull();
  });
});
