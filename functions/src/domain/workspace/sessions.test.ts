import { type PairingDocument } from '../pairings/lifecycle';
import { planSessions, sessionCountOf, type SessionInput } from './sessions';

const series = (firstOccurrence: string | null): PairingDocument['series'] => ({
  organizerId: 'bo',
  eventId: 'ev-2',
  firstOccurrence,
  until: '2027-04-30',
  joinUrl: null,
  endedAt: null,
  load: null,
});
const record = (start: string, verdict: 'likely-held' | 'missed' | 'upcoming' = 'likely-held') => ({
  start,
  verdict,
  likelyHeld: verdict === 'likely-held',
});
// A round from Wednesday 3 March to Friday 30 April 2027 (eight and a half weeks).
const base: SessionInput = {
  startsOn: '2027-03-03',
  endsOn: '2027-04-30',
  cadence: 'biweekly',
  series: null,
  sessions: [],
  nextSession: null,
  previousSeries: [],
};

const starts = (input: Partial<SessionInput>, now = '2027-03-01T00:00:00.000Z') => {
  const plan = planSessions({ ...base, ...input }, now);
  return { starts: plan.sessions.map((s) => s.start?.slice(0, 16) ?? null), current: plan.current };
};

describe('sessionCountOf', () => {
  it.each<[string, string, 'weekly' | 'biweekly' | 'monthly', number]>([
    ['2027-03-03', '2027-03-30', 'weekly', 4],
    ['2027-03-03', '2027-03-30', 'biweekly', 2],
    ['2027-03-03', '2027-03-30', 'monthly', 1],
    ['2027-03-03', '2027-04-30', 'biweekly', 5],
    ['2027-03-03', '2027-03-03', 'weekly', 1],
    // 26 weeks weekly: the longest round a program may have.
    ['2027-01-04', '2027-07-04', 'weekly', 26],
  ])('%s to %s %s → %i', (from, to, cadence, count) => {
    expect(sessionCountOf(from, to, cadence)).toBe(count);
  });
});

describe('planSessions', () => {
  it('before booking: the round and cadence give the count, undated; the first session is current', () => {
    expect(starts({})).toEqual({ starts: [null, null, null, null, null], current: 1 });
  });

  it('booked: from the first occurrence at the cadence, to the round’s last day (a session that day counts)', () => {
    expect(starts({ series: series('2027-03-04T09:00:00.000Z') })).toEqual({
      starts: [
        '2027-03-04T09:00',
        '2027-03-18T09:00',
        '2027-04-01T09:00',
        '2027-04-15T09:00',
        '2027-04-29T09:00',
      ],
      current: 1,
    });
    expect(starts({ series: series('2027-03-04T09:00:00.000Z'), endsOn: '2027-04-29' }).starts).toHaveLength(
      5,
    );
    expect(starts({ series: series('2027-03-04T09:00:00.000Z'), endsOn: '2027-04-28' }).starts).toHaveLength(
      4,
    );
  });

  it('what the calendar said wins over the projection (a moved occurrence keeps its real time), and the rest follows it', () => {
    expect(
      starts({
        cadence: 'weekly',
        endsOn: '2027-04-02',
        series: series('2027-03-04T09:00:00.000Z'),
        sessions: [
          record('2027-03-04T09:00:00.000Z'),
          record('2027-03-12T14:00:00.000Z', 'missed'),
          record('2027-03-18T09:00:00.000Z', 'upcoming'),
        ],
      }),
    ).toEqual({
      starts: [
        '2027-03-04T09:00',
        '2027-03-12T14:00',
        '2027-03-18T09:00',
        '2027-03-25T09:00',
        '2027-04-01T09:00',
      ],
      current: 1,
    });
  });

  it.each<[string, string, number]>([
    ['before the first session', '2027-03-04T08:59:00.000Z', 1],
    ['as the first starts', '2027-03-04T09:00:00.000Z', 1],
    ['between the first and second', '2027-03-10T12:00:00.000Z', 1],
    ['once the second has started', '2027-03-18T09:30:00.000Z', 2],
    ['after the round', '2027-06-01T00:00:00.000Z', 5],
  ])('the current session %s (%s) is number %i', (_when, now, current) => {
    expect(starts({ series: series('2027-03-04T09:00:00.000Z') }, now).current).toBe(current);
  });

  it('monthly: the same weekday of the same week of each month', () => {
    // Tuesday 9 March 2027 is the second Tuesday; so are 13 April and 11 May.
    expect(
      starts({ cadence: 'monthly', endsOn: '2027-05-31', series: series('2027-03-09T15:00:00.000Z') }).starts,
    ).toEqual(['2027-03-09T15:00', '2027-04-13T15:00', '2027-05-11T15:00']);
  });

  it('after a re-booking, the replaced series’ sessions keep their numbers (undated) and the new series follows', () => {
    const plan = starts(
      {
        series: series('2027-03-25T10:00:00.000Z'),
        previousSeries: [
          {
            eventId: 'ev-1',
            organizerId: 'ana',
            firstOccurrence: '2027-03-04T09:00:00.000Z',
            endedAt: '2027-03-20T00:00:00.000Z',
            reason: 'declined',
            likelyHeld: 1,
            sessionsSoFar: 2,
          },
        ],
      },
      '2027-03-22T00:00:00.000Z',
    );
    expect(plan).toEqual({
      starts: [null, null, '2027-03-25T10:00', '2027-04-08T10:00', '2027-04-22T10:00'],
      current: 2,
    });
  });
});
