import fc from 'fast-check';

import { PAIRING_STATES, type PairingState } from '../../contracts/common';
import { bookedSeries, pairingDoc } from '../../testing/lifecycle-fixtures';
import {
  bookAgainWithout,
  type BookedSeries,
  cancel,
  closeRound,
  deferAttempt,
  drop,
  eraseMember,
  failMove,
  flag,
  hasRunningSeries,
  type HealthRecord,
  isDone,
  isLive,
  mayHaveReachedGraph,
  needAttention,
  needsSeriesEnd,
  type PairingDocument,
  PairingDocumentSchema,
  type PendingMove,
  publish,
  rebook,
  recordBooked,
  recordEnded,
  recordHealth,
  recordMoved,
  requestEnd,
  requestMove,
  retry,
  type SessionRecord,
  skip,
  startAttempt,
  type Transition,
} from './lifecycle';

const now = new Date('2027-03-01T08:00:00Z');
const at = '2027-03-10T12:00:00.000Z';
const base = pairingDoc(now, 'p1', ['ana', 'bo']);
/** `doc` with a booked series on the calendars (a proposed pairing becomes booked). */
const withSeries = (doc: PairingDocument = base): PairingDocument => ({
  ...doc,
  state: doc.state === 'proposed' ? 'booked' : doc.state,
  organizerId: 'bo',
  series: bookedSeries('bo', 'ev-1', '2027-03-04T09:00:00.000Z'),
});
const ending = { endRequested: { at, reason: 'left' } };
/** Sessions read at different times before `at` (one still to come when read, though it started before `at`). */
const sessionsAround: SessionRecord[] = [
  { start: '2027-03-04T09:00:00.000Z', verdict: 'likely-held', likelyHeld: true },
  { start: '2027-03-06T09:00:00.000Z', verdict: 'missed', likelyHeld: false },
  { start: '2027-03-09T09:00:00.000Z', verdict: 'upcoming', likelyHeld: false },
  { start: '2027-03-10T11:45:00.000Z', verdict: 'upcoming', likelyHeld: false },
  // 11:30 UTC, before `at`, though its text sorts after it.
  { start: '2027-03-10T13:30:00+02:00', verdict: 'upcoming', likelyHeld: false },
  { start: '2027-03-11T09:00:00.000Z', verdict: 'upcoming', likelyHeld: false },
];
const settledAround: SessionRecord[] = [
  sessionsAround[0]!,
  sessionsAround[1]!,
  { start: '2027-03-09T09:00:00.000Z', verdict: 'uncertain', likelyHeld: false },
  { start: '2027-03-10T11:45:00.000Z', verdict: 'uncertain', likelyHeld: false },
  { start: '2027-03-10T13:30:00+02:00', verdict: 'uncertain', likelyHeld: false },
  sessionsAround[5]!,
];
const booked: BookedSeries = {
  organizerId: 'bo',
  eventId: 'ev-9',
  firstStart: '2027-03-04T09:00:00.000Z',
  firstEnd: '2027-03-04T09:30:00.000Z',
  joinUrl: 'https://join/9',
  transactionId: 'tx',
  degraded: null,
  load: { key: 'thu-09', groups: ['manager:boss'] },
};
const health: HealthRecord = {
  sessions: [{ start: '2027-03-04T09:00:00.000Z', verdict: 'likely-held', likelyHeld: true }],
  nextSession: { start: '2027-03-11T09:00:00.000Z', end: '2027-03-11T09:30:00.000Z' },
  likelyHeld: 1,
  missed: [],
  started: true,
  askFeedback: true,
};
const move: PendingMove = {
  id: 'mv-1',
  requestedAt: at,
  requestedBy: 'ana',
  times: {
    start: { dateTime: '2027-03-12T10:00:00', timeZone: 'W. Europe Standard Time' },
    end: { dateTime: '2027-03-12T10:30:00', timeZone: 'W. Europe Standard Time' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['friday'], firstDayOfWeek: 'monday' },
      range: { type: 'endDate', startDate: '2027-03-12', endDate: '2027-04-25', recurrenceTimeZone: 'X' },
    },
  },
  first: { start: '2027-03-12T09:00:00.000Z', end: '2027-03-12T09:30:00.000Z' },
};

type Case = [
  string,
  Partial<PairingDocument>,
  (doc: PairingDocument) => Transition,
  Transition['kind'],
  Partial<PairingDocument> | RegExp | null,
];

