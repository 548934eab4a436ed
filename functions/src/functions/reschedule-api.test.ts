import { HttpRequest, InvocationContext } from '@azure/functions';
import { DateTime } from 'luxon';

import { type SuggestedSlot } from '../contracts/employee';
import { type PairingDocument, PairingDocumentSchema } from '../domain/model';
import { type SeriesTimes } from '../domain/pairings/lifecycle';
import { type CalendarPorts, type SeriesPort } from '../domain/pairings/ports';
import { createSeriesActionService } from '../domain/pairings/series-action-service';
import { type Availability } from '../domain/scheduling';
import {
  createKit,
  createProgram,
  enrollAll,
  type Kit,
  principal,
  tenantA,
  users,
} from '../testing/api-test-kit';
import { rescheduleFunctions } from './reschedule-api';

/**
 * The reschedule routes with real HttpRequest/InvocationContext, the in-memory store and plain fakes for the
 * calendar ports. Clock: Wednesday 2026-06-03 10:00Z; both members work Mon–Fri 09:00–17:00 Berlin.
 */
const DAY = 24 * 60 * 60_000;
const mail = (id: string) => `${id.slice(-2)}@contoso.example`;

interface Fakes {
  ports: Pick<CalendarPorts, 'mailboxes' | 'freeBusy'>;
  series: Pick<SeriesPort, 'moveSeries'>;
  moves: Array<{ organizerId: string; eventId: string; times: SeriesTimes }>;
  reads: number;
  busy: Map<string, Array<{ start: number; end: number }>>;
}

function fakes(): Fakes {
  const f: Fakes = {
    moves: [],
    reads: 0,
    busy: new Map(),
    ports: {
      mailboxes: {
        lookup: (ids) =>
          Promise.resolve({
            found: new Map(ids.map((id) => [id, { mail: mail(id), displayName: id }])),
            missing: new Set<string>(),
            unknown: new Set<string>(),
          }),
      },
      freeBusy: {
        readAvailability: ({ mailboxes, window }) => {
          f.reads++;
          return Promise.resolve(
            new Map<string, Availability>(
              mailboxes.map((m) => [
                m,
                {
                  mailbox: m,
                  window,
                  intervals: (f.busy.get(m) ?? []).map((b) => ({ ...b, status: 'busy' as const })),
                },
              ]),
            ),
          );
        },
      },
    },
    series: {
      moveSeries: (input) => {
        f.moves.push(input);
        return Promise.resolve({ kind: 'moved' as const });
      },
    },
  };
  return f;
}

/** Every weekday except Monday and Friday is busy all day for `who` (Berlin days, approximated in UTC). */
function busyTueToThu(from: number, weeks: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (let d = 0; d < weeks * 7; d++) {
    const day = DateTime.fromMillis(from + d * DAY, { zone: 'Europe/Berlin' }).startOf('day');
    if (day.weekday >= 2 && day.weekday <= 4)
      out.push({ start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() });
  }
  return out;
}

