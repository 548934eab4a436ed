import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { containerDefinitions } from '../../functions/src/adapters/cosmos/containers';
import { allFunctions } from '../../functions/src/all-functions';
import { ConfigSchema, loadConfig } from '../../functions/src/config';
import { BOOKING_QUEUE_NAME } from '../../functions/src/contracts/queue';
import { fillPlaceholders } from '../../manifest/lib/app-package';

/**
 * infra/ is Bicep, and no Bicep compiler runs here (the Azure CLI cannot be installed on these machines), so these
 * tests read the Bicep as text with a small brace-aware scanner and hold it to the code: every setting the config
 * schema knows is set (or deliberately local-only), the containers and queues are the ones the code uses, module
 * parameters line up, and nothing that would need a secret is configured.
 */
const root = join(__dirname, '..', '..');
const infra = join(root, 'infra');
const read = (path: string): string => readFileSync(join(infra, path), 'utf8');

/** Removes `//` comments outside strings. */
function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === "'") inString = false;
    } else if (c === "'") {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  return out;
}

/** The text between the `{` at or after `from` and its matching `}`. */
function blockAfter(text: string, from: number): string {
  const open = text.indexOf('{', from);
  if (open < 0) throw new Error('no block');
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === "'") inString = false;
      continue;
    }
    if (c === "'") inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  throw new Error('unbalanced block');
}

/** Keys at the top level of an object body, with the rest of their line as the value expression. */
function topLevelEntries(body: string): Map<string, string> {
  const entries = new Map<string, string>();
  let depth = 0;
  for (const line of body.split('\n')) {
    if (depth === 0) {
      const match = /^\s*([A-Za-z_][A-Za-z0-9_]*|'[^']+')\s*:\s*(.*)$/.exec(line);
      if (match) entries.set(match[1]!.replace(/^'|'$/g, ''), match[2]!.trim());
    }
    for (const c of line.replace(/'(?:\\.|[^'\\])*'/g, "''")) {
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
    }
  }
  return entries;
}

function resourceBody(bicep: string, symbolicName: string): string {
  const at = bicep.search(new RegExp(`^resource ${symbolicName} `, 'm'));
  if (at < 0) throw new Error(`resource ${symbolicName} not found`);
  return blockAfter(bicep, at);
}

function propertyBlock(body: string, name: string): string {
  const at = body.search(new RegExp(`\\b${name}\\s*:\\s*\\{`));
  if (at < 0) throw new Error(`${name} not found`);
  return blockAfter(body, at);
}

interface BicepParam {
  name: string;
  hasDefault: boolean;
}
function declaredParams(bicep: string): BicepParam[] {
  return [...bicep.matchAll(/^param (\w+) [\w.]+(\s*=.*)?$/gm)].map((m) => ({
    name: m[1]!,
    hasDefault: !!m[2],
  }));
}

/** Evaluates a Bicep string literal with `${name}` interpolations (the only expressions the tests need). */
function interpolate(expression: string, values: Record<string, string>): string {
  const literal = /^'(.*)'$/.exec(expression);
  if (!literal) throw new Error(`not a string literal: ${expression}`);
  return literal[1]!.replace(/\$\{(\w+)\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`no value for ${name}`);
    return values[name]!;
  });
}

const functionAppBicep = stripComments(read('app/function-app.bicep'));
const appSettings = topLevelEntries(
  propertyBlock(resourceBody(functionAppBicep, 'appSettings'), 'properties'),
);
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

