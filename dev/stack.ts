import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type QueueServiceClient } from '@azure/storage-queue';

import { createCosmosClient, ensureDatabase } from '../functions/src/adapters/cosmos/cosmos-client';
import { allFunctions } from '../functions/src/all-functions';
import { compose, type Services, tabDeepLinkOf } from '../functions/src/composition';
import { loadConfig } from '../functions/src/config';
import { type DemoSeed, seedDemo } from './demo/seed-demo';
import { readHostSettings } from './local-host/host-settings';
import { type LocalFunctionsHost, startLocalFunctionsHost } from './local-host/local-host';
import { type LocalAzurite, startLocalAzurite } from './parts/azurite';
import { type LocalCosmos, startLocalCosmos } from './parts/cosmos';
import { freePort, waitFor } from './parts/free-port';
import { startTenantSimulator, type TenantSimulator } from './tenant';
import { ensureLocalCa, localStateDir } from './tls/local-ca';

/**
 * The whole product on loopback: Cosmos server, Azurite, the tenant simulator, the functions (HTTP, timers,
 * queues) and the tab, on one origin. `npm start` and the integration/browser tests both use this.
 *
 * Endpoint settings that are already set in the environment (COSMOS_ENDPOINT, AzureWebJobsStorage,
 * GRAPH_BASE_URL, AUTHORITY_HOST …) win: the embedded part is then not started and the same code talks to the
 * configured service instead.
 */
export interface LocalStackOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** The environment to read settings from (defaults to process.env). */
  env?: Record<string, string | undefined>;
  tenantSeed?: string;
  tenantSize?: number;
  /** Fire timers on their schedules (off in tests, which fire them by hand). */
  scheduleTimers?: boolean;
  /** Override host.json queue settings (tests shorten the visibility timeout). */
  queueOverrides?: Partial<ReturnType<typeof readHostSettings>['queues']>;
  /** Seed the live demo (dev/demo/seed-demo.ts) once everything answers. Off unless asked: `npm start` asks. */
  demo?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  baseUrl: string;
  port: number;
  /** The app settings the functions were started with (local-only values). */
  settings: Readonly<Record<string, string>>;
  tenant: TenantSimulator | undefined;
  services: Services;
  host: LocalFunctionsHost;
  queueService: QueueServiceClient;
  /** The demo's programs and whom to sign in as (when started with `demo`). */
  demo: DemoSeed | undefined;
  stop(): Promise<void>;
}

function localTeamsAppId(): string {
  const file = join(__dirname, '..', 'env', '.env.local');
  const match = existsSync(file)
    ? /^TEAMS_APP_ID=([0-9a-f-]{36})\s*$/m.exec(readFileSync(file, 'utf8'))
    : null;
  if (!match?.[1]) throw new Error('env/.env.local has no TEAMS_APP_ID');
  return match[1];
}

