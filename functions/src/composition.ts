import { randomBytes } from 'node:crypto';

import { type Database } from '@azure/cosmos';
import { ManagedIdentityCredential } from '@azure/identity';
import { type QueueServiceClient } from '@azure/storage-queue';

import { createCosmosClient } from './adapters/cosmos/cosmos-client';
import { createCosmosRepositories } from './adapters/cosmos/repositories';
import { CachedDirectory } from './adapters/directory/cached-directory';
import { GraphDirectory } from './adapters/directory/graph-directory';
import { GraphSignInNames } from './adapters/directory/graph-sign-in-names';
import {
  BULK_NOTIFICATION_LIMIT,
  createCalendarPorts,
  defaultRetryEnvironment,
  DocumentLaneStore,
  type GraphCalendarPorts,
  INTERACTIVE_RETRY_POLICY,
  INTERACTIVE_TIMEOUT_MS,
  type Lane,
  LeaseLane,
  openLane,
  OutlookGate,
  RequestPacer,
  type RetryEnvironment,
} from './adapters/graph/calendar';
import { GraphAccess } from './adapters/graph/graph-client';
import { CachedProfilePhotos } from './adapters/graph/photo-cache';
import { GraphProfilePhotos } from './adapters/graph/profile-photos';
import { fetchOpenIdConfiguration } from './adapters/identity/openid-metadata';
import { createQueueServiceClient } from './adapters/queues/queue-client';
import { StorageWorkQueues } from './adapters/queues/work-queues';
import { type Config } from './config';
import { type Deps } from './domain/deps';
import {
  createReadiness,
  type DependencyName,
  type HealthProbe,
  type Readiness,
} from './domain/health/readiness';
import { planRound } from './domain/matching';
import { type BookingService, createBookingService } from './domain/pairings/booking-service';
import { createFollowUpService } from './domain/pairings/follow-up-service';
import { coalescingNotifications } from './domain/pairings/notification-coalescer';
import { createNotificationService } from './domain/pairings/notification-service';
import { type RescheduleDeps } from './domain/pairings/reschedule-service';
import { createSeriesActionService, type SeriesActionService } from './domain/pairings/series-action-service';
import { type SignInNamePort } from './domain/people/peer-chat';
import { type ProfilePhotoPort } from './domain/people/peer-photos';
import { type Repositories } from './domain/ports';
import { withRetention } from './domain/retention';
import { plannerFrom } from './domain/rounds/matching-planner';
import { type RoundPlanner } from './domain/rounds/planner';
import { type Authenticator, createAuthenticator, remoteSigningKeys } from './http/auth';
import { currentLogger } from './observability';

/**
 * Wires adapters to the domain once per cold start: every port has one implementation here, and every trigger gets
 * its service from here (triggers import no adapter). Clients are created lazily so that a missing dependency shows
 * up in /api/health instead of failing every function at load.
 */
export interface LifecycleServices {
  booking: BookingService;
  seriesActions: SeriesActionService;
  followUp: ReturnType<typeof createFollowUpService>;
  notifications: ReturnType<typeof createNotificationService>;
}

export interface Services {
  config: Config;
  database: Database;
  queues: QueueServiceClient;
  graph: GraphAccess;
  healthProbes: Record<DependencyName, HealthProbe>;
  /** Readiness over `healthProbes`, cached (domain/health/readiness.ts): /api/health and /api/health/ready. */
  readiness: Readiness;
  auth: Authenticator;
  deps: Deps;
  /** The calendar ports of a tenant (one set per tenant, shared by every service). */
  calendarFor: (tenantId: string) => GraphCalendarPorts;
  lifecycle: LifecycleServices;
  reschedule: RescheduleDeps;
  photos: ProfilePhotoPort;
  /** Sign-in names (UPNs) for "Chat with …", read when asked, never stored. */
  signInNames: SignInNamePort;
}

/** Random, URL- and Cosmos-safe ids: `p-` + 16 base32 characters. */
export function newId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 31];
  return `${prefix}-${id}`;
}

