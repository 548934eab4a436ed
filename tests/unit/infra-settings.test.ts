import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { containerDefinitions } from '../../functions/src/adapters/cosmos/containers';
import { allFunctions } from '../../functions/src/all-functions';
import { ConfigSchema, loadConfig } from '../../functions/src/config';
import { BOOKING_QUEUE_NAME } from '../../functions/src/contracts/queue';
import {
  type ArmResource,
  type ArmTemplate,
  type Json,
  resourcesOf,
  simulateDeployment,
} from '../../infra/tools/arm-template';
import { fakeAzure, sampleContext, sampleIdentity } from '../../infra/tools/fake-azure';
import { compileMainTemplate } from '../../infra/tools/toolchain';
import { fillPlaceholders } from '../../manifest/lib/app-package';

/**
 * infra/ holds to the code, checked on what Azure receives: main.bicep compiled by the real Bicep CLI (restored
 * into .local/tools on first use, or the copy `npm run verify:infra` kept for the same sources), then deployed in
 * simulation (infra/tools/arm-template.ts) with the values azd passes, against a fake Azure that reports
 * endpoints and ids. The app settings that come out must satisfy the app's config schema; the containers, queues,
 * identities and roles must be the ones the code uses.
 */
const root = join(__dirname, '..', '..');
const template = compileMainTemplate() as ArmTemplate;

/** What `azd provision` passes (infra/main.bicepparam) for a typical single-tenant install. */
const azdParameters = {
  environmentName: 'pairwise-prod',
  location: sampleContext.location,
  apiClientId: '11111111-2222-4333-8444-555555555555',
  teamsAppId: '5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10',
  principalId: '33333333-4444-4555-8666-777777777777',
} satisfies Record<string, Json>;
const deploy = (overrides: Record<string, Json> = {}) =>
  simulateDeployment(template, { ...azdParameters, ...overrides }, fakeAzure, sampleContext);
const settingsOf = (deployment: ReturnType<typeof deploy>): Record<string, string> =>
  deployment.module('function-app').resource('Microsoft.Web/sites/config').properties as Record<
    string,
    string
  >;

const deployment = deploy();
const outputs = deployment.outputs as Record<string, string>;
const appSettings = settingsOf(deployment);
const schemaKeys = Object.keys(ConfigSchema.shape);
const functions = allFunctions(() => {
  throw new Error('not composed in this test');
});

/** Settings that exist for the local stack only, and why Azure must not have them. */
const LOCAL_ONLY: Record<string, string> = {
  COSMOS_KEY: 'Cosmos key auth is disabled; the managed identity has a data-plane role',
  GRAPH_CLIENT_SECRET: 'Graph uses the federated credential of the managed identity',
  AzureWebJobsStorage: 'a connection string carries the account key; identity-based __ settings are used',
  WEBSITE_SITE_NAME: 'set by the Functions platform itself',
};
/** Settings the platform, host or SDKs read (not in the app's schema). */
const PLATFORM = [
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'AzureWebJobsStorage__blobServiceUri',
  'AzureWebJobsStorage__tableServiceUri',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
  'AZURE_CLIENT_ID',
];

/** The app's config as it would load in Azure (the platform sets WEBSITE_SITE_NAME). */
const configIn = (settings: Record<string, string>) =>
  loadConfig({ ...settings, WEBSITE_SITE_NAME: outputs.AZURE_FUNCTION_APP_NAME });

