// Shared by the booking integration tests and bench/booking*.bench.ts (run by tsx, outside jest): no jest globals here.
import { InvocationContext } from '@azure/functions';

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
  MailboxLimiter,
} from '../../../../functions/src/adapters/graph/calendar';
import { GraphAccess } from '../../../../functions/src/adapters/graph/graph-client';
import { localCa } from '../../backend/local-parts';

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

/** A queue-trigger invocation of the booking worker; `dequeueCount` > 1 is a redelivery. */
export function workerContext(dequeueCount = 1): InvocationContext {
  return new InvocationContext({
    functionName: 'booking-worker',
    triggerMetadata: { dequeueCount },
    logHandler: () => undefined,
  });
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
    limiter: new MailboxLimiter(4),
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
