import { HttpRequest, type HttpResponseInit, InvocationContext } from '@azure/functions';

import { createMemoryRepositories, type MemoryRepositories } from '../adapters/cosmos/memory-document-store';
import { type ProgramInputBody } from '../contracts/admin';
import {
  type BookingMessage,
  type NotificationMessage,
  type RoundJobMessage,
  type SeriesActionMessage,
} from '../contracts/queue';
import { type Deps, type DirectoryPerson } from '../domain/deps';
import { type WorkQueues } from '../domain/pairings/ports';
import { type Repositories } from '../domain/ports';
import { type PlanResult, type RoundPlanner } from '../domain/rounds/planner';
import { type RoundJobOutcome, runRoundJob } from '../domain/rounds/round-service';
import { unauthorized } from '../errors';
import { type HttpFunctionDefinition } from '../function-registry';
import { adminFunctions } from '../functions/admin-api';
import { employeeFunctions } from '../functions/employee-api';
import { type Authenticator, type Principal } from '../http/auth';

/** The in-memory stores, for domain tests that only need the repositories (the domain may not import adapters). */
export { createMemoryRepositories };

/**
 * Handler tests without mocks: real HttpRequest/InvocationContext, the in-memory store, and plain fakes for the
 * other ports (directory, queue, planner, clock, token validator). Used by the API unit and fuzz tests.
 */
export const tenantA = '11111111-2222-4333-8444-555555555555';
export const tenantB = '99999999-8888-4777-8666-555555555555';

export const users = {
  admin: 'a0000000-0000-4000-8000-000000000001',
  ann: 'a0000000-0000-4000-8000-000000000002',
  bob: 'a0000000-0000-4000-8000-000000000003',
  cid: 'a0000000-0000-4000-8000-000000000004',
  dee: 'a0000000-0000-4000-8000-000000000005',
  eve: 'a0000000-0000-4000-8000-000000000006',
} as const;

const departments = ['Engineering', 'Sales', 'Finance', 'Legal', 'Marketing', 'Support'];

export function person(userId: string, index: number): DirectoryPerson {
  return {
    userId,
    displayName: `Person ${index}`,
    jobTitle: 'Engineer',
    department: departments[index % departments.length] ?? null,
    managerId: null,
    managerChain: [],
    hireDate: '2020-01-01',
    // Graph's mailboxSettings speak Windows time-zone names.
    timeZone: 'W. Europe Standard Time',
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '09:00',
      endTime: '17:00',
      timeZone: 'Europe/Berlin',
    },
    calendar: 'reachable',
    preferredLanguage: 'en',
    levelSource: { jobTitle: 'Engineer', attributes: { extensionAttribute1: 'L3' } },
    accountEnabled: true,
  };
}

/** Pairs candidates in id order; a fake of the matching engine port, enough to exercise the round service. */
export const inOrderPlanner: RoundPlanner = (input) => {
  const ids = input.candidates.map((c) => c.userId).sort();
  const result: PlanResult = { pairings: [], unmatched: [], algorithmVersion: 'test-in-order' };
  for (let i = 0; i + 1 < ids.length; i += 2) {
    result.pairings.push({
      memberIds: [ids[i]!, ids[i + 1]!],
      score: 10,
      reasons: [{ kind: 'shared-goal', data: { goals: ['network-building'] } }],
    });
  }
  if (ids.length % 2 === 1)
    result.unmatched.push({
      userId: ids[ids.length - 1]!,
      reason: 'carried-over-with-priority',
      detail: null,
    });
  return result;
};

/** Everyone in one circle (a fake of the matching engine for circle programs: the lifecycle, not the grouping). */
export const oneCirclePlanner: RoundPlanner = (input) => ({
  pairings: [{ memberIds: input.candidates.map((c) => c.userId).sort(), score: 12, reasons: [] }],
  unmatched: [],
  algorithmVersion: 'test',
});

/** The work queues as a test sees them: every message sent, in order, with the delay asked for. */
export class RecordingQueues implements WorkQueues {
  readonly bookings: BookingMessage[] = [];
  readonly actions: SeriesActionMessage[] = [];
  readonly notifications: NotificationMessage[] = [];
  readonly roundJobs: RoundJobMessage[] = [];
  readonly delays: Array<{ queue: 'book' | 'act' | 'notify'; delaySeconds: number }> = [];