/** Every transition, legal and illegal: the doc it starts from, the result kind, and what it must look like. */
const cases: Case[] = [
  ['publish a draft', { published: false }, (d) => publish(d, at), 'changed', { published: true }],
  ['publish twice', {}, (d) => publish(d, at), 'unchanged', null],
  [
    'publish a cancelled draft',
    { published: false, state: 'cancelled' },
    (d) => publish(d, at),
    'refused',
    /cancelled/,
  ],
  [
    'drop a draft',
    { published: false },
    (d) => drop(d, 'member-unavailable', 'Left.', at),
    'changed',
    { state: 'cancelled', attentionCode: 'member-unavailable' },
  ],
  ['drop a published pairing', {}, (d) => drop(d, 'x', 'y', at), 'refused', /already published/],
  ['start attempt 0', {}, (d) => startAttempt(d, 0, at), 'changed', { state: 'booking' }],
  [
    'start a stale attempt',
    { bookingAttempt: 2 },
    (d) => startAttempt(d, 1, at),
    'refused',
    /attempt 1 is stale/,
  ],
  ['start while ending', ending, (d) => startAttempt(d, 0, at), 'refused', /waiting to be booked and ending/],
  ['start a booked pairing', { state: 'booked' }, (d) => startAttempt(d, 0, at), 'refused', /is booked/],
  ['start an unpublished pairing', { published: false }, (d) => startAttempt(d, 0, at), 'refused', null],
  [
    'start again while the attempt is open',
    {
      state: 'booking',
      bookingAttempts: [{ attempt: 0, startedAt: at, finishedAt: null, outcome: null, reason: null }],
    },
    (d) => startAttempt(d, 0, at),
    'unchanged',
    null,
  ],
  [
    'record booked',
    { state: 'booking' },
    (d) => recordBooked(d, 0, booked, at),
    'changed',
    { state: 'booked', organizerId: 'bo', transactionId: 'tx' },
  ],
  [
    'record booked twice (replay)',
    { state: 'booking' },
    (d) => recordBooked(recordBooked(d, 0, booked, at).doc, 0, booked, at),
    'unchanged',
    null,
  ],
  [
    'record booked for a stale attempt',
    { state: 'proposed', bookingAttempt: 1 },
    (d) => recordBooked(d, 0, booked, at),
    'refused',
    null,
  ],
  [
    'record booked by an organizer erased meanwhile (the id must not come back)',
    { state: 'booking', memberIds: ['ana', 'erased-p1-1'] },
    (d) => recordBooked(d, 0, { ...booked, organizerId: 'bo' }, at),
    'refused',
    /organizer is no longer a member/,
  ],
  [
    'book a circle again whose organizer left while it was booked',
    {
      state: 'booking',
      memberIds: ['ana', 'cy', 'di'],
      formerMemberIds: ['bo'],
      bookingAttempts: [{ attempt: 0, startedAt: at, finishedAt: null, outcome: null, reason: null }],
    },
    (d) => bookAgainWithout(d, 0, 'bo', at),
    'changed',
    {
      state: 'proposed',
      bookingAttempt: 1,
      series: null,
      bookingAttempts: [
        { attempt: 0, startedAt: at, finishedAt: at, outcome: 'booked', reason: 'organizer-left' },
      ],
    },
  ],
  [
    'book again when the attempt has moved on already (replay)',
    { state: 'proposed', memberIds: ['ana', 'cy', 'erased-p1-1'], bookingAttempt: 1 },
    (d) => bookAgainWithout(d, 0, 'bo', at),
    'unchanged',
    null,
  ],
  [
    'book again for an organizer who is still a member',
    { state: 'booking' },
    (d) => bookAgainWithout(d, 0, 'bo', at),
    'refused',
    /organizer is still a member/,
  ],
  [
    'book a pair again whose organizer was erased (it ends instead)',
    { state: 'booking', memberIds: ['ana', 'erased-p1-1'], endRequested: { at, reason: 'erased' } },
    (d) => bookAgainWithout(d, 0, 'bo', at),
    'refused',
    /being booked and ending/,
  ],
  [
    'record a second series',
    {},
    (d) => recordBooked(withSeries(d), 0, booked, at),
    'refused',
    /already has a series/,
  ],
  [
    'record booked while ending',
    { state: 'booking', ...ending },
    (d) => recordBooked(d, 0, booked, at),
    'changed',
    { state: 'booked', nextSession: null },
  ],
  [
    'record booked on a cancelled pairing',
    { state: 'cancelled', ...ending },
    (d) => recordBooked(d, 0, booked, at),
    'changed',
    { state: 'cancelled' },
  ],
  [
    'defer the open attempt',
    { state: 'booking' },
    (d) => deferAttempt(d, 0, 'graph_429', at),
    'changed',
    { state: 'booking' },
  ],
  ['defer a pairing not booking', {}, (d) => deferAttempt(d, 0, 'graph_429', at), 'refused', null],
  [
    'need attention',
    { state: 'booking' },
    (d) => needAttention(d, 'no-mailbox', 'No mailbox.', at),
    'changed',
    { state: 'needs-attention', attentionCode: 'no-mailbox' },
  ],
  [
    'need attention again, same code',
    { state: 'needs-attention', attentionCode: 'no-mailbox' },
    (d) => needAttention(d, 'no-mailbox', 'No mailbox.', at),
    'unchanged',
    null,
  ],
  [
    'need attention when ended',
    { state: 'ended' },
    (d) => needAttention(d, 'x', 'y', at),
    'refused',
    /is ended/,
  ],
  [
    'request an end',
    {},
    (d) => requestEnd(d, 'left', at),
    'changed',
    { endRequested: { at, reason: 'left' } },
  ],
  ['request an end twice', ending, (d) => requestEnd(d, 'paused', at), 'unchanged', null],
  [
    'skip with a reason',
    { skippedBy: ['bo'], skips: [{ userId: 'bo', category: 'away', note: '', at }] },
    (d) => skip(d, 'ana', { category: 'too-busy', note: 'Quarter close' }, at),
    'changed',
    {
      endRequested: { at, reason: 'skipped' },
      skippedBy: ['bo', 'ana'],
      skips: [
        { userId: 'bo', category: 'away', note: '', at },
        { userId: 'ana', category: 'too-busy', note: 'Quarter close', at },
      ],
    },
  ],
  [
    'skip twice',
    { skippedBy: ['ana'], skips: [{ userId: 'ana', category: 'away', note: 'first', at }] },
    (d) => skip(d, 'ana', { category: 'other', note: 'second' }, at),
    'unchanged',
    { skips: [{ userId: 'ana', category: 'away', note: 'first', at }] },
  ],
  [
    'skip a pairing already ending',
    ending,
    (d) => skip(d, 'ana', { category: 'other', note: '' }, at),
    'unchanged',
    { skippedBy: [], skips: [] },
  ],
  [
    'erase a member who skipped: their reason and note go, the peer’s stay',
    {
      skippedBy: ['ana', 'bo'],
      skips: [
        { userId: 'ana', category: 'not-a-fit', note: 'mine', at },
        { userId: 'bo', category: 'away', note: 'theirs', at },
      ],
    },
    (d) => eraseMember(d, 'ana', 'erased-p1-0', 'Former participant', at),
    'changed',
    { skippedBy: ['bo'], skips: [{ userId: 'bo', category: 'away', note: 'theirs', at }] },
  ],
  [
    'skip by someone else',
    {},
    (d) => skip(d, 'cy', { category: 'other', note: '' }, at),
    'refused',
    /not a member/,
  ],
  [
    'request an end of an ended pairing',
    { state: 'ended' },
    (d) => requestEnd(d, 'erased', at),
    'unchanged',
    null,
  ],
  [
    'cancel (admin)',
    { state: 'booked' },
    (d) => cancel(d, at),
    'changed',
    { state: 'cancelled', endRequested: { at, reason: 'admin-override' } },
  ],
  ['cancel an ended pairing', { state: 'ended' }, (d) => cancel(d, at), 'refused', /is ended/],
  [
    'record ended',
    ending,
    (d) => recordEnded(withSeries(d), at),
    'changed',
    { state: 'ended', nextSession: null },
  ],
  [
    'record ended of a pairing that needs attention',
    { ...ending, state: 'needs-attention' },
    (d) => recordEnded(d, at),
    'changed',
    { state: 'ended' },
  ],
  [
    'record ended keeps cancelled',
    { ...ending, state: 'cancelled' },
    (d) => recordEnded(withSeries(d), at),
    'changed',
    { state: 'cancelled' },
  ],
  [
    'record ended settles a session read before it took place: how it went is uncertain',
    { ...ending, sessions: sessionsAround },
    (d) => recordEnded(withSeries(d), at),
    'changed',
    { state: 'ended', sessions: settledAround },
  ],
  ['record ended without an end asked', {}, (d) => recordEnded(d, at), 'refused', /no end was asked for/],
  ['record ended twice', { ...ending, state: 'ended' }, (d) => recordEnded(d, at), 'unchanged', null],
  [
    'close a round that is over',
    { state: 'active', endsOn: '2027-03-05' },
    (d) => closeRound(d, '2027-03-10', at),
    'changed',
    { state: 'ended' },
  ],
  [
    'close a round settles a session read before it took place: how it went is uncertain',
    { state: 'active', endsOn: '2027-03-05', sessions: sessionsAround },
    (d) => closeRound(d, '2027-03-10', at),
    'changed',
    { state: 'ended', sessions: settledAround },
  ],
  [
    'close a round that is not over',
    { state: 'active' },
    (d) => closeRound(d, '2027-03-10', at),
    'refused',
    /not over/,
  ],
  [
    'rebook the current series',
    {},
    (d) => rebook(withSeries(d), 'ev-1', 'declined', at),
    'changed',
    { state: 'proposed', bookingAttempt: 1, series: null },
  ],
  [
    'rebook a series already replaced',
    {
      previousSeries: [
        {
          eventId: 'ev-0',
          organizerId: 'bo',
          firstOccurrence: null,
          endedAt: at,
          reason: 'declined',
          likelyHeld: 0,
          sessionsSoFar: 0,
        },
      ],
    },
    (d) => rebook(withSeries(d), 'ev-0', 'declined', at),
    'unchanged',
    null,
  ],
  [
    'rebook another series',
    {},
    (d) => rebook(withSeries(d), 'ev-x', 'declined', at),
    'refused',
    /not its current one/,
  ],
  ['rebook while ending', ending, (d) => rebook(withSeries(d), 'ev-1', 'declined', at), 'refused', /ending/],
  [
    'retry a pairing without a series',
    { state: 'needs-attention' },
    (d) => retry(d, at),
    'changed',
    { state: 'proposed', bookingAttempt: 1, attentionReason: null },
  ],
  [
    'retry a pairing with a series',
    {},
    (d) => retry(withSeries({ ...d, state: 'needs-attention' }), at),
    'refused',
    /re-book it instead/,
  ],
  ['retry an ended pairing', { state: 'ended' }, (d) => retry(d, at), 'refused', /is ended/],
  [
    'retry a pairing asked to end',
    { state: 'needs-attention', ...ending },
    (d) => retry(d, at),
    'refused',
    /ending/,
  ],
  [
    'record health',
    {},
    (d) => recordHealth(withSeries(d), 'ev-1', health, at),
    'changed',
    { state: 'active', nextSession: { ...health.nextSession!, joinUrl: 'https://join/x' } },
  ],
  [
    'record health of another series',
    {},
    (d) => recordHealth(withSeries(d), 'ev-x', health, at),
    'refused',
    null,
  ],
  [
    'record health of a pairing that needs attention',
    {},
    (d) => recordHealth(withSeries({ ...d, state: 'needs-attention' }), 'ev-1', health, at),
    'refused',
    null,
  ],
  [
    'flag the current series',
    {},
    (d) => flag(withSeries(d), 'ev-1', 'organizer-deleted-series', 'Deleted.', at),
    'changed',
    { state: 'needs-attention', attentionCode: 'organizer-deleted-series' },
  ],
  [
    'flag an ended pairing',
    {},
    (d) => flag(withSeries({ ...d, state: 'ended' }), 'ev-1', 'x', 'y', at),
    'refused',
    null,
  ],
  ['request a move', {}, (d) => requestMove(withSeries(d), move), 'changed', { pendingMove: move }],
  ['request a move while ending', ending, (d) => requestMove(withSeries(d), move), 'refused', null],
  ['request a move without a series', { state: 'booked' }, (d) => requestMove(d, move), 'refused', null],
  [
    'record the move',
    {},
    (d) => recordMoved(withSeries({ ...d, pendingMove: move }), 'mv-1', at),
    'changed',
    { pendingMove: null, nextSession: { ...move.first, joinUrl: 'https://join/x' } },
  ],
  [
    'record another move',
    {},
    (d) => recordMoved(withSeries({ ...d, pendingMove: move }), 'mv-0', at),
    'unchanged',
    null,
  ],
  [
    'fail a move: series gone',
    {},
    (d) => failMove(withSeries({ ...d, pendingMove: move }), 'mv-1', true, at),
    'changed',
    { state: 'needs-attention', attentionCode: 'series-missing', pendingMove: null },
  ],
  [
    'fail a move: refused',
    {},
    (d) => failMove(withSeries({ ...d, pendingMove: move }), 'mv-1', false, at),
    'changed',
    { state: 'booked', pendingMove: null },
  ],
];

