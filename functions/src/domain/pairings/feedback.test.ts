import { type FeedbackAnswer, type FeedbackDocument } from '../model';
import { type SessionInput } from '../workspace/sessions';
import { feedbackAnswers, feedbackDueFor, feedbackFor, latestFeedback, withFeedbackAnswer } from './feedback';
import { type PairingDocument } from './lifecycle';

const base = {
  id: 'p1.ann',
  tenantId: 't',
  programId: 'prog',
  roundId: 'r1',
  pairingId: 'p1',
  userId: 'ann',
};
const answer = (session: number, met: boolean, rating: number | null, comment = ''): FeedbackAnswer => ({
  session,
  met,
  rating,
  comment,
  submittedAt: `2027-03-${String(10 + session).padStart(2, '0')}T10:00:00.000Z`,
});
// Stored before feedback was per session: no `sessions`.
const legacy: FeedbackDocument = {
  ...base,
  met: true,
  rating: 2,
  comment: 'old',
  submittedAt: '2027-03-05T10:00:00.000Z',
  ttl: 86_400,
};

describe('feedbackAnswers', () => {
  it('reads an answer stored before feedback was per session as session 1', () => {
    expect(feedbackAnswers(legacy)).toEqual([
      { session: 1, met: true, rating: 2, comment: 'old', submittedAt: '2027-03-05T10:00:00.000Z' },
    ]);
    expect(feedbackFor(legacy, 1)?.rating).toBe(2);
    expect(feedbackFor(legacy, 2)).toBeNull();
    expect(feedbackFor(null, 1)).toBeNull();
  });

  it('orders stored answers by session', () => {
    const doc = { ...legacy, sessions: [answer(3, false, null), answer(1, true, 5)] };
    expect(feedbackAnswers(doc).map((a) => a.session)).toEqual([1, 3]);
    expect(latestFeedback(doc)?.session).toBe(3);
  });
});

describe('withFeedbackAnswer', () => {
  it.each<[string, FeedbackDocument | null, FeedbackAnswer, Array<[number, boolean, number | null]>, number]>(
    [
      ['a first answer', null, answer(2, true, 4), [[2, true, 4]], 2],
      [
        'a later session next to the old-shape answer (kept as session 1)',
        legacy,
        answer(3, false, null),
        [
          [1, true, 2],
          [3, false, null],
        ],
        3,
      ],
      [
        'an earlier session after a later one: the top level stays the later',
        { ...legacy, sessions: [answer(4, true, 3)] },
        answer(2, true, 5),
        [
          [2, true, 5],
          [4, true, 3],
        ],
        4,
      ],
      [
        'the same session again: replaced, not added',
        { ...legacy, sessions: [answer(1, true, 1), answer(2, false, null)] },
        answer(2, true, 5),
        [
          [1, true, 1],
          [2, true, 5],
        ],
        2,
      ],
    ],
  )('%s', (_name, existing, given, expected, latestSession) => {
    const doc = withFeedbackAnswer(existing, base, given);
    expect(doc.sessions?.map((a) => [a.session, a.met, a.rating])).toEqual(expected);
    // The top-level fields repeat the highest-numbered session's answer (what older readers see).
    const latest = doc.sessions!.find((a) => a.session === latestSession)!;
    expect([doc.met, doc.rating, doc.comment, doc.submittedAt]).toEqual([
      latest.met,
      latest.rating,
      latest.comment,
      latest.submittedAt,
    ]);
    expect(doc.id).toBe('p1.ann');
    // The retention clock of a stored document carries over.
    expect(doc.ttl).toBe(existing?.ttl);
  });
});

describe('feedbackDueFor: the session a pairing card asks about', () => {
  // Biweekly from Thursday 4 March 2027 at 09:00 UTC: sessions on 4 and 18 March, 1, 15 and 29 April.
  const pairing: SessionInput & Pick<PairingDocument, 'skippedBy' | 'state'> = {
    startsOn: '2027-03-03',
    endsOn: '2027-04-30',
    cadence: 'biweekly',
    series: {
      organizerId: 'bo',
      eventId: 'ev-1',
      firstOccurrence: '2027-03-04T09:00:00.000Z',
      until: '2027-04-30',
      joinUrl: null,
      endedAt: null,
      load: null,
    },
    sessions: [],
    nextSession: null,
    previousSeries: [],
    skippedBy: [],
    state: 'active',
  };
  const answered = (...sessions: number[]): FeedbackDocument =>
    sessions.reduce<FeedbackDocument | null>(
      (doc, n) => withFeedbackAnswer(doc, base, answer(n, true, 4)),
      null,
    )!;

  it.each<
    [
      string,
      string,
      FeedbackDocument | null,
      Partial<typeof pairing>,
      { session: number; start: string } | null,
    ]
  >([
    ['before the first session', '2027-03-04T08:59:00.000Z', null, {}, null],
    [
      'at the first session’s start',
      '2027-03-04T09:00:00.000Z',
      null,
      {},
      { session: 1, start: '2027-03-04T09:00:00.000Z' },
    ],
    ['the first answered, the second not started', '2027-03-10T12:00:00.000Z', answered(1), {}, null],
    [
      'the first answered, the second started: asked again',
      '2027-03-18T10:00:00.000Z',
      answered(1),
      {},
      { session: 2, start: '2027-03-18T09:00:00.000Z' },
    ],
    [
      'an answer stored before answers were per session counts for session 1',
      '2027-03-18T10:00:00.000Z',
      legacy,
      {},
      { session: 2, start: '2027-03-18T09:00:00.000Z' },
    ],
    [
      'only the latest session is asked about, not the missed ones before it',
      '2027-04-02T10:00:00.000Z',
      null,
      {},
      { session: 3, start: '2027-04-01T09:00:00.000Z' },
    ],
    [
      'the latest answered (from the workspace), an earlier one not',
      '2027-04-02T10:00:00.000Z',
      answered(3),
      {},
      null,
    ],
    ['I skipped the round', '2027-03-18T10:00:00.000Z', answered(1), { skippedBy: ['ann'] }, null],
    [
      'a peer skipped it: I am still asked',
      '2027-03-18T10:00:00.000Z',
      answered(1),
      { skippedBy: ['bo'] },
      { session: 2, start: '2027-03-18T09:00:00.000Z' },
    ],
    ['a cancelled pairing', '2027-03-18T10:00:00.000Z', null, { state: 'cancelled' }, null],
    ['not booked yet: no dated session', '2027-03-18T10:00:00.000Z', null, { series: null }, null],
  ])('%s', (_name, now, mine, change, expected) => {
    expect(feedbackDueFor({ ...pairing, ...change }, 'ann', mine, now)).toEqual(expected);
  });
});
