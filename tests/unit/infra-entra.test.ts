import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { adminRole, PRE_AUTHORIZED_CLIENT_IDS, requiredScope } from '../../functions/src/http/auth';
import {
  buildApplicationBody,
  federatedCredentialBody,
  GRAPH_APP_ID,
  type GraphCall,
  readSpec,
  registerApp,
} from '../../infra/entra/register-app';
import { fillPlaceholders } from '../../manifest/lib/app-package';

const spec = readSpec();
const graphRoleIds: Record<string, string> = {
  'Calendars.ReadWrite': 'ef54d2bf-783f-4e0f-bca1-3210c0444d99',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'MailboxSettings.Read': 'aaaaaaaa-0000-4000-8000-000000000001',
  'TeamsActivity.Send': 'aaaaaaaa-0000-4000-8000-000000000002',
  'Mail.Send': 'aaaaaaaa-0000-4000-8000-000000000003',
};
const clientId = '11111111-2222-4333-8444-555555555555';
let counter = 0;
const newId = (): string => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

// Teams SSO docs (tab-sso-register-aad.md, "To configure authorized client application"): the client ids of Teams,
// the Microsoft 365 app and Outlook on desktop, web and mobile.
const documentedClients = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop, mobile
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
  '4765445b-32c6-49b0-83e6-1d93765276ca', // Microsoft 365 web
  '0ec893e0-5785-4de6-99da-4ed124e5296c', // Microsoft 365 desktop
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft 365 mobile, Outlook desktop
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook web
  '27922004-5251-4030-b22d-91ecd9a37ea4', // Outlook mobile
  // Office Add-in SSO docs (register-sso-add-in-aad-v2.md, "Add a client application"): the umbrella id for all
  // Office endpoints and its subset ids. Microsoft Office (d3590ed6) and Outlook on the web (bc59ab01) are above.
  'ea5a67f6-b6f3-4338-b240-c655ddc3cc8e', // all Microsoft Office application endpoints
  '93d53678-613d-4013-afc1-62e9e444a0a5', // Office on the web
];

describe('Entra app registration spec', () => {
  it('exposes the scope the API requires and the admin role it checks', () => {
    expect(spec.scope.value).toBe(requiredScope);
    expect(spec.appRoles.map((role) => role.value)).toEqual([adminRole]);
    expect(spec.requestedAccessTokenVersion).toBe(2);
  });

  it('pre-authorises exactly the documented Teams, Outlook, Microsoft 365 and Office Add-in SSO clients', () => {
    expect(spec.preAuthorizedClients.map((client) => client.appId).sort()).toEqual(
      [...documentedClients].sort(),
    );
  });

  it('pre-authorises exactly the clients the API accepts tokens from (besides its own id)', () => {
    expect(spec.preAuthorizedClients.map((client) => client.appId).sort()).toEqual(
      [...PRE_AUTHORIZED_CLIENT_IDS].sort(),
    );
  });

  it('is single-tenant, as the API and the docs say (docs/decisions/0011-single-tenant.md)', () => {
    expect(spec.signInAudience).toBe('AzureADMyOrg');
  });

  it('asks for the four Graph application permissions and nothing more', () => {
    expect(spec.graphApplicationPermissions.map((p) => p.value).sort()).toEqual(
      ['Calendars.ReadWrite', 'MailboxSettings.Read', 'TeamsActivity.Send', 'User.Read.All'].sort(),
    );
  });
});

