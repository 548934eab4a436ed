import { type FeedbackAnswer, type FeedbackDocument } from '../model';
import { planSessions, type SessionInput } from '../workspace/sessions';
import { type PairingDocument } from './lifecycle';

/**
 * Feedback per session, read from what is stored. A document written before answers were per session has no
 * `sessions`: its one answer is session 1's — the session the old prompt asked about (it went out after the first
 * session that was not missed), and a number that does not move as later sessions pass.
 */
export function feedbackAnswers(doc: FeedbackDocument): FeedbackAnswer[] {
  if (doc.sessions !== undefined) return [...doc.sessions].sort((a, b) => a.session - b.session);
  return [
    { session: 1, met: doc.met, rating: doc.rating, comment: doc.comment, submittedAt: doc.submittedAt },
  ];
}

/** The answer for the highest-numbered session answered (what a pairing card shows as "my feedback"). */
export function latestFeedback(doc: FeedbackDocument): FeedbackAnswer | null {
  return feedbackAnswers(doc).at(-1) ?? null;
}

/** The answer for one session, if given. */
export function feedbackFor(doc: FeedbackDocument | null, session: number): FeedbackAnswer | null {
  return doc ? (feedbackAnswers(doc).find((a) => a.session === session) ?? null) : null;
}

/**
 * The document with `answer` recorded (an answer for the same session is replaced). The top-level fields follow the
 * highest-numbered session's answer, so the pre-per-session shape stays true for any reader of it.
 */
export function withFeedbackAnswer(
  existing: FeedbackDocument | null,
  base: Omit<FeedbackDocument, 'met' | 'rating' | 'comment' | 'submittedAt' | 'sessions'>,
  answer: FeedbackAnswer,
): FeedbackDocument {
  const answers = [
    ...(existing ? feedbackAnswers(existing).filter((a) => a.session !== answer.session) : []),
    answer,
  ].sort((a, b) => a.session - b.session);
  const latest = answers.at(-1)!;
  return {
    ...existing,
    ...base,
    met: latest.met,
    rating: latest.rating,
    comment: latest.comment,
    submittedAt: latest.submittedAt,
    sessions: answers,
  };
}

/**
 * The session a pairing card asks "did you meet, how was it" about: the latest one that has started (a dated
 * session, by `now`), while I have not answered for it — so the card asks after every session, not only the first.
 * Null when none has started, when I answered it, when I skipped the round, or for a cancelled pairing. It is the
 * session `POST /api/pairings/{id}/feedback` answers for (the plan's current session).
 */
export function feedbackDueFor(
  pairing: SessionInput & Pick<PairingDocument, 'skippedBy' | 'state'>,
  me: string,
  mine: FeedbackDocument | null,
  now: string,
): { session: number; start: string } | null {
  if (pairing.state === 'cancelled' || pairing.skippedBy.includes(me)) return null;
  const at = Date.parse(now);
  const started = planSessions(pairing, now).sessions.filter(
    (s): s is typeof s & { start: string } => s.start !== null && Date.parse(s.start) <= at,
  );
  const latest = started.at(-1);
  if (!latest || feedbackFor(mine, latest.number)) return null;
  return { session: latest.number, start: latest.start };
}