/** Deep link into the personal tab (manifest `staticTabs[].entityId` "mentoring"), else the tab's own URL. */
export function tabDeepLinkOf(config: Pick<Config, 'TEAMS_APP_ID' | 'TAB_BASE_URL'>): string {
  return config.TEAMS_APP_ID
    ? `https://teams.microsoft.com/l/entity/${config.TEAMS_APP_ID}/mentoring`
    : config.TAB_BASE_URL;
}

/**
 * The calendar ports of each tenant, created on first use: one `OutlookGate` per tenant in this process (Graph's 4
 * concurrent Outlook requests per app), shared by a **background** set (booking, series actions, the sweep: they
 * also hold the tenant's lane across instances, a lease in the `leases` container) and an **interactive** set (HTTP
 * routes: no lane, one short retry, a 5 s timeout — INTERACTIVE_RETRY_POLICY). docs/decisions/0008-graph-concurrency.md.
 */
export function calendarPortsFor(
  graph: Pick<GraphAccess, 'acquireToken'>,
  config: Pick<Config, 'GRAPH_BASE_URL'>,
  lanes?: { store: Repositories['leases']; holder: string },
): {
  background: (tenantId: string) => GraphCalendarPorts;
  interactive: (tenantId: string) => GraphCalendarPorts;
} {
  const gates = new Map<string, OutlookGate>();
  const gateOf = (tenantId: string) => {
    let gate = gates.get(tenantId);
    if (!gate) gates.set(tenantId, (gate = new OutlookGate()));
    return gate;
  };
  // Teams' bulk notifications: 2 a second per tenant, sent only by the instance holding the tenant's `teams` lane.
  const pacers = new Map<string, RequestPacer>();
  const pacerOf = (tenantId: string) => {
    let pacer = pacers.get(tenantId);
    if (!pacer) {
      const lane = lanes
        ? new LeaseLane(new DocumentLaneStore(lanes.store, tenantId, 'teams'), { holder: lanes.holder })
        : openLane;
      pacers.set(tenantId, (pacer = new RequestPacer(BULK_NOTIFICATION_LIMIT, lane)));
    }
    return pacer;
  };
  const cached = (lane: (tenantId: string) => Lane, interactive: boolean) => {
    const ports = new Map<string, GraphCalendarPorts>();
    return (tenantId: string): GraphCalendarPorts => {
      let p = ports.get(tenantId);
      if (!p) {
        p = createCalendarPorts(graph, tenantId, config.GRAPH_BASE_URL, {
          gate: gateOf(tenantId),
          lane: lane(tenantId),
          notificationPacer: pacerOf(tenantId),
          // A person is waiting behind Front Door: a short budget, never minutes of Retry-After.
          retry: defaultRetryEnvironment({
            ...(interactive ? { policy: INTERACTIVE_RETRY_POLICY } : {}),
            onRetry: reportThrottling(tenantId),
          }),
          ...(interactive ? { timeoutMs: INTERACTIVE_TIMEOUT_MS } : {}),
        });
        ports.set(tenantId, p);
      }
      return p;
    };
  };
  return {
    background: cached(
      (tenantId) =>
        lanes
          ? new LeaseLane(new DocumentLaneStore(lanes.store, tenantId, 'outlook'), { holder: lanes.holder })
          : openLane,
      false,
    ),
    interactive: cached(() => openLane, true),
  };
}

/**
 * Each 429 from Graph is one `graph.throttled` line in the invocation's log (the `graph-throttling` alert in
 * infra/app/alerts.bicep counts lines per 15 minutes); 503/504 and timeouts are retried but are not throttling.
 */
export function reportThrottling(tenantId: string): NonNullable<RetryEnvironment['onRetry']> {
  return ({ status, attempt, delayMs }) => {
    if (status === 429)
      currentLogger().child({ tenantId }).metric('graph.throttled', 1, { attempt, delayMs });
  };
}

