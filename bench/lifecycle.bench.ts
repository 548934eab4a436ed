/**
 * Issue 12's lifecycle figures, through the local stack (`npm start`'s parts: the local Functions host with its
 * queue pollers and timers, Azurite, the Cosmos server, the tenant simulator):
 *
 * - for N live pairings (default 10,000; BENCH_LIFECYCLE_N), each with a real recurring series on both calendars,
 *   N/10 members leave, pause or skip through the API; measured: the time from each request to its series ended
 *   in Outlook (the organizer's recurrence cut, the attendee's copy updated with it), and the wall time for all;
 * - one full follow-up sweep over the live pairings: its duration and its Graph HTTP requests per live pairing
 *   (a `$batch` is one request);
 * - the same for the previous design, in the same run: the old follow-up timer (bench/baseline), which ended
 *   series only when its walk over every pairing reached them, under host.json's 10-minute function timeout.
 *
 * Graph HTTP requests are counted by the simulator (`control.httpRequests()`: what reached /v1.0, a `$batch` once);
 * activity-feed notifications are not Graph calendar work and are subtracted where they overlap a measurement.
 */
import { InvocationContext } from '@azure/functions';

import { type LocalStack, startLocalStack } from '../dev/stack';
import { type DirectoryUser, type TenantSimulator } from '../dev/tenant';
import { type GraphCall } from '../functions/src/adapters/graph/calendar';
import { mapWithConcurrency } from '../functions/src/domain/concurrency';
import {
  PairingDocumentSchema,
  ParticipantDocumentSchema,
  participantId,
  ProgramDocumentSchema,
} from '../functions/src/domain/model';
import { type PairingDocument } from '../functions/src/domain/pairings/lifecycle';
import { buildSeriesEvent } from '../functions/src/domain/scheduling';
import { SWEEP_BUDGET_MS } from '../functions/src/functions/follow-up-timer';
import { neighbourPairs, type Pair } from '../tests/integration/booking/support/people';
import { type OldActivityNotification, OldGraphActivityNotifier } from './baseline/activity-notifier-v1';
import { createFollowUpTimer, oldCalendarPorts } from './baseline/follow-up-timer-v1';

const N = Number(process.env.BENCH_LIFECYCLE_N ?? 10_000);
const ENDS = Math.round(N / 10);
const FUNCTION_TIMEOUT_MS = 10 * 60_000; // host.json functionTimeout
const DAY = 86_400_000;
const PROGRAM = 'bench-program';
const NOTIFY = 'POST /users/{id}/teamwork/sendActivityNotification';
const BULK_NOTIFY = 'POST /teamwork/sendActivityNotificationToRecipients';

interface Seeded {
  pairings: PairingDocument[];
  /** The pairings whose member asks for an end, with who asks and how. */
  enders: Array<{ pairing: PairingDocument; user: DirectoryUser; how: 'leave' | 'pause' | 'skip' }>;
}

const quietContext = () => new InvocationContext({ functionName: 'bench', logHandler: () => undefined });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '—');

