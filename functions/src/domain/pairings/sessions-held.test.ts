import fc from 'fast-check';

import { type PairingDocument } from './lifecycle';
import { sessionsLikelyHeld } from './sessions-held';

const now = '2027-03-20T12:00:00.000Z';
type Verdict = PairingDocument['sessions'][number]['verdict'];
const session = (start: string, verdict: Verdict) => ({
  start,
  verdict,
  likelyHeld: verdict === 'likely-held',
});
const series = (endedAt: string | null): PairingDocument['series'] => ({
  organizerId: 'bo',
  eventId: 'ev-2',
  firstOccurrence: '2027-03-04T09:00:00.000Z',
  until: '2027-04-25',
  joinUrl: null,
  endedAt,
  load: null,
});
const past = (
  likelyHeld: number,
  sessionsSoFar: number | null,
): PairingDocument['previousSeries'][number] => ({
  eventId: 'ev-1',
  organizerId: 'ana',
  firstOccurrence: '2027-02-04T09:00:00.000Z',
  endedAt: '2027-02-20T00:00:00.000Z',
  reason: 'declined',
  likelyHeld,
  sessionsSoFar,
});

type Input = Parameters<typeof sessionsLikelyHeld>[0];
const base: Input = {
  sessions: [],
  sessionMinutes: 45,
  series: series(null),
  endRequested: null,
  previousSeries: [],
};

describe('sessionsLikelyHeld', () => {
  it.each<[string, Partial<Input>, { likelyHeld: number; sessionsSoFar: number }]>([
    ['no series read yet', {}, { likelyHeld: 0, sessionsSoFar: 0 }],
    [
      'accepted and tentative past sessions are held; declined, cancelled and unanswered ones are not',
      {
        sessions: [
          session('2027-03-04T09:00:00.000Z', 'likely-held'),
          session('2027-03-06T09:00:00.000Z', 'uncertain'),
          session('2027-03-11T09:00:00.000Z', 'missed'),
          session('2027-03-18T09:00:00.000Z', 'likely-held'),
        ],
      },
      { likelyHeld: 2, sessionsSoFar: 4 },
    ],
    [
      'sessions still ahead, or under way now, are not counted yet',
      {
        sessions: [
          session('2027-03-13T09:00:00.000Z', 'likely-held'),
          // Started 30 minutes ago; 45 minutes long: still running.
          session('2027-03-20T11:30:00.000Z', 'upcoming'),
          session('2027-03-27T09:00:00.000Z', 'upcoming'),
          // A cancelled occurrence next week is not a session so far.
          session('2027-04-03T09:00:00.000Z', 'missed'),
        ],
      },
      { likelyHeld: 1, sessionsSoFar: 1 },
    ],
    [
      'a session that ended since the last read counts as so far, not as held',
      { sessions: [session('2027-03-19T09:00:00.000Z', 'upcoming')] },
      { likelyHeld: 0, sessionsSoFar: 1 },
    ],
    [
      'a series ended early: the occurrences it would have had afterwards are not sessions so far',
      {
        series: series('2027-03-12T00:00:00.000Z'),
        sessions: [
          session('2027-03-04T09:00:00.000Z', 'likely-held'),
          session('2027-03-11T09:00:00.000Z', 'likely-held'),
          session('2027-03-18T09:00:00.000Z', 'upcoming'),
        ],
      },
      { likelyHeld: 2, sessionsSoFar: 2 },
    ],
    [
      'an end asked for and not yet done counts the same way',
      {
        endRequested: { at: '2027-03-08T00:00:00.000Z', reason: 'skipped' },
        sessions: [
          session('2027-03-04T09:00:00.000Z', 'likely-held'),
          session('2027-03-11T09:00:00.000Z', 'upcoming'),
        ],
      },
      { likelyHeld: 1, sessionsSoFar: 1 },
    ],
    [
      'series replaced by a re-booking add what they held',
      {
        previousSeries: [past(2, 3), past(0, 1)],
        sessions: [session('2027-03-04T09:00:00.000Z', 'likely-held')],
      },
      { likelyHeld: 3, sessionsSoFar: 5 },
    ],
    [
      'a series replaced before its sessions were counted counts what it held',
      { previousSeries: [past(2, null)] },
      { likelyHeld: 2, sessionsSoFar: 2 },
    ],
    [
      'no series now (being re-booked): only the earlier ones',
      { series: null, previousSeries: [past(1, 4)] },
      { likelyHeld: 1, sessionsSoFar: 4 },
    ],
  ])('%s', (_name, extra, expected) => {
    expect(sessionsLikelyHeld({ ...base, ...extra }, now)).toEqual(expected);
  });

  it('never counts more held than so far, whatever the records say', () => {
    const verdict = fc.constantFrom<Verdict>('likely-held', 'uncertain', 'missed', 'upcoming');
    // Sessions within ten days either side of now; an end anywhere in that span or none.
    const offsetMs = fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 });
    const at = (ms: number) => new Date(Date.parse(now) + ms).toISOString();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(offsetMs, verdict), { maxLength: 12 }),
        fc.option(offsetMs, { nil: null }),
        fc.array(fc.tuple(fc.nat(5), fc.option(fc.nat(5), { nil: null })), { maxLength: 3 }),
        (records, endedAt, earlier) => {
          const held = sessionsLikelyHeld(
            {
              ...base,
              sessions: records.map(([ms, v]) => session(at(ms), v)),
              series: series(endedAt === null ? null : at(endedAt)),
              // A stored history is consistent: what a series held was over when it ended.
              previousSeries: earlier.map(([h, extra]) => past(h, extra === null ? null : h + extra)),
            },
            now,
          );
          expect(held.likelyHeld).toBeLessThanOrEqual(held.sessionsSoFar);
          expect(held.likelyHeld).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