describe('buildApplicationBody', () => {
  it('builds the Graph PATCH body: scope, pre-authorised clients on that scope, app role, Graph roles', () => {
    const body = buildApplicationBody(spec, undefined, { clientId, graphRoleIds, newId }) as {
      api: {
        requestedAccessTokenVersion: number;
        oauth2PermissionScopes: Array<{ id: string; value: string; type: string; isEnabled: boolean }>;
        preAuthorizedApplications: Array<{ appId: string; delegatedPermissionIds: string[] }>;
      };
      appRoles: Array<{ id: string; value: string; allowedMemberTypes: string[] }>;
      requiredResourceAccess: Array<{
        resourceAppId: string;
        resourceAccess: Array<{ id: string; type: string }>;
      }>;
      identifierUris?: string[];
    };
    const scope = body.api.oauth2PermissionScopes[0]!;
    expect(scope).toMatchObject({ value: 'access_as_user', type: 'User', isEnabled: true });
    expect(body.api.requestedAccessTokenVersion).toBe(2);
    for (const client of body.api.preAuthorizedApplications)
      expect(client.delegatedPermissionIds).toEqual([scope.id]);
    expect(body.appRoles).toEqual([
      expect.objectContaining({ value: 'Pairwise.Admin', allowedMemberTypes: ['User'] }),
    ]);
    expect(body.requiredResourceAccess).toEqual([
      {
        resourceAppId: GRAPH_APP_ID,
        resourceAccess: spec.graphApplicationPermissions.map((p) => ({
          id: graphRoleIds[p.value],
          type: 'Role',
        })),
      },
    ]);
    // No domain yet, so no Application ID URI (it is added by --finish).
    expect(body.identifierUris).toBeUndefined();
  });

  it('keeps the ids already issued, so re-running never breaks consent or role assignments', () => {
    const existing = {
      id: 'obj',
      appId: clientId,
      api: { oauth2PermissionScopes: [{ id: 'scope-1', value: 'access_as_user' }] },
      appRoles: [{ id: 'role-1', value: 'Pairwise.Admin' }],
    };
    const body = buildApplicationBody(spec, existing, { clientId, graphRoleIds, newId }) as {
      api: { oauth2PermissionScopes: Array<{ id: string }> };
      appRoles: Array<{ id: string }>;
    };
    expect(body.api.oauth2PermissionScopes[0]!.id).toBe('scope-1');
    expect(body.appRoles[0]!.id).toBe('role-1');
  });

  it('the Application ID URI is the SSO resource the Teams manifest declares', () => {
    const tabDomain = 'pairwise-abc.z01.azurefd.net';
    const body = buildApplicationBody(spec, undefined, { clientId, graphRoleIds, tabDomain, newId });
    const resource = fillPlaceholders('{{TAB_DOMAIN}}|{{API_CLIENT_ID}}', {
      TAB_DOMAIN: tabDomain,
      API_CLIENT_ID: clientId,
    });
    const manifestTemplate = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'manifest', 'manifest.template.json'), 'utf8'),
    ) as {
      webApplicationInfo: { resource: string };
    };
    const [domain, id] = resource.split('|');
    expect(body.identifierUris).toEqual([
      manifestTemplate.webApplicationInfo.resource
        .replace('{{TAB_DOMAIN}}', domain!)
        .replace('{{API_CLIENT_ID}}', id!),
    ]);
  });

  it('with --exchange-rbac leaves the calendar and mailbox permissions to Exchange (grants add up)', () => {
    const body = buildApplicationBody(spec, undefined, {
      clientId,
      graphRoleIds,
      exchangeRbac: true,
      newId,
    }) as {
      requiredResourceAccess: Array<{ resourceAccess: Array<{ id: string }> }>;
    };
    expect(body.requiredResourceAccess[0]!.resourceAccess.map((a) => a.id).sort()).toEqual(
      [graphRoleIds['User.Read.All'], graphRoleIds['TeamsActivity.Send']].sort(),
    );
  });

  it('refuses a permission name Graph does not know', () => {
    const { 'TeamsActivity.Send': _missing, ...partial } = graphRoleIds;
    expect(() => buildApplicationBody(spec, undefined, { clientId, graphRoleIds: partial, newId })).toThrow(
      'TeamsActivity.Send',
    );
  });

  it('trusts the managed identity through a federated credential (issuer = tenant, subject = principal id)', () => {
    expect(
      federatedCredentialBody(spec, {
        authorityHost: 'https://login.microsoftonline.com/',
        tenantId: 'tid',
        managedIdentityPrincipalId: 'mi-object-id',
      }),
    ).toMatchObject({
      issuer: 'https://login.microsoftonline.com/tid/v2.0',
      subject: 'mi-object-id',
      audiences: ['api://AzureADTokenExchange'],
    });
  });
});

