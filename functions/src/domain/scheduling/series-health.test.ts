import {
  assessSeries,
  type AttendeeResponse,
  observeInstances,
  type OccurrenceObservation,
  occurrenceResponseOf,
  seriesResponseOf,
  verdictOf,
} from './series-health';

const now = Date.parse('2027-03-20T12:00:00Z');
const occ = (
  day: number,
  response: OccurrenceObservation['attendeeResponse'],
  isCancelled = false,
): OccurrenceObservation => ({
  eventId: `o${day}`,
  start: Date.parse(`2027-03-${String(day).padStart(2, '0')}T09:00:00Z`),
  end: Date.parse(`2027-03-${String(day).padStart(2, '0')}T09:30:00Z`),
  isCancelled,
  attendeeResponse: response,
});

describe('verdictOf', () => {
  it.each([
    [occ(2, 'accepted'), 'likely-held'],
    [occ(2, 'tentativelyAccepted'), 'likely-held'],
    [occ(2, 'none'), 'uncertain'],
    [occ(2, 'notResponded'), 'uncertain'],
    [occ(2, 'declined'), 'missed'],
    [occ(2, 'accepted', true), 'missed'],
    [occ(27, 'accepted'), 'upcoming'],
    [occ(27, 'declined'), 'missed'],
  ] as const)('%j → %s', (o, verdict) => {
    expect(verdictOf(o, now)).toBe(verdict);
  });
});

describe('assessSeries', () => {
  it.each([
    [{ state: 'deleted' } as const, { kind: 'flag', reason: 'organizer-deleted-series' }],
    [{ state: 'cancelled' } as const, { kind: 'flag', reason: 'series-cancelled' }],
    [
      { state: 'active', attendeeResponse: 'declined', occurrences: [] } as const,
      { kind: 'rebook', reason: 'attendee-declined-series' },
    ],
  ])('%j → %j', (observation, expected) => {
    expect(assessSeries(observation, { now, feedbackRequested: false })).toMatchObject(expected);
  });

  it('counts likely-held sessions, notes missed ones, finds the next session and asks for feedback once', () => {
    const observation = {
      state: 'active',
      attendeeResponse: 'accepted',
      occurrences: [
        occ(13, 'declined'),
        occ(6, 'accepted'),
        occ(20, 'accepted'),
        occ(27, 'accepted'),
        occ(16, 'accepted', true),
      ],
    } as const;
    const result = assessSeries(
      { ...observation, occurrences: [...observation.occurrences] },
      { now, feedbackRequested: false },
    );
    expect(result).toEqual({
      kind: 'healthy',
      sessions: [
        { eventId: 'o6', start: occ(6, 'none').start, verdict: 'likely-held' },
        { eventId: 'o13', start: occ(13, 'none').start, verdict: 'missed' },
        { eventId: 'o16', start: occ(16, 'none').start, verdict: 'missed' },
        { eventId: 'o20', start: occ(20, 'none').start, verdict: 'likely-held' },
        { eventId: 'o27', start: occ(27, 'none').start, verdict: 'upcoming' },
      ],
      likelyHeld: 2,
      missed: ['o13', 'o16'],
      nextSession: { start: occ(27, 'none').start, end: occ(27, 'none').end },
      askFeedback: true,
    });
    expect(
      assessSeries(
        { ...observation, occurrences: [...observation.occurrences] },
        { now, feedbackRequested: true },
      ),
    ).toMatchObject({ askFeedback: false });
  });

  it('does not ask for feedback before a session could have happened', () => {
    expect(
      assessSeries(
        { state: 'active', attendeeResponse: 'none', occurrences: [occ(13, 'declined'), occ(27, 'none')] },
        { now, feedbackRequested: false },
      ),
    ).toMatchObject({
      askFeedback: false,
      likelyHeld: 0,
    });
  });
});

describe('responses of a group (a triad has two attendees)', () => {
  it.each([
    [['accepted'], 'accepted', 'accepted'],
    [['declined'], 'declined', 'declined'],
    [['notResponded'], 'notResponded', 'notResponded'],
    [['accepted', 'declined'], 'declined', 'accepted'],
    [['declined', 'tentativelyAccepted'], 'declined', 'tentativelyAccepted'],
    [['declined', 'declined'], 'declined', 'declined'],
    [['accepted', 'notResponded'], 'notResponded', 'accepted'],
    [['accepted', 'tentativelyAccepted'], 'tentativelyAccepted', 'accepted'],
    [[], 'none', 'none'],
  ] as const)('%j → series %s, occurrence %s', (responses, series, occurrence) => {
    expect(seriesResponseOf(responses)).toBe(series);
    expect(occurrenceResponseOf(responses)).toBe(occurrence);
  });

  it('a decline of the series by any attendee → rebook', () => {
    const attendeeResponse = seriesResponseOf(['accepted', 'declined']);
    expect(
      assessSeries({ state: 'active', attendeeResponse, occurrences: [] }, { now, feedbackRequested: false })
        .kind,
    ).toBe('rebook');
  });
});

describe('observeInstances', () => {
  const DAY_MS = 86_400_000;
  const first = Date.parse('2027-03-04T10:00:00Z');
  const inst = (i: number, responses: AttendeeResponse[], isCancelled = false) => ({
    eventId: `o${i}`,
    start: first + i * 7 * DAY_MS,
    end: first + i * 7 * DAY_MS + 30 * 60_000,
    isCancelled,
    responses,
  });

  it.each<[string, ReturnType<typeof inst>[], number, AttendeeResponse | 'cancelled']>([
    [
      'every remaining session declined → the series',
      [inst(0, ['accepted']), inst(1, ['declined']), inst(2, ['declined'])],
      first + DAY_MS,
      'declined',
    ],
    [
      'one session declined → not the series',
      [inst(0, ['accepted']), inst(1, ['declined']), inst(2, ['accepted'])],
      first + DAY_MS,
      'accepted',
    ],
    [
      'a past decline only → not the series',
      [inst(0, ['declined']), inst(1, ['accepted'])],
      first + DAY_MS,
      'accepted',
    ],
    [
      'either attendee of three declining all → the series',
      [inst(1, ['accepted', 'declined']), inst(2, ['tentativelyAccepted', 'declined'])],
      first,
      'declined',
    ],
    ['nothing left ahead → no series answer to infer', [inst(0, ['declined'])], first + DAY_MS, 'none'],
    [
      'every occurrence cancelled → cancelled',
      [inst(0, ['accepted'], true), inst(1, ['accepted'], true)],
      first,
      'cancelled',
    ],
  ])('%s', (_name, instances, now, expected) => {
    const observation = observeInstances(instances, now);
    if (expected === 'cancelled') expect(observation).toEqual({ state: 'cancelled' });
    else expect(observation).toMatchObject({ state: 'active', attendeeResponse: expected });
  });

  it('an occurrence counts as declined only when every attendee declined it', () => {
    const observation = observeInstances(
      [inst(0, ['declined', 'accepted']), inst(1, ['declined', 'declined'])],
      first,
    );
    if (observation.state !== 'active') throw new Error('expected active');
    expect(observation.occurrences.map((o) => o.attendeeResponse)).toEqual(['accepted', 'declined']);
  });
});
