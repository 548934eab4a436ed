import {
  bookedSeries,
  type LifecycleHarness,
  lifecycleHarness,
  pairingDoc,
  storedPairing,
  T,
} from '../../testing/lifecycle-fixtures';
import { type AttendeeResponse } from '../scheduling/series-health';
import { createFollowUpService } from './follow-up-service';
import { type PairingDocument } from './lifecycle';
import { type SeriesRead } from './ports';

const DAY = 86_400_000;
const t0 = new Date('2027-03-01T08:00:00Z');
const firstSession = Date.parse('2027-03-04T10:00:00Z');

function service(h: LifecycleHarness, pageSize = 200) {
  return createFollowUpService({
    repos: h.repos,
    calendarFor: () => h.calendar.ports,
    queues: h.queues,
    clock: h.clock.read,
    pageSize,
  });
}

const tick = (h: LifecycleHarness, pageSize?: number, budgetMs = 60_000) =>
  service(h, pageSize).tick([T], h.clock.now.getTime() + budgetMs);

const live = (id: string, members = ['ann', 'bob'], extra: Partial<PairingDocument> = {}) =>
  pairingDoc(t0, id, members, {
    state: 'booked',
    organizerId: members[0]!,
    series: bookedSeries(members[0]!, `ev-${id}`, new Date(firstSession).toISOString(), '2027-04-26'),
    nextSession: {
      start: new Date(firstSession).toISOString(),
      end: new Date(firstSession + 30 * 60_000).toISOString(),
      joinUrl: 'https://join/x',
    },
    endsOn: '2027-04-26',
    ...extra,
  });

/** Weekly occurrences from 2027-03-04 10:00Z with each attendee's answers (one array entry per attendee). */
function weekly(answers: Array<AttendeeResponse[]>, cancelled: number[] = []): SeriesRead {
  return {
    kind: 'instances',
    instances: answers.map((responses, i) => ({
      eventId: `occ${i}`,
      start: firstSession + i * 7 * DAY,
      end: firstSession + i * 7 * DAY + 30 * 60_000,
      isCancelled: cancelled.includes(i),
      responses,
    })),
  };
}

const reads = (h: LifecycleHarness, byEvent: Record<string, SeriesRead>) => {
  h.calendar.options.read = (item) => byEvent[item.eventId] ?? { kind: 'deleted' };
};