/** N pairings with a real weekly series each (created through Graph in `$batch`es), stored as booked. */
async function seed(stack: LocalStack, sim: TenantSimulator, pairs: Pair[], prefix: string): Promise<Seeded> {
  const tenantId = sim.tenantId;
  const repos = stack.services.deps.repos;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const startsOn = today;
  const endsOn = new Date(now.getTime() + 8 * 7 * DAY).toISOString().slice(0, 10);
  const firstDate = new Date(now.getTime() + 8 * DAY).toISOString().slice(0, 10);
  const gateway = stack.services.calendarFor(tenantId).gateway;
  const calls: GraphCall[] = pairs.map(([a, b], i) => ({
    id: `${prefix}-${String(i).padStart(5, '0')}`,
    method: 'POST',
    path: `/users/${a.id}/events`,
    headers: { prefer: 'IdType="ImmutableId"' },
    body: buildSeriesEvent({
      tenantId,
      pairingId: `${prefix}-${String(i).padStart(5, '0')}`,
      attempt: 0,
      organizer: { mailbox: a.mail, displayName: a.displayName },
      attendee: { mailbox: b.mail, displayName: b.displayName },
      program: { name: 'Bench Peers', allowNewTimeProposals: true },
      reasons: [],
      memberNames: new Map(),
      tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
      pattern: { type: 'weekly', interval: 1, dayOfWeek: 'tuesday' },
      startMinutes: 10 * 60 + (i % 12) * 30,
      durationMinutes: 30,
      firstDate,
      lastDate: endsOn,
      organizerZone: 'UTC',
    }),
  }));
  const created = await gateway.sendMany(calls);
  const stamp = now.toISOString();
  const pairings = calls.map((call, i) => {
    const [a, b] = pairs[i]!;
    const outcome = created.get(call.id);
    const eventId =
      outcome && 'status' in outcome && outcome.status === 201
        ? (outcome.body as { id: string }).id
        : undefined;
    if (!eventId) throw new Error(`seeding: series ${call.id} was not created`);
    const body = call.body as { start: { dateTime: string } };
    const first = new Date(`${body.start.dateTime}Z`).toISOString();
    return PairingDocumentSchema.parse({
      id: call.id,
      tenantId,
      programId: PROGRAM,
      roundId: `${PROGRAM}-r1`,
      published: true,
      memberIds: [a.id, b.id],
      members: [a, b].map((u) => ({
        userId: u.id,
        displayName: u.displayName,
        jobTitle: u.jobTitle,
        department: u.department,
        level: String(u.level),
        levelRank: null,
        timeZone: u.timeZone,
      })),
      score: 1,
      reasons: [],
      state: 'booked',
      cadence: 'weekly',
      sessionMinutes: 30,
      startsOn,
      endsOn,
      organizerId: a.id,
      series: { organizerId: a.id, eventId, firstOccurrence: first, until: endsOn, joinUrl: null },
      nextSession: {
        start: first,
        end: new Date(Date.parse(first) + 30 * 60_000).toISOString(),
        joinUrl: null,
      },
      attentionReason: null,
      overridden: false,
      skippedBy: [],
      endRequested: null,
      bookingAttempt: 0,
      createdAt: stamp,
      updatedAt: stamp,
    });
  });
  await mapWithConcurrency(pairings, 64, (p) => repos.pairings.upsert(p));
  // Every tenth pairing's attendee asks for an end: a spread across the whole tenant, not its first pages.
  const kinds = ['leave', 'pause', 'skip'] as const;
  const enders = pairings
    .filter((_, i) => i % Math.round(pairings.length / ENDS) === 0)
    .slice(0, ENDS)
    .map((pairing, i) => ({
      pairing,
      user: pairs[pairings.indexOf(pairing)]![1],
      how: kinds[i % 3]!,
    }));
  await mapWithConcurrency(enders, 64, ({ user }) =>
    repos.participants.upsert(
      ParticipantDocumentSchema.parse({
        id: participantId(PROGRAM, user.id),
        tenantId,
        programId: PROGRAM,
        userId: user.id,
        status: 'active',
        pausedUntil: null,
        preferences: { goals: ['network-building'], cadence: 'weekly' },
        enrolledAt: stamp,
        updatedAt: stamp,
        leftAt: null,
        directory: null,
        directorySyncedAt: null,
        searchName: user.displayName.toLowerCase(),
      }),
    ),
  );
  return { pairings, enders };
}

