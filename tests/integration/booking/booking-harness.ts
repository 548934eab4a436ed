import { readFileSync } from 'node:fs';

import { type DirectoryUser, startTenantSimulator, type TenantSimulator } from '../../../dev/tenant';
import { ensureLocalCa, localStateDir } from '../../../dev/tls/local-ca';
import {
  DEFAULT_RETRY_POLICY,
  GraphCalendarWriter,
  GraphFreeBusyReader,
  GraphGateway,
  type GraphTransport,
  MailboxLimiter,
  createFetchTransport,
  defaultRetryEnvironment,
} from '../../../functions/src/adapters/graph/calendar';
import { GraphAccess } from '../../../functions/src/adapters/graph/graph-client';
import { type BookingPerson, type BookingRequest } from '../../../functions/src/domain/scheduling';

/** The simulator over real TLS; Node trusts the local CA only via NODE_EXTRA_CA_CERTS set at process start. */
export async function startSimulatorForBooking(seed: string, size: number): Promise<TenantSimulator> {
  const ca = ensureLocalCa(localStateDir('tls'));
  const trusted = process.env.NODE_EXTRA_CA_CERTS;
  if (!trusted || readFileSync(trusted, 'utf8').trim() !== ca.caCertPem.trim()) {
    throw new Error(`Run with NODE_EXTRA_CA_CERTS=${ca.caCertPath} (npm test sets it).`);
  }
  return startTenantSimulator({ port: 0, seed, size, tls: ca.serverCert });
}

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
  const access = new GraphAccess({
    AUTHORITY_HOST: sim.url,
    GRAPH_BASE_URL: sim.url,
    API_CLIENT_ID: sim.apiClientId,
    GRAPH_CLIENT_ID: sim.backendClientId,
    GRAPH_CLIENT_SECRET: sim.backendClientSecret,
    GRAPH_FEDERATED_IDENTITY_CLIENT_ID: undefined,
  });
  const inner = createFetchTransport({ baseUrl: sim.url, getToken: () => access.acquireToken(sim.tenantId) });
  let count = 0;
  const transport: GraphTransport = (request) => {
    count += 1;
    return inner(request);
  };
  const gateway = new GraphGateway(transport, {
    limiter: new MailboxLimiter(4),
    retry: defaultRetryEnvironment({ policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: options.baseDelayMs ?? 50, maxAttempts: 8 } }),
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

const LEVELS: Record<string, number> = { L1: 1, L2: 2, L3: 3, L4: 4, L5: 5, L6: 6, L7: 7 };

export function bookingPerson(user: DirectoryUser): BookingPerson {
  return {
    id: user.id,
    mailbox: user.mail,
    displayName: user.displayName,
    level: LEVELS[String(user.level)] ?? 0,
    timeZone: user.timeZone,
    ...(user.managerId ? { loadGroups: [`manager:${user.managerId}`] } : {}),
  };
}

/**
 * Pairs enabled users in directory order (0–1, 2–3, …) starting at `from`: deterministic test pairings. With
 * `sameZone`, users are first ordered by time zone so pairs share one (a test that needs a booked series).
 */
export function pairingsOf(
  sim: TenantSimulator,
  options: { from: number; count: number; round: { start: number; end: number }; prefix: string; sameZone?: boolean },
): BookingRequest[] {
  let users = sim.users.filter((u) => u.accountEnabled && u.mail);
  if (options.sameZone) users = [...users].sort((x, y) => x.timeZone.localeCompare(y.timeZone) || x.id.localeCompare(y.id));
  return Array.from({ length: options.count }, (_, i) => {
    const a = users[options.from + 2 * i];
    const b = users[options.from + 2 * i + 1];
    if (!a || !b) throw new Error('Not enough users in the simulated tenant');
    return {
      tenantId: sim.tenantId,
      pairingId: `${options.prefix}-${String(i).padStart(4, '0')}`,
      attempt: 0,
      mayExist: false,
      people: [bookingPerson(a), bookingPerson(b)] as const,
      cadence: 'weekly' as const,
      durationMinutes: 30,
      round: options.round,
      program: { name: `Peers ${options.prefix}`, allowNewTimeProposals: false },
      reasons: [{ code: 'different-departments' }, { code: 'shared-goals' }],
      tabDeepLink: 'https://teams.microsoft.com/l/entity/00000000-0000-0000-0000-000000000000/pairings',
    };
  });
}
