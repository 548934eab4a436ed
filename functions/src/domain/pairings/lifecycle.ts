import { z } from 'zod';

import { type AttentionParams, AttentionParamsSchema } from '../../contracts/admin';
import {
  CadenceSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  NextSessionSchema,
  type PairingReason,
  PairingReasonSchema,
  type PairingState,
  PairingStateSchema,
  SkipCategorySchema,
} from '../../contracts/common';
import { type BookingMessage } from '../../contracts/queue';
import { currentSeriesHeld } from './sessions-held';

/**
 * The pairing lifecycle: the one home of a pairing's stored shape, its states and every transition between them
 * (docs/scheduling.md §9, docs/decisions/0007-pairing-lifecycle.md). Pure: no I/O, no clock — callers pass `now`.
 *
 *   proposed ─start─▶ booking ─booked─▶ booked ─first session─▶ active ─round over / end─▶ ended
 *       ▲                │                 │                      │
 *       └──retry/rebook──┴── needs-attention ◀──flag──────────────┘          any live state ─cancel─▶ cancelled
 *
 * A pairing asked to end (leave, pause, skip, erasure, admin unpair) keeps its state and carries `endRequested`
 * until the series-action worker has ended its series; then it is `ended` (`cancelled` stays `cancelled`).
 * Transitions return the new document, `unchanged` when they have nothing to do (so replays are harmless), or a
 * refusal naming the state — the API answers 409 with it.
 */

export const MemberSnapshotSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  level: z.string().nullable(),
  levelRank: z.number().int().nullable().default(null),
  timeZone: z.string().nullable(),
});
export type MemberSnapshot = z.infer<typeof MemberSnapshotSchema>;

/** Where a booked series sits in its members' team load (released when the series ends). */
export const SeriesLoadSchema = z.object({ key: z.string(), groups: z.array(z.string()) });
export type SeriesLoad = z.infer<typeof SeriesLoadSchema>;

export const SeriesSchema = z.object({
  organizerId: z.string(),
  /** Immutable id of the series master on the organizer's calendar. */
  eventId: z.string().nullable(),
  firstOccurrence: IsoDateTimeSchema.nullable(),
  until: IsoDateSchema.nullable(),
  joinUrl: z.string().nullable(),
  /** Set once the series no longer runs on the calendars (ended early, or its round is over). */
  endedAt: IsoDateTimeSchema.nullable().default(null),
  load: SeriesLoadSchema.nullable().default(null),
});
export type Series = z.infer<typeof SeriesSchema>;

/** A series this pairing had before it was re-booked: kept so it is never taken for the current one. */
export const PastSeriesSchema = z.object({
  eventId: z.string(),
  organizerId: z.string(),
  firstOccurrence: IsoDateTimeSchema.nullable(),
  endedAt: IsoDateTimeSchema,
  /** `member-left`: a circle went on without someone who left, paused or skipped (decision 0019). */
  reason: z.enum(['declined', 'admin-rebook', 'member-left']),
  likelyHeld: z.number().int().min(0).default(0),
  /** Its sessions that were over when it ended (sessions-held.ts); null on series ended before this was kept. */
  sessionsSoFar: z.number().int().min(0).nullable().default(null),
});
export type PastSeries = z.infer<typeof PastSeriesSchema>;

export const BookingAttemptSchema = z.object({
  attempt: z.number().int().min(0),
  startedAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
  outcome: z.enum(['booked', 'needs-attention', 'retry-later']).nullable(),
  reason: z.string().nullable(),
});
export type BookingAttempt = z.infer<typeof BookingAttemptSchema>;