describe('infra ↔ functions config (the compiled template, deployed in simulation)', () => {
  it('sets every setting the config schema knows, except the documented local-only ones', () => {
    const missing = schemaKeys.filter((key) => !(key in LOCAL_ONLY) && !(key in appSettings));
    expect(missing).toEqual([]);
  });

  it('sets no local-only setting and nothing unknown (a typo would silently fall back to a default)', () => {
    for (const key of Object.keys(LOCAL_ONLY)) expect(appSettings).not.toHaveProperty(key);
    const unknown = Object.keys(appSettings).filter(
      (key) => !schemaKeys.includes(key) && !PLATFORM.includes(key),
    );
    expect(unknown).toEqual([]);
    // Flex Consumption takes the runtime from functionAppConfig and rejects these two.
    expect(appSettings).not.toHaveProperty('FUNCTIONS_WORKER_RUNTIME');
    expect(appSettings).not.toHaveProperty('FUNCTIONS_EXTENSION_VERSION');
  });

  it('the settings Azure receives pass the real config schema, in Azure', () => {
    const config = configIn(appSettings);
    expect(config.LOCAL_SIGN_IN_ENABLED).toBe(false);
    expect(config.API_CLIENT_ID).toBe(azdParameters.apiClientId);
    expect(config.GRAPH_CLIENT_ID).toBe(azdParameters.apiClientId); // no separate Graph app: the API's
    expect(config.ALLOWED_TENANT_IDS).toEqual([sampleContext.tenantId]); // default: the deploying tenant
    expect(config.GRAPH_FEDERATED_IDENTITY_CLIENT_ID).toBe(sampleIdentity.clientId);
    expect(config.TEAMS_APP_ID).toBe(azdParameters.teamsAppId);
    expect(config.COSMOS_ENDPOINT).toMatch(/^https:\/\/cosmos-[a-z0-9]{13}\.documents\.azure\.com:443\/$/);
    expect(config.AzureWebJobsStorage__queueServiceUri).toMatch(/^https:\/\/st[a-z0-9]{13}\.queue\./);
    expect(new URL(config.AUTHORITY_HOST).origin).toBe('https://login.microsoftonline.com');
  });

  it.each([
    ['another tenant named explicitly', { allowedTenantIds: '9d2ac0d4-1c4b-4f5e-8a7b-6c5d4e3f2a1b' }],
    ['a separate Graph app registration', { graphClientId: '44444444-5555-4666-8777-888888888888' }],
    ['no Teams app id yet', { teamsAppId: '' }],
    ['no deploying principal', { principalId: '' }],
    ['Node 22', { nodeVersion: '22' }],
  ])('the settings still pass the schema with %s', (_case, overrides) => {
    const settings = settingsOf(deploy(overrides));
    const config = configIn(settings);
    if ('graphClientId' in overrides) expect(config.GRAPH_CLIENT_ID).toBe(overrides.graphClientId);
    if ('allowedTenantIds' in overrides)
      expect(config.ALLOWED_TENANT_IDS).toEqual([overrides.allowedTenantIds]);
    if ('teamsAppId' in overrides) expect(config.TEAMS_APP_ID).toBeUndefined();
  });

  it.each([
    ['an API client id that is not a GUID', { apiClientId: 'pairwise' }, /apiClientId: shorter than 36/],
    [
      'several tenants (the registration is single-tenant)',
      { allowedTenantIds: `${sampleContext.tenantId},9d2ac0d4-1c4b-4f5e-8a7b-6c5d4e3f2a1b` },
      /allowedTenantIds: longer than 36/,
    ],
    ['an unsupported Node version', { nodeVersion: '18' }, /nodeVersion: "18" is not allowed/],
    ['an unknown principal type', { principalType: 'Group' }, /principalType: "Group" is not allowed/],
    [
      'a Teams app id that is no id',
      { teamsAppId: 'https://teams.microsoft.com/l/app/5f1c7a52-1d4e' },
      /teamsAppId/,
    ],
    ['an unknown parameter', { tenantId: 'x' }, /tenantId is not declared/],
  ])('a deployment with %s fails before anything is created', (_case, overrides, message) => {
    expect(() => deploy(overrides)).toThrow(message);
  });

  it('the API audience is the SSO resource the Teams manifest declares, on the Front Door host', () => {
    const manifest = JSON.parse(
      fillPlaceholders(readFileSync(join(root, 'manifest', 'manifest.template.json'), 'utf8'), {
        TEAMS_APP_ID: azdParameters.teamsAppId,
        APP_VERSION: '1.0.0',
        TAB_DOMAIN: outputs.TAB_DOMAIN!,
        API_CLIENT_ID: outputs.API_CLIENT_ID!,
        DEVELOPER_NAME: 'x',
        DEVELOPER_WEBSITE_URL: 'https://x',
        PRIVACY_URL: 'https://x',
        TERMS_OF_USE_URL: 'https://x',
      }),
    ) as { webApplicationInfo: { resource: string }; staticTabs: Array<{ contentUrl: string }> };
    expect(appSettings.API_APP_ID_URI).toBe(manifest.webApplicationInfo.resource);
    expect(appSettings.TAB_BASE_URL).toBe(new URL(manifest.staticTabs[0]!.contentUrl).origin);
    // TAB_DOMAIN is the host name Azure gives the Front Door endpoint (what Teams, Entra and the manifest see).
    const endpoint = deployment.module('front-door').resource('Microsoft.Cdn/profiles/afdEndpoints');
    expect(outputs.TAB_DOMAIN).toBe(fakeAzure({ type: endpoint.type, name: endpoint.name }).hostName);
  });

  it('every output named after a setting carries the value the app receives', () => {
    const shared = Object.keys(outputs).filter((key) => schemaKeys.includes(key));
    expect(shared).toEqual(
      expect.arrayContaining([
        'COSMOS_ENDPOINT',
        'COSMOS_DATABASE',
        'AzureWebJobsStorage__queueServiceUri',
        'API_CLIENT_ID',
        'API_APP_ID_URI',
        'ALLOWED_TENANT_IDS',
        'GRAPH_FEDERATED_IDENTITY_CLIENT_ID',
        'GRAPH_BASE_URL',
        'AUTHORITY_HOST',
        'TAB_BASE_URL',
      ]),
    );
    for (const key of shared) expect({ key, value: outputs[key] }).toEqual({ key, value: appSettings[key] });
    // …and what the scripts read (hooks, register-app.ts --finish).
    for (const key of [
      'TAB_DOMAIN',
      'TAB_STORAGE_ACCOUNT_NAME',
      'MANAGED_IDENTITY_PRINCIPAL_ID',
      'AZURE_TENANT_ID',
    ])
      expect(outputs[key]).toBeTruthy();
    expect(outputs.MANAGED_IDENTITY_PRINCIPAL_ID).toBe(sampleIdentity.principalId);
  });

  it('every %SETTING% a timer schedule names is set', () => {
    for (const fn of functions) {
      if (fn.kind !== 'timer') continue;
      const setting = /^%(\w+)%$/.exec(fn.schedule)?.[1];
      if (setting) expect(appSettings[setting]).toMatch(/^\S+ \S+ \S+ \S+ \S+ \S+$/);
    }
  });

  it('queue triggers find their storage through the identity-based connection settings', () => {
    for (const fn of functions) {
      if (fn.kind !== 'queue') continue;
      expect(appSettings[`${fn.connection}__credential`]).toBe('managedidentity');
      expect(appSettings[`${fn.connection}__clientId`]).toBe(sampleIdentity.clientId);
      expect(appSettings[`${fn.connection}__queueServiceUri`]).toBe(
        outputs.AzureWebJobsStorage__queueServiceUri,
      );
    }
  });

  it('DefaultAzureCredential, Graph and telemetry all use the user-assigned identity', () => {
    expect(appSettings.AZURE_CLIENT_ID).toBe(sampleIdentity.clientId);
    expect(appSettings.GRAPH_FEDERATED_IDENTITY_CLIENT_ID).toBe(sampleIdentity.clientId);
    expect(appSettings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(
      `ClientId=${sampleIdentity.clientId};Authorization=AAD`,
    );
  });
});

describe('infra ↔ data and queues', () => {
  const cosmos = deployment.module('cosmos');
  const storage = deployment.module('storage');

  it('creates exactly the Cosmos containers the code defines (same ids, partition keys and policies)', () => {
    const json = JSON.parse(readFileSync(join(root, 'infra', 'cosmos-containers.json'), 'utf8')) as unknown;
    expect(json).toEqual(JSON.parse(JSON.stringify(containerDefinitions)));
    const created = cosmos.resources('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
    expect(created.map((c) => (c.properties as { resource: unknown }).resource)).toEqual(
      containerDefinitions.map((definition): unknown =>
        expect.objectContaining({
          id: definition.id,
          partitionKey: expect.objectContaining({ paths: definition.partitionKey.paths }) as unknown,
        }),
      ),
    );
  });

  it('Cosmos is serverless with key auth disabled', () => {
    const account = cosmos.resource('Microsoft.DocumentDB/databaseAccounts').properties as {
      disableLocalAuth: boolean;
      capabilities: Array<{ name: string }>;
    };
    expect(account.disableLocalAuth).toBe(true);
    expect(account.capabilities).toContainEqual({ name: 'EnableServerless' });
  });

  it('creates every queue the functions read, and its poison queue', () => {
    const queues = storage
      .resources('Microsoft.Storage/storageAccounts/queueServices/queues')
      .map((queue) => queue.name.split('/').pop());
    const used = new Set([
      BOOKING_QUEUE_NAME,
      ...functions.flatMap((fn) => (fn.kind === 'queue' ? [fn.queueName] : [])),
    ]);
    for (const queue of used) {
      expect(queues).toContain(queue);
      expect(queues).toContain(`${queue}-poison`);
    }
  });

  it('no storage account accepts shared keys or anonymous blob access', () => {
    const accounts = storage.resources('Microsoft.Storage/storageAccounts');
    expect(accounts).toHaveLength(2);
    for (const account of accounts)
      expect(account.properties).toMatchObject({ allowSharedKeyAccess: false, allowBlobPublicAccess: false });
  });
});

describe('infra structure', () => {
  const functionApp = deployment.module('function-app');
  const rbac = deployment.module('rbac');
  const builtInRole = (id: string) =>
    `/subscriptions/${sampleContext.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
  const grants = (resources: ArmResource[]) =>
    resources.map((r) => {
      const p = r.properties as { principalId: string; roleDefinitionId: string };
      return { principalId: p.principalId, role: p.roleDefinitionId.split('/').pop() };
    });

  it('Flex Consumption, Node 20 by default, user-assigned identity, identity-based deployment storage', () => {
    expect(functionApp.resource('Microsoft.Web/serverfarms').sku).toEqual({
      name: 'FC1',
      tier: 'FlexConsumption',
    });
    const site = functionApp.resource('Microsoft.Web/sites');
    expect(site.identity).toMatchObject({ type: 'UserAssigned' });
    const config = (site.properties as { functionAppConfig: Record<string, Record<string, Json>> })
      .functionAppConfig;
    expect(config.runtime).toEqual({ name: 'node', version: '20' });
    expect(config.deployment!.storage).toMatchObject({
      type: 'blobContainer',
      value: `${appSettings.AzureWebJobsStorage__blobServiceUri}app-package`,
      authentication: { type: 'UserAssignedIdentity' },
    });
  });

  it('every role assignment is in rbac.bicep', () => {
    const roleTypes = [
      'Microsoft.Authorization/roleAssignments',
      'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments',
    ];
    const modulesWithRoles = resourcesOf(template)
      .filter((r) => r.type === 'Microsoft.Resources/deployments')
      .filter((r) => {
        const nested = (r.properties as unknown as { template: ArmTemplate }).template;
        return resourcesOf(nested).some((resource) => roleTypes.includes(resource.type));
      })
      .map((r) => r.name);
    expect(modulesWithRoles).toEqual(['rbac']);
    expect(resourcesOf(template).some((r) => roleTypes.includes(r.type))).toBe(false);
  });

  it('the app identity gets the storage, telemetry and Cosmos data roles; the deployer may upload the tab and read data', () => {
    const app = sampleIdentity.principalId;
    const deployer = azdParameters.principalId;
    expect(grants(rbac.resources('Microsoft.Authorization/roleAssignments'))).toEqual(
      expect.arrayContaining([
        { principalId: app, role: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' }, // Storage Blob Data Owner
        { principalId: app, role: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' }, // Storage Queue Data Contributor
        { principalId: app, role: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' }, // Storage Table Data Contributor
        { principalId: app, role: '3913510d-42f4-4e42-8a64-420c390055eb' }, // Monitoring Metrics Publisher
        { principalId: deployer, role: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' }, // Storage Blob Data Contributor
      ]),
    );
    expect(rbac.resources('Microsoft.Authorization/roleAssignments')).toHaveLength(5);
    for (const assignment of rbac.resources('Microsoft.Authorization/roleAssignments'))
      expect((assignment.properties as { roleDefinitionId: string }).roleDefinitionId).toMatch(
        new RegExp(`^${builtInRole('')}`),
      );
    expect(grants(rbac.resources('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments'))).toEqual([
      { principalId: app, role: '00000000-0000-0000-0000-000000000002' }, // Data Contributor
      { principalId: deployer, role: '00000000-0000-0000-0000-000000000001' }, // Data Reader
    ]);
  });

  it('without a deploying principal only the app identity is granted anything', () => {
    const withoutDeployer = deploy({ principalId: '' }).module('rbac');
    const principals = [
      ...grants(withoutDeployer.resources('Microsoft.Authorization/roleAssignments')),
      ...grants(withoutDeployer.resources('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments')),
    ].map((grant) => grant.principalId);
    expect(new Set(principals)).toEqual(new Set([sampleIdentity.principalId]));
  });

  it('main.bicepparam reads every required parameter from the azd environment, without a default', () => {
    const bicepparam = readFileSync(join(root, 'infra', 'main.bicepparam'), 'utf8');
    const read = new Map(
      [...bicepparam.matchAll(/^param (\w+) = readEnvironmentVariable\('(\w+)'(, )?/gm)].map((m) => [
        m[1]!,
        !m[3],
      ]),
    );
    const required = Object.entries(template.parameters ?? {})
      .filter(([, definition]) => definition.defaultValue === undefined)
      .map(([name]) => name);
    expect(required.sort()).toEqual(['apiClientId', 'environmentName', 'location']);
    for (const name of required)
      expect({ name, withoutDefault: read.get(name) }).toEqual({ name, withoutDefault: true });
  });

  it('azure.yaml deploys the self-contained bundle and its hooks exist and are executable', () => {
    const yaml = readFileSync(join(root, 'azure.yaml'), 'utf8');
    expect(yaml).toMatch(/host: function/);
    expect(yaml).toMatch(/dist: dist\/functions/);
    expect(yaml).toMatch(/run: npm run package:functions/);
    for (const hook of yaml.matchAll(/run: (\.\/infra\/hooks\/[\w.-]+)/g)) {
      expect(() => accessSync(join(root, hook[1]!), constants.X_OK)).not.toThrow();
    }
  });
});
