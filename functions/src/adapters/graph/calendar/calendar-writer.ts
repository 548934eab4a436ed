import { DateTime } from 'luxon';
import { z } from 'zod';

import { BOOKING_MARKER_PROPERTY_ID, type SeriesEventRequest } from '../../../domain/scheduling/event-body';
import {
  type AttendeeResponse,
  type OccurrenceObservation,
  occurrenceResponseOf,
  type SeriesObservation,
  seriesResponseOf,
} from '../../../domain/scheduling/series-health';
import { zoneFromName } from '../../../domain/scheduling/time-zones';
import { AppError } from '../../../errors';
import { type GraphCall, type GraphGateway, type GraphOutcome } from './graph-gateway';
import { graphErrorOf, type GraphHttpResponse, GraphTransportError } from './graph-http';
import { isRetryableStatus, type RetryBudget, upstreamErrorFor } from './retry-policy';

/** Every event request asks for immutable ids: the ids we store must survive the item moving folders. */
const IMMUTABLE_IDS = 'IdType="ImmutableId"';

/** A series as we store it on the pairing. */
export interface BookedSeries {
  /** Immutable id of the series master on the organizer's calendar. */
  eventId: string;
  iCalUId?: string;
  /** The Teams join link; absent → `onlineMeetingMissing` (a degraded state the worker records, not a failure). */
  joinUrl?: string;
  onlineMeetingMissing: boolean;
  webLink?: string;
  transactionId?: string;
  /** True when an existing series (found by our marker) was returned instead of creating one. */
  existing: boolean;
}

export type CreateOutcome =
  { kind: 'created'; series: BookedSeries } | { kind: 'failed'; error: AppError; retryable: boolean };

export interface EnsureSeriesItem {
  /** Caller's key (e.g. the pairing id) for the result map. */
  key: string;
  organizer: string;
  event: SeriesEventRequest;
  /** The marker value put on the event (`bookingMarkerValue(tenant, pairing)`). */
  markerValue: string;
  /**
   * Set when an earlier attempt may have reached Graph (the pairing records an attempt that started and never
   * finished): then we look for our marker before creating. First attempts skip the look-up (saves a request).
   */
  mayExist: boolean;
}

export type { AttendeeResponse } from '../../../domain/scheduling/series-health';

/** One occurrence as the organizer's copy shows it. */
export type OccurrenceHealth = OccurrenceObservation;

/** The domain's `SeriesObservation` (see `assessSeries`), read from the organizer's copy. */
export type SeriesHealth = SeriesObservation;

export type EndSeriesOutcome =
  | { kind: 'ended'; lastDate: string }
  | { kind: 'cancelled-whole-series' }
  | { kind: 'already-ended' }
  | { kind: 'missing' };

/** Port: what the booking worker and the follow-up timer do to calendars. */
export interface CalendarWriter {
  ensureSeriesMany(
    items: readonly EnsureSeriesItem[],
    budget?: RetryBudget,
  ): Promise<Map<string, CreateOutcome>>;
  findSeriesByMarker(
    organizer: string,
    markerValue: string,
    budget?: RetryBudget,
  ): Promise<BookedSeries | undefined>;
  /** `attendees`: one mailbox, or every attendee's of a group (their responses are combined, see series-health). */
  readSeriesHealth(
    organizer: string,
    eventId: string,
    attendees: string | readonly string[],
    window: { start: number; end: number },
    budget?: RetryBudget,
  ): Promise<SeriesHealth>;
  endSeriesEarly(
    input: { organizer: string; eventId: string; from: number; comment: string },
    budget?: RetryBudget,
  ): Promise<EndSeriesOutcome>;
  cancelOccurrence(
    organizer: string,
    occurrenceId: string,
    comment: string,
    budget?: RetryBudget,
  ): Promise<void>;
}