describe('infra ↔ functions config', () => {
  it('sets every setting the config schema knows, except the documented local-only ones', () => {
    const expected = schemaKeys.filter((key) => !(key in LOCAL_ONLY)).sort();
    const missing = expected.filter((key) => !appSettings.has(key));
    expect(missing).toEqual([]);
  });

  it('sets every setting the schema requires (no default, not optional)', () => {
    const required = schemaKeys.filter(
      (key) =>
        !(ConfigSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[
          key
        ]!.safeParse(undefined).success,
    );
    expect(required.length).toBeGreaterThan(0);
    for (const key of required) expect(appSettings.has(key)).toBe(true);
  });

  it('sets no local-only setting and nothing unknown (a typo would silently fall back to a default)', () => {
    for (const key of Object.keys(LOCAL_ONLY)) expect(appSettings.has(key)).toBe(false);
    const unknown = [...appSettings.keys()].filter(
      (key) => !schemaKeys.includes(key) && !PLATFORM.includes(key),
    );
    expect(unknown).toEqual([]);
    // Flex Consumption takes the runtime from functionAppConfig and rejects these two.
    expect(appSettings.has('FUNCTIONS_WORKER_RUNTIME')).toBe(false);
    expect(appSettings.has('FUNCTIONS_EXTENSION_VERSION')).toBe(false);
  });

  it('the settings as Bicep sets them pass the real config schema, in Azure (WEBSITE_SITE_NAME set)', () => {
    const samples: Record<string, string> = {
      identityClientId: '66666666-7777-4888-8999-000000000000',
      apiClientId: '11111111-2222-4333-8444-555555555555',
      graphClientId: '11111111-2222-4333-8444-555555555555',
      tabDomain: 'pairwise-abc.z01.azurefd.net',
      allowedTenantIds: '0b6f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
      teamsAppId: '5f1c7a52-1d4e-4b8a-9c61-2b7d3e8f9a10',
      cosmosEndpoint: 'https://cosmos-abc.documents.azure.com:443/',
      cosmosDatabase: 'pairwise',
      graphBaseUrl: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      roundsTimerSchedule: '0 */5 * * * *',
      directorySyncTimerSchedule: '0 0 */6 * * *',
      followUpTimerSchedule: '0 */15 * * * *',
      'storage.properties.primaryEndpoints.blob': 'https://stabc.blob.core.windows.net/',
      'storage.properties.primaryEndpoints.queue': 'https://stabc.queue.core.windows.net/',
      'storage.properties.primaryEndpoints.table': 'https://stabc.table.core.windows.net/',
      'applicationInsights.properties.ConnectionString':
        'InstrumentationKey=00000000-0000-0000-0000-000000000000',
    };
    const env: Record<string, string> = { WEBSITE_SITE_NAME: 'func-abc' };
    for (const [key, expression] of appSettings) {
      env[key] = expression.startsWith("'")
        ? interpolate(expression, samples)
        : (samples[expression] ?? `<${expression}>`);
      expect(env[key]).not.toMatch(/^<.*>$/);
    }
    const config = loadConfig(env);
    expect(config.LOCAL_SIGN_IN_ENABLED).toBe(false);
    expect(config.GRAPH_FEDERATED_IDENTITY_CLIENT_ID).toBe(samples.identityClientId);
    expect(config.AzureWebJobsStorage__queueServiceUri).toBe(
      samples['storage.properties.primaryEndpoints.queue'],
    );
  });

  it('the API audience Bicep configures is the SSO resource the Teams manifest declares', () => {
    const values = {
      tabDomain: 'pairwise-abc.z01.azurefd.net',
      apiClientId: '11111111-2222-4333-8444-555555555555',
    };
    const manifest = JSON.parse(
      fillPlaceholders(readFileSync(join(root, 'manifest', 'manifest.template.json'), 'utf8'), {
        TEAMS_APP_ID: 'x',
        APP_VERSION: '1.0.0',
        TAB_DOMAIN: values.tabDomain,
        API_CLIENT_ID: values.apiClientId,
        DEVELOPER_NAME: 'x',
        DEVELOPER_WEBSITE_URL: 'https://x',
        PRIVACY_URL: 'https://x',
        TERMS_OF_USE_URL: 'https://x',
      }),
    ) as { webApplicationInfo: { resource: string }; staticTabs: Array<{ contentUrl: string }> };
    expect(interpolate(appSettings.get('API_APP_ID_URI')!, values)).toBe(
      manifest.webApplicationInfo.resource,
    );
    expect(interpolate(appSettings.get('TAB_BASE_URL')!, values)).toBe(
      new URL(manifest.staticTabs[0]!.contentUrl).origin,
    );
    // The tab domain handed to the function app is the one main.bicep publishes as TAB_DOMAIN (Front Door's host).
    const main = stripComments(read('main.bicep'));
    expect(main).toMatch(/^var tabDomain = frontDoor\.outputs\.endpointHostName$/m);
    expect(main).toMatch(/^output TAB_DOMAIN string = tabDomain$/m);
    expect(
      topLevelEntries(propertyBlock(blockAfter(main, main.indexOf('module functionApp ')), 'params')).get(
        'tabDomain',
      ),
    ).toBe('tabDomain');
  });

  it('every %SETTING% a timer schedule names is set', () => {
    for (const fn of functions) {
      if (fn.kind !== 'timer') continue;
      const setting = /^%(\w+)%$/.exec(fn.schedule)?.[1];
      if (setting) expect(appSettings.has(setting)).toBe(true);
    }
  });

  it('queue triggers find their storage through the identity-based connection settings', () => {
    for (const fn of functions) {
      if (fn.kind !== 'queue') continue;
      for (const suffix of ['queueServiceUri', 'credential', 'clientId']) {
        expect(appSettings.has(`${fn.connection}__${suffix}`)).toBe(true);
      }
    }
  });

  it('DefaultAzureCredential in the code gets the user-assigned identity (AZURE_CLIENT_ID)', () => {
    const usesDefault = listTypeScript(join(root, 'functions', 'src')).some((file) =>
      readFileSync(file, 'utf8').includes('new DefaultAzureCredential('),
    );
    if (usesDefault) expect(appSettings.get('AZURE_CLIENT_ID')).toBe('identityClientId');
    expect(appSettings.get('GRAPH_FEDERATED_IDENTITY_CLIENT_ID')).toBe('identityClientId');
    expect(appSettings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')).toBe(
      "'ClientId=${identityClientId};Authorization=AAD'",
    );
  });
});

describe('infra ↔ data and queues', () => {
  it('creates exactly the Cosmos containers the code defines (same ids, partition keys and policies)', () => {
    const json = JSON.parse(read('cosmos-containers.json')) as unknown;
    expect(json).toEqual(JSON.parse(JSON.stringify(containerDefinitions)));
    const cosmos = stripComments(read('app/cosmos.bicep'));
    expect(cosmos).toContain("loadJsonContent('../cosmos-containers.json')");
    expect(cosmos).toMatch(/for container in containers:/);
  });

  it('Cosmos is serverless with key auth disabled and a data-plane role for the identity', () => {
    const account = resourceBody(stripComments(read('app/cosmos.bicep')), 'account');
    expect(account).toMatch(/disableLocalAuth: true/);
    expect(account).toMatch(/name: 'EnableServerless'/);
    const role = resourceBody(stripComments(read('app/cosmos.bicep')), 'appDataRole');
    expect(role).toMatch(/principalId: appPrincipalId/);
    expect(stripComments(read('app/cosmos.bicep'))).toMatch(
      /dataContributorRoleId = '00000000-0000-0000-0000-000000000002'/,
    );
  });

  it('creates every queue the functions read, and its poison queue', () => {
    const storage = stripComments(read('app/storage.bicep'));
    const list = /var queueNames = \[([^\]]*)\]/.exec(storage)?.[1] ?? '';
    const queues = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
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
    const storage = stripComments(read('app/storage.bicep'));
    const accounts = [...storage.matchAll(/^resource (\w+) 'Microsoft\.Storage\/storageAccounts@/gm)].map(
      (m) => m[1]!,
    );
    expect(accounts.length).toBe(2);
    for (const account of accounts) {
      const body = resourceBody(storage, account);
      expect(body).toMatch(/allowSharedKeyAccess: false/);
      expect(body).toMatch(/allowBlobPublicAccess: false/);
    }
  });
});

describe('infra structure', () => {
  const bicepFiles = readdirSync(join(infra, 'app'))
    .filter((name) => name.endsWith('.bicep'))
    .map((name) => `app/${name}`)
    .concat('main.bicep');

  it('Flex Consumption, Node 20 by default, user-assigned identity, identity-based deployment storage', () => {
    const plan = resourceBody(functionAppBicep, 'plan');
    expect(plan).toMatch(/name: 'FC1', tier: 'FlexConsumption'/);
    const site = resourceBody(functionAppBicep, 'functionApp');
    expect(site).toMatch(/runtime: \{ name: 'node', version: nodeVersion \}/);
    expect(site).toMatch(/type: 'UserAssigned'/);
    expect(site).toMatch(/type: 'UserAssignedIdentity'/);
    expect(stripComments(read('main.bicep'))).toMatch(/^param nodeVersion string = '20'$/m);
  });

  it('every module call passes each required parameter and no unknown one', () => {
    for (const file of bicepFiles) {
      const text = stripComments(read(file));
      for (const call of text.matchAll(/^module (\w+) '([^']+)' = /gm)) {
        const modulePath = join(dirname(join(infra, file)), call[2]!);
        expect(existsSync(modulePath)).toBe(true);
        const declared = declaredParams(stripComments(readFileSync(modulePath, 'utf8')));
        const passed = [...topLevelEntries(propertyBlock(blockAfter(text, call.index), 'params')).keys()];
        const names = declared.map((p) => p.name);
        expect({ module: call[1], unknown: passed.filter((name) => !names.includes(name)) }).toEqual({
          module: call[1],
          unknown: [],
        });
        const missing = declared.filter((p) => !p.hasDefault && !passed.includes(p.name)).map((p) => p.name);
        expect({ module: call[1], missing }).toEqual({ module: call[1], missing: [] });
      }
    }
  });

  it('main.parameters.json feeds every required parameter of main.bicep, and only known ones', () => {
    const parameters = Object.keys(
      (JSON.parse(read('main.parameters.json')) as { parameters: Record<string, unknown> }).parameters,
    );
    const declared = declaredParams(stripComments(read('main.bicep')));
    for (const name of parameters) expect(declared.map((p) => p.name)).toContain(name);
    for (const param of declared.filter((p) => !p.hasDefault)) expect(parameters).toContain(param.name);
  });

  it('main.bicep outputs the settings scripts and the app read, under their setting names', () => {
    const outputs = [...stripComments(read('main.bicep')).matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'COSMOS_ENDPOINT',
        'COSMOS_DATABASE',
        'AzureWebJobsStorage__queueServiceUri',
        'API_CLIENT_ID',
        'API_APP_ID_URI',
        'ALLOWED_TENANT_IDS',
        'GRAPH_FEDERATED_IDENTITY_CLIENT_ID',
        'TAB_BASE_URL',
        'TAB_DOMAIN',
        'MANAGED_IDENTITY_PRINCIPAL_ID',
        'TAB_STORAGE_ACCOUNT_NAME',
      ]),
    );
    for (const output of outputs) if (schemaKeys.includes(output)) expect(appSettings.has(output)).toBe(true);
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

function listTypeScript(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listTypeScript(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
