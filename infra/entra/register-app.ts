import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The Pairwise Entra app registration as code: infra/entra/app-registration.json says what it is; this script makes
 * the tenant match it through Microsoft Graph, using the Azure CLI's sign-in (`az login`). Idempotent: run it
 * before `azd provision` (creates the app, prints API_CLIENT_ID) and again with `--finish` after it (adds the
 * Application ID URI on the tab's domain and the federated credential of the Functions app's managed identity).
 *
 *   npx tsx infra/entra/register-app.ts [--finish] [--exchange-rbac] [--grant-admin-consent]
 *
 * Graph app-role ids are looked up by name on the Microsoft Graph service principal, not hard-coded.
 */

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface RegistrationSpec {
  displayName: string;
  signInAudience: string;
  requestedAccessTokenVersion: number;
  identifierUri: string;
  scope: {
    value: string;
    type: 'User' | 'Admin';
    adminConsentDisplayName: string;
    adminConsentDescription: string;
    userConsentDisplayName: string;
    userConsentDescription: string;
  };
  preAuthorizedClients: Array<{ appId: string; client: string }>;
  appRoles: Array<{ value: string; displayName: string; description: string; allowedMemberTypes: string[] }>;
  graphApplicationPermissions: Array<{ value: string; why: string; exchangeScoped: boolean }>;
  federatedCredential: { name: string; description: string; audiences: string[] };
}

export function readSpec(): RegistrationSpec {
  return JSON.parse(readFileSync(join(__dirname, 'app-registration.json'), 'utf8')) as RegistrationSpec;
}

/** The parts of an existing application object the body keeps stable (ids of the scope and roles). */
export interface ExistingApplication {
  id: string;
  appId: string;
  api?: { oauth2PermissionScopes?: Array<{ id: string; value: string }> };
  appRoles?: Array<{ id: string; value: string }>;
}

export interface BodyOptions {
  clientId: string;
  /** Graph application permission name → app role id on the Microsoft Graph service principal. */
  graphRoleIds: Record<string, string>;
  /** Set once the tab's domain is known (after `azd provision`). */
  tabDomain?: string;
  /**
   * RBAC for Applications in Exchange grants the calendar/mailbox permissions per group; an Entra grant of the same
   * permission would add tenant-wide access back (grants are additive), so they are left out of the registration.
   */
  exchangeRbac?: boolean;
  newId?: () => string;
}

/** The PATCH body for /applications/{id}: the whole desired state, reusing ids already issued. */
export function buildApplicationBody(
  spec: RegistrationSpec,
  existing: ExistingApplication | undefined,
  options: BodyOptions,
): Record<string, unknown> {
  const newId = options.newId ?? randomUUID;
  const scopeId =
    existing?.api?.oauth2PermissionScopes?.find((scope) => scope.value === spec.scope.value)?.id ?? newId();
  const permissions = spec.graphApplicationPermissions.filter(
    (permission) => !(options.exchangeRbac && permission.exchangeScoped),
  );
  const resourceAccess = permissions.map((permission) => {
    const id = options.graphRoleIds[permission.value];
    if (!id) throw new Error(`Microsoft Graph has no application permission named ${permission.value}`);
    return { id, type: 'Role' };
  });
  const body: Record<string, unknown> = {
    displayName: spec.displayName,
    signInAudience: spec.signInAudience,
    api: {
      // accessTokenAcceptedVersion: 2 in the portal's manifest view.
      requestedAccessTokenVersion: spec.requestedAccessTokenVersion,
      oauth2PermissionScopes: [{ id: scopeId, isEnabled: true, ...spec.scope }],
      preAuthorizedApplications: spec.preAuthorizedClients.map((client) => ({
        appId: client.appId,
        delegatedPermissionIds: [scopeId],
      })),
    },
    appRoles: spec.appRoles.map((role) => ({
      id: existing?.appRoles?.find((existingRole) => existingRole.value === role.value)?.id ?? newId(),
      isEnabled: true,
      ...role,
    })),
    requiredResourceAccess: [{ resourceAppId: GRAPH_APP_ID, resourceAccess }],
  };
  if (options.tabDomain) {
    body.identifierUris = [
      spec.identifierUri.replace('{TAB_DOMAIN}', options.tabDomain).replace('{CLIENT_ID}', options.clientId),
    ];
  }
  return body;
}