describe('the pairing lifecycle', () => {
  it.each(cases)('%s', (_name, extra, step, kind, expected) => {
    const result = step({ ...base, ...extra });
    expect(result.kind).toBe(kind);
    if (expected instanceof RegExp) {
      expect(result.kind === 'refused' ? result.message : '').toMatch(expected);
    } else if (expected) {
      expect(result.doc).toMatchObject(expected);
    }
    if (result.kind === 'changed') {
      // Every changed document is still a valid stored pairing, stamped with the change.
      expect(PairingDocumentSchema.parse(result.doc)).toEqual(result.doc);
      expect(result.doc.updatedAt).toBe(at);
    }
    if (result.kind === 'refused') expect(result.state).toBe(result.doc.state);
  });

  it('a re-booking keeps the replaced series in the history, with its sessions held, and avoids a declined weekly time', () => {
    const sessions: PairingDocument['sessions'] = [
      { start: '2027-03-04T09:00:00.000Z', verdict: 'likely-held', likelyHeld: true },
      { start: '2027-03-09T09:00:00.000Z', verdict: 'missed', likelyHeld: false },
      // Still ahead when the series is replaced: not a session so far.
      { start: '2027-03-11T09:00:00.000Z', verdict: 'upcoming', likelyHeld: false },
    ];
    const doc = rebook({ ...withSeries(), sessions }, 'ev-1', 'declined', at).doc;
    expect(doc.previousSeries).toEqual([
      {
        eventId: 'ev-1',
        organizerId: 'bo',
        firstOccurrence: '2027-03-04T09:00:00.000Z',
        endedAt: at,
        reason: 'declined',
        likelyHeld: 1,
        sessionsSoFar: 2,
      },
    ]);
    expect(doc.sessions).toEqual([]);
    expect(doc.followUp).toMatchObject({ rebooks: 1, declinedFirstSessions: ['2027-03-04T09:00:00.000Z'] });
    const byAdmin = rebook(withSeries(), 'ev-1', 'admin-rebook', at).doc;
    expect(byAdmin.followUp).toMatchObject({ rebooks: 0, declinedFirstSessions: [] });
  });

  it('health that changed nothing but the time is not written again', () => {
    const once = recordHealth(withSeries(), 'ev-1', health, at).doc;
    expect(
      recordHealth(once, 'ev-1', { ...health, askFeedback: true }, '2027-03-11T00:00:00.000Z').kind,
    ).toBe('unchanged');
    expect(once.followUp.feedbackRequestedAt).toBe(at);
  });

  it('an attempt may have reached Graph when it started before, or when a never-booked pairing tried earlier', () => {
    const open = { attempt: 0, startedAt: at, finishedAt: null, outcome: null, reason: null };
    expect(mayHaveReachedGraph(base, 0)).toBe(false);
    expect(mayHaveReachedGraph({ ...base, bookingAttempts: [open] }, 0)).toBe(true);
    expect(
      mayHaveReachedGraph({ ...base, bookingAttempts: [{ ...open, outcome: 'needs-attention' }] }, 1),
    ).toBe(true);
    expect(mayHaveReachedGraph({ ...base, bookingAttempts: [{ ...open, outcome: 'booked' }] }, 1)).toBe(
      false,
    );
  });

  it('isLive, isDone, hasRunningSeries and needsSeriesEnd agree with each other in every state', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PAIRING_STATES),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (state: PairingState, published, ending, withASeries, seriesEnded) => {
          const doc: PairingDocument = {
            ...base,
            state,
            published,
            endRequested: ending ? { at, reason: 'left' } : null,
            series: withASeries
              ? { ...bookedSeries('bo', 'ev-1', at), endedAt: seriesEnded ? at : null }
              : null,
          };
          const today = '2027-03-10';
          if (isLive(doc, today)) {
            expect(isDone(doc)).toBe(false);
            expect(doc.endRequested).toBeNull();
            expect(needsSeriesEnd(doc)).toBe(false);
          }
          expect(needsSeriesEnd(doc)).toBe(ending && hasRunningSeries(doc));
          expect(isDone(doc)).toBe(state === 'ended' || state === 'cancelled');
          // Asking for an end never touches a done pairing; on any other it is what makes it not live.
          const asked = requestEnd(doc, 'left', at);
          if (isDone(doc)) expect(asked.kind).toBe('unchanged');
          else expect(isLive(asked.doc, today)).toBe(false);
        },
      ),
    );
  });
});