/** The lifecycle's services over the application's ports (booking, series actions, follow-up, notifications). */
export function composeLifecycle(
  deps: Deps,
  calendarFor: (tenantId: string) => GraphCalendarPorts,
  tabDeepLink: string,
): LifecycleServices {
  const common = {
    repos: deps.repos,
    calendarFor,
    queues: deps.queues,
    clock: deps.clock,
    random: Math.random,
  };
  // Notifications the lifecycle produces are merged across pairings before they are enqueued (see the coalescer).
  const producing = { ...common, queues: coalescingNotifications(deps.queues) };
  return {
    booking: createBookingService({ ...producing, tabDeepLink }),
    seriesActions: createSeriesActionService(producing),
    followUp: createFollowUpService(producing),
    notifications: createNotificationService({
      ...common,
      notifierFor: (tenantId) => calendarFor(tenantId).notifier,
      tabDeepLink,
    }),
  };
}

export function compose(config: Config, overrides: { planner?: RoundPlanner } = {}): Services {
  const cosmos = createCosmosClient(config);
  const database = cosmos.database(config.COSMOS_DATABASE);
  const queues = createQueueServiceClient(config);
  // In Azure there is no secret: the managed identity's token is the client assertion of a federated credential.
  const federatedClientId = config.GRAPH_FEDERATED_IDENTITY_CLIENT_ID;
  const graph = new GraphAccess(
    config,
    federatedClientId && !config.GRAPH_CLIENT_SECRET
      ? async () =>
          (
            await new ManagedIdentityCredential({ clientId: federatedClientId }).getToken(
              'api://AzureADTokenExchange/.default',
            )
          ).token
      : undefined,
  );
  const repos = withRetention(createCosmosRepositories(database), {
    auditDays: config.RETENTION_AUDIT_DAYS,
    feedbackDays: config.RETENTION_FEEDBACK_DAYS,
    endedPairingDays: config.RETENTION_ENDED_PAIRING_DAYS,
    roundDays: config.RETENTION_ROUND_DAYS,
  });
  const calendars = calendarPortsFor(graph, config, { store: repos.leases, holder: newId('instance') });
  const calendarFor = calendars.background;
  const firstTenant = config.ALLOWED_TENANT_IDS[0] ?? '';
  const deps: Deps = {
    repos,
    directory: new CachedDirectory(
      new GraphDirectory((tenantId) => graph.client(tenantId), {
        background: (tenantId) => calendars.background(tenantId).freeBusy,
        interactive: (tenantId) => calendars.interactive(tenantId).freeBusy,
        languages: (tenantId) => calendars.background(tenantId).languages,
      }),
    ),
    queues: new StorageWorkQueues(queues),
    planner: overrides.planner ?? plannerFrom(planRound),
    clock: () => new Date(),
    newId,
  };
  const lifecycle = composeLifecycle(deps, calendarFor, tabDeepLinkOf(config));
  const healthProbes: Record<DependencyName, HealthProbe> = {
    cosmos: async () => {
      await database.read();
    },
    storage: async () => {
      await queues.getProperties();
    },
    identity: async () => {
      await fetchOpenIdConfiguration(config.AUTHORITY_HOST, firstTenant);
    },
    graph: async () => {
      // A token and one cheap read: proves the credential, the consent and Graph's reachability together.
      await graph.client(firstTenant).api('/users').select('id').top(1).get();
    },
  };
  return {
    config,
    database,
    queues,
    graph,
    auth: createAuthenticator(config, remoteSigningKeys(config.AUTHORITY_HOST)),
    deps,
    calendarFor,
    lifecycle,
    reschedule: { ...deps, calendarFor: calendars.interactive },
    photos: new CachedProfilePhotos(
      new GraphProfilePhotos({
        baseUrl: config.GRAPH_BASE_URL,
        getToken: (tenantId) => graph.acquireToken(tenantId),
      }),
    ),
    signInNames: new GraphSignInNames((tenantId) => graph.client(tenantId)),
    healthProbes,
    readiness: createReadiness(() => healthProbes),
  };
}