/** A small in-memory Microsoft Graph with the endpoints the registration uses. */
function fakeGraph() {
  const applications: Array<Record<string, unknown> & { id: string; appId: string }> = [];
  const servicePrincipals: Array<{ id: string; appId: string }> = [];
  const credentials = new Map<string, Array<Record<string, unknown> & { id: string }>>();
  const assignments: Array<{ principalId: string; resourceId: string; appRoleId: string }> = [];
  const calls: string[] = [];
  const graphSp = {
    id: 'graph-sp',
    appRoles: Object.entries(graphRoleIds).map(([value, id]) => ({ id, value })),
  };
  const call: GraphCall = (method, path, body) => {
    calls.push(`${method} ${path.split('?')[0]}`);
    const filter = decodeURIComponent(/\$filter=([^&]+)/.exec(path)?.[1] ?? '');
    const byFilter = <T extends Record<string, unknown>>(list: T[]): T[] => {
      const match = /^(\w+) eq '(.*)'$/.exec(filter);
      return match ? list.filter((item) => item[match[1]!] === match[2]!.replace(/''/g, "'")) : list;
    };
    let result: unknown;
    if (method === 'GET' && path.startsWith('/applications?')) result = { value: byFilter(applications) };
    else if (method === 'POST' && path === '/applications') {
      const app = { ...(body as object), id: `app-object-${applications.length + 1}`, appId: clientId };
      applications.push(app);
      result = app;
    } else if (method === 'PATCH' && /^\/applications\/[^/]+$/.test(path)) {
      const app = applications.find((a) => path.endsWith(a.id))!;
      type Api = {
        oauth2PermissionScopes?: Array<{ id: string }>;
        preAuthorizedApplications?: Array<{ delegatedPermissionIds: string[] }>;
      };
      // Like Graph: a pre-authorised client may only name a scope the application already has.
      const known = new Set(
        ((app.api as Api | undefined)?.oauth2PermissionScopes ?? []).map((scope) => scope.id),
      );
      for (const client of (body as { api?: Api }).api?.preAuthorizedApplications ?? []) {
        for (const id of client.delegatedPermissionIds) {
          if (!known.has(id)) return Promise.reject(new Error(`400: permission ${id} not found`));
        }
      }
      Object.assign(app, body);
    } else if (method === 'GET' && path.startsWith(`/servicePrincipals(appId='${GRAPH_APP_ID}')`))
      result = graphSp;
    else if (method === 'GET' && path.startsWith('/servicePrincipals?'))
      result = { value: byFilter(servicePrincipals) };
    else if (method === 'POST' && path === '/servicePrincipals') {
      const sp = { id: 'app-sp', appId: (body as { appId: string }).appId };
      servicePrincipals.push(sp);
      result = sp;
    } else if (path.endsWith('/federatedIdentityCredentials')) {
      const appId = path.split('/')[2]!;
      const list = credentials.get(appId) ?? [];
      credentials.set(appId, list);
      if (method === 'GET') result = { value: list };
      else list.push({ ...(body as object), id: `fic-${list.length + 1}` });
    } else if (path.includes('/federatedIdentityCredentials/') && method === 'PATCH') {
      const [, , appId, , ficId] = path.split('/');
      Object.assign(
        credentials.get(appId!)!.find((c) => c.id === ficId)!,
        body,
      );
    } else if (path.endsWith('/appRoleAssignments')) {
      if (method === 'GET') result = { value: assignments };
      else assignments.push(body as { principalId: string; resourceId: string; appRoleId: string });
    } else throw new Error(`unexpected Graph call ${method} ${path}`);
    return Promise.resolve(result);
  };
  return { call, applications, servicePrincipals, credentials, assignments, calls };
}

describe('registerApp against a fake Graph', () => {
  const finish = {
    tabDomain: 'pairwise-abc.z01.azurefd.net',
    managedIdentityPrincipalId: 'mi-1',
    tenantId: 'tid',
    authorityHost: 'https://login.microsoftonline.com',
  };

  it('creates the app and its enterprise application, then --finish adds the URI and one federated credential', async () => {
    const graph = fakeGraph();
    const first = await registerApp(graph.call, spec, { newId });
    expect(first.clientId).toBe(clientId);
    expect(graph.applications).toHaveLength(1);
    expect(graph.servicePrincipals).toHaveLength(1);
    expect(graph.applications[0]!.identifierUris).toBeUndefined();

    await registerApp(graph.call, spec, { clientId, finish, newId });
    await registerApp(graph.call, spec, { clientId, finish, newId });
    expect(graph.applications).toHaveLength(1);
    expect(graph.servicePrincipals).toHaveLength(1);
    expect(graph.applications[0]!.identifierUris).toEqual([`api://${finish.tabDomain}/${clientId}`]);
    const fics = graph.credentials.get(graph.applications[0]!.id)!;
    expect(fics).toHaveLength(1);
    expect(fics[0]).toMatchObject({ subject: 'mi-1', issuer: 'https://login.microsoftonline.com/tid/v2.0' });

    // A re-provisioned identity (new principal id) moves the credential instead of adding a second one.
    await registerApp(graph.call, spec, {
      clientId,
      finish: { ...finish, managedIdentityPrincipalId: 'mi-2' },
      newId,
    });
    expect(fics).toHaveLength(1);
    expect(fics[0]!.subject).toBe('mi-2');
  });

  it('--grant-admin-consent assigns each Graph application role once', async () => {
    const graph = fakeGraph();
    await registerApp(graph.call, spec, { grantAdminConsent: true, newId });
    await registerApp(graph.call, spec, { grantAdminConsent: true, newId });
    expect(graph.assignments.map((a) => a.appRoleId).sort()).toEqual(
      spec.graphApplicationPermissions.map((p) => graphRoleIds[p.value]).sort(),
    );
    expect(graph.assignments.every((a) => a.resourceId === 'graph-sp' && a.principalId === 'app-sp')).toBe(
      true,
    );
  });

  it('refuses a client id that is not in the tenant rather than creating a second app', async () => {
    const graph = fakeGraph();
    await expect(registerApp(graph.call, spec, { clientId, newId })).rejects.toThrow(
      'No application with client id',
    );
    expect(graph.applications).toHaveLength(0);
  });
});
