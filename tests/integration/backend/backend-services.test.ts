import { HttpRequest, type HttpResponseInit, InvocationContext } from '@azure/functions';
import { QueueServiceClient } from '@azure/storage-queue';

import { type LocalAzurite, startLocalAzurite } from '../../../dev/parts/azurite';
import { startTenantSimulator, type TenantSimulator } from '../../../dev/tenant';
import { allFunctions } from '../../../functions/src/all-functions';
import { compose, type Services } from '../../../functions/src/composition';
import { loadConfig } from '../../../functions/src/config';
import {
  BOOKING_QUEUE_NAME,
  BookingMessageSchema,
  type PairingsResponse,
  type Program,
  ProgramInputSchema,
  type Round,
  ROUND_QUEUE_NAME,
} from '../../../functions/src/contracts';
import { type Deps } from '../../../functions/src/domain/deps';
import { PairingDocumentSchema } from '../../../functions/src/domain/model';
import { runDueRounds } from '../../../functions/src/domain/rounds/round-service';
import { type HttpFunctionDefinition } from '../../../functions/src/function-registry';
import { inOrderPlanner, sampleEnrollment, sampleProgram } from '../../../functions/src/testing/api-test-kit';
import { type CosmosPart, localCa, startCosmos } from './local-parts';

/**
 * The backend as composed for production (compose(config)): real token validation against the tenant simulator's
 * JWKS, Graph directory reads from the simulator, Cosmos server, Azurite queues. Handlers are called with real
 * HttpRequest objects; the local HTTP host in front of them is covered by the stack tests.
 */
let cosmos: CosmosPart;
let azurite: LocalAzurite;
let sim: TenantSimulator;
let services: Services;
let functions: Map<string, HttpFunctionDefinition>;
let bookingsQueue: ReturnType<QueueServiceClient['getQueueClient']>;

const tokens = new Map<string, string>();
async function tokenFor(upn: string): Promise<string> {
  let token = tokens.get(upn);
  if (!token) {
    token = await sim.issueUserToken(upn);
    tokens.set(upn, token);
  }
  return token;
}