  book(messages: readonly BookingMessage[], options?: { delaySeconds?: number }): Promise<void> {
    this.bookings.push(...messages);
    if (options?.delaySeconds) this.delays.push({ queue: 'book', delaySeconds: options.delaySeconds });
    return Promise.resolve();
  }

  act(messages: readonly SeriesActionMessage[], options?: { delaySeconds?: number }): Promise<void> {
    this.actions.push(...messages);
    if (options?.delaySeconds) this.delays.push({ queue: 'act', delaySeconds: options.delaySeconds });
    return Promise.resolve();
  }

  notify(messages: readonly NotificationMessage[], options?: { delaySeconds?: number }): Promise<void> {
    this.notifications.push(...messages);
    if (options?.delaySeconds) this.delays.push({ queue: 'notify', delaySeconds: options.delaySeconds });
    return Promise.resolve();
  }

  rounds(messages: readonly RoundJobMessage[]): Promise<void> {
    this.roundJobs.push(...messages);
    return Promise.resolve();
  }
}

export interface Kit {
  repos: MemoryRepositories;
  bookings: BookingMessage[];
  queues: RecordingQueues;
  deps: Deps;
  now: { value: Date };
  functions: HttpFunctionDefinition[];
  call(name: string, options?: CallOptions): Promise<CallResult>;
  /**
   * A round route (preview, run, publish) followed as the tab follows it: the queued round jobs are run by the
   * round worker's service, then the round is read again; the result carries the route's own status.
   */
  callRound(name: string, options?: CallOptions): Promise<CallResult>;
  /** Runs every queued round job, as the round worker would on its last delivery (a failure marks the round). */
  runRoundJobs(): Promise<RoundJobOutcome[]>;
  /** All stored documents, for "nothing changed" assertions. */
  snapshot(): string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface CallOptions {
  as?: Principal | null;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Tokens are opaque to the kit: `Bearer <tenant>|<user>|<admin>`; anything else is a 401. */
const fakeAuth: Authenticator = {
  authenticate(request) {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer ([^|]+)\|([^|]+)\|(admin|user)$/.exec(header);
    if (!match) return Promise.reject(unauthorized());
    return Promise.resolve({ tenantId: match[1]!, userId: match[2]!, isAdmin: match[3] === 'admin' });
  },
};

export const principal = (userId: string, isAdmin = false, tenantId = tenantA): Principal => ({
  tenantId,
  userId,
  isAdmin,
});

export interface KitOptions {
  planner?: RoundPlanner;
  people?: DirectoryPerson[];
  /** Outlook's language of people's mailboxes (user id → locale); everyone else known has none set. */
  mailboxLanguages?: Readonly<Record<string, string | null>>;
  /** More routes over the same services (the reschedule and photo routes with fake calendar/photo ports). */
  extraFunctions?: (services: () => { auth: Authenticator; deps: Deps }) => HttpFunctionDefinition[];
}

export function createKit(options: KitOptions = {}): Kit {
  const repos = createMemoryRepositories();
  return {
    ...createKitOver(repos, options),
    repos,
    snapshot: () =>
      Object.values(repos)
        .map((r) => r.snapshot())
        .join('\n'),
  };
}

/** The same kit over any stores (the integration tests pass the Cosmos ones). */
export function createKitOver(
  repos: Repositories,
  options: KitOptions = {},
): Omit<Kit, 'repos' | 'snapshot'> & { repos: Repositories } {
  const queues = new RecordingQueues();
  const bookings = queues.bookings;
  const people = new Map(
    (options.people ?? Object.values(users).map((id, i) => person(id, i))).map((p) => [p.userId, p]),
  );
  let counter = 0;
  const now = { value: new Date('2026-06-03T10:00:00.000Z') };
  const deps: Deps = {
    repos,
    directory: {
      getPerson: (_tenantId, userId) => Promise.resolve(people.get(userId) ?? null),
      getPeople: (_tenantId, ids) =>
        Promise.resolve(
          new Map(ids.flatMap((id) => (people.has(id) ? [[id, people.get(id)!] as const] : []))),
        ),
      getMailboxLanguages: (_tenantId, ids) =>
        Promise.resolve(
          new Map(
            ids.flatMap((id) =>
              people.has(id) ? [[id, options.mailboxLanguages?.[id] ?? null] as const] : [],
            ),
          ),
        ),
    },
    queues,
    planner: options.planner ?? inOrderPlanner,
    // Each read of the clock moves it on by a millisecond, so events in one test keep their order.
    clock: () => {
      now.value = new Date(now.value.getTime() + 1);
      return new Date(now.value.getTime());
    },
    newId: (prefix) => `${prefix}-${(++counter).toString().padStart(6, '0')}`,
  };
  const services = () => ({ auth: fakeAuth, deps });
  const functions = [
    ...employeeFunctions(services),
    ...adminFunctions(services),
    ...(options.extraFunctions?.(services) ?? []),
  ];
  const byName = new Map(functions.map((f) => [f.name, f]));

  const runRoundJobs = async (): Promise<RoundJobOutcome[]> => {
    const outcomes: RoundJobOutcome[] = [];
    for (let job = queues.roundJobs.shift(); job; job = queues.roundJobs.shift())
      outcomes.push(await runRoundJob(deps, job, { lastDelivery: true }));
    return outcomes;
  };

  const kit = {
    repos,
    bookings,
    queues,
    deps,
    now,
    functions,
    runRoundJobs,
    async callRound(name: string, call: CallOptions = {}): Promise<CallResult> {
      const accepted = await kit.call(name, call);
      if (accepted.status !== 202) return accepted;
      await runRoundJobs();
      const { id } = accepted.body as { id: string };
      const round = await kit.call('admin-round-get', {
        ...(call.as === undefined ? {} : { as: call.as }),
        params: { programId: call.params?.programId ?? '', roundId: id },
      });
      return { ...round, status: accepted.status };
    },
    async call(name: string, call: CallOptions = {}): Promise<CallResult> {
      const fn = byName.get(name);
      if (!fn) throw new Error(`No function ${name}`);
      const as = call.as === undefined ? principal(users.ann) : call.as;
      const headers: Record<string, string> = { ...(call.headers ?? {}) };
      if (as) headers.authorization = `Bearer ${as.tenantId}|${as.userId}|${as.isAdmin ? 'admin' : 'user'}`;
      const method = fn.methods[0] ?? 'GET';
      const text =
        method === 'GET'
          ? undefined
          : (call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body)));
      if (text !== undefined) headers['content-type'] = 'application/json';
      const query = new URLSearchParams(call.query ?? {}).toString();
      const request = new HttpRequest({
        method,
        url: `http://localhost/api/${fn.route}${query ? `?${query}` : ''}`,
        headers,
        params: call.params ?? {},
        ...(text === undefined ? {} : { body: { string: text } }),
      });
      const response: HttpResponseInit = await fn.handler(
        request,
        new InvocationContext({ functionName: name }),
      );
      // A streamed body (the export) is read to its end, as a client would.
      const body: unknown =
        (response.jsonBody as unknown) ??
        (response.body instanceof ReadableStream ? await new Response(response.body).text() : response.body);
      return {
        status: response.status ?? 200,
        headers: (response.headers ?? {}) as Record<string, string>,
        body,
      };
    },
  };
  return kit;
}