describe('follow-up sweep', () => {
  it('reads each series once (batched), stores sessions and the next one; booked → active after the first', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    await h.repos.pairings.create(live('p2', ['cat', 'dan']));
    reads(h, {
      'ev-p1': weekly([['accepted'], ['accepted'], ['accepted']]),
      'ev-p2': weekly([['none'], ['none']]),
    });
    const [summary] = await tick(h);
    expect(summary).toMatchObject({ read: 2, healthy: 2, failed: 0, passComplete: true });
    // One call for the page: both series in it, each addressed by the organizer's object id.
    expect(h.calendar.reads).toHaveLength(1);
    expect(h.calendar.reads[0]!.map((r) => [r.organizerId, r.eventId])).toEqual([
      ['ann', 'ev-p1'],
      ['cat', 'ev-p2'],
    ]);
    let doc = await storedPairing(h.repos, 'p1');
    expect(doc.state).toBe('booked');
    expect(doc.sessions.map((s) => s.verdict)).toEqual(['upcoming', 'upcoming', 'upcoming']);

    h.clock.now = new Date(firstSession + DAY);
    await tick(h);
    doc = await storedPairing(h.repos, 'p1');
    expect(doc.state).toBe('active');
    expect(doc.sessions[0]).toEqual({
      start: '2027-03-04T10:00:00.000Z',
      verdict: 'likely-held',
      likelyHeld: true,
    });
    expect(doc.followUp.likelyHeld).toBe(1);
    expect(doc.nextSession).toEqual({
      start: '2027-03-11T10:00:00.000Z',
      end: '2027-03-11T10:30:00.000Z',
      joinUrl: 'https://join/x',
    });
  });

  it('does not rewrite a pairing whose series did not change, and asks for feedback once', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    reads(h, { 'ev-p1': weekly([['accepted'], ['accepted']]) });
    h.clock.now = new Date(firstSession + DAY);
    await tick(h);
    const etag = (await h.repos.pairings.get(T, 'p1'))!.etag;
    expect(h.queues.notifications).toEqual([
      expect.objectContaining({
        pairingId: 'p1',
        userIds: ['ann', 'bob'],
        activityType: 'feedbackRequested',
      }),
    ]);
    for (let i = 0; i < 3; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 15 * 60_000);
      await tick(h);
    }
    expect((await h.repos.pairings.get(T, 'p1'))!.etag).toBe(etag);
    expect(h.queues.notifications).toHaveLength(1);
  });

  it('notes a declined occurrence as missed; no re-booking, no feedback request for a missed first session', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    reads(h, { 'ev-p1': weekly([['declined'], ['accepted'], ['accepted']]) });
    h.clock.now = new Date(firstSession + DAY);
    await tick(h);
    const doc = await storedPairing(h.repos, 'p1');
    expect(doc.followUp.missed).toEqual(['occ0']);
    expect(doc.sessions[0]?.verdict).toBe('missed');
    expect(h.queues.actions).toEqual([]);
    expect(h.queues.notifications).toEqual([]);
  });

  it('a declined series is confirmed on the master, then re-booked through the series-action queue', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    reads(h, { 'ev-p1': weekly([['declined'], ['declined'], ['declined']]) });
    h.calendar.options.responses = () => ['declined'];
    const [summary] = await tick(h);
    expect(summary).toMatchObject({ rebooking: 1 });
    expect(h.calendar.responseReads).toEqual([['ev-p1']]);
    expect(h.queues.actions).toEqual([
      { version: 1, tenantId: T, pairingId: 'p1', action: 'rebook', eventId: 'ev-p1', reason: 'declined' },
    ]);
  });

  it('remaining sessions declined one by one (not the series) are missed, not re-booked', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    reads(h, { 'ev-p1': weekly([['accepted'], ['declined']]) });
    h.calendar.options.responses = () => ['accepted'];
    h.clock.now = new Date(firstSession + DAY);
    const [summary] = await tick(h);
    expect(summary).toMatchObject({ healthy: 1, rebooking: 0 });
    expect(h.queues.actions).toEqual([]);
    expect((await storedPairing(h.repos, 'p1')).followUp.missed).toEqual(['occ1']);
  });

  it('a second decline is flagged instead of re-booking forever, and members are told once', async () => {
    const h = await lifecycleHarness(t0);
    const doc = live('p1');
    await h.repos.pairings.create({ ...doc, followUp: { ...doc.followUp, rebooks: 1 } });
    reads(h, { 'ev-p1': weekly([['declined'], ['declined']]) });
    h.calendar.options.responses = () => ['declined'];
    await tick(h);
    await tick(h);
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'needs-attention',
      attentionCode: 'declined-again',
      attentionReason: expect.stringMatching(/declined the series again/),
    });
    expect(h.queues.actions).toEqual([]);
    expect(h.queues.notifications).toEqual([expect.objectContaining({ activityType: 'actionNeeded' })]);
  });

  it('flags a series the organizer deleted, with the reason', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    reads(h, {});
    await tick(h);
    expect(await storedPairing(h.repos, 'p1')).toMatchObject({
      state: 'needs-attention',
      attentionReason: 'The organizer deleted the meeting series.',
    });
  });

  it('a group of three: a decline by either attendee re-books; a session one of them declined still took place', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('t1', ['ann', 'bob', 'cia']));
    await h.repos.pairings.create(live('t2', ['dan', 'eve', 'fay']));
    reads(h, {
      'ev-t1': weekly([
        ['accepted', 'declined'],
        ['accepted', 'declined'],
        ['accepted', 'declined'],
      ]),
      'ev-t2': weekly([
        ['accepted', 'declined'],
        ['declined', 'declined'],
        ['accepted', 'accepted'],
      ]),
    });
    h.calendar.options.responses = (eventId) =>
      eventId === 'ev-t1' ? ['accepted', 'declined'] : ['accepted'];
    h.clock.now = new Date(firstSession + 8 * DAY);
    await tick(h);
    expect(h.queues.actions).toEqual([expect.objectContaining({ pairingId: 't1', action: 'rebook' })]);
    expect((await storedPairing(h.repos, 't2')).sessions.map((s) => s.verdict)).toEqual([
      'likely-held',
      'missed',
      'upcoming',
    ]);
  });

  it('closes pairings whose round is over without touching Outlook, and gives their hours back', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.leases.upsert({
      id: 'team-load.manager:boss',
      tenantId: T,
      kind: 'team-load',
      group: 'manager:boss',
      counts: { 'thu-09': 1 },
      updatedAt: t0.toISOString(),
    });
    await h.repos.pairings.create(live('p1', ['ann', 'bob'], { endsOn: '2027-02-28' }));
    await h.repos.pairings.create(
      live('p2', ['cat', 'dan'], { state: 'needs-attention', endsOn: '2027-02-28' }),
    );
    const [summary] = await tick(h);
    expect(summary).toMatchObject({ closed: 2, read: 0 });
    expect(h.calendar.reads).toHaveLength(0);
    expect((await storedPairing(h.repos, 'p1')).state).toBe('ended');
    expect((await storedPairing(h.repos, 'p2')).state).toBe('ended');
    const load = (await h.repos.leases.get(T, 'team-load.manager:boss'))!.doc;
    expect(load.kind === 'team-load' && load.counts).toEqual({});
    expect(h.queues.notifications.map((n) => n.activityType)).toEqual(['seriesEnded', 'seriesEnded']);
  });

  it('enqueues again an end asked for long ago that never happened (a lost message), but not one that failed for good', async () => {
    const h = await lifecycleHarness(t0);
    const asked = { endRequested: { at: t0.toISOString(), reason: 'left' } };
    await h.repos.pairings.create(live('p1', ['ann', 'bob'], asked));
    await h.repos.pairings.create(
      live('p2', ['cat', 'dan'], { ...asked, state: 'needs-attention', attentionCode: 'end-failed' }),
    );
    await tick(h);
    expect(h.queues.actions).toEqual([]);
    h.clock.now = new Date(t0.getTime() + 20 * 60_000);
    const [summary] = await tick(h);
    expect(summary?.requeuedEnds).toBe(1);
    expect(h.queues.actions).toEqual([{ version: 1, tenantId: T, pairingId: 'p1', action: 'end' }]);
  });

  it('keeps a cursor between ticks: a pass larger than one tick continues where it stopped, every series once', async () => {
    const h = await lifecycleHarness(t0);
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const id of ids) await h.repos.pairings.create(live(id));
    reads(h, Object.fromEntries(ids.map((id) => [`ev-${id}`, weekly([['accepted']])])));
    // A zero budget: each tick reads one page of two, then stops and stores the cursor.
    const first = await tick(h, 2, 0);
    expect(first[0]).toMatchObject({ read: 2, passComplete: false });
    expect((await h.repos.leases.get(T, 'follow-up-sweep'))!.doc).toMatchObject({ cursor: 'p2' });
    expect((await tick(h, 2, 0))[0]).toMatchObject({ read: 2, passComplete: false });
    expect((await tick(h, 2, 0))[0]).toMatchObject({ read: 1, passComplete: true });
    const readIds = h.calendar.reads.flat().map((r) => r.key);
    expect(readIds).toEqual(ids);
    expect((await h.repos.leases.get(T, 'follow-up-sweep'))!.doc).toMatchObject({
      cursor: null,
      passes: 1,
      lastPass: { pairings: 5 },
    });
    // The next pass starts again from the first.
    await tick(h, 2, 0);
    expect(h.calendar.reads.at(-1)!.map((r) => r.key)).toEqual(['p1', 'p2']);
  });

  it('a series that cannot be read right now is counted as failed and read again next time', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    h.calendar.options.read = () => ({ kind: 'failed', transient: true, code: 'graph_503' });
    const [summary] = await tick(h);
    expect(summary).toMatchObject({ failed: 1, healthy: 0 });
    expect((await storedPairing(h.repos, 'p1')).state).toBe('booked');
  });

  it('one tenant failing does not stop the others', async () => {
    const h = await lifecycleHarness(t0);
    await h.repos.pairings.create(live('p1'));
    reads(h, { 'ev-p1': weekly([['accepted']]) });
    const broken = '99999999-8888-4777-8666-555555555555';
    const query = h.repos.pairings.queryAll.bind(h.repos.pairings);
    h.repos.pairings.queryAll = (tenantId, spec, limit) =>
      tenantId === broken ? Promise.reject(new Error('partition unavailable')) : query(tenantId, spec, limit);
    const summaries = await service(h).tick([broken, T], t0.getTime() + 60_000);
    expect(summaries.map((s) => [s.tenantId, s.error ?? null, s.read])).toEqual([
      [broken, 'Error', 0],
      [T, null, 1],
    ]);
  });
});