/** An organizer's series no longer reaches past `from` (shortened or cancelled), and the attendee's copy neither. */
async function endedOnBothCalendars(
  stack: LocalStack,
  sim: TenantSimulator,
  sample: Array<{ pairing: PairingDocument; user: DirectoryUser }>,
  from: number,
): Promise<number> {
  const token = await sim.issueAppToken();
  let ok = 0;
  await mapWithConcurrency(sample, 8, async ({ pairing, user }) => {
    const window = `startDateTime=${new Date(from + DAY).toISOString()}&endDateTime=${new Date(from + 60 * DAY).toISOString()}&$select=subject&$top=200`;
    const views = await Promise.all(
      [pairing.series!.organizerId, user.id].map(async (id) => {
        const res = await fetch(`${sim.url}/v1.0/users/${id}/calendarView?${window}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await res.json()) as { value: Array<{ subject: string }> }).value;
      }),
    );
    if (views.every((v) => !v.some((e) => e.subject.startsWith('Bench Peers')))) ok += 1;
  });
  return ok;
}

async function seedProgram(stack: LocalStack, tenantId: string, adminId: string): Promise<void> {
  const now = new Date().toISOString();
  await stack.services.deps.repos.programs.upsert(
    ProgramDocumentSchema.parse({
      id: PROGRAM,
      tenantId,
      name: 'Bench Peers',
      kind: 'network-building',
      roundLengthWeeks: 8,
      defaultCadence: 'weekly',
      sessionMinutes: 30,
      schedule: { cron: '0 9 * * 1', timeZone: 'UTC' },
      status: 'active',
      createdAt: now,
      updatedAt: now,
      createdBy: adminId,
    }),
  );
}

interface Figures {
  endP50: number;
  endP95: number;
  endMax: number;
  endWall: number;
  ended: number;
  verified: string;
  sweepMs: number;
  sweepLive: number;
  sweepHttp: number;
  notes: string[];
}

/** The lifecycle as it runs now: end requests through the API, the series-action queue, a timer-fired sweep. */
async function currentDesign(stack: LocalStack, sim: TenantSimulator, pairs: Pair[]): Promise<Figures> {
  const repos = stack.services.deps.repos;
  const { enders } = await seed(stack, sim, pairs, 'new');
  const tokens = new Map<string, string>();
  await mapWithConcurrency(enders, 16, async ({ user }) => {
    tokens.set(user.id, await sim.issueUserToken(user.userPrincipalName));
  });
  const api = (method: string, path: string, userId: string, body?: unknown) =>
    fetch(`${stack.baseUrl}/api/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(userId)!}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const until = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
  const started = Date.now();
  // As the tab does, a 503 (the store busy: on the local Cosmos server every member look-up is a full scan in the
  // same process) is tried again after a pause; the end's latency is measured from the request that was accepted.
  let retried = 0;
  await mapWithConcurrency(enders, 16, async ({ pairing, user, how }) => {
    for (let attempt = 0; ; attempt++) {
      // Leave, pause and skip are idempotent: a connection reset under load is tried again like a 503.
      const res = await (
        how === 'leave'
          ? api('DELETE', `programs/${PROGRAM}/enrollment`, user.id)
          : how === 'pause'
            ? api('POST', `programs/${PROGRAM}/enrollment/pause`, user.id, { until })
            : api('POST', `pairings/${pairing.id}/skip`, user.id, { category: 'too-busy' })
      ).catch((e: unknown) => {
        if (attempt >= 5) throw e;
        return { status: 503 };
      });
      if (res.status < 300) return;
      if (res.status !== 503 || attempt >= 5) throw new Error(`${how} answered ${res.status}`);
      retried += 1;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  });
  const requestsDone = Date.now();
  const ids = new Set(enders.map((e) => e.pairing.id));
  let ended: PairingDocument[];
  for (;;) {
    const asked = await repos.pairings.queryAll(sim.tenantId, {
      where: [{ field: 'endRequested', op: 'ne', value: null }],
    });
    ended = asked.map((s) => s.doc).filter((d) => ids.has(d.id) && d.series?.endedAt);
    if (ended.length >= ids.size || Date.now() - started > 30 * 60_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const latencies = ended.map((d) => Date.parse(d.series!.endedAt!) - Date.parse(d.endRequested!.at));
  const lastEnded = Math.max(...ended.map((d) => Date.parse(d.series!.endedAt!)));
  const sample = enders.slice(0, 100);
  const verified = await endedOnBothCalendars(stack, sim, sample, started);

  // Members are told through the notification queue at Teams' pace (5 a second per tenant).
  const notifyStart = Date.now();
  await stack.host.queuesIdle();
  const notifyMs = Date.now() - notifyStart;

  // One full sweep, fired as the timer fires it (a pass larger than a tick continues on the next tick).
  sim.control.resetCounters();
  const sweepStart = Date.now();
  let ticks = 0;
  for (;;) {
    ticks += 1;
    await stack.host.fireTimer('follow-up-timer');
    const state = (await repos.leases.get(sim.tenantId, 'follow-up-sweep'))?.doc;
    if (state?.kind === 'follow-up-sweep' && state.cursor === null && state.passes >= 1) break;
    if (ticks > 20) break;
  }
  const sweepMs = Date.now() - sweepStart;
  const state = (await repos.leases.get(sim.tenantId, 'follow-up-sweep'))?.doc;
  const sweepLive = state?.kind === 'follow-up-sweep' ? (state.lastPass?.pairings ?? 0) : 0;
  const counted = sim.control.counters();
  const sweepHttp = sim.control.httpRequests() - (counted[NOTIFY] ?? 0) - (counted[BULK_NOTIFY] ?? 0);
  await stack.host.queuesIdle();
  return {
    endP50: percentile(latencies, 50),
    endP95: percentile(latencies, 95),
    endMax: Math.max(...latencies),
    endWall: lastEnded - started,
    ended: ended.length,
    verified: `${verified} of ${sample.length} sampled`,
    sweepMs,
    sweepLive,
    sweepHttp,
    notes: [
      `current design: ${ENDS} end requests sent through the API in ${seconds(requestsDone - started)} (${retried} tried again after a 503 or a connection reset from the busy local stack) (each leave/pause looks up the member's pairings: a full scan of ${N} documents on the local Cosmos server, which has no index); the series-action worker ended each series ${seconds(percentile(latencies, 50))} after its request (median).`,
      `current design: the ${ended.length * 2} "sessions ended" notifications then took ${seconds(notifyMs)} more to send (in bulk, up to 100 recipients a request, paced under Teams' limit; they have their own queue, so no calendar work waits for them).`,
      `current design: the sweep took ${ticks} timer tick(s) of at most ${SWEEP_BUDGET_MS / 60_000} min.`,
    ],
  };
}

/** The old follow-up timer (bench/baseline), fired once as its timer would be, under the 10-minute timeout. */
async function previousDesign(stack: LocalStack, sim: TenantSimulator, pairs: Pair[]): Promise<Figures> {
  const repos = stack.services.deps.repos;
  const { enders } = await seed(stack, sim, pairs, 'old');
  const ports = stack.services.calendarFor(sim.tenantId);
  // The old API only marked the pairing (`endRequested`); nothing was queued.
  const started = Date.now();
  const at = new Date(started).toISOString();
  await mapWithConcurrency(enders, 32, async ({ pairing }) => {
    const stored = (await repos.pairings.get(sim.tenantId, pairing.id))!;
    await repos.pairings.replace(
      { ...stored.doc, endRequested: { at, reason: 'left' }, updatedAt: at },
      stored.etag,
    );
  });
  // The host stops a function at its timeout: after it, every call of the old tick fails at once.
  let deadline = Number.POSITIVE_INFINITY;
  const guard = <T>(fn: () => Promise<T>): Promise<T> =>
    Date.now() > deadline ? Promise.reject(new Error('function timeout')) : fn();
  const oldNotifier = new OldGraphActivityNotifier(ports.gateway);
  const base = oldCalendarPorts(ports.gateway, ports.calendar, oldNotifier);
  const guarded = {
    notifier: {
      notify: (n: OldActivityNotification) => guard(() => oldNotifier.notify(n)),
    },
    mailboxes: { resolve: (ids: readonly string[]) => guard(() => base.mailboxes.resolve(ids)) },
    calendar: {
      readSeriesHealth: (...args: Parameters<typeof base.calendar.readSeriesHealth>) =>
        guard(() => base.calendar.readSeriesHealth(...args)),
      endSeriesEarly: (input: Parameters<typeof base.calendar.endSeriesEarly>[0]) =>
        guard(() => base.calendar.endSeriesEarly(input)),
    },
  };
  const tick = createFollowUpTimer({
    repos,
    bookings: { publish: (messages) => stack.services.deps.queues.book(messages) },
    portsFor: () => guarded,
    clock: () => new Date(),
    tenantIds: [sim.tenantId],
    tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
  });
  const ticks: Array<{ ms: number; http: number; checked: number; timedOut: boolean }> = [];
  for (let i = 0; i < 2; i++) {
    sim.control.resetCounters();
    const tickStart = Date.now();
    deadline = tickStart + FUNCTION_TIMEOUT_MS;
    const summary = await tick(quietContext());
    const ms = Date.now() - tickStart;
    ticks.push({
      ms,
      http: sim.control.httpRequests() - (sim.control.counters()[NOTIFY] ?? 0),
      checked: summary.checked,
      timedOut: ms > FUNCTION_TIMEOUT_MS,
    });
  }
  deadline = Number.POSITIVE_INFINITY;
  const ids = new Set(enders.map((e) => e.pairing.id));
  const ended = (
    await repos.pairings.queryAll(sim.tenantId, { where: [{ field: 'state', op: 'eq', value: 'ended' }] })
  )
    .map((s) => s.doc)
    .filter((d) => ids.has(d.id));
  const latencies = ended.map((d) => Date.parse(d.updatedAt) - started);
  const verified = await endedOnBothCalendars(stack, sim, enders.slice(0, 100), started);
  const sweep = ticks[1]!;
  const live = (
    await repos.pairings.queryAll(sim.tenantId, {
      where: [{ field: 'state', op: 'in', values: ['booked', 'active'] }],
    })
  ).filter((s) => s.doc.id.startsWith('old-')).length;
  return {
    endP50: latencies.length >= ENDS / 2 ? percentile(latencies, 50) : NaN,
    endP95: latencies.length >= ENDS * 0.95 ? percentile(latencies, 95) : NaN,
    endMax: latencies.length === ENDS ? Math.max(...latencies) : NaN,
    endWall: latencies.length === ENDS ? Math.max(...latencies) : NaN,
    ended: ended.length,
    verified: `${verified} of 100 sampled`,
    sweepMs: sweep.timedOut ? NaN : sweep.ms,
    sweepLive: live,
    sweepHttp: sweep.http,
    notes: [
      `previous design: the first tick (fired right after the requests; on its 15-minute schedule it would start up to 15 min later) took ${seconds(ticks[0]!.ms)}${ticks[0]!.timedOut ? ', past the 10-minute function timeout' : ''} and ended ${ended.length} of ${ENDS} series, notifying both members inline (5 a second).`,
      `previous design: the second tick, a plain sweep, took ${seconds(sweep.ms)}${sweep.timedOut ? ' — past the 10-minute timeout, so its tail was never read' : ''} for ${live} live pairings.`,
    ],
  };
}

export default async function run(): Promise<string> {
  const stack = await startLocalStack({
    port: 0,
    tenantSeed: 'bench-lifecycle',
    // Some of the demo company cannot be booked (no mailbox, outside the calendar scope): seed enough people.
    tenantSize: Math.ceil((2 * N) / 0.85) + 400,
    scheduleTimers: false,
    log: () => undefined,
  });
  const sim = stack.tenant;
  if (!sim) throw new Error('the bench needs the embedded tenant simulator');
  const quiet = ['log', 'info', 'warn'] as const;
  const saved = quiet.map((k) => console[k]);
  quiet.forEach((k) => (console[k] = () => undefined));
  try {
    await seedProgram(stack, sim.tenantId, sim.users[0]!.id);
    const pairs = neighbourPairs(sim, N);
    const previous = await previousDesign(stack, sim, pairs);
    // Fresh calendars and store for the current design (the same people).
    sim.control.reset();
    const old = await stack.services.deps.repos.pairings.queryAll(sim.tenantId, {});
    await mapWithConcurrency(old, 64, (p) =>
      stack.services.deps.repos.pairings.delete(sim.tenantId, p.doc.id),
    );
    const participants = await stack.services.deps.repos.participants.queryAll(sim.tenantId, {});
    await mapWithConcurrency(participants, 64, (p) =>
      stack.services.deps.repos.participants.delete(sim.tenantId, p.doc.id),
    );
    const current = await currentDesign(stack, sim, pairs);
    const perPairing = (f: Figures) => (f.sweepLive > 0 ? (f.sweepHttp / f.sweepLive).toFixed(3) : '—');
    const rows = [
      ['', 'current design', 'previous design (same run)'],
      ['live pairings', String(N), String(N)],
      [`end requests (leave/pause/skip)`, String(ENDS), String(ENDS)],
      ['series ended within the run', String(current.ended), String(previous.ended)],
      ['request → series ended, median', seconds(current.endP50), seconds(previous.endP50)],
      ['request → series ended, p95', seconds(current.endP95), seconds(previous.endP95)],
      ['request → series ended, max', seconds(current.endMax), seconds(previous.endMax)],
      ['first request → last series ended', seconds(current.endWall), seconds(previous.endWall)],
      ['ended on both calendars (checked in Outlook)', current.verified, previous.verified],
      ['one full follow-up sweep', seconds(current.sweepMs), seconds(previous.sweepMs)],
      ['live pairings read by the sweep', String(current.sweepLive), String(previous.sweepLive)],
      ['Graph HTTP requests in the sweep', String(current.sweepHttp), String(previous.sweepHttp)],
      ['Graph HTTP requests per live pairing (target ≤ 0.1)', perPairing(current), perPairing(previous)],
    ];
    const table = [
      `| ${rows[0]!.join(' | ')} |`,
      '| --- | ---: | ---: |',
      ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    return `## Pairing lifecycle (issue 12): ends and follow-up sweep, ${N} live pairings\n\n${table}\n\n${[...current.notes, ...previous.notes].map((n) => `- ${n}`).join('\n')}\n`;
  } finally {
    quiet.forEach((k, i) => (console[k] = saved[i]!));
    await stack.stop();
  }
}
