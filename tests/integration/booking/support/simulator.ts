// Shared by the booking integration tests and bench/booking*.bench.ts (run by tsx, outside jest): no jest globals here.
import { startTenantSimulator, type TenantSimulator } from '../../../../dev/tenant';
import { type FaultRule } from '../../../../dev/tenant/limits';
import {
  createCalendarPorts,
  createFetchTransport,
  DEFAULT_RETRY_POLICY,
  defaultRetryEnvironment,
  GraphCalendarWriter,
  GraphFreeBusyReader,
  GraphGateway,
  type GraphTransport,
  OutlookGate,
} from '../../../../functions/src/adapters/graph/calendar';
import { GraphAccess } from '../../../../functions/src/adapters/graph/graph-client';
import { createBookingService } from '../../../../functions/src/domain/pairings/booking-service';
import { createFollowUpService } from '../../../../functions/src/domain/pairings/follow-up-service';
import { createNotificationService } from '../../../../functions/src/domain/pairings/notification-service';
import { createSeriesActionService } from '../../../../functions/src/domain/pairings/series-action-service';
import { type Repositories } from '../../../../functions/src/domain/ports';
import { RecordingQueues } from '../../../../functions/src/testing/api-test-kit';
import { localCa } from '../../backend/local-parts';
import { type SeedRepositories } from './seed';

/** The simulator over real TLS; Node trusts the local CA only via NODE_EXTRA_CA_CERTS set at process start. */
export async function startSimulatorForBooking(seed: string, size: number): Promise<TenantSimulator> {
  const ca = localCa();
  return startTenantSimulator({ port: 0, seed, size, tls: ca.serverCert });
}

/** MSAL client-credentials access to the simulator, with the settings the backend reads from its app settings. */
export function graphAccessFor(sim: TenantSimulator): GraphAccess {
  return new GraphAccess({
    AUTHORITY_HOST: sim.url,
    GRAPH_BASE_URL: sim.url,
    API_CLIENT_ID: sim.apiClientId,
    GRAPH_CLIENT_ID: sim.backendClientId,
    GRAPH_CLIENT_SECRET: sim.backendClientSecret,
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
  });
}

/** The calendar ports exactly as the booking worker builds them for a tenant (a fresh Graph client each call). */
export function workerPorts(sim: TenantSimulator): ReturnType<typeof createCalendarPorts> {
  return createCalendarPorts(graphAccessFor(sim), sim.tenantId, sim.url);
}

/** The Teams tab link the worker tests configure (notifications open it). */
export const WORKER_TAB_LINK =
  'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/mentoring';

export interface BookingPorts {
  gateway: GraphGateway;
  freeBusy: GraphFreeBusyReader;
  calendar: GraphCalendarWriter;
  /** HTTP requests our code sent to Graph (a `$batch` counts once; the token endpoint is not Graph). */
  httpRequests: () => number;
  resetCount: () => void;
}

/** The production adapters, configured exactly as the backend configures them, pointed at the simulator. */
export function bookingPorts(sim: TenantSimulator, options: { baseDelayMs?: number } = {}): BookingPorts {
  const access = graphAccessFor(sim);
  const inner = createFetchTransport({ baseUrl: sim.url, getToken: () => access.acquireToken(sim.tenantId) });
  let count = 0;
  const transport: GraphTransport = (request) => {
    count += 1;
    return inner(request);
  };
  const gateway = new GraphGateway(transport, {
    gate: new OutlookGate(),
    retry: defaultRetryEnvironment({
      policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: options.baseDelayMs ?? 50, maxAttempts: 8 },
    }),
  });
  return {
    gateway,
    freeBusy: new GraphFreeBusyReader(gateway),
    calendar: new GraphCalendarWriter(gateway),
    httpRequests: () => count,
    resetCount: () => {
      count = 0;
    },
  };
}

/** Throttling (429 with Retry-After 1 s) and outages (503) on every Graph request, `$batch` sub-requests included. */
export function throttlingFaults(rates: { throttled: number; unavailable: number }): FaultRule[] {
  return [
    { route: '*', fault: 429, rate: rates.throttled, retryAfterSeconds: 1 },
    { route: '*', fault: 503, rate: rates.unavailable, retryAfterSeconds: 1 },
  ];
}

/** The path of a Graph page's `@odata.nextLink` (after `/v1.0`), or undefined on the last page. */
export function nextPagePath(body: { '@odata.nextLink'?: unknown }): string | undefined {
  const next = body['@odata.nextLink'];
  return typeof next === 'string' ? next.slice(next.indexOf('/v1.0') + 5) : undefined;
}

/**
 * The lifecycle's services exactly as composition.ts builds them, over the production Graph adapters pointed at
 * the simulator, with the work queues recorded in memory: `drain()` delivers every queued message to its
 * service (delays are not waited for) until all three queues are empty.
 */
export function lifecycleAgainst(
  sim: TenantSimulator,
  repos: SeedRepositories & Pick<Repositories, 'leases' | 'rounds'>,
  options: { clock?: () => Date } = {},
) {
  const ports = workerPorts(sim);
  const queues = new RecordingQueues();
  const clock = options.clock ?? (() => new Date());
  const common = { repos, calendarFor: () => ports, queues, clock, random: Math.random };
  const booking = createBookingService({ ...common, tabDeepLink: WORKER_TAB_LINK });
  const seriesActions = createSeriesActionService(common);
  const notifications = createNotificationService({
    ...common,
    notifierFor: () => ports.notifier,
    tabDeepLink: WORKER_TAB_LINK,
  });
  const followUp = createFollowUpService(common);
  const drain = async (): Promise<void> => {
    for (;;) {
      const bookings = queues.bookings.splice(0);
      const actions = queues.actions.splice(0);
      const sends = queues.notifications.splice(0);
      if (bookings.length + actions.length + sends.length === 0) return;
      await Promise.all([
        ...bookings.map((m) => booking.handle(m, { lastDelivery: false })),
        ...actions.map((m) => seriesActions.handle(m, { lastDelivery: false })),
        ...sends.map((m) => notifications.handle(m)),
      ]);
    }
  };
  return { ports, queues, booking, seriesActions, notifications, followUp, drain };
}