async function setup(
  state: PairingDocument['state'] = 'booked',
  memberIds: string[] = [users.ann, users.bob],
): Promise<{
  kit: Kit;
  f: Fakes;
  call: (
    name: string,
    as: string,
    pairingId: string,
    body?: unknown,
  ) => Promise<{ status: number; body: unknown; headers: Record<string, string> }>;
  drainActions: () => Promise<void>;
  worker: ReturnType<typeof createSeriesActionService>;
}> {
  const kit = createKit();
  const programId = await createProgram(kit);
  await enrollAll(kit, programId, memberIds);
  const member = (userId: string, name: string) => ({
    userId,
    displayName: name,
    jobTitle: null,
    department: null,
    level: null,
    levelRank: null,
    timeZone: 'W. Europe Standard Time',
  });
  const pairing: PairingDocument = PairingDocumentSchema.parse({
    id: 'pr-1',
    tenantId: tenantA,
    programId,
    roundId: 'r-1',
    published: true,
    memberIds,
    members: memberIds.map((id) => member(id, id === users.ann ? 'Ann' : id === users.bob ? 'Bob' : 'Cid')),
    score: 1,
    reasons: [],
    state,
    cadence: 'weekly',
    sessionMinutes: 30,
    startsOn: '2026-06-01',
    endsOn: '2026-07-12',
    organizerId: users.ann,
    series: {
      organizerId: users.ann,
      eventId: 'ev-1',
      firstOccurrence: '2026-06-09T08:00:00.000Z',
      until: '2026-07-12',
      joinUrl: 'https://teams.example/join/1',
    },
    nextSession: {
      start: '2026-06-09T08:00:00.000Z',
      end: '2026-06-09T08:30:00.000Z',
      joinUrl: 'https://teams.example/join/1',
    },
    attentionReason: null,
    overridden: false,
    skippedBy: [],
    endRequested: null,
    bookingAttempt: 0,
    createdAt: '2026-06-01T00:00:00.000Z',
    updatedAt: '2026-06-01T00:00:00.000Z',
  });
  await kit.repos.pairings.create(pairing);
  const f = fakes();
  const fns = new Map(
    rescheduleFunctions(() => ({
      auth: authOf(kit),
      deps: kit.deps,
      reschedule: { ...kit.deps, calendarFor: () => f.ports },
    })).map((fn) => [fn.name, fn]),
  );
  // The series-action worker, as composition wires it: moves what the API recorded, through the fake calendar.
  const worker = createSeriesActionService({
    repos: kit.repos,
    calendarFor: () => ({
      series: {
        ...f.series,
        endSeriesMany: () => Promise.reject(new Error('not expected')),
        readSeriesMany: () => Promise.reject(new Error('not expected')),
        readSeriesResponses: () => Promise.reject(new Error('not expected')),
      },
    }),
    queues: kit.queues,
    clock: kit.deps.clock,
    random: () => 0,
  });
  const drainActions = async () => {
    while (kit.queues.actions.length > 0)
      await worker.handle(kit.queues.actions.shift()!, { lastDelivery: false });
  };
  const call = async (name: string, as: string, pairingId: string, body?: unknown) => {
    const fn = fns.get(name)!;
    const response = await fn.handler(
      new HttpRequest({
        method: fn.methods[0]!,
        url: `http://localhost/api/pairings/${pairingId}/x`,
        headers: {
          authorization: `Bearer ${as}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        params: { pairingId },
        ...(body === undefined ? {} : { body: { string: JSON.stringify(body) } }),
      }),
      new InvocationContext({ functionName: name }),
    );
    return {
      status: response.status ?? 200,
      body: response.jsonBody as unknown,
      headers: (response.headers ?? {}) as Record<string, string>,
    };
  };
  return { kit, f, call, drainActions, worker };
}

/** The kit's token convention, for our own functions: `Bearer <user>` in tenant A. */
function authOf(kit: Kit) {
  void kit;
  return {
    authenticate: (request: HttpRequest) =>
      Promise.resolve(principal((request.headers.get('authorization') ?? '').replace('Bearer ', ''))),
  };
}

describe('GET /api/pairings/{id}/slots', () => {
  it('suggests up to three usable times from both calendars, best first, never the current one', async () => {
    const { f, call } = await setup();
    f.busy.set(mail(users.bob), busyTueToThu(Date.parse('2026-06-01T00:00:00Z'), 8));
    const response = await call('pairing-slots', users.bob, 'pr-1');
    expect(response.status).toBe(200);
    const slots = (response.body as { slots: SuggestedSlot[] }).slots;
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.length).toBeLessThanOrEqual(3);
    expect(new Set(slots.map((s) => s.id)).size).toBe(slots.length);
    for (const slot of slots) {
      const local = DateTime.fromISO(slot.start, { zone: 'Europe/Berlin' });
      // Bob is busy Tuesday to Thursday: every suggestion is a Monday or Friday, inside working hours, from tomorrow.
      expect(['monday', 'friday']).toContain(slot.weekday);
      expect(local.hour * 60 + local.minute).toBeGreaterThanOrEqual(9 * 60);
      expect(slot.localTimeForMe).toBe(local.toFormat('HH:mm'));
      expect(Date.parse(slot.start)).toBeGreaterThan(Date.parse('2026-06-04T10:00:00Z'));
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(30 * 60_000);
      expect(slot.usableOccurrences / slot.checkedOccurrences).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('leaves out the series’ current day and time even when it is the best', async () => {
    const { call } = await setup();
    const slots = ((await call('pairing-slots', users.ann, 'pr-1')).body as { slots: SuggestedSlot[] }).slots;
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      const local = DateTime.fromISO(slot.start, { zone: 'Europe/Berlin' });
      expect(local.weekday === 2 && local.hour === 10 && local.minute === 0).toBe(false);
    }
  });

  it('is 404 for a non-member (no existence leak) and 409 for a pairing that is not booked', async () => {
    const { f, call } = await setup();
    expect((await call('pairing-slots', users.cid, 'pr-1')).status).toBe(404);
    expect((await call('pairing-slots', users.cid, 'pr-none')).status).toBe(404);
    expect(f.reads).toBe(0);
    const pending = await setup('booking');
    const response = await pending.call('pairing-slots', users.ann, 'pr-1');
    expect(response.status).toBe(409);
    expect(JSON.stringify(response.body)).toMatch(/booked pairing/);
  });
});

describe('POST /api/pairings/{id}/reschedule', () => {
  it('records the chosen slot, shows it at once, and the worker moves the organizer’s series to it', async () => {
    const { kit, f, call, drainActions, worker } = await setup();
    const slots = ((await call('pairing-slots', users.bob, 'pr-1')).body as { slots: SuggestedSlot[] }).slots;
    const chosen = slots[1]!;
    const response = await call('pairing-reschedule', users.bob, 'pr-1', { slotId: chosen.id });
    expect(response.status).toBe(200);
    const view = response.body as {
      nextSession: { start: string; end: string; joinUrl: string };
      peers: Array<{ userId: string }>;
    };
    expect(view.nextSession).toEqual({
      start: chosen.start,
      end: chosen.end,
      joinUrl: 'https://teams.example/join/1',
    });
    expect(view.peers.map((p) => p.userId)).toEqual([users.ann]);
    // Nothing touched Outlook inside the request: one move action is queued for the worker.
    expect(f.moves).toHaveLength(0);
    expect(kit.queues.actions).toEqual([expect.objectContaining({ action: 'move', pairingId: 'pr-1' })]);
    const pending = (await kit.repos.pairings.get(tenantA, 'pr-1'))!.doc;
    expect(pending.pendingMove?.first.start).toBe(chosen.start);
    expect(pending.series?.firstOccurrence).toBe('2026-06-09T08:00:00.000Z');
    await drainActions();
    expect(f.moves).toHaveLength(1);
    const move = f.moves[0]!;
    // The organizer's calendar is addressed by object id.
    expect(move.organizerId).toBe(users.ann);
    expect(move.eventId).toBe('ev-1');
    const local = DateTime.fromISO(chosen.start, { zone: 'Europe/Berlin' });
    expect(move.times.start).toEqual({
      dateTime: `${local.toISODate()}T${local.toFormat('HH:mm')}:00`,
      timeZone: 'W. Europe Standard Time',
    });
    expect(move.times.recurrence.range).toMatchObject({
      startDate: local.toISODate(),
      endDate: '2026-07-12',
    });
    expect(move.times.recurrence.pattern.daysOfWeek).toEqual([chosen.weekday]);
    const stored = (await kit.repos.pairings.get(tenantA, 'pr-1'))!.doc;
    expect(stored.nextSession?.start).toBe(chosen.start);
    expect(stored.series?.firstOccurrence).toBe(chosen.start);
    expect(stored.pendingMove).toBeNull();
    // A redelivered move changes nothing more.
    await worker.handle(
      { version: 1, tenantId: tenantA, pairingId: 'pr-1', action: 'move', moveId: pending.pendingMove!.id },
      { lastDelivery: false },
    );
    expect(f.moves).toHaveLength(1);
  });

  it('refuses an id that is not (or no longer) a suggestion, without touching the calendar', async () => {
    const { f, call, kit } = await setup();
    const slots = ((await call('pairing-slots', users.ann, 'pr-1')).body as { slots: SuggestedSlot[] }).slots;
    // A forged time: Sunday 03:00.
    expect(
      (await call('pairing-reschedule', users.ann, 'pr-1', { slotId: 'w1.sunday.180.2026-06-07' })).status,
    ).toBe(409);
    // The chosen time became busy for Bob between reading and choosing.
    const first = slots[0]!;
    f.busy.set(mail(users.bob), [
      { start: Date.parse(first.start) - DAY, end: Date.parse(first.start) + 60 * DAY },
    ]);
    const stale = await call('pairing-reschedule', users.ann, 'pr-1', { slotId: first.id });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.body)).toMatch(/no longer free/);
    expect(f.moves).toHaveLength(0);
    expect(kit.queues.actions).toHaveLength(0);
    expect((await call('pairing-reschedule', users.cid, 'pr-1', { slotId: first.id })).status).toBe(404);
    expect((await call('pairing-reschedule', users.ann, 'pr-1', {})).status).toBe(400);
  });
});

describe('a group of three', () => {
  it('suggests times free on all three calendars, and the third member can move the series', async () => {
    const { kit, f, call, drainActions } = await setup('booked', [users.ann, users.bob, users.cid]);
    // Only Cid is busy Tuesday to Thursday: every suggestion must avoid it.
    f.busy.set(mail(users.cid), busyTueToThu(Date.parse('2026-06-01T00:00:00Z'), 8));
    const response = await call('pairing-slots', users.cid, 'pr-1');
    expect(response.status).toBe(200);
    const slots = (response.body as { slots: SuggestedSlot[] }).slots;
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) expect(['monday', 'friday']).toContain(slot.weekday);
    // A time that became busy for one of the three is refused with words for a group.
    f.busy.set(mail(users.bob), [
      { start: Date.parse(slots[0]!.start) - DAY, end: Date.parse(slots[0]!.start) + 60 * DAY },
    ]);
    const stale = await call('pairing-reschedule', users.ann, 'pr-1', { slotId: slots[0]!.id });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.body)).toMatch(/no longer free for all of you/);
    expect(f.moves).toHaveLength(0);
    f.busy.delete(mail(users.bob));
    const moved = await call('pairing-reschedule', users.cid, 'pr-1', { slotId: slots[0]!.id });
    expect(moved.status).toBe(200);
    await drainActions();
    expect(f.moves).toEqual([expect.objectContaining({ organizerId: users.ann, eventId: 'ev-1' })]);
    expect((await kit.repos.pairings.get(tenantA, 'pr-1'))!.doc.nextSession?.start).toBe(slots[0]!.start);
  });
});

describe('per-person limits on slot reads and reschedules', () => {
  it('answers 429 with Retry-After after 30 slot reads in 10 minutes; the peer keeps their own budget', async () => {
    const { kit, f, call } = await setup();
    kit.now.value = new Date('2026-06-03T10:00:00.000Z');
    for (let i = 0; i < 30; i++) expect((await call('pairing-slots', users.ann, 'pr-1')).status).toBe(200);
    const reads = f.reads;
    const refused = await call('pairing-slots', users.ann, 'pr-1');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests: at most 30 in 10 minutes. Try again later.',
      },
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(f.reads).toBe(reads); // refused before any free/busy read
    expect((await call('pairing-slots', users.bob, 'pr-1')).status).toBe(200);
    // A stranger's 404 spends nobody's budget and is still a 404.
    expect((await call('pairing-slots', users.cid, 'pr-1')).status).toBe(404);
    // The next window opens after Retry-After.
    kit.now.value = new Date(kit.now.value.getTime() + retryAfter * 1000);
    expect((await call('pairing-slots', users.ann, 'pr-1')).status).toBe(200);
  });

  it('allows 5 reschedule attempts an hour per person, then 429 without touching the pairing', async () => {
    const { kit, call } = await setup();
    kit.now.value = new Date('2026-06-03T10:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      const response = await call('pairing-reschedule', users.ann, 'pr-1', {
        slotId: 'w1.sunday.180.2026-06-07',
      });
      expect(response.status).not.toBe(429);
    }
    const before = kit.snapshot();
    const refused = await call('pairing-reschedule', users.ann, 'pr-1', {
      slotId: 'w1.sunday.180.2026-06-07',
    });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect((refused.body as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(kit.queues.actions).toEqual([]);
    // Only the counter document changed, and it names nobody.
    const leases = await kit.repos.leases.queryAll(tenantA, {});
    expect(leases.map((l) => l.doc.kind)).toEqual(['rate-limit']);
    expect(JSON.stringify(leases)).not.toContain(users.ann);
    expect(kit.snapshot().replace(/"count":\d+/g, '')).toBe(before.replace(/"count":\d+/g, ''));
  });
});