const CreatedEventSchema = z.object({
  id: z.string(),
  iCalUId: z.string().nullish(),
  webLink: z.string().nullish(),
  transactionId: z.string().nullish(),
  isCancelled: z.boolean().nullish(),
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
});
const EventListSchema = z.object({
  value: z.array(CreatedEventSchema),
  '@odata.nextLink': z.string().optional(),
});
const AttendeeSchema = z.object({
  emailAddress: z.object({ address: z.string().nullish() }).nullish(),
  status: z.object({ response: z.string().nullish() }).nullish(),
});
const RecurrenceSchema = z.object({
  pattern: z.record(z.string(), z.unknown()),
  range: z.object({
    type: z.string(),
    startDate: z.string(),
    endDate: z.string().nullish(),
    recurrenceTimeZone: z.string().nullish(),
    numberOfOccurrences: z.number().nullish(),
  }),
});
const DateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const MasterSchema = z.object({
  id: z.string(),
  isCancelled: z.boolean().nullish(),
  start: DateTimeTimeZoneSchema.nullish(),
  attendees: z.array(AttendeeSchema).nullish(),
  recurrence: RecurrenceSchema.nullish(),
});
const InstanceListSchema = z.object({
  value: z.array(
    z.object({
      id: z.string(),
      isCancelled: z.boolean().nullish(),
      start: DateTimeTimeZoneSchema,
      end: DateTimeTimeZoneSchema,
      attendees: z.array(AttendeeSchema).nullish(),
    }),
  ),
  '@odata.nextLink': z.string().optional(),
});

function users(mailbox: string): string {
  return `/users/${encodeURIComponent(mailbox)}`;
}

function toSeries(body: z.infer<typeof CreatedEventSchema>, existing: boolean): BookedSeries {
  const joinUrl = body.onlineMeeting?.joinUrl ?? undefined;
  return {
    eventId: body.id,
    ...(body.iCalUId ? { iCalUId: body.iCalUId } : {}),
    ...(joinUrl ? { joinUrl } : {}),
    onlineMeetingMissing: !joinUrl,
    ...(body.webLink ? { webLink: body.webLink } : {}),
    ...(body.transactionId ? { transactionId: body.transactionId } : {}),
    existing,
  };
}

function failure(
  outcome: GraphOutcome | undefined,
  now: number,
): { kind: 'failed'; error: AppError; retryable: boolean } {
  if (!outcome)
    return {
      kind: 'failed',
      error: new AppError('unavailable', 'No answer from Microsoft Graph.', { code: 'graph_no_response' }),
      retryable: true,
    };
  const retryable = outcome instanceof GraphTransportError || isRetryableStatus(outcome.status);
  return { kind: 'failed', error: upstreamErrorFor(outcome, now), retryable };
}

function ok(outcome: GraphOutcome | undefined): outcome is GraphHttpResponse {
  return (
    !!outcome && !(outcome instanceof GraphTransportError) && outcome.status >= 200 && outcome.status < 300
  );
}

function instantOf(value: { dateTime: string; timeZone?: string | null | undefined }): number {
  const zone = zoneFromName(value.timeZone ?? 'UTC') ?? zoneFromName('UTC');
  return DateTime.fromISO(value.dateTime, { zone: zone! }).toMillis();
}

function responseOf(
  attendees: z.infer<typeof AttendeeSchema>[] | null | undefined,
  mailbox: string,
): AttendeeResponse {
  const found = attendees?.find((a) => a.emailAddress?.address?.toLowerCase() === mailbox.toLowerCase());
  const response = found?.status?.response ?? 'none';
  return (
    (['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded'] as const).find(
      (r) => r === response,
    ) ?? 'none'
  );
}

/** A path relative to the version root from an absolute `@odata.nextLink`. */
function relativeLink(link: string): string {
  const url = new URL(link);
  return `${url.pathname.replace(/^\/v1\.0/, '')}${url.search}`;
}