interface Result {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

async function call(
  name: string,
  upn: string | null,
  options: {
    params?: Record<string, string>;
    body?: unknown;
    headers?: Record<string, string>;
    token?: string;
  } = {},
): Promise<Result> {
  const fn = functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const token = options.token ?? (upn ? await tokenFor(upn) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  const method = fn.methods[0] ?? 'GET';
  const request = new HttpRequest({
    method,
    url: `http://localhost/api/${fn.route}`,
    headers,
    params: options.params ?? {},
    ...(options.body !== undefined && method !== 'GET'
      ? { body: { string: JSON.stringify(options.body) } }
      : {}),
  });
  const response: HttpResponseInit = await fn.handler(request, new InvocationContext({ functionName: name }));
  return {
    status: response.status ?? 200,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: (response.jsonBody as unknown) ?? response.body,
  };
}

/** The round worker at work: every queued round job handed to the `round-worker` function, as the host does. */
async function runQueuedRoundJobs(): Promise<number> {
  const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(
    ROUND_QUEUE_NAME,
  );
  await queue.createIfNotExists();
  const worker = allFunctions(() => services).find((f) => f.name === 'round-worker');
  if (worker?.kind !== 'queue') throw new Error('no round worker');
  let handled = 0;
  for (;;) {
    const received = await queue.receiveMessages({ numberOfMessages: 16, visibilityTimeout: 60 });
    if (received.receivedMessageItems.length === 0) return handled;
    for (const item of received.receivedMessageItems) {
      const message: unknown = JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8'));
      await worker.handler(
        message,
        new InvocationContext({
          functionName: worker.name,
          triggerMetadata: { dequeueCount: item.dequeueCount },
        }),
      );
      await queue.deleteMessage(item.messageId, item.popReceipt);
      handled += 1;
    }
  }
}

async function roundNow(programId: string, roundId: string): Promise<Round> {
  return (await call('admin-round-get', adminUpn, { params: { programId, roundId } })).body as Round;
}

async function queuedBookings() {
  const messages: ReturnType<typeof BookingMessageSchema.parse>[] = [];
  for (;;) {
    const received = await bookingsQueue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
    if (received.receivedMessageItems.length === 0) break;
    for (const item of received.receivedMessageItems) {
      messages.push(
        BookingMessageSchema.parse(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8'))),
      );
      await bookingsQueue.deleteMessage(item.messageId, item.popReceipt);
    }
  }
  return messages;
}

let employees: TenantSimulator['users'][number][];
let adminUpn: string;

beforeAll(async () => {
  const ca = localCa();
  [cosmos, azurite, sim] = await Promise.all([
    startCosmos('pairwise'),
    startLocalAzurite(),
    startTenantSimulator({ port: 0, seed: 'backend-tests', size: 60, tls: ca.serverCert }),
  ]);
  const config = loadConfig({
    COSMOS_ENDPOINT: cosmos.cosmos.endpoint,
    COSMOS_KEY: cosmos.cosmos.key,
    COSMOS_DATABASE: 'pairwise',
    AzureWebJobsStorage: azurite.connectionString,
    GRAPH_BASE_URL: sim.url,
    AUTHORITY_HOST: sim.url,
    API_CLIENT_ID: sim.apiClientId,
    API_APP_ID_URI: sim.apiAppIdUri,
    ALLOWED_TENANT_IDS: sim.tenantId,
    GRAPH_CLIENT_ID: sim.backendClientId,
    GRAPH_CLIENT_SECRET: sim.backendClientSecret,
    TAB_BASE_URL: 'http://localhost:7071',
  });
  services = compose(config, { planner: inOrderPlanner });
  functions = new Map(
    allFunctions(() => services).flatMap((f) => (f.kind === 'http' ? [[f.name, f] as const] : [])),
  );
  bookingsQueue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient(
    BOOKING_QUEUE_NAME,
  );
  await bookingsQueue.createIfNotExists();
  adminUpn = sim.adminUserPrincipalName;
  employees = sim.users
    .filter((u) => u.accountEnabled && u.appRoles.length === 0 && u.userPrincipalName !== adminUpn)
    .slice(0, 6);
}, 60_000);

afterAll(async () => {
  await Promise.all([cosmos?.stop(), azurite?.stop(), sim?.stop()]);
});

async function newProgram(overrides: Record<string, unknown> = {}): Promise<Program> {
  const created = await call('admin-programs-create', adminUpn, { body: { ...sampleProgram, ...overrides } });
  expect(created.status).toBe(201);
  return created.body as Program;
}

describe('backend against Cosmos, Azurite and the tenant simulator', () => {
  it('round-trips an enrollment with directory facts read from Graph', async () => {
    const program = await newProgram();
    const ann = employees[0]!;
    const joined = await call('enrollment-put', ann.userPrincipalName, {
      params: { programId: program.id },
      body: sampleEnrollment,
    });
    expect(joined.status).toBe(201);

    const me = await call('me-get', ann.userPrincipalName);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      profile: {
        userId: ann.id,
        displayName: ann.displayName,
        department: ann.department,
        jobTitle: ann.jobTitle,
        level: ann.level,
      },
      isAdmin: false,
      enrollments: [
        { programId: program.id, status: 'active', preferences: { goals: ['network-building'] } },
      ],
    });
    expect(JSON.stringify(me.body)).not.toContain(ann.mail);

    const programs = await call('programs-list', ann.userPrincipalName);
    expect(
      (programs.body as { programs: { id: string; myStatus: string | null }[] }).programs,
    ).toContainEqual(expect.objectContaining({ id: program.id, myStatus: 'active' }));

    const participants = await call('admin-participants-list', adminUpn, {
      params: { programId: program.id },
    });
    expect(participants.body).toMatchObject({
      items: [{ userId: ann.id, department: ann.department, level: ann.level }],
    });
    const stored = await services.deps.repos.participants.get(sim.tenantId, `${program.id}.${ann.id}`);
    expect(stored?.doc.directory?.timeZone).toBe(ann.timeZone);
    expect(stored?.doc.directory?.managerChain[0]).toBe(ann.managerId ?? undefined);

    expect(
      (await call('enrollment-delete', ann.userPrincipalName, { params: { programId: program.id } })).status,
    ).toBe(204);
    expect((await call('me-get', ann.userPrincipalName)).body).toMatchObject({
      enrollments: [{ status: 'left' }],
    });
  });

  it('previews a draft (nothing queued), publishes it, and queues one booking per pairing', async () => {
    await queuedBookings();
    const program = await newProgram();
    const people = employees.slice(0, 4);
    for (const p of people) {
      expect(
        (
          await call('enrollment-put', p.userPrincipalName, {
            params: { programId: program.id },
            body: sampleEnrollment,
          })
        ).status,
      ).toBe(201);
    }
    const preview = await call('admin-rounds-preview', adminUpn, { params: { programId: program.id } });
    expect(preview.status).toBe(202);
    expect((preview.body as Round).status).toBe('planning');
    expect(await runQueuedRoundJobs()).toBe(1);
    const draft = await roundNow(program.id, (preview.body as Round).id);
    expect(draft.status).toBe('draft');
    expect(draft.pairings).toHaveLength(2);
    expect(await queuedBookings()).toEqual([]);
    expect(
      ((await call('pairings-list', people[0]!.userPrincipalName)).body as PairingsResponse).current,
    ).toEqual([]);

    const published = await call('admin-rounds-run', adminUpn, {
      params: { programId: program.id },
      body: { draftRoundId: draft.id },
    });
    expect(published.status).toBe(202);
    expect(await queuedBookings()).toEqual([]);
    expect(await runQueuedRoundJobs()).toBe(1);
    expect((await roundNow(program.id, draft.id)).status).toBe('published');
    const queued = await queuedBookings();
    expect(queued.map((m) => m.pairingId).sort()).toEqual(draft.pairings.map((p) => p.id).sort());
    expect(
      queued.every((m) => m.tenantId === sim.tenantId && m.roundId === draft.id && m.version === 1),
    ).toBe(true);

    const mine = (await call('pairings-list', people[0]!.userPrincipalName)).body as PairingsResponse;
    expect(mine.current).toHaveLength(1);
    expect(mine.current[0]!.peers[0]!.displayName).not.toBe('');
  });

  it('produces a round exactly once when two timers race', async () => {
    await queuedBookings();
    const program = await newProgram({ schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' } });
    for (const p of employees.slice(0, 4)) {
      await call('enrollment-put', p.userPrincipalName, {
        params: { programId: program.id },
        body: sampleEnrollment,
      });
    }
    // Eight days on, the latest Monday 09:00 Berlin is after the program was activated.
    const later = new Date(Date.now() + 8 * 86_400_000);
    const deps: Deps = { ...services.deps, clock: () => later };
    const [a, b] = await Promise.all([
      runDueRounds(deps, [sim.tenantId]),
      runDueRounds(deps, [sim.tenantId]),
    ]);
    const claimed = [...a, ...b].filter((o) => o.programId === program.id && o.outcome === 'queued');
    expect(claimed).toHaveLength(1);
    // Other active programs of earlier tests are due too: their jobs run as well.
    expect(await runQueuedRoundJobs()).toBeGreaterThanOrEqual(1);
    const rounds = await services.deps.repos.rounds.queryAll(sim.tenantId, {
      where: [{ field: 'programId', op: 'eq', value: program.id }],
    });
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.doc.status).toBe('published');
    const queued = (await queuedBookings()).filter((m) => m.programId === program.id);
    expect(queued).toHaveLength(2);

    // Another tick for the same slot does nothing.
    expect((await runDueRounds(deps, [sim.tenantId])).filter((o) => o.programId === program.id)).toEqual([]);
    expect((await queuedBookings()).filter((m) => m.programId === program.id)).toEqual([]);
  });

  it('answers 412 to the second of two concurrent edits with the same etag, and keeps the first', async () => {
    const program = await newProgram();
    const [first, second] = await Promise.all([
      call('admin-program-update', adminUpn, {
        params: { programId: program.id },
        headers: { 'if-match': program.etag },
        body: { ...sampleProgram, name: 'Edit A' },
      }),
      call('admin-program-update', adminUpn, {
        params: { programId: program.id },
        headers: { 'if-match': program.etag },
        body: { ...sampleProgram, name: 'Edit B' },
      }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const winner = first.status === 200 ? 'Edit A' : 'Edit B';
    const loser = first.status === 200 ? second : first;
    expect(loser.body).toMatchObject({ error: { code: 'precondition_failed' } });
    const current = await call('admin-program-get', adminUpn, { params: { programId: program.id } });
    expect(current.body).toMatchObject({ name: winner });
    expect(current.headers.etag).not.toBe(program.etag);
  });

  it('never shows tenant B data to tenant A', async () => {
    const tenantB = '99999999-8888-4777-8666-555555555555';
    const { repos } = services.deps;
    const now = new Date().toISOString();
    const ann = employees[0]!;
    await repos.programs.create({
      ...ProgramInputSchema.parse(sampleProgram),
      id: 'p-tenant-b',
      tenantId: tenantB,
      createdAt: now,
      updatedAt: now,
      createdBy: ann.id,
      blockedPairs: [],
      activatedAt: now,
    });
    await repos.pairings.create(
      PairingDocumentSchema.parse({
        id: 'x-tenant-b',
        tenantId: tenantB,
        programId: 'p-tenant-b',
        roundId: 'r-tenant-b',
        published: true,
        memberIds: [ann.id, employees[1]!.id],
        members: [],
        score: 1,
        reasons: [],
        state: 'booked',
        cadence: 'weekly',
        sessionMinutes: 30,
        startsOn: now.slice(0, 10),
        endsOn: '2099-01-01',
        organizerId: null,
        series: null,
        nextSession: null,
        attentionReason: null,
        overridden: false,
        skippedBy: [],
        endRequested: null,
        bookingAttempt: 0,
        createdAt: now,
        updatedAt: now,
      }),
    );
    const programs = (await call('admin-programs-list', adminUpn)).body as { programs: Program[] };
    expect(programs.programs.map((p) => p.id)).not.toContain('p-tenant-b');
    expect((await call('admin-program-get', adminUpn, { params: { programId: 'p-tenant-b' } })).status).toBe(
      404,
    );
    expect(
      (
        await call('enrollment-put', ann.userPrincipalName, {
          params: { programId: 'p-tenant-b' },
          body: sampleEnrollment,
        })
      ).status,
    ).toBe(404);
    const pairings = (await call('pairings-list', ann.userPrincipalName)).body as PairingsResponse;
    expect([...pairings.current, ...pairings.past].map((p) => p.id)).not.toContain('x-tenant-b');
    expect(
      (
        await call('pairing-feedback', ann.userPrincipalName, {
          params: { pairingId: 'x-tenant-b' },
          body: { met: false },
        })
      ).status,
    ).toBe(404);
    const exported = JSON.stringify((await call('me-export', ann.userPrincipalName)).body);
    expect(exported).not.toContain('tenant-b');
  });

  it('rejects a token for another audience, and a non-admin on admin routes, before touching data', async () => {
    const wrongAudience = await sim.issueUserToken(employees[0]!.userPrincipalName, {
      audience: '00000003-0000-0000-c000-000000000000',
    });
    const rejected = await call('me-get', null, { token: wrongAudience });
    expect(rejected.status).toBe(401);
    expect(rejected.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    expect((await call('admin-programs-list', employees[0]!.userPrincipalName)).status).toBe(403);
  });

  it('refreshes directory facts on the directory-sync timer', async () => {
    const program = await newProgram();
    const bob = employees[1]!;
    await call('enrollment-put', bob.userPrincipalName, {
      params: { programId: program.id },
      body: sampleEnrollment,
    });
    const id = `${program.id}.${bob.id}`;
    const stored = (await services.deps.repos.participants.get(sim.tenantId, id))!;
    await services.deps.repos.participants.replace(
      { ...stored.doc, directory: { ...stored.doc.directory!, department: 'Stale', level: null } },
      stored.etag,
    );
    const timer = allFunctions(() => services).find((f) => f.name === 'directory-sync-timer');
    if (timer?.kind !== 'timer') throw new Error('no directory-sync timer');
    await timer.handler(
      {
        isPastDue: false,
        schedule: { adjustForDST: false },
        scheduleStatus: { last: '', next: '', lastUpdated: '' },
      },
      new InvocationContext(),
    );
    const refreshed = (await services.deps.repos.participants.get(sim.tenantId, id))!;
    expect(refreshed.doc.directory).toMatchObject({ department: bob.department, level: bob.level });
    // The chain comes from the listing's expanded managers (no per-person /manager calls).
    expect(refreshed.doc.directory?.managerChain[0]).toBe(bob.managerId ?? undefined);
    const manager = sim.users.find((u) => u.id === bob.managerId);
    if (manager?.managerId) expect(refreshed.doc.directory?.managerChain[1]).toBe(manager.managerId);
    expect(refreshed.doc.preferences).toEqual(stored.doc.preferences);
  });
});
