import { bookedSeries, pairingDoc } from '../../testing/lifecycle-fixtures';
import { FeedbackDocumentSchema, feedbackId, type PairingDocument } from '../model';
import { computeProgramStats } from './program-stats';

const now = new Date('2027-03-20T12:00:00Z');
const at = '2027-03-15T10:00:00.000Z';
type Verdict = PairingDocument['sessions'][number]['verdict'];
const sessions = (...list: Array<[string, Verdict]>): PairingDocument['sessions'] =>
  list.map(([start, verdict]) => ({ start, verdict, likelyHeld: verdict === 'likely-held' }));
const booked = (id: string, members: string[], extra: Partial<PairingDocument> = {}) =>
  pairingDoc(now, id, members, {
    state: 'active',
    series: bookedSeries(members[0]!, `ev-${id}`, '2027-03-04T09:00:00.000Z'),
    ...extra,
  });

function stats(pairings: PairingDocument[], metBy: string[] = []) {
  return computeProgramStats({
    programId: 'prog',
    now,
    participants: [],
    rounds: [],
    pairings,
    feedback: metBy.map((userId) =>
      FeedbackDocumentSchema.parse({
        id: feedbackId('p1', userId),
        tenantId: 't',
        programId: 'prog',
        roundId: 'r1',
        pairingId: 'p1',
        userId,
        met: true,
        rating: null,
        comment: '',
        submittedAt: at,
      }),
    ),
  });
}

describe('computeProgramStats: sessions held', () => {
  it('counts sessions likely held from the calendars, apart from the people who said they met', () => {
    const s = stats(
      [
        booked('p1', ['a', 'b'], {
          sessions: sessions(
            ['2027-03-04T09:00:00.000Z', 'likely-held'],
            ['2027-03-11T09:00:00.000Z', 'missed'],
            ['2027-03-18T09:00:00.000Z', 'likely-held'],
            ['2027-03-25T09:00:00.000Z', 'upcoming'],
          ),
        }),
        booked('p2', ['c', 'd'], {
          sessions: sessions(['2027-03-05T09:00:00.000Z', 'uncertain']),
          previousSeries: [
            {
              eventId: 'ev-old',
              organizerId: 'c',
              firstOccurrence: null,
              endedAt: '2027-03-03T00:00:00.000Z',
              reason: 'declined',
              likelyHeld: 1,
              sessionsSoFar: 2,
            },
          ],
        }),
        // Booked, nothing over yet.
        booked('p3', ['e', 'f'], { sessions: sessions(['2027-03-27T09:00:00.000Z', 'upcoming']) }),
        // A draft's records do not count.
        booked('p4', ['g', 'h'], {
          published: false,
          sessions: sessions(['2027-03-04T09:00:00.000Z', 'likely-held']),
        }),
      ],
      // Self-reports: three people said they met (one of them in a pairing the calendars show no session for).
      ['a', 'b', 'e'],
    );
    // The fixture's answers are all stored in the old shape on p1: one session (1) reported met.
    expect(s.sessionsHeld).toEqual({
      likelyHeld: 3,
      sessionsSoFar: 6,
      pairings: 2,
      pairingsWithOneHeld: 2,
      reportedMet: 1,
    });
    expect(s.funnel.met).toBe(3);
  });
});

describe('computeProgramStats: feedback per session', () => {
  const doc = (
    pairingId: string,
    userId: string,
    answers: Array<[session: number, met: boolean, rating: number | null]> | null,
    legacy: { met: boolean; rating: number | null } = { met: false, rating: null },
  ) =>
    FeedbackDocumentSchema.parse({
      id: feedbackId(pairingId, userId),
      tenantId: 't',
      programId: 'prog',
      roundId: 'r1',
      pairingId,
      userId,
      ...legacy,
      comment: '',
      submittedAt: at,
      ...(answers
        ? {
            sessions: answers.map(([session, met, rating]) => ({
              session,
              met,
              rating,
              comment: '',
              submittedAt: at,
            })),
          }
        : {}),
    });

  it('counts a person met once, a rating per session answered, and a session met when either member said so', () => {
    const s = computeProgramStats({
      programId: 'prog',
      now,
      participants: [],
      rounds: [],
      pairings: [],
      feedback: [
        // p1: a met sessions 1 and 3 (rated 5 and 4), did not meet in 2; b agrees on 1 (rated 3), missed 3.
        doc('p1', 'a', [
          [1, true, 5],
          [2, false, null],
          [3, true, 4],
        ]),
        doc('p1', 'b', [
          [1, true, 3],
          [3, false, null],
        ]),
        // p2: c's answer from before feedback was per session (session 1, met, rated 2); d never met.
        doc('p2', 'c', null, { met: true, rating: 2 }),
        doc('p2', 'd', [[2, false, null]]),
        // p3: e met in session 1.
        doc('p3', 'e', [[1, true, 1]]),
      ],
    });
    expect(s.funnel.met).toBe(4); // a, b, c, e — a counted once for two sessions
    expect(s.sessionsHeld.reportedMet).toBe(4); // p1#1, p1#3, p2#1, p3#1 — p1#1 once for two members
    // Five ratings (5, 4, 3, 2, 1), but from four people (a twice): no average or histogram yet.
    expect(s.ratingsGiven).toBe(5);
    expect(s.averageRating).toBeNull();
    expect(s.ratingCounts).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('computeProgramStats: skips', () => {
  const skipped = (id: string, userId: string, category: 'too-busy' | 'away' | 'not-a-fit' | 'other') =>
    pairingDoc(now, id, [userId, `${userId}-peer`], {
      state: 'ended',
      endRequested: { at, reason: 'skipped' },
      skippedBy: [userId],
      skips: [{ userId, category, note: `NOTE-${userId}`, at }],
    });

  it('below five skips: the total only, and never a note', () => {
    const s = stats([skipped('p1', 'a', 'away'), skipped('p2', 'b', 'too-busy')]);
    expect(s.skips).toEqual({ total: 2, byCategory: null });
    expect(JSON.stringify(s)).not.toContain('NOTE-');
  });

  it('from five skips: counted per category, still never a note', () => {
    const s = stats([
      skipped('p1', 'a', 'away'),
      skipped('p2', 'b', 'too-busy'),
      skipped('p3', 'c', 'away'),
      skipped('p4', 'd', 'other'),
      skipped('p5', 'e', 'away'),
      // A draft cannot be skipped; whatever it holds is not counted.
      { ...skipped('p6', 'f', 'not-a-fit'), published: false },
    ]);
    expect(s.skips).toEqual({ total: 5, byCategory: { 'too-busy': 1, away: 3, 'not-a-fit': 0, other: 1 } });
    expect(JSON.stringify(s)).not.toContain('NOTE-');
  });
});