export const tabDistDir = join(__dirname, '..', 'tabs', 'dist');

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const ca = ensureLocalCa(localStateDir('tls'));
  if (env.NODE_EXTRA_CA_CERTS !== ca.caCertPath && process.env.NODE_EXTRA_CA_CERTS !== ca.caCertPath) {
    throw new Error(
      `This process does not trust the local CA. Start it with NODE_EXTRA_CA_CERTS=${ca.caCertPath} (npm start and npm test do this).`,
    );
  }

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    const settings: Record<string, string> = {};
    for (const [key, value] of Object.entries(env))
      if (value !== undefined && value !== '') settings[key] = value;

    let cosmos: LocalCosmos | undefined;
    if (!settings.COSMOS_ENDPOINT) {
      cosmos = await startLocalCosmos(ca.serverCert);
      stops.push(() => cosmos!.stop());
      settings.COSMOS_ENDPOINT = cosmos.endpoint;
      settings.COSMOS_KEY = cosmos.key;
      log(`cosmos     ${cosmos.endpoint}`);
    }

    let azurite: LocalAzurite | undefined;
    if (!settings.AzureWebJobsStorage && !settings.AzureWebJobsStorage__queueServiceUri) {
      azurite = await startLocalAzurite();
      stops.push(() => azurite!.stop());
      settings.AzureWebJobsStorage = azurite.connectionString;
      log(
        `azurite    queues http://127.0.0.1:${azurite.queuePort}, blobs http://127.0.0.1:${azurite.blobPort}`,
      );
    }

    let tenant: TenantSimulator | undefined;
    if (!settings.GRAPH_BASE_URL && !settings.AUTHORITY_HOST) {
      tenant = await startTenantSimulator({
        port: 0,
        seed: options.tenantSeed ?? settings.TENANT_SEED ?? 'pairwise',
        size: options.tenantSize ?? (settings.TENANT_SIZE ? Number(settings.TENANT_SIZE) : 300),
        // The demo company has every real-tenant behaviour (docs/tenant-simulator.md); TENANT_REALISM=ideal turns them off.
        realism: settings.TENANT_REALISM === 'ideal' ? 'ideal' : 'demo',
        tls: ca.serverCert,
      });
      stops.push(() => tenant!.stop());
      settings.GRAPH_BASE_URL = tenant.url;
      settings.AUTHORITY_HOST = tenant.url;
      settings.API_CLIENT_ID ??= tenant.apiClientId;
      settings.ALLOWED_TENANT_IDS ??= tenant.tenantId;
      settings.GRAPH_CLIENT_ID ??= tenant.backendClientId;
      settings.GRAPH_CLIENT_SECRET ??= tenant.backendClientSecret;
      log(`tenant     ${tenant.url} (tenant ${tenant.tenantId})`);
    }

    const port = options.port || (await freePort());
    settings.LOCAL_SIGN_IN_ENABLED ??= 'true';
    // Activity-feed links must be https Teams deep links; the local stage's app id (env/.env.local) gives one.
    settings.TEAMS_APP_ID ??= localTeamsAppId();
    settings.TAB_BASE_URL ??= `http://localhost:${port}`;

    // The same parse that the Azure host does at load: a bad setting stops start-up with its name.
    const config = loadConfig(settings);
    // Settings with a default in the schema (timer schedules) are app settings the host resolves (`%NAME%`).
    for (const [key, value] of Object.entries(config)) {
      if (typeof value === 'string' && settings[key] === undefined) settings[key] = value;
    }
    if (cosmos) await ensureDatabase(createCosmosClient(config), config.COSMOS_DATABASE);

    const services = compose(config);
    const hostSettings = readHostSettings();
    const scheduleTimers = options.scheduleTimers ?? true;
    const queueService = services.queues;
    const host = await startLocalFunctionsHost({
      port,
      functions: allFunctions(() => services),
      settings,
      hostSettings: { ...hostSettings, queues: { ...hostSettings.queues, ...options.queueOverrides } },
      queueService,
      ...(existsSync(join(tabDistDir, 'index.html')) ? { staticDir: tabDistDir } : {}),
      // With the demo, the timers start once it is seeded: a rounds tick while the seed is half-written finds its
      // programs without their rounds and starts rounds of its own (seen on `npm start` at a five-minute mark).
      scheduleTimers: scheduleTimers && !options.demo,
      log,
    });
    stops.push(() => host.stop());

    const baseUrl = `http://localhost:${host.port}`;
    await waitFor(
      async () => (await fetch(`${baseUrl}/api/health`)).status === 200,
      30_000,
      'The functions host (/api/health)',
    );

    let demo: DemoSeed | undefined;
    if (options.demo) {
      if (!tenant)
        throw new Error(
          'The demo needs the embedded tenant simulator (unset GRAPH_BASE_URL and AUTHORITY_HOST)',
        );
      demo = await seedDemo({
        deps: services.deps,
        tenantId: tenant.tenantId,
        users: tenant.users,
        adminUserPrincipalName: tenant.adminUserPrincipalName,
        queuesIdle: () => host.queuesIdle(),
        calendarFor: services.calendarFor,
        tabDeepLink: tabDeepLinkOf(config),
        outlook: tenant.control,
        log,
      });
      if (scheduleTimers) host.scheduleTimers();
    }

    return { baseUrl, port: host.port, settings, tenant, services, host, queueService, demo, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
