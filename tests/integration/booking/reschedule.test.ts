import { startLocalStack, type LocalStack } from '../../../dev/stack';
import { type PairingView, type PairingsResponse, type Program, type SuggestedSlotsResponse } from '../../../functions/src/contracts';
import { type PairingDocument } from '../../../functions/src/domain/model';
import { sampleEnrollment, sampleProgram } from '../../../functions/src/functions/testing/api-test-kit';
import { localCa } from '../backend/local-parts';

/**
 * "Reschedule (pick among suggested slots)" through the whole local stack: a round is published as the admin and
 * booked by the queue worker; a member asks for suggested times (free/busy from the tenant simulator), picks one,
 * and the organizer's series in the simulator moves; the API then shows the new next session.
 */
jest.setTimeout(180_000);

let stack: LocalStack;
let tenantId: string;
let adminUpn: string;
let colleagues: string[];
const tokens = new Map<string, string>();

async function api(method: string, path: string, upn: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  let token = tokens.get(upn);
  if (!token) {
    token = await stack.tenant!.issueUserToken(upn);
    tokens.set(upn, token);
  }
  const response = await fetch(`${stack.baseUrl}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Microsoft Graph (the simulator) with an app token, times in UTC. */
async function graph(path: string): Promise<Record<string, unknown>> {
  const token = await stack.tenant!.issueAppToken();
  const response = await fetch(`${stack.tenant!.url}/v1.0${path}`, {
    headers: { authorization: `Bearer ${token}`, prefer: 'IdType="ImmutableId", outlook.timezone="UTC"' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

const upnOf = (userId: string): string => stack.tenant!.users.find((u) => u.id === userId)!.userPrincipalName;
const mailOf = (userId: string): string => stack.tenant!.users.find((u) => u.id === userId)!.mail;

/**
 * Occurrences of the pairing's meeting on `userId`'s calendar that start inside [from, to] (ISO instants, in UTC).
 * The organizer's are matched by series id, the attendee's own copy by the meeting's iCalUId.
 */
async function occurrencesBetween(doc: PairingDocument, userId: string, from: string, to: string): Promise<string[]> {
  const q = new URLSearchParams({ startDateTime: from, endDateTime: to, $select: 'start,seriesMasterId,isCancelled,iCalUId,type', $top: '100' });
  const page = await graph(`/users/${encodeURIComponent(mailOf(userId))}/calendarView?${q.toString()}`);
  const value = page.value as Array<{ start: { dateTime: string }; seriesMasterId: string | null; isCancelled?: boolean; type: string }>;
  const masterIds = new Set([doc.series!.eventId]);
  if (userId !== doc.series!.organizerId) {
    const master = await graph(`/users/${encodeURIComponent(mailOf(doc.series!.organizerId))}/events/${encodeURIComponent(doc.series!.eventId!)}?$select=iCalUId`);
    const events = await graph(`/users/${encodeURIComponent(mailOf(userId))}/events?$select=id,iCalUId,type&$top=200`);
    for (const e of events.value as Array<{ id: string; iCalUId: string; type: string }>) if (e.iCalUId === master.iCalUId && e.type === 'seriesMaster') masterIds.add(e.id);
  }
  return value
    .filter((e) => e.seriesMasterId !== null && masterIds.has(e.seriesMasterId) && !e.isCancelled)
    .map((e) => new Date(`${e.start.dateTime.replace(/(\.\d{3})\d*$/, '$1')}Z`).toISOString());
}

beforeAll(async () => {
  localCa();
  stack = await startLocalStack({ port: 0, scheduleTimers: false, tenantSeed: 'reschedule', tenantSize: 80, env: { ...process.env, PORT: undefined } });
  tenantId = stack.tenant!.tenantId;
  adminUpn = stack.tenant!.adminUserPrincipalName;
  const users = stack.tenant!.users.filter((u) => u.accountEnabled && u.mail && u.appRoles.length === 0);
  // Colleagues the real engine can pair: one office (time zone), neighbouring levels; the busiest office.
  const byZone = new Map<string, string[]>();
  for (const u of users.filter((x) => ['L2', 'L3', 'L4'].includes(x.level))) byZone.set(u.timeZone, [...(byZone.get(u.timeZone) ?? []), u.userPrincipalName]);
  colleagues = [...byZone.values()].sort((a, b) => b.length - a.length)[0]!;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('reschedule through the local stack', () => {
  it('suggests times from both calendars, moves the organizer’s series to the chosen one, and shows the new next session', async () => {
    const created = await api('POST', 'admin/programs', adminUpn, {
      ...sampleProgram,
      defaultCadence: 'weekly',
      roundLengthWeeks: 8,
      rules: { levelBand: 2, cooldownRounds: 2, minOverlapHours: 1, oddPolicy: 'triad' },
    });
    expect(created.status).toBe(201);
    const program = created.body as Program;
    const members = colleagues.slice(0, 4);
    for (const upn of members) expect((await api('PUT', `programs/${program.id}/enrollment`, upn, { ...sampleEnrollment, cadence: 'weekly' })).status).toBe(201);
    expect((await api('POST', `admin/programs/${program.id}/rounds`, adminUpn, {})).status).toBe(200);
    await stack.host.queuesIdle();
    const stored = await stack.services.deps.repos.pairings.queryAll(tenantId, { where: [{ field: 'programId', op: 'eq', value: program.id }] });
    const doc = stored.map((s) => s.doc).find((p) => p.state === 'booked' && p.memberIds.length === 2)!;
    expect(doc).toBeDefined();
    const attendeeId = doc.memberIds.find((id) => id !== doc.series!.organizerId)!;
    const attendee = upnOf(attendeeId);
    const oldStart = doc.nextSession!.start;

    // A non-member sees nothing (404, as for a pairing that does not exist).
    const outsider = colleagues.find((upn) => !doc.memberIds.some((id) => upnOf(id) === upn))!;
    expect((await api('GET', `pairings/${doc.id}/slots`, outsider)).status).toBe(404);
    expect((await api('POST', `pairings/${doc.id}/reschedule`, outsider, { slotId: 'w1.monday.600.2030-01-07' })).status).toBe(404);

    const suggested = await api('GET', `pairings/${doc.id}/slots`, attendee);
    expect(suggested.status).toBe(200);
    const { slots } = suggested.body as SuggestedSlotsResponse;
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.length).toBeLessThanOrEqual(3);
    expect(slots.map((s) => s.start)).not.toContain(oldStart);
    const chosen = slots[slots.length - 1]!;

    const moved = await api('POST', `pairings/${doc.id}/reschedule`, attendee, { slotId: chosen.id });
    expect(moved.status).toBe(200);
    expect((moved.body as PairingView).nextSession).toMatchObject({ start: chosen.start, end: chosen.end });

    // Both calendars (the organizer's series, and the attendee's copy Graph updated): an occurrence at the new
    // time, none left at the old one.
    const hour = 60 * 60_000;
    const around = (iso: string) => [new Date(Date.parse(iso) - hour).toISOString(), new Date(Date.parse(iso) + hour).toISOString()] as const;
    for (const id of [doc.series!.organizerId, attendeeId]) {
      expect(await occurrencesBetween(doc, id, ...around(chosen.start))).toEqual([chosen.start]);
      expect(await occurrencesBetween(doc, id, ...around(oldStart))).toEqual([]);
    }

    // Both members see the new next session.
    for (const id of doc.memberIds) {
      const mine = await api('GET', 'pairings', upnOf(id));
      expect(mine.status).toBe(200);
      const view = (mine.body as PairingsResponse).current.find((p) => p.id === doc.id)!;
      expect(view.nextSession).toMatchObject({ start: chosen.start, end: chosen.end });
    }

    // The same id again is refused: it is now the series' own time, no longer a suggestion.
    expect((await api('POST', `pairings/${doc.id}/reschedule`, attendee, { slotId: chosen.id })).status).toBe(409);
  });
});