export function markerFilter(markerValue: string): string {
  const escaped = markerValue.replace(/'/g, "''");
  return `singleValueExtendedProperties/Any(ep: ep/id eq '${BOOKING_MARKER_PROPERTY_ID}' and ep/value eq '${escaped}')`;
}

export class GraphCalendarWriter implements CalendarWriter {
  constructor(private readonly gateway: GraphGateway) {}

  private markerLookup(id: string, organizer: string, markerValue: string): GraphCall {
    const query = `$filter=${encodeURIComponent(markerFilter(markerValue))}&$select=id,iCalUId,webLink,transactionId,isCancelled,onlineMeeting`;
    return {
      id,
      method: 'GET',
      path: `${users(organizer)}/events?${query}`,
      headers: { prefer: IMMUTABLE_IDS },
    };
  }

  private pickExisting(outcome: GraphOutcome | undefined): BookedSeries | undefined | 'unknown' {
    if (!ok(outcome)) return 'unknown';
    const parsed = EventListSchema.safeParse(outcome.body);
    if (!parsed.success) return 'unknown';
    const live = parsed.data.value.filter((e) => !e.isCancelled);
    return live[0] ? toSeries(live[0], true) : undefined;
  }

  async findSeriesByMarker(
    organizer: string,
    markerValue: string,
    budget?: RetryBudget,
  ): Promise<BookedSeries | undefined> {
    const call = this.markerLookup('find', organizer, markerValue);
    const response = await this.gateway.send(call, budget);
    const existing = this.pickExisting(response);
    if (existing === 'unknown') throw upstreamErrorFor(response, this.gateway.now);
    return existing;
  }

  /**
   * Creates each pairing's series exactly once: marker look-ups (only where an earlier attempt may have reached
   * Graph) and creations each go out in `$batch`es. A failed look-up is not guessed past — that pairing fails
   * (retryable) rather than risk a second series. Creations carry the deterministic transactionId as well.
   */
  async ensureSeriesMany(
    items: readonly EnsureSeriesItem[],
    budget?: RetryBudget,
  ): Promise<Map<string, CreateOutcome>> {
    const results = new Map<string, CreateOutcome>();
    const lookups = items.filter((i) => i.mayExist);
    const found =
      lookups.length > 0
        ? await this.gateway.sendMany(
            lookups.map((i) => this.markerLookup(i.key, i.organizer, i.markerValue)),
            budget,
          )
        : new Map<string, GraphOutcome>();
    const toCreate: EnsureSeriesItem[] = [];
    for (const item of items) {
      if (!item.mayExist) {
        toCreate.push(item);
        continue;
      }
      const outcome = found.get(item.key);
      const existing = this.pickExisting(outcome);
      if (existing === 'unknown') results.set(item.key, failure(outcome, this.gateway.now));
      else if (existing) results.set(item.key, { kind: 'created', series: existing });
      else toCreate.push(item);
    }
    if (toCreate.length === 0) return results;
    const created = await this.gateway.sendMany(
      toCreate.map((i) => ({
        id: i.key,
        method: 'POST',
        path: `${users(i.organizer)}/events`,
        headers: { prefer: IMMUTABLE_IDS },
        body: i.event,
      })),
      budget,
    );
    for (const item of toCreate) {
      const outcome = created.get(item.key);
      if (!ok(outcome)) {
        results.set(item.key, failure(outcome, this.gateway.now));
        continue;
      }
      const parsed = CreatedEventSchema.safeParse(outcome.body);
      results.set(
        item.key,
        parsed.success
          ? { kind: 'created', series: toSeries(parsed.data, false) }
          : {
              kind: 'failed',
              error: new AppError('upstream', 'Graph returned an unreadable event.', {
                code: 'graph_unreadable_event',
              }),
              retryable: true,
            },
      );
    }
    return results;
  }

  private async getMaster(
    organizer: string,
    eventId: string,
    budget?: RetryBudget,
  ): Promise<z.infer<typeof MasterSchema> | 'missing'> {
    const response = await this.gateway.send(
      {
        method: 'GET',
        path: `${users(organizer)}/events/${encodeURIComponent(eventId)}?$select=id,isCancelled,start,attendees,recurrence`,
        headers: { prefer: IMMUTABLE_IDS },
      },
      budget,
    );
    if (response.status === 404) return 'missing';
    if (!ok(response)) throw upstreamErrorFor(response, this.gateway.now);
    const parsed = MasterSchema.safeParse(response.body);
    if (!parsed.success)
      throw new AppError('upstream', 'Graph returned an unreadable event.', {
        code: 'graph_unreadable_event',
      });
    return parsed.data;
  }

  private async listInstances(
    organizer: string,
    eventId: string,
    window: { start: number; end: number },
    budget?: RetryBudget,
  ) {
    const instances: z.infer<typeof InstanceListSchema>['value'] = [];
    const query = `startDateTime=${new Date(window.start).toISOString()}&endDateTime=${new Date(window.end).toISOString()}&$select=id,isCancelled,start,end,attendees&$top=100`;
    let path: string | undefined =
      `${users(organizer)}/events/${encodeURIComponent(eventId)}/instances?${query}`;
    while (path) {
      const response = await this.gateway.send(
        { method: 'GET', path, headers: { prefer: `${IMMUTABLE_IDS}, outlook.timezone="UTC"` } },
        budget,
      );
      if (!ok(response)) throw upstreamErrorFor(response, this.gateway.now);
      const parsed = InstanceListSchema.safeParse(response.body);
      if (!parsed.success)
        throw new AppError('upstream', 'Graph returned unreadable instances.', {
          code: 'graph_unreadable_instances',
        });
      instances.push(...parsed.data.value);
      path = parsed.data['@odata.nextLink'] ? relativeLink(parsed.data['@odata.nextLink']) : undefined;
    }
    return instances;
  }

  /**
   * The organizer's copy: the attendees' response to the series and to each occurrence in the window. With several
   * attendees (a triad) the series counts as declined when any of them declined it, and an occurrence as declined
   * only when all of them did (`seriesResponseOf`, `occurrenceResponseOf`); the same two requests either way.
   */
  async readSeriesHealth(
    organizer: string,
    eventId: string,
    attendees: string | readonly string[],
    window: { start: number; end: number },
    budget?: RetryBudget,
  ): Promise<SeriesHealth> {
    const mailboxes = typeof attendees === 'string' ? [attendees] : attendees;
    const master = await this.getMaster(organizer, eventId, budget);
    if (master === 'missing') return { state: 'deleted' };
    if (master.isCancelled) return { state: 'cancelled' };
    const instances = await this.listInstances(organizer, eventId, window, budget);
    return {
      state: 'active',
      attendeeResponse: seriesResponseOf(mailboxes.map((m) => responseOf(master.attendees, m))),
      ...(master.recurrence?.range.endDate ? { recurrenceEndDate: master.recurrence.range.endDate } : {}),
      occurrences: instances.map((i) => ({
        eventId: i.id,
        start: instantOf(i.start),
        end: instantOf(i.end),
        isCancelled: !!i.isCancelled,
        // An occurrence without its own attendee list follows the series.
        attendeeResponse: occurrenceResponseOf(
          mailboxes.map((m) => (i.attendees ? responseOf(i.attendees, m) : responseOf(master.attendees, m))),
        ),
      })),
    };
  }

  /**
   * Ends a series from `from` on, keeping every earlier occurrence: PATCH `recurrence.range.endDate` to the day
   * before `from` (organizer-local). Outlook then sends the attendee one update and the future occurrences
   * disappear from both calendars. A series with no occurrence before `from` is cancelled as a whole with
   * `comment` (one cancellation message). Per-occurrence cancels are not sent: they would mail one cancellation
   * per remaining session; the explanation goes to both people through the activity feed instead.
   */
  async endSeriesEarly(
    input: { organizer: string; eventId: string; from: number; comment: string },
    budget?: RetryBudget,
  ): Promise<EndSeriesOutcome> {
    const master = await this.getMaster(input.organizer, input.eventId, budget);
    if (master === 'missing') return { kind: 'missing' };
    if (master.isCancelled) return { kind: 'already-ended' };
    const recurrence = master.recurrence;
    if (!recurrence)
      throw new AppError('upstream', 'The event is not a recurring series.', { code: 'not_a_series' });
    const zone =
      zoneFromName(recurrence.range.recurrenceTimeZone ?? master.start?.timeZone ?? 'UTC') ??
      zoneFromName('UTC')!;
    const lastDate = DateTime.fromMillis(input.from, { zone }).minus({ days: 1 }).toISODate() ?? '';
    const currentEnd = recurrence.range.endDate ?? undefined;
    if (currentEnd && currentEnd <= lastDate) return { kind: 'already-ended' };
    if (lastDate < recurrence.range.startDate) {
      await this.cancelEvent(input.organizer, input.eventId, input.comment, budget);
      return { kind: 'cancelled-whole-series' };
    }
    const response = await this.gateway.send(
      {
        method: 'PATCH',
        path: `${users(input.organizer)}/events/${encodeURIComponent(input.eventId)}`,
        headers: { prefer: IMMUTABLE_IDS },
        // Graph replaces the recurrence as a whole: send the pattern back unchanged with the new range.
        body: {
          recurrence: {
            pattern: recurrence.pattern,
            range: {
              type: 'endDate',
              startDate: recurrence.range.startDate,
              endDate: lastDate,
              ...(recurrence.range.recurrenceTimeZone
                ? { recurrenceTimeZone: recurrence.range.recurrenceTimeZone }
                : {}),
            },
          },
        },
      },
      budget,
    );
    if (response.status === 404) return { kind: 'missing' };
    if (!ok(response)) throw upstreamErrorFor(response, this.gateway.now);
    return { kind: 'ended', lastDate };
  }

  /**
   * Moves a whole series to a new day and time: PATCH the master's start, end and recurrence (Graph replaces the
   * recurrence as a whole, so pattern and range go together; range.startDate is the new first occurrence's date).
   * Graph sends the attendee the update. 'missing' when the series is gone.
   */
  async moveSeries(
    input: {
      organizer: string;
      eventId: string;
      times: Pick<SeriesEventRequest, 'start' | 'end' | 'recurrence'>;
    },
    budget?: RetryBudget,
  ): Promise<{ kind: 'moved' } | { kind: 'missing' }> {
    const response = await this.gateway.send(
      {
        method: 'PATCH',
        path: `${users(input.organizer)}/events/${encodeURIComponent(input.eventId)}`,
        headers: { prefer: IMMUTABLE_IDS },
        body: { start: input.times.start, end: input.times.end, recurrence: input.times.recurrence },
      },
      budget,
    );
    if (response.status === 404) return { kind: 'missing' };
    if (!ok(response)) throw upstreamErrorFor(response, this.gateway.now);
    return { kind: 'moved' };
  }

  /** Cancels one occurrence (e.g. "skip this session") with a message to the attendee. Organizer only. */
  async cancelOccurrence(
    organizer: string,
    occurrenceId: string,
    comment: string,
    budget?: RetryBudget,
  ): Promise<void> {
    await this.cancelEvent(organizer, occurrenceId, comment, budget);
  }

  private async cancelEvent(
    organizer: string,
    eventId: string,
    comment: string,
    budget?: RetryBudget,
  ): Promise<void> {
    const response = await this.gateway.send(
      {
        method: 'POST',
        path: `${users(organizer)}/events/${encodeURIComponent(eventId)}/cancel`,
        headers: { prefer: IMMUTABLE_IDS },
        body: { comment },
      },
      budget,
    );
    if (response.status === 404) return;
    if (!ok(response)) throw upstreamErrorFor(response, this.gateway.now);
  }

  /** Error text for records; never includes Graph's message (it may echo personal data). */
  static describe(response: GraphHttpResponse): string {
    return `${response.status} ${graphErrorOf(response.body).code}`;
  }
}
