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
    expect(s.sessionsHeld).toEqual({ likelyHeld: 3, sessionsSoFar: 6, pairings: 2, pairingsWithOneHeld: 2 });
    expect(s.funnel.met).toBe(3);
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
