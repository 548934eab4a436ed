import { type FeedbackAnswer, type FeedbackDocument } from '../model';
import { feedbackAnswers, feedbackFor, latestFeedback, withFeedbackAnswer } from './feedback';

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
