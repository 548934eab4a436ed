// Jest only (uses `expect`): the follow-up and reschedule tests.
import { type LocalStack, startLocalStack } from '../../../../dev/stack';
import { type TenantSimulator } from '../../../../dev/tenant';
import { type Program } from '../../../../functions/src/contracts';
import { type PairingDocument } from '../../../../functions/src/domain/model';
import { sampleEnrollment, sampleProgram } from '../../../../functions/src/testing/api-test-kit';
import { localCa } from '../../backend/local-parts';
import { isBookable, officesBySize } from './people';

export interface Response<B> {
  status: number;
  body: B;
}

/** The whole local stack (`npm start`'s parts: Cosmos server, Azurite, tenant simulator, functions host) with helpers to act on it. */
export interface BookingStack extends LocalStack {
  tenant: TenantSimulator;
  tenantId: string;
  adminUpn: string;
  /** UPNs of colleagues the real engine can pair — levels L2–L4, no app roles — per office (time zone), busiest office first. */
  offices: string[][];
  /** The REST API as `upn` (a user token from the simulator, cached per person). */
  api(method: string, path: string, upn: string, body?: unknown): Promise<Response<unknown>>;
  /** Microsoft Graph (the simulator) with an app token, as an admin tool or the person's own Outlook would act; times in UTC. */
  graph(method: string, path: string, body?: unknown): Promise<Response<Record<string, unknown>>>;
  upnOf(userId: string): string;
  mailOf(userId: string): string;
  /** The stored pairings of a program (all rounds). */
  pairingsOfProgram(programId: string): Promise<PairingDocument[]>;
  /**
   * A new program (weekly unless said) with `members` enrolled (weekly unless said; odd counts make a triad) and
   * one round published as the admin, the queues drained; every stored pairing.
   */
  publishedRound(
    members: string[],
    cadences?: RoundCadences,
  ): Promise<{ program: Program; pairings: PairingDocument[] }>;
  /** As `publishedRound`; only the booked pairs (at least one). */
  bookedRound(
    members: string[],
    cadences?: RoundCadences,
  ): Promise<{ program: Program; booked: PairingDocument[] }>;
}

export interface RoundCadences {
  program?: 'weekly' | 'biweekly' | 'monthly';
  members?: 'weekly' | 'biweekly' | 'monthly';
}

/** Starts the stack with timers off (tests fire them by hand) and a simulated tenant of 80 people. */
export async function startBookingStack(options: {
  tenantSeed: string;
  env?: Record<string, string | undefined>;
}): Promise<BookingStack> {
  localCa();
  const stack = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    tenantSeed: options.tenantSeed,
    tenantSize: 80,
    env: { ...process.env, PORT: undefined, ...options.env },
  });
  const tenant = stack.tenant!;
  const tenantId = tenant.tenantId;
  const adminUpn = tenant.adminUserPrincipalName;
  const users = tenant.users.filter((u) => isBookable(u) && u.appRoles.length === 0);
  const offices = officesBySize(users.filter((x) => ['L2', 'L3', 'L4'].includes(x.level))).map((office) =>
    office.map((u) => u.userPrincipalName),
  );
  const user = (userId: string) => tenant.users.find((u) => u.id === userId)!;
  const tokens = new Map<string, string>();

  const api = async (
    method: string,
    path: string,
    upn: string,
    body?: unknown,
  ): Promise<Response<unknown>> => {
    let token = tokens.get(upn);
    if (!token) {
      token = await tenant.issueUserToken(upn);
      tokens.set(upn, token);
    }
    const response = await fetch(`${stack.baseUrl}/api/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const graph = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response<Record<string, unknown>>> => {
    const token = await tenant.issueAppToken();
    const response = await fetch(`${tenant.url}/v1.0${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        prefer: 'IdType="ImmutableId", outlook.timezone="UTC"',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  const pairingsOfProgram = async (programId: string): Promise<PairingDocument[]> => {
    const stored = await stack.services.deps.repos.pairings.queryAll(tenantId, {
      where: [{ field: 'programId', op: 'eq', value: programId }],
    });
    return stored.map((s) => s.doc);
  };

  const publishedRound = async (
    members: string[],
    cadences: RoundCadences = {},
  ): Promise<{ program: Program; pairings: PairingDocument[] }> => {
    const created = await api('POST', 'admin/programs', adminUpn, {
      ...sampleProgram,
      defaultCadence: cadences.program ?? 'weekly',
      roundLengthWeeks: 8,
      rules: { levelBand: 2, cooldownRounds: 2, minOverlapHours: 1, oddPolicy: 'triad' },
    });
    expect(created.status).toBe(201);
    const program = created.body as Program;
    for (const upn of members)
      expect(
        (
          await api('PUT', `programs/${program.id}/enrollment`, upn, {
            ...sampleEnrollment,
            cadence: cadences.members ?? 'weekly',
          })
        ).status,
      ).toBe(201);
    expect((await api('POST', `admin/programs/${program.id}/rounds`, adminUpn, {})).status).toBe(202);
    await stack.host.queuesIdle();
    return { program, pairings: await pairingsOfProgram(program.id) };
  };

  const bookedRound = async (
    members: string[],
    cadences?: RoundCadences,
  ): Promise<{ program: Program; booked: PairingDocument[] }> => {
    const { program, pairings } = await publishedRound(members, cadences);
    const booked = pairings.filter((p) => p.state === 'booked' && p.memberIds.length === 2);
    expect(booked.length).toBeGreaterThan(0);
    return { program, booked };
  };

  return Object.assign(stack, {
    tenant,
    tenantId,
    adminUpn,
    offices,
    api,
    graph,
    upnOf: (userId: string) => user(userId).userPrincipalName,
    mailOf: (userId: string) => user(userId).mail,
    pairingsOfProgram,
    publishedRound,
    bookedRound,
  });
}
