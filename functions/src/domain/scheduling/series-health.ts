/**
 * Keeping a series healthy and "did we meet?" without asking: pure decisions over what the organizer's copy of the
 * series shows (read by the calendar adapter's `readSeriesHealth`). The follow-up timer acts on the result.
 */
export type AttendeeResponse =
  'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

/** How firmly a response commits to a session; `declined` is handled apart. */
const COMMITMENT: Readonly<Record<AttendeeResponse, number>> = {
  none: 0,
  notResponded: 0,
  tentativelyAccepted: 1,
  accepted: 2,
  organizer: 2,
  declined: -1,
};

/**
 * A group's answer to the whole series (one response per attendee, in any order): a decline by any attendee counts as
 * the series declined, so a triad is re-booked (or flagged) exactly like a pair; otherwise the least committed answer.
 * For one attendee it is that attendee's response.
 */
export function seriesResponseOf(responses: readonly AttendeeResponse[]): AttendeeResponse {
  if (responses.includes('declined')) return 'declined';
  return (
    responses.reduce<AttendeeResponse | undefined>(
      (least, r) => (least === undefined || COMMITMENT[r] < COMMITMENT[least] ? r : least),
      undefined,
    ) ?? 'none'
  );
}

/**
 * A group's answer to one occurrence: the session still takes place when the organizer and at least one attendee
 * are there, so it is declined only when every attendee declined; otherwise the most committed answer of those not
 * declining. For one attendee it is that attendee's response.
 */
export function occurrenceResponseOf(responses: readonly AttendeeResponse[]): AttendeeResponse {
  const attending = responses.filter((r) => r !== 'declined');
  if (responses.length > 0 && attending.length === 0) return 'declined';
  return (
    attending.reduce<AttendeeResponse | undefined>(
      (most, r) => (most === undefined || COMMITMENT[r] > COMMITMENT[most] ? r : most),
      undefined,
    ) ?? 'none'
  );
}

export interface OccurrenceObservation {
  eventId: string;
  start: number;
  end: number;
  isCancelled: boolean;
  attendeeResponse: AttendeeResponse;
}

export type SeriesObservation =
  | { state: 'deleted' }
  | { state: 'cancelled' }
  | {
      state: 'active';
      attendeeResponse: AttendeeResponse;
      recurrenceEndDate?: string;
      occurrences: readonly OccurrenceObservation[];
    };

export type SessionVerdict = 'likely-held' | 'uncertain' | 'missed' | 'upcoming';

export type FollowUp =
  | { kind: 'flag'; reason: 'organizer-deleted-series' | 'series-cancelled'; message: string }
  | { kind: 'rebook'; reason: 'attendee-declined-series'; message: string }
  | {
      kind: 'healthy';
      sessions: Array<{ eventId: string; start: number; verdict: SessionVerdict }>;
      likelyHeld: number;
      /** Occurrences the attendee declined or that were cancelled: noted on the pairing, not re-booked. */
      missed: string[];
      nextSession?: { start: number; end: number };
      /** True once the first session has (likely) taken place and no feedback was requested yet. */
      askFeedback: boolean;
    };

/**
 * A past occurrence is *likely held* when it was not cancelled and the attendee accepted (or tentatively accepted)
 * it; *uncertain* without a response; *missed* when declined or cancelled. Feedback confirms (it is asked after the
 * first session that was not missed).
 */
export function verdictOf(occurrence: OccurrenceObservation, now: number): SessionVerdict {
  if (occurrence.isCancelled || occurrence.attendeeResponse === 'declined') return 'missed';
  if (occurrence.end > now) return 'upcoming';
  return occurrence.attendeeResponse === 'accepted' || occurrence.attendeeResponse === 'tentativelyAccepted'
    ? 'likely-held'
    : 'uncertain';
}

/** One occurrence as the organizer's copy lists it, with one response per attendee (attendees in a fixed order). */
export interface InstanceObservation {
  eventId: string;
  start: number;
  end: number;
  isCancelled: boolean;
  responses: readonly AttendeeResponse[];
}

/**
 * The series as its occurrences show it — what one `instances` read per series gives (the follow-up sweep reads
 * nothing else). Occurrences inherit the attendees' answer to the series, so an attendee who declined the series
 * declined every occurrence still to come: that is the series declined. Every occurrence cancelled → cancelled.
 */
export function observeInstances(instances: readonly InstanceObservation[], now: number): SeriesObservation {
  if (instances.length > 0 && instances.every((i) => i.isCancelled)) return { state: 'cancelled' };
  const attendees = Math.max(0, ...instances.map((i) => i.responses.length));
  const ahead = instances.filter((i) => !i.isCancelled && i.end > now);
  const seriesResponses: AttendeeResponse[] = [];
  for (let a = 0; a < attendees; a++) {
    const answers = ahead.map((i) => i.responses[a] ?? 'none');
    // Declining one session (a holiday) is not declining the series: only "every session still to come" is.
    const declinedAll = answers.length > 0 && answers.every((r) => r === 'declined');
    seriesResponses.push(declinedAll ? 'declined' : (answers.find((r) => r !== 'declined') ?? 'none'));
  }
  return {
    state: 'active',
    attendeeResponse: seriesResponseOf(seriesResponses),
    occurrences: instances.map((i) => ({
      eventId: i.eventId,
      start: i.start,
      end: i.end,
      isCancelled: i.isCancelled,
      attendeeResponse: occurrenceResponseOf(i.responses),
    })),
  };
}

export function assessSeries(
  observation: SeriesObservation,
  options: { now: number; feedbackRequested: boolean },
): FollowUp {
  if (observation.state === 'deleted') {
    return {
      kind: 'flag',
      reason: 'organizer-deleted-series',
      message: 'The organizer deleted the meeting series.',
    };
  }
  if (observation.state === 'cancelled') {
    return {
      kind: 'flag',
      reason: 'series-cancelled',
      message: 'The meeting series was cancelled in Outlook.',
    };
  }
  if (observation.attendeeResponse === 'declined') {
    return {
      kind: 'rebook',
      reason: 'attendee-declined-series',
      message: 'A peer declined the series; it will be re-booked at the next best time.',
    };
  }
  const occurrences = [...observation.occurrences].sort(
    (a, b) => a.start - b.start || (a.eventId < b.eventId ? -1 : 1),
  );
  const sessions = occurrences.map((o) => ({
    eventId: o.eventId,
    start: o.start,
    verdict: verdictOf(o, options.now),
  }));
  const next = occurrences.find((o) => !o.isCancelled && o.start > options.now);
  const firstDone = sessions.find((s) => s.verdict === 'likely-held' || s.verdict === 'uncertain');
  return {
    kind: 'healthy',
    sessions,
    likelyHeld: sessions.filter((s) => s.verdict === 'likely-held').length,
    missed: sessions.filter((s) => s.verdict === 'missed').map((s) => s.eventId),
    ...(next ? { nextSession: { start: next.start, end: next.end } } : {}),
    askFeedback: !options.feedbackRequested && firstDone !== undefined,
  };
}