export const sampleProgram: ProgramInputBody = {
  name: 'Engineering peers',
  kind: 'network-building',
  description: 'Meet someone new.',
  roundLengthWeeks: 4,
  defaultCadence: 'biweekly',
  sessionMinutes: 30,
  schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
  status: 'active',
};

export const sampleEnrollment = {
  goals: ['network-building'],
  topicsToLearn: ['Kubernetes'],
  topicsToShare: ['Public speaking'],
  cadence: 'biweekly' as 'weekly' | 'biweekly' | 'monthly',
  preferredDays: ['tuesday'],
  preferredTimesOfDay: ['morning'],
  languages: ['en'],
  notWith: [] as string[],
};

/** An admin creates an active program; returns its id. */
export async function createProgram(
  kit: Pick<Kit, 'call'>,
  body: ProgramInputBody = sampleProgram,
  tenantId = tenantA,
): Promise<string> {
  const response = await kit.call('admin-programs-create', {
    as: principal(users.admin, true, tenantId),
    body,
  });
  if (response.status !== 201)
    throw new Error(`program create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}

export async function enrollAll(
  kit: Pick<Kit, 'call'>,
  programId: string,
  ids: string[],
  tenantId = tenantA,
  enrollment: Partial<typeof sampleEnrollment> = {},
): Promise<void> {
  for (const id of ids) {
    const response = await kit.call('enrollment-put', {
      as: principal(id, false, tenantId),
      params: { programId },
      body: { ...sampleEnrollment, ...enrollment },
    });
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`enroll answered ${response.status}`);
  }
}