export function federatedCredentialBody(
  spec: RegistrationSpec,
  options: { authorityHost: string; tenantId: string; managedIdentityPrincipalId: string },
): Record<string, unknown> {
  return {
    name: spec.federatedCredential.name,
    description: spec.federatedCredential.description,
    issuer: `${new URL(options.authorityHost).origin}/${options.tenantId}/v2.0`,
    // A managed identity's tokens carry its object (principal) id as subject.
    subject: options.managedIdentityPrincipalId,
    audiences: spec.federatedCredential.audiences,
  };
}

/** The Graph calls the registration needs; production uses fetch with an Azure CLI token, tests a fake. */
export type GraphCall = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => Promise<unknown>;

export interface RegisterOptions {
  clientId?: string;
  finish?: { tabDomain: string; managedIdentityPrincipalId: string; tenantId: string; authorityHost: string };
  exchangeRbac?: boolean;
  grantAdminConsent?: boolean;
  log?: (line: string) => void;
  newId?: () => string;
}

interface ListResult<T> {
  value: T[];
}

export async function registerApp(graph: GraphCall, spec: RegistrationSpec, options: RegisterOptions) {
  const log = options.log ?? (() => undefined);
  const filter = options.clientId
    ? `appId eq '${options.clientId}'`
    : `displayName eq '${spec.displayName.replace(/'/g, "''")}'`;
  const found = (await graph(
    'GET',
    `/applications?$filter=${encodeURIComponent(filter)}`,
  )) as ListResult<ExistingApplication>;
  if (found.value.length > 1)
    throw new Error(`${found.value.length} applications match ${filter}; pass --client-id`);
  let application = found.value[0];
  if (!application) {
    if (options.clientId) throw new Error(`No application with client id ${options.clientId} in this tenant`);
    application = (await graph('POST', '/applications', {
      displayName: spec.displayName,
      signInAudience: spec.signInAudience,
    })) as ExistingApplication;
    log(`Created app registration ${spec.displayName} (client id ${application.appId}).`);
  }

  const graphSp = (await graph('GET', `/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles`)) as {
    id: string;
    appRoles: Array<{ id: string; value: string }>;
  };
  const graphRoleIds = Object.fromEntries(graphSp.appRoles.map((role) => [role.value, role.id]));

  const body = buildApplicationBody(spec, application, {
    clientId: application.appId,
    graphRoleIds,
    ...(options.finish ? { tabDomain: options.finish.tabDomain } : {}),
    ...(options.exchangeRbac ? { exchangeRbac: true } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
  });
  // Graph refuses pre-authorised clients that name a scope it does not know yet: scopes first, then the clients.
  const api = body.api as Record<string, unknown>;
  const existingScopes = application.api?.oauth2PermissionScopes ?? [];
  const scopeIsNew = !existingScopes.some((scope) => scope.value === spec.scope.value);
  if (scopeIsNew) {
    await graph('PATCH', `/applications/${application.id}`, {
      ...body,
      api: { ...api, preAuthorizedApplications: [] },
    });
  }
  await graph('PATCH', `/applications/${application.id}`, body);
  log(
    'Scope access_as_user, pre-authorised Teams/Outlook/Microsoft 365 clients, app role and Graph permissions set.',
  );

  const servicePrincipals = (await graph(
    'GET',
    `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${application.appId}'`)}`,
  )) as ListResult<{ id: string }>;
  let servicePrincipal = servicePrincipals.value[0];
  if (!servicePrincipal) {
    servicePrincipal = (await graph('POST', '/servicePrincipals', { appId: application.appId })) as {
      id: string;
    };
    log('Created the enterprise application (service principal).');
  }

  if (options.finish) {
    const credentials = (await graph(
      'GET',
      `/applications/${application.id}/federatedIdentityCredentials`,
    )) as ListResult<{ id: string; name: string; subject: string }>;
    const wanted = federatedCredentialBody(spec, options.finish);
    const current = credentials.value.find((credential) => credential.name === spec.federatedCredential.name);
    if (!current) {
      await graph('POST', `/applications/${application.id}/federatedIdentityCredentials`, wanted);
      log('Federated credential for the managed identity added (no client secret exists).');
    } else if (current.subject !== options.finish.managedIdentityPrincipalId) {
      await graph('PATCH', `/applications/${application.id}/federatedIdentityCredentials/${current.id}`, {
        issuer: wanted.issuer,
        subject: wanted.subject,
        audiences: wanted.audiences,
      });
      log('Federated credential updated to the current managed identity.');
    }
  }

  if (options.grantAdminConsent) {
    const assigned = (await graph(
      'GET',
      `/servicePrincipals/${servicePrincipal.id}/appRoleAssignments`,
    )) as ListResult<{ appRoleId: string; resourceId: string }>;
    const required = (body.requiredResourceAccess as Array<{ resourceAccess: Array<{ id: string }> }>)[0]!
      .resourceAccess;
    for (const { id } of required) {
      if (
        assigned.value.some(
          (assignment) => assignment.appRoleId === id && assignment.resourceId === graphSp.id,
        )
      )
        continue;
      await graph('POST', `/servicePrincipals/${servicePrincipal.id}/appRoleAssignments`, {
        principalId: servicePrincipal.id,
        resourceId: graphSp.id,
        appRoleId: id,
      });
    }
    log('Admin consent granted for the Graph application permissions.');
  }

  return { objectId: application.id, clientId: application.appId, servicePrincipalId: servicePrincipal.id };
}

function azureCliGraph(graphBase: string): GraphCall {
  const token = execFileSync(
    'az',
    ['account', 'get-access-token', '--resource-type', 'ms-graph', '--query', 'accessToken', '-o', 'tsv'],
    { encoding: 'utf8' },
  ).trim();
  return async (method, path, body) => {
    const response = await fetch(`${graphBase}/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Graph ${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
}

function azdValues(): Record<string, string> {
  try {
    const output = execFileSync('azd', ['env', 'get-values'], { encoding: 'utf8' });
    return Object.fromEntries(
      output
        .split('\n')
        .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)="?(.*?)"?$/.exec(line.trim()))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => [match[1]!, match[2]!]),
    );
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      finish: { type: 'boolean', default: false },
      'exchange-rbac': { type: 'boolean', default: false },
      'grant-admin-consent': { type: 'boolean', default: false },
      'client-id': { type: 'string' },
    },
  });
  const env = { ...azdValues(), ...process.env } as Record<string, string | undefined>;
  const clientId = values['client-id'] ?? env.API_CLIENT_ID;
  let finish: RegisterOptions['finish'];
  if (values.finish) {
    const tabDomain = env.TAB_DOMAIN;
    const managedIdentityPrincipalId = env.MANAGED_IDENTITY_PRINCIPAL_ID;
    const tenantId = env.AZURE_TENANT_ID;
    if (!tabDomain || !managedIdentityPrincipalId || !tenantId) {
      throw new Error(
        '--finish needs TAB_DOMAIN, MANAGED_IDENTITY_PRINCIPAL_ID and AZURE_TENANT_ID (run azd provision)',
      );
    }
    finish = {
      tabDomain,
      managedIdentityPrincipalId,
      tenantId,
      authorityHost: env.AUTHORITY_HOST ?? 'https://login.microsoftonline.com',
    };
  }
  const result = await registerApp(
    azureCliGraph(env.GRAPH_BASE_URL ?? 'https://graph.microsoft.com'),
    readSpec(),
    {
      ...(clientId ? { clientId } : {}),
      ...(finish ? { finish } : {}),
      exchangeRbac: values['exchange-rbac'],
      grantAdminConsent: values['grant-admin-consent'],
      log: (line) => console.log(line),
    },
  );
  console.log(`\nAPI_CLIENT_ID=${result.clientId}`);
  if (!finish) {
    console.log(`\nNext: azd env set API_CLIENT_ID ${result.clientId} && azd provision`);
  } else {
    const tenant = finish.tenantId;
    console.log(
      `\nAdmin consent (Graph application permissions): https://login.microsoftonline.com/${tenant}/adminconsent?client_id=${result.clientId}`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