export const SessionVerdictSchema = z.enum(['likely-held', 'uncertain', 'missed', 'upcoming']);
export const SessionRecordSchema = z.object({
  start: IsoDateTimeSchema,
  verdict: SessionVerdictSchema,
  likelyHeld: z.boolean(),
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

export const FollowUpSchema = z.object({
  /** Last time the follow-up sweep read the series ('' = never). */
  checkedAt: z.string().default(''),
  /** Re-bookings after a member declined the series. */
  rebooks: z.number().int().min(0).default(0),
  likelyHeld: z.number().int().min(0).default(0),
  /** Occurrence ids a member declined or that were cancelled (noted, not re-booked). */
  missed: z.array(z.string()).default([]),
  /** Set once the feedback request went out: it is never sent twice. */
  feedbackRequestedAt: IsoDateTimeSchema.nullable().default(null),
  /** Set when the pairing was flagged, so members are told once. */
  flaggedAt: IsoDateTimeSchema.nullable().default(null),
  /** First sessions of series a member declined: a re-booking avoids those weekly times. */
  declinedFirstSessions: z.array(IsoDateTimeSchema).default([]),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

const DateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: z.string() });
const WeekdayNameSchema = z.enum([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

/** The times a series moves to (Graph's wire shape of start, end and recurrence, kept until the move is done). */
export const SeriesTimesSchema = z.object({
  start: DateTimeTimeZoneSchema,
  end: DateTimeTimeZoneSchema,
  recurrence: z.object({
    pattern: z.union([
      z.object({
        type: z.literal('weekly'),
        interval: z.number().int(),
        daysOfWeek: z.array(WeekdayNameSchema),
        firstDayOfWeek: WeekdayNameSchema,
      }),
      z.object({
        type: z.literal('relativeMonthly'),
        interval: z.number().int(),
        daysOfWeek: z.array(WeekdayNameSchema),
        index: z.string(),
      }),
    ]),
    range: z.object({
      type: z.literal('endDate'),
      startDate: z.string(),
      endDate: z.string(),
      recurrenceTimeZone: z.string(),
    }),
  }),
});
export type SeriesTimes = z.infer<typeof SeriesTimesSchema>;

/** A reschedule a member chose; the series-action worker moves the series and clears it. */
export const PendingMoveSchema = z.object({
  id: z.string(),
  requestedAt: IsoDateTimeSchema,
  requestedBy: z.string(),
  times: SeriesTimesSchema,
  first: z.object({ start: IsoDateTimeSchema, end: IsoDateTimeSchema }),
});
export type PendingMove = z.infer<typeof PendingMoveSchema>;

/**
 * A member's own account of why they skipped the rest of the round: the category is counted on the admin dashboard
 * (from five skips up, like ratings); the note is private to them — never shown to the peer or an admin, in their
 * personal export, and removed when they are erased (docs/decisions/0015-skip-reasons-and-k-anonymity.md).
 */
export const SkipRecordSchema = z.object({
  userId: z.string(),
  category: SkipCategorySchema,
  note: z.string().max(500),
  at: IsoDateTimeSchema,
});
export type SkipRecord = z.infer<typeof SkipRecordSchema>;

export const END_REASONS = ['paused', 'left', 'erased', 'skipped', 'admin-override'] as const;
export const EndReasonSchema = z.enum(END_REASONS);
export type EndReason = z.infer<typeof EndReasonSchema>;

/**
 * Someone who left a circle that went on without them (decision 0019): no longer a member (nothing of the circle
 * is theirs to see or act on), kept so the cooldown still keeps them from the others for a while and so their own
 * records (a skip and its private note) stay findable for their export and erasure (`formerMemberIds`).
 */
export const DepartureSchema = z.object({
  userId: z.string(),
  at: IsoDateTimeSchema,
  reason: EndReasonSchema,
});
export type Departure = z.infer<typeof DepartureSchema>;

/** A circle has at most this many members (circles of 3–6, one more where the count is uneven). */
export const MAX_GROUP_MEMBERS = 7;

export const PairingDocumentSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  programId: z.string(),
  roundId: z.string(),
  /** False while its round is a draft: nobody sees it and nothing is booked. */
  published: z.boolean(),
  /** Two (a pair), three (a triad for an odd count) or a circle's 2–7 (a circle can shrink to two). */
  memberIds: z.array(z.string()).min(2).max(MAX_GROUP_MEMBERS),
  members: z.array(MemberSnapshotSchema),
  /** Formed as a peer circle (the program asked for groups): shown to its members as "your circle". */
  circle: z.boolean().default(false),
  /** People who left the circle while it went on without them, and a queryable list of their ids. */
  departures: z.array(DepartureSchema).default([]),
  formerMemberIds: z.array(z.string()).default([]),
  score: z.number(),
  reasons: z.array(PairingReasonSchema),
  state: PairingStateSchema,
  /** One both (all) members accept (`chooseCadence`); the series is booked at it. */
  cadence: CadenceSchema,
  sessionMinutes: z.number().int(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema,
  organizerId: z.string().nullable(),
  series: SeriesSchema.nullable(),
  nextSession: NextSessionSchema.nullable(),
  /** The cause of `needs-attention` (or of a dropped draft) in plain English, for API clients and logs. */
  attentionReason: z.string().nullable(),
  /**
   * Machine-readable cause (`no-mailbox`, `graph-unavailable`, `declined-again`, a calendar failure's own code …);
   * admins read it through `attentionOf` (attention.ts) as one of the contract's ATTENTION_CODES.
   */
  attentionCode: z.string().nullable().default(null),
  /** The numbers the admin's wording needs (`calendars-full`: usable, checked; `graph-unavailable`: hours). */
  attentionParams: AttentionParamsSchema.default({}),
  overridden: z.boolean(),
  /** Members who asked to skip this round's remaining sessions. */
  skippedBy: z.array(z.string()),
  /** Why, one record per member who skipped (skips before reasons were kept have none). */
  skips: z.array(SkipRecordSchema).default([]),
  /** Set when the series must end early; the series-action worker ends it, then the pairing is ended. */
  endRequested: z.object({ at: IsoDateTimeSchema, reason: z.string() }).nullable(),
  /** The booking attempt messages must carry: raised by every deliberate re-booking (fresh transactionId). */
  bookingAttempt: z.number().int().min(0).default(0),
  bookingAttempts: z.array(BookingAttemptSchema).default([]),
  transactionId: z.string().nullable().default(null),
  /** Booked, but Graph gave no Teams link. */
  bookingDegraded: z.enum(['no-join-url']).nullable().default(null),
  previousSeries: z.array(PastSeriesSchema).default([]),
  followUp: FollowUpSchema.default(FollowUpSchema.parse({})),
  sessions: z.array(SessionRecordSchema).default([]),
  pendingMove: PendingMoveSchema.nullable().default(null),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  /** Cosmos time-to-live in seconds, set once the pairing is done (domain/retention.ts). */
  ttl: z.number().int().positive().optional(),
});
export type PairingDocument = z.infer<typeof PairingDocumentSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Predicates: the one definition of "done", "live" and "has a series to end".

/** Ended or cancelled: nothing more happens to the pairing. */
export function isDone(pairing: Pick<PairingDocument, 'state'>): boolean {
  return pairing.state === 'ended' || pairing.state === 'cancelled';
}

/** What members see as a current pairing: published, not done, not asked to end, and its round not over. */
export function isLive(
  pairing: Pick<PairingDocument, 'published' | 'state' | 'endRequested' | 'endsOn'>,
  today: string,
): boolean {
  return pairing.published && !isDone(pairing) && pairing.endRequested === null && pairing.endsOn >= today;
}

/** The pairing's current series is on the calendars and has not been ended. */
export function hasRunningSeries(pairing: Pick<PairingDocument, 'series'>): boolean {
  return !!pairing.series?.eventId && pairing.series.endedAt === null;
}

/** The series must still be ended in Outlook: an end was asked for (or the pairing was cancelled) meanwhile. */
export function needsSeriesEnd(pairing: Pick<PairingDocument, 'series' | 'endRequested'>): boolean {
  return pairing.endRequested !== null && hasRunningSeries(pairing);
}

/** Whether an attempt may already have reached Graph (recovery looks for our marker before creating). */
export function mayHaveReachedGraph(pairing: PairingDocument, attempt: number): boolean {
  const attempts = pairing.bookingAttempts;
  // The same attempt started before (a crash or a redelivery), or an earlier attempt of a pairing that never got a
  // series: either may have created one. After a booked series, later attempts are deliberate re-bookings and the
  // old series (ended, still carrying our marker) must not be taken for the new one.
  return (
    attempts.some((a) => a.attempt === attempt) ||
    (attempts.length > 0 &&
      pairing.previousSeries.length === 0 &&
      !attempts.some((a) => a.outcome === 'booked'))
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions

export type LifecycleAction =
  | 'publish'
  | 'drop'
  | 'start-attempt'
  | 'record-booked'
  | 'book-again'
  | 'defer'
  | 'need-attention'
  | 'request-end'
  | 'skip'
  | 'cancel'
  | 'record-ended'
  | 'close-round'
  | 'rebook'
  | 'retry'
  | 'record-health'
  | 'flag'
  | 'request-move'
  | 'record-moved'
  | 'fail-move'
  | 'erase-member'
  | 'depart';

export type Transition =
  | { kind: 'changed'; doc: PairingDocument }
  | { kind: 'unchanged'; doc: PairingDocument }
  | { kind: 'refused'; doc: PairingDocument; action: LifecycleAction; state: PairingState; message: string };

const changed = (doc: PairingDocument): Transition => ({ kind: 'changed', doc });
const unchanged = (doc: PairingDocument): Transition => ({ kind: 'unchanged', doc });

const STATE_WORDS: Readonly<Record<PairingState, string>> = {
  proposed: 'waiting to be booked',
  booking: 'being booked',
  booked: 'booked',
  active: 'under way',
  ended: 'ended',
  cancelled: 'cancelled',
  'needs-attention': 'waiting for an admin',
};

function refuse(doc: PairingDocument, action: LifecycleAction, detail?: string): Transition {
  const ending = doc.endRequested !== null && !isDone(doc) ? ' and ending' : '';
  return {
    kind: 'refused',
    doc,
    action,
    state: doc.state,
    message: `The pairing is ${STATE_WORDS[doc.state]}${ending}${detail ? `: ${detail}` : ''}.`,
  };
}

/** A round's draft pairing becomes visible (and bookable). */
export function publish(doc: PairingDocument, now: string): Transition {
  if (doc.published) return unchanged(doc);
  if (doc.state !== 'proposed') return refuse(doc, 'publish');
  return changed({ ...doc, published: true, updatedAt: now });
}

/** A draft pairing that will not be published (a member left or paused since the plan). */
export function drop(doc: PairingDocument, code: string, message: string, now: string): Transition {
  if (doc.published) return refuse(doc, 'drop', 'it is already published');
  if (doc.state === 'cancelled') return unchanged(doc);
  return changed({
    ...doc,
    state: 'cancelled',
    attentionCode: code,
    attentionParams: {},
    attentionReason: message,
    updatedAt: now,
  });
}

/** The booking worker takes `attempt` (recorded before any Graph call, so a crash leaves a trace). */
export function startAttempt(doc: PairingDocument, attempt: number, now: string): Transition {
  if (!doc.published || doc.endRequested !== null) return refuse(doc, 'start-attempt');
  if (attempt !== doc.bookingAttempt) return refuse(doc, 'start-attempt', `attempt ${attempt} is stale`);
  if (doc.state !== 'proposed' && doc.state !== 'booking') return refuse(doc, 'start-attempt');
  const open = doc.bookingAttempts.find((a) => a.attempt === attempt && a.finishedAt === null);
  if (doc.state === 'booking' && open) return unchanged(doc);
  return changed({
    ...doc,
    state: 'booking',
    bookingAttempts: open
      ? doc.bookingAttempts
      : [...doc.bookingAttempts, { attempt, startedAt: now, finishedAt: null, outcome: null, reason: null }],
    updatedAt: now,
  });
}

function finishAttempt(
  attempts: readonly BookingAttempt[],
  attempt: number,
  outcome: NonNullable<BookingAttempt['outcome']>,
  reason: string | null,
  now: string,
  finished = true,
): BookingAttempt[] {
  return attempts.map((a) =>
    a.attempt === attempt && a.finishedAt === null
      ? { ...a, outcome, reason, finishedAt: finished ? now : null }
      : a,
  );
}

export interface BookedSeries {
  organizerId: string;
  eventId: string;
  firstStart: string;
  firstEnd: string;
  joinUrl: string | null;
  transactionId: string;
  degraded: 'no-join-url' | null;
  load: SeriesLoad | null;
}

/**
 * The series exists in Outlook. Recorded even when the pairing was cancelled or asked to end meanwhile, so the
 * series can be ended (`needsSeriesEnd`); refused when the pairing already holds a different series.
 */
export function recordBooked(
  doc: PairingDocument,
  attempt: number,
  booked: BookedSeries,
  now: string,
): Transition {
  if (doc.series?.eventId === booked.eventId) return unchanged(doc);
  if (hasRunningSeries(doc)) return refuse(doc, 'record-booked', 'it already has a series');
  // The organizer left or was erased while the series was being booked: the pairing must not take their id back
  // (the booking service ends the series as an orphan, by the id it still holds, and books again: `bookAgainWithout`).
  if (!doc.memberIds.includes(booked.organizerId))
    return refuse(doc, 'record-booked', 'its organizer is no longer a member');
  const racingEnd = doc.endRequested !== null;
  if (!racingEnd && (doc.state !== 'booking' || attempt !== doc.bookingAttempt))
    return refuse(doc, 'record-booked');
  return changed({
    ...doc,
    state: doc.state === 'cancelled' ? 'cancelled' : 'booked',
    organizerId: booked.organizerId,
    series: {
      organizerId: booked.organizerId,
      eventId: booked.eventId,
      firstOccurrence: booked.firstStart,
      until: doc.endsOn,
      joinUrl: booked.joinUrl,
      endedAt: null,
      load: booked.load,
    },
    nextSession: racingEnd
      ? null
      : { start: booked.firstStart, end: booked.firstEnd, joinUrl: booked.joinUrl },
    attentionReason: null,
    attentionCode: null,
    attentionParams: {},
    transactionId: booked.transactionId,
    bookingDegraded: booked.degraded,
    bookingAttempts: finishAttempt(doc.bookingAttempts, attempt, 'booked', booked.degraded, now),
    updatedAt: now,
  });
}

/**
 * The attempt booked its series on the calendar of an organizer who is no longer a member: they left the group, or
 * were erased, while it was being booked. `recordBooked` refuses it (the pairing never takes their id back) and the
 * booking worker ends it as an orphan on their calendar. The attempt is over — it did reach Graph (`booked`, so the
 * next attempt creates afresh instead of looking for it) — and a group that goes on is booked again for those who
 * stay (attempt + 1). A pairing asked to end (a pair, a circle down to two) is left to its end.
 */
export function bookAgainWithout(
  doc: PairingDocument,
  attempt: number,
  organizerId: string,
  now: string,
): Transition {
  if (doc.memberIds.includes(organizerId))
    return refuse(doc, 'book-again', 'its organizer is still a member');
  if (attempt !== doc.bookingAttempt) return unchanged(doc);
  if (!doc.published || doc.endRequested !== null || doc.state !== 'booking')
    return refuse(doc, 'book-again');
  return changed({
    ...doc,
    state: 'proposed',
    bookingAttempt: attempt + 1,
    bookingAttempts: finishAttempt(doc.bookingAttempts, attempt, 'booked', 'organizer-left', now),
    updatedAt: now,
  });
}

/** The booking queue's message for a pairing's current attempt (a new pairing, a re-booking, booking again). */
export function bookingMessage(pairing: PairingDocument): BookingMessage {
  return {
    version: 1,
    tenantId: pairing.tenantId,
    programId: pairing.programId,
    roundId: pairing.roundId,
    pairingId: pairing.id,
    attempt: pairing.bookingAttempt,
  };
}

/** A transient failure (Graph busy or down): the attempt stays open and the worker tries again later. */
export function deferAttempt(doc: PairingDocument, attempt: number, reason: string, now: string): Transition {
  if (doc.state !== 'booking' || attempt !== doc.bookingAttempt) return refuse(doc, 'defer');
  return changed({
    ...doc,
    bookingAttempts: finishAttempt(doc.bookingAttempts, attempt, 'retry-later', reason, now, false),
    updatedAt: now,
  });
}

/** Booking cannot succeed without a person acting (no mailbox, no common time, Graph down for hours, …). */
export function needAttention(
  doc: PairingDocument,
  code: string,
  message: string,
  now: string,
  params: AttentionParams = {},
): Transition {
  if (doc.state === 'needs-attention' && doc.attentionCode === code) return unchanged(doc);
  if (isDone(doc) || !doc.published) return refuse(doc, 'need-attention');
  return changed({
    ...doc,
    state: 'needs-attention',
    attentionCode: code,
    attentionParams: params,
    attentionReason: message,
    bookingAttempts: finishAttempt(doc.bookingAttempts, doc.bookingAttempt, 'needs-attention', code, now),
    followUp: { ...doc.followUp, flaggedAt: now },
    updatedAt: now,
  });
}

/** Pause, leave, skip or erasure: the series ends early (past sessions stay). Idempotent. */
export function requestEnd(doc: PairingDocument, reason: EndReason, at: string): Transition {
  if (isDone(doc) || doc.endRequested !== null) return unchanged(doc);
  return changed({ ...doc, endRequested: { at, reason }, pendingMove: null, updatedAt: at });
}

/**
 * A member skips the round's remaining sessions: the series ends early (`requestEnd`) and their reason is kept on
 * their side of the pairing. Once per member; a pairing already ending or done is left as it is.
 */
export function skip(
  doc: PairingDocument,
  userId: string,
  reason: Pick<SkipRecord, 'category' | 'note'>,
  at: string,
): Transition {
  if (!doc.memberIds.includes(userId)) return refuse(doc, 'skip', 'they are not a member');
  if (doc.skippedBy.includes(userId)) return unchanged(doc);
  const ended = requestEnd(doc, 'skipped', at);
  if (ended.kind !== 'changed') return ended;
  return changed({
    ...ended.doc,
    skippedBy: [...doc.skippedBy, userId],
    skips: [
      ...doc.skips.filter((s) => s.userId !== userId),
      { userId, category: reason.category, note: reason.note, at },
    ],
  });
}

/**
 * Whether a group goes on without `userId` (decision 0019): a circle or triad of three or more whose other members,
 * two at least, are still people (not erased). A pair never does: without one of two there is nobody to meet.
 */
export function goesOnWithout(doc: Pick<PairingDocument, 'memberIds'>, userId: string): boolean {
  const others = doc.memberIds.filter((id) => id !== userId && !isTombstone(id));
  return doc.memberIds.includes(userId) && doc.memberIds.length >= 3 && others.length >= 2;
}

/**
 * What the calendar needs after someone left a group that goes on: its series re-booked for those who stay
 * (`rebook`, with the current series' id), or nothing (no series yet: the booking worker reads the members when
 * it books, and a booking already under way is re-booked when it finishes with a different set of people).
 */
export function seriesAfterDeparture(doc: PairingDocument): { eventId: string } | null {
  return hasRunningSeries(doc) && doc.published && !isDone(doc) && doc.endRequested === null
    ? { eventId: doc.series!.eventId! }
    : null;
}

/**
 * A member leaves a group that goes on without them (`goesOnWithout`): they are no longer a member — the snapshot,
 * id and reasons naming them go (a pending move they asked for too); the departure is kept. A skip keeps its
 * record (category and private note) as a pair's does. Refused when the group would not go on (the caller ends
 * it instead, `requestEnd`); unchanged when they already left.
 */
export function depart(
  doc: PairingDocument,
  userId: string,
  reason: EndReason,
  at: string,
  skipped?: Pick<SkipRecord, 'category' | 'note'>,
): Transition {
  if (doc.formerMemberIds.includes(userId)) return unchanged(doc);
  if (isDone(doc) || doc.endRequested !== null) return refuse(doc, 'depart');
  if (!goesOnWithout(doc, userId)) return refuse(doc, 'depart', 'it would not go on without them');
  const stays = (id: string) => id !== userId;
  return changed({
    ...doc,
    memberIds: doc.memberIds.filter(stays),
    members: doc.members.filter((m) => stays(m.userId)),
    reasons: doc.reasons.flatMap((r) => withoutPerson(r, userId)),
    departures: [...doc.departures, { userId, at, reason }],
    formerMemberIds: [...doc.formerMemberIds, userId],
    pendingMove: doc.pendingMove?.requestedBy === userId ? null : doc.pendingMove,
    skips: skipped
      ? [
          ...doc.skips.filter((s) => s.userId !== userId),
          { userId, category: skipped.category, note: skipped.note, at },
        ]
      : doc.skips,
    updatedAt: at,
  });
}

/**
 * Someone goes (pauses, leaves, is erased): a group that goes on without them loses them (`depart`), anything
 * else — a pair, a circle down to two, one ending already — is asked to end (`requestEnd`).
 */
export function leaveOrEnd(doc: PairingDocument, userId: string, reason: EndReason, at: string): Transition {
  return goesOnWithout(doc, userId) ? depart(doc, userId, reason, at) : requestEnd(doc, reason, at);
}

/** A reason without someone who left: one naming them goes; the people left out last round lose them. */
function withoutPerson(reason: PairingReason, userId: string): PairingReason[] {
  switch (reason.kind) {
    case 'teaches':
      return reason.data.teacherId === userId || reason.data.learnerId === userId ? [] : [reason];
    case 'new-joiner-buddy':
      return reason.data.newJoinerId === userId ? [] : [reason];
    case 'fairness': {
      const userIds = reason.data.userIds.filter((id) => id !== userId);
      return userIds.length === 0 ? [] : [{ ...reason, data: { userIds } }];
    }
    default:
      return [reason];
  }
}

/** An admin unpairs a published pairing: cancelled at once, its series ended by the worker. */
export function cancel(doc: PairingDocument, at: string): Transition {
  if (doc.state === 'cancelled') return unchanged(doc);
  if (isDone(doc)) return refuse(doc, 'cancel');
  return changed({
    ...doc,
    state: 'cancelled',
    endRequested: doc.endRequested ?? { at, reason: 'admin-override' },
    nextSession: null,
    pendingMove: null,
    updatedAt: at,
  });
}

/**
 * The sessions as they stand when the pairing ends at `at`: one the sweep last read before it took place (still
 * 'upcoming') but that has started by now will never be read again, so how it went is 'uncertain' — left as
 * 'upcoming', a session weeks past showed as still to come on a closed pairing. Sessions after `at` stay as they
 * were (the series ended before them).
 */
function settledSessions(sessions: readonly SessionRecord[], at: string): SessionRecord[] {
  // Compared as instants: a start may carry any offset (IsoDateTimeSchema), so its text need not sort with `at`.
  const end = Date.parse(at);
  return sessions.map((s) =>
    s.verdict === 'upcoming' && Date.parse(s.start) < end
      ? { ...s, verdict: 'uncertain', likelyHeld: false }
      : s,
  );
}

/** The series was ended in Outlook (or there was none, or it is gone): the pairing is over. */
export function recordEnded(doc: PairingDocument, now: string): Transition {
  if (doc.endRequested === null) return refuse(doc, 'record-ended', 'no end was asked for');
  if (isDone(doc) && !hasRunningSeries(doc)) return unchanged(doc);
  return changed({
    ...doc,
    sessions: settledSessions(doc.sessions, now),
    state: doc.state === 'cancelled' ? 'cancelled' : 'ended',
    series: doc.series ? { ...doc.series, endedAt: doc.series.endedAt ?? now } : null,
    nextSession: null,
    pendingMove: null,
    updatedAt: now,
  });
}

/** The round is over: the recurrence already ends with it, so nothing changes in Outlook. */
export function closeRound(doc: PairingDocument, today: string, now: string): Transition {
  if (isDone(doc) || !doc.published) return unchanged(doc);
  if (doc.endsOn >= today) return refuse(doc, 'close-round', 'its round is not over');
  return changed({
    ...doc,
    sessions: settledSessions(doc.sessions, now),
    state: 'ended',
    series: doc.series ? { ...doc.series, endedAt: doc.series.endedAt ?? now } : null,
    nextSession: null,
    pendingMove: null,
    updatedAt: now,
  });
}

/**
 * Replaces the series (already ended in Outlook by the caller) with a new booking: the old id goes to the
 * pairing's history, the attempt number rises (fresh transactionId). Only for the series the caller ended.
 */
export function rebook(
  doc: PairingDocument,
  endedEventId: string,
  reason: PastSeries['reason'],
  now: string,
): Transition {
  if (doc.series?.eventId !== endedEventId) {
    return doc.previousSeries.some((s) => s.eventId === endedEventId)
      ? unchanged(doc)
      : refuse(doc, 'rebook', 'that series is not its current one');
  }
  if (doc.endRequested !== null || isDone(doc)) return refuse(doc, 'rebook');
  if (doc.state !== 'booked' && doc.state !== 'active' && doc.state !== 'needs-attention')
    return refuse(doc, 'rebook');
  const held = currentSeriesHeld(doc, now);
  const past: PastSeries = {
    eventId: endedEventId,
    organizerId: doc.series.organizerId,
    firstOccurrence: doc.series.firstOccurrence,
    endedAt: now,
    reason,
    likelyHeld: held.likelyHeld,
    sessionsSoFar: held.sessionsSoFar,
  };
  const declined = reason === 'declined';
  return changed({
    ...doc,
    state: 'proposed',
    bookingAttempt: doc.bookingAttempt + 1,
    series: null,
    nextSession: null,
    attentionReason: null,
    attentionCode: null,
    attentionParams: {},
    pendingMove: null,
    transactionId: null,
    bookingDegraded: null,
    previousSeries: [...doc.previousSeries, past],
    sessions: [],
    followUp: {
      ...doc.followUp,
      rebooks: doc.followUp.rebooks + (declined ? 1 : 0),
      likelyHeld: 0,
      missed: [],
      flaggedAt: null,
      declinedFirstSessions:
        declined && doc.series.firstOccurrence
          ? [...doc.followUp.declinedFirstSessions, doc.series.firstOccurrence]
          : doc.followUp.declinedFirstSessions,
    },
    updatedAt: now,
  });
}

/** An admin retries a pairing that never got a series (with one, re-booking replaces it: `rebook`). */
export function retry(doc: PairingDocument, now: string): Transition {
  if (!doc.published || isDone(doc) || doc.endRequested !== null) return refuse(doc, 'retry');
  if (hasRunningSeries(doc)) return refuse(doc, 'retry', 'it has a series; re-book it instead');
  if (doc.state !== 'needs-attention' && doc.state !== 'proposed' && doc.state !== 'booking')
    return refuse(doc, 'retry');
  return changed({
    ...doc,
    state: 'proposed',
    bookingAttempt: doc.bookingAttempt + 1,
    attentionReason: null,
    attentionCode: null,
    attentionParams: {},
    updatedAt: now,
  });
}

export interface HealthRecord {
  sessions: SessionRecord[];
  nextSession: { start: string; end: string } | null;
  likelyHeld: number;
  missed: string[];
  /** The first session has started (booked → active). */
  started: boolean;
  /** Claim the feedback request now (sent once, after the first session that was not missed). */
  askFeedback: boolean;
}

/** What the follow-up read of the series shows. Unchanged (no write) when nothing but the check time moved. */
export function recordHealth(
  doc: PairingDocument,
  eventId: string,
  health: HealthRecord,
  now: string,
): Transition {
  if ((doc.state !== 'booked' && doc.state !== 'active') || doc.series?.eventId !== eventId)
    return refuse(doc, 'record-health');
  const joinUrl = doc.series.joinUrl;
  const nextSession = health.nextSession ? { ...health.nextSession, joinUrl } : null;
  const askNow = health.askFeedback && doc.followUp.feedbackRequestedAt === null;
  const state = health.started ? 'active' : doc.state;
  const followUp: FollowUp = {
    ...doc.followUp,
    likelyHeld: health.likelyHeld,
    missed: health.missed,
    feedbackRequestedAt: askNow ? now : doc.followUp.feedbackRequestedAt,
  };
  const same =
    !askNow &&
    state === doc.state &&
    sameJson(doc.sessions, health.sessions) &&
    sameJson(doc.nextSession, nextSession) &&
    sameJson({ ...doc.followUp, checkedAt: '' }, { ...followUp, checkedAt: '' });
  if (same) return unchanged(doc);
  return changed({
    ...doc,
    state,
    sessions: health.sessions,
    nextSession,
    followUp: { ...followUp, checkedAt: now },
    updatedAt: now,
  });
}

/** The series is gone or was declined again: a person must act. Members are told once (`followUp.flaggedAt`). */
export function flag(
  doc: PairingDocument,
  eventId: string,
  code: string,
  message: string,
  now: string,
): Transition {
  if (doc.series?.eventId !== eventId) return refuse(doc, 'flag', 'that series is not its current one');
  if (doc.state === 'needs-attention') return unchanged(doc);
  if (doc.state !== 'booked' && doc.state !== 'active') return refuse(doc, 'flag');
  return changed({
    ...doc,
    state: 'needs-attention',
    attentionCode: code,
    attentionParams: {},
    attentionReason: message,
    followUp: { ...doc.followUp, flaggedAt: now, checkedAt: now },
    updatedAt: now,
  });
}

/** A member picked a new time for a series that has not started; the worker moves it. */
export function requestMove(doc: PairingDocument, move: PendingMove): Transition {
  if (
    doc.endRequested !== null ||
    (doc.state !== 'booked' && doc.state !== 'active') ||
    !hasRunningSeries(doc)
  )
    return refuse(doc, 'request-move');
  if (doc.pendingMove?.id === move.id) return unchanged(doc);
  return changed({ ...doc, pendingMove: move, updatedAt: move.requestedAt });
}

/** The series now runs at the new time. */
export function recordMoved(doc: PairingDocument, moveId: string, now: string): Transition {
  const move = doc.pendingMove;
  if (!move || move.id !== moveId || !doc.series) return unchanged(doc);
  return changed({
    ...doc,
    series: { ...doc.series, firstOccurrence: move.first.start },
    nextSession: { start: move.first.start, end: move.first.end, joinUrl: doc.series.joinUrl },
    pendingMove: null,
    updatedAt: now,
  });
}

/** The move could not be made; a missing series needs a person. */
export function failMove(doc: PairingDocument, moveId: string, missing: boolean, now: string): Transition {
  if (doc.pendingMove?.id !== moveId) return unchanged(doc);
  const cleared = { ...doc, pendingMove: null, updatedAt: now };
  if (!missing || !doc.series?.eventId || (doc.state !== 'booked' && doc.state !== 'active'))
    return changed(cleared);
  return changed({
    ...cleared,
    state: 'needs-attention',
    attentionCode: 'series-missing',
    attentionParams: {},
    attentionReason: 'The meeting series is no longer on the organizer’s calendar.',
    followUp: { ...doc.followUp, flaggedAt: now },
  });
}

/** The prefix of every tombstone id: an id that stands where an erased person's was and resolves to nobody. */
export const ERASED_PREFIX = 'erased-';

export function isTombstone(id: string): boolean {
  return id.startsWith(ERASED_PREFIX);
}

/**
 * Erasure: every trace of the member in the pairing becomes the pairing's own tombstone id (`placeholder`, unique
 * to this pairing, so nothing links it to the person or to their other pairings): the snapshot, the member ids,
 * the reasons that name people, the organizer of the current and past series, a pending move they asked for.
 * Any state: erasure is not a lifecycle step, but it is a write of the pairing and goes through here. The series
 * is ended first (`requestEnd`); the end action carries the organizer id the pairing no longer holds.
 */
export function eraseMember(
  doc: PairingDocument,
  userId: string,
  placeholder: string,
  displayName: string,
  at: string,
): Transition {
  const mentions = JSON.stringify(doc).includes(userId);
  if (!mentions) return unchanged(doc);
  const swap = (id: string) => (id === userId ? placeholder : id);
  return changed({
    ...doc,
    memberIds: doc.memberIds.map(swap),
    members: doc.members.map((m) =>
      m.userId === userId
        ? {
            userId: placeholder,
            displayName,
            jobTitle: null,
            department: null,
            level: null,
            levelRank: null,
            timeZone: null,
          }
        : m,
    ),
    reasons: doc.reasons.map((r) => eraseFromReason(r, swap)),
    organizerId: doc.organizerId === null ? null : swap(doc.organizerId),
    series: doc.series ? { ...doc.series, organizerId: swap(doc.series.organizerId) } : null,
    previousSeries: doc.previousSeries.map((s) => ({ ...s, organizerId: swap(s.organizerId) })),
    pendingMove: doc.pendingMove
      ? { ...doc.pendingMove, requestedBy: swap(doc.pendingMove.requestedBy) }
      : null,
    skippedBy: doc.skippedBy.filter((id) => id !== userId),
    // Their reason and private note go with them; a peer's own skip stays theirs.
    skips: doc.skips.filter((s) => s.userId !== userId),
    departures: doc.departures.map((d) => ({ ...d, userId: swap(d.userId) })),
    formerMemberIds: doc.formerMemberIds.map(swap),
    updatedAt: at,
  });
}

function eraseFromReason(reason: PairingReason, swap: (id: string) => string): PairingReason {
  switch (reason.kind) {
    case 'teaches':
      return {
        ...reason,
        data: {
          ...reason.data,
          teacherId: swap(reason.data.teacherId),
          learnerId: swap(reason.data.learnerId),
        },
      };
    case 'new-joiner-buddy':
      return { ...reason, data: { newJoinerId: swap(reason.data.newJoinerId) } };
    case 'fairness':
      return { ...reason, data: { userIds: reason.data.userIds.map(swap) } };
    default:
      return reason;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------------------------
// A new pairing

export interface NewPairing {
  id: string;
  tenantId: string;
  programId: string;
  roundId: string;
  published: boolean;
  members: MemberSnapshot[];
  score: number;
  reasons: PairingReason[];
  cadence: PairingDocument['cadence'];
  sessionMinutes: number;
  startsOn: string;
  endsOn: string;
  overridden: boolean;
  /** Formed as a peer circle (default false: a pair, or a triad for an odd count). */
  circle?: boolean;
}

/** A pairing as a round (or an admin's override) creates it: proposed, nothing booked. */
export function proposedPairing(input: NewPairing, now: string): PairingDocument {
  return PairingDocumentSchema.parse({
    ...input,
    memberIds: input.members.map((m) => m.userId),
    state: 'proposed',
    organizerId: null,
    series: null,
    nextSession: null,
    attentionReason: null,
    skippedBy: [],
    endRequested: null,
    createdAt: now,
    updatedAt: now,
  });
}
