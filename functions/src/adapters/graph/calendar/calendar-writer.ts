import { DateTime } from 'luxon';
import { z } from 'zod';

import { type SeriesTimes } from '../../../domain/pairings/lifecycle';
import {
  type CalendarFailure,
  type EndSeriesItem,
  type EndSeriesOutcome,
  type SeriesPort,
  type SeriesRead,
  type SeriesReadItem,
} from '../../../domain/pairings/ports';
import { type CalendarPort } from '../../../domain/scheduling/book-pairings';
import { BOOKING_MARKER_PROPERTY_ID, type SeriesEventRequest } from '../../../domain/scheduling/event-body';
import { type AttendeeResponse } from '../../../domain/scheduling/series-health';
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
  /** The organizer's object id (calendars are addressed by id: a UPN or mail may differ from the SMTP address). */
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
  type: z.string().nullish(),
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
type Master = z.infer<typeof MasterSchema>;
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

function users(userId: string): string {
  return `/users/${encodeURIComponent(userId)}`;
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

/** A failed call as the lifecycle's ports report it (the Graph message is never passed on: it may echo PII). */
function calendarFailure(outcome: GraphOutcome | undefined): CalendarFailure {
  if (!outcome) return { kind: 'failed', transient: true, code: 'graph_no_response' };
  if (outcome instanceof GraphTransportError)
    return { kind: 'failed', transient: true, code: `graph_${outcome.reason}` };
  return {
    kind: 'failed',
    transient: isRetryableStatus(outcome.status),
    code: `graph_${outcome.status}_${graphErrorOf(outcome.body).code}`,
  };
}

function ok(outcome: GraphOutcome | undefined): outcome is GraphHttpResponse {
  return (
    !!outcome && !(outcome instanceof GraphTransportError) && outcome.status >= 200 && outcome.status < 300
  );
}

/** Graph's answer to a create that reuses a transactionId with a different body (`ErrorDuplicateTransactionId`). */
function isDuplicateTransaction(outcome: GraphOutcome | undefined): boolean {
  return (
    !!outcome &&
    !(outcome instanceof GraphTransportError) &&
    outcome.status >= 400 &&
    outcome.status < 500 &&
    graphErrorOf(outcome.body).code === 'ErrorDuplicateTransactionId'
  );
}

const isMissing = (outcome: GraphOutcome | undefined): boolean =>
  !!outcome &&
  !(outcome instanceof GraphTransportError) &&
  (outcome.status === 404 || outcome.status === 410);

function instantOf(value: { dateTime: string; timeZone?: string | null | undefined }): number {
  const zone = zoneFromName(value.timeZone ?? 'UTC') ?? zoneFromName('UTC');
  return DateTime.fromISO(value.dateTime, { zone: zone! }).toMillis();
}

const RESPONSES = [
  'none',
  'organizer',
  'tentativelyAccepted',
  'accepted',
  'declined',
  'notResponded',
] as const;

function responseOf(attendee: z.infer<typeof AttendeeSchema> | undefined): AttendeeResponse {
  const response = attendee?.status?.response ?? 'none';
  return RESPONSES.find((r) => r === response) ?? 'none';
}

/**
 * The attendees' answers in a fixed order (by address), resources and the organizer left out. Identities are not
 * needed: a group's answer combines them (`seriesResponseOf`, `occurrenceResponseOf`).
 */
function responsesOf(
  attendees: readonly z.infer<typeof AttendeeSchema>[] | null | undefined,
): AttendeeResponse[] {
  return [...(attendees ?? [])]
    .filter((a) => a.type !== 'resource' && a.status?.response !== 'organizer')
    .sort((x, y) =>
      (x.emailAddress?.address ?? '').toLowerCase() < (y.emailAddress?.address ?? '').toLowerCase() ? -1 : 1,
    )
    .map(responseOf);
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

/**
 * The calendar half of Graph for the lifecycle: create series exactly once, end them early, move them, and read
 * their occurrences — each operation over many pairings in `$batch`es (docs/scheduling.md §6–§8). Calendars are
 * addressed by the organizer's object id.
 */
export class GraphCalendarWriter implements CalendarPort, SeriesPort {
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
    const duplicates: EnsureSeriesItem[] = [];
    for (const item of toCreate) {
      const outcome = created.get(item.key);
      if (isDuplicateTransaction(outcome)) {
        duplicates.push(item);
        continue;
      }
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
    if (duplicates.length > 0) {
      // Exchange already holds an event with this transactionId (a retried create whose body changed, e.g. a new
      // slot after a crash): that is our series, created by this attempt — find it by its marker and adopt it.
      const lookups = await this.gateway.sendMany(
        duplicates.map((i) => this.markerLookup(i.key, i.organizer, i.markerValue)),
        budget,
      );
      for (const item of duplicates) {
        const outcome = lookups.get(item.key);
        const existing = this.pickExisting(outcome);
        results.set(
          item.key,
          existing === 'unknown'
            ? failure(outcome, this.gateway.now)
            : existing
              ? { kind: 'created', series: existing }
              : {
                  kind: 'failed',
                  error: new AppError(
                    'upstream',
                    'Graph reports the series as created but it cannot be found.',
                    {
                      code: 'graph_duplicate_transaction_without_series',
                    },
                  ),
                  retryable: true,
                },
        );
      }
    }
    return results;
  }

  private masterCall(id: string, organizerId: string, eventId: string, select: string): GraphCall {
    return {
      id,
      method: 'GET',
      path: `${users(organizerId)}/events/${encodeURIComponent(eventId)}?$select=${select}`,
      headers: { prefer: IMMUTABLE_IDS },
    };
  }

  /**
   * Ends many series from their `from` on, keeping every earlier occurrence: the masters are read in `$batch`es,
   * then each recurrence's `range.endDate` is PATCHed to the day before `from` (organizer-local) — Outlook sends each
   * attendee one update and the future occurrences leave both calendars. A series with no occurrence before `from`
   * is cancelled as a whole with `comment` (one message). Per-occurrence cancels are never sent: they would mail one
   * cancellation per remaining session. Idempotent: an already shortened or missing series needs nothing.
   */
  async endSeriesMany(
    items: readonly EndSeriesItem[],
    budget?: RetryBudget,
  ): Promise<Map<string, EndSeriesOutcome | CalendarFailure>> {
    const results = new Map<string, EndSeriesOutcome | CalendarFailure>();
    if (items.length === 0) return results;
    const masters = await this.gateway.sendMany(
      items.map((i) => this.masterCall(i.key, i.organizerId, i.eventId, 'id,isCancelled,start,recurrence')),
      budget,
    );
    const writes: GraphCall[] = [];
    const lastDates = new Map<string, string>();
    for (const item of items) {
      const outcome = masters.get(item.key);
      if (isMissing(outcome)) {
        results.set(item.key, { kind: 'missing' });
        continue;
      }
      if (!ok(outcome)) {
        results.set(item.key, calendarFailure(outcome));
        continue;
      }
      const parsed = MasterSchema.safeParse(outcome.body);
      if (!parsed.success) {
        results.set(item.key, { kind: 'failed', transient: false, code: 'graph_unreadable_event' });
        continue;
      }
      const plan = endPlan(parsed.data, item.from);
      if (plan.kind === 'done') results.set(item.key, plan.outcome);
      else if (plan.kind === 'cancel')
        writes.push({
          id: item.key,
          method: 'POST',
          path: `${users(item.organizerId)}/events/${encodeURIComponent(item.eventId)}/cancel`,
          headers: { prefer: IMMUTABLE_IDS },
          body: { comment: item.comment },
        });
      else {
        lastDates.set(item.key, plan.lastDate);
        writes.push({
          id: item.key,
          method: 'PATCH',
          path: `${users(item.organizerId)}/events/${encodeURIComponent(item.eventId)}`,
          headers: { prefer: IMMUTABLE_IDS },
          body: { recurrence: plan.recurrence },
        });
      }
    }
    if (writes.length === 0) return results;
    const written = await this.gateway.sendMany(writes, budget);
    for (const call of writes) {
      const outcome = written.get(call.id);
      const lastDate = lastDates.get(call.id);
      if (isMissing(outcome)) results.set(call.id, { kind: 'missing' });
      else if (!ok(outcome)) results.set(call.id, calendarFailure(outcome));
      else results.set(call.id, lastDate ? { kind: 'ended', lastDate } : { kind: 'cancelled-whole-series' });
    }
    return results;
  }

  /** One series, ended as `endSeriesMany` does; throws an AppError when Graph fails. */
  async endSeriesEarly(
    input: { organizer: string; eventId: string; from: number; comment: string },
    budget?: RetryBudget,
  ): Promise<EndSeriesOutcome> {
    const result = (
      await this.endSeriesMany(
        [
          {
            key: 'one',
            organizerId: input.organizer,
            eventId: input.eventId,
            from: input.from,
            comment: input.comment,
          },
        ],
        budget,
      )
    ).get('one');
    if (!result || result.kind === 'failed')
      throw new AppError(
        result?.transient === false ? 'upstream' : 'unavailable',
        'Graph could not end the series.',
        {
          code: result?.code ?? 'graph_no_response',
        },
      );
    return result;
  }

  /**
   * Moves a whole series to a new day and time: PATCH the master's start, end and recurrence (Graph replaces the
   * recurrence as a whole, so pattern and range go together; range.startDate is the new first occurrence's date).
   * Graph sends the attendees the update. 'missing' when the series is gone.
   */
  async moveSeries(
    input: { organizerId: string; eventId: string; times: SeriesTimes },
    budget?: RetryBudget,
  ): Promise<{ kind: 'moved' } | { kind: 'missing' } | CalendarFailure> {
    const response = await this.gateway
      .send(
        {
          method: 'PATCH',
          path: `${users(input.organizerId)}/events/${encodeURIComponent(input.eventId)}`,
          headers: { prefer: IMMUTABLE_IDS },
          body: { start: input.times.start, end: input.times.end, recurrence: input.times.recurrence },
        },
        budget,
      )
      .catch((e: unknown) => {
        if (e instanceof GraphTransportError) return e;
        throw e;
      });
    if (isMissing(response)) return { kind: 'missing' };
    if (!ok(response)) return calendarFailure(response);
    return { kind: 'moved' };
  }

  private instancesCall(item: SeriesReadItem): GraphCall {
    const query = `startDateTime=${new Date(item.window.start).toISOString()}&endDateTime=${new Date(item.window.end).toISOString()}&$select=id,isCancelled,start,end,attendees&$top=100`;
    return {
      id: item.key,
      method: 'GET',
      path: `${users(item.organizerId)}/events/${encodeURIComponent(item.eventId)}/instances?${query}`,
      headers: { prefer: `${IMMUTABLE_IDS}, outlook.timezone="UTC"` },
    };
  }

  /**
   * Each series' occurrences in its window, with every attendee's answer per occurrence, from the organizer's copy:
   * one `instances` request per series, 20 to a `$batch` (a further page, rare, is followed on its own).
   */
  async readSeriesMany(
    items: readonly SeriesReadItem[],
    budget?: RetryBudget,
  ): Promise<Map<string, SeriesRead>> {
    const results = new Map<string, SeriesRead>();
    if (items.length === 0) return results;
    const first = await this.gateway.sendMany(
      items.map((i) => this.instancesCall(i)),
      budget,
    );
    for (const item of items) {
      let outcome = first.get(item.key);
      if (isMissing(outcome)) {
        results.set(item.key, { kind: 'deleted' });
        continue;
      }
      const instances: Array<Extract<SeriesRead, { kind: 'instances' }>['instances'][number]> = [];
      let failed: CalendarFailure | undefined;
      for (;;) {
        if (!ok(outcome)) {
          failed = calendarFailure(outcome);
          break;
        }
        const parsed = InstanceListSchema.safeParse(outcome.body);
        if (!parsed.success) {
          failed = { kind: 'failed', transient: false, code: 'graph_unreadable_instances' };
          break;
        }
        for (const i of parsed.data.value)
          instances.push({
            eventId: i.id,
            start: instantOf(i.start),
            end: instantOf(i.end),
            isCancelled: !!i.isCancelled,
            responses: responsesOf(i.attendees),
          });
        const next = parsed.data['@odata.nextLink'];
        if (!next) break;
        outcome = await this.gateway
          .send(
            {
              method: 'GET',
              path: relativeLink(next),
              headers: { prefer: `${IMMUTABLE_IDS}, outlook.timezone="UTC"` },
            },
            budget,
          )
          .catch((e: unknown) => {
            if (e instanceof GraphTransportError) return e;
            throw e;
          });
      }
      results.set(item.key, failed ?? { kind: 'instances', instances });
    }
    return results;
  }

  /** The attendees' answers to the series itself (the master), to confirm a decline the occurrences suggest. */
  async readSeriesResponses(
    items: readonly Omit<SeriesReadItem, 'window'>[],
    budget?: RetryBudget,
  ): Promise<
    Map<string, { kind: 'responses'; responses: AttendeeResponse[] } | { kind: 'deleted' } | CalendarFailure>
  > {
    const results = new Map<
      string,
      { kind: 'responses'; responses: AttendeeResponse[] } | { kind: 'deleted' } | CalendarFailure
    >();
    if (items.length === 0) return results;
    const masters = await this.gateway.sendMany(
      items.map((i) => this.masterCall(i.key, i.organizerId, i.eventId, 'id,isCancelled,attendees')),
      budget,
    );
    for (const item of items) {
      const outcome = masters.get(item.key);
      if (isMissing(outcome)) results.set(item.key, { kind: 'deleted' });
      else if (!ok(outcome)) results.set(item.key, calendarFailure(outcome));
      else {
        const parsed = MasterSchema.safeParse(outcome.body);
        results.set(
          item.key,
          parsed.success
            ? { kind: 'responses', responses: responsesOf(parsed.data.attendees) }
            : { kind: 'failed', transient: false, code: 'graph_unreadable_event' },
        );
      }
    }
    return results;
  }

  /** Error text for records; never includes Graph's message (it may echo personal data). */
  static describe(response: GraphHttpResponse): string {
    return `${response.status} ${graphErrorOf(response.body).code}`;
  }
}

type EndPlan =
  | { kind: 'done'; outcome: EndSeriesOutcome }
  | { kind: 'cancel' }
  | { kind: 'shorten'; lastDate: string; recurrence: Record<string, unknown> };

/** What ending `master` from `from` on takes: nothing, a cancel (no past occurrence), or a shorter range. */
function endPlan(master: Master, from: number): EndPlan {
  if (master.isCancelled) return { kind: 'done', outcome: { kind: 'already-ended' } };
  const recurrence = master.recurrence;
  if (!recurrence) return { kind: 'cancel' };
  const zone =
    zoneFromName(recurrence.range.recurrenceTimeZone ?? master.start?.timeZone ?? 'UTC') ??
    zoneFromName('UTC')!;
  const lastDate = DateTime.fromMillis(from, { zone }).minus({ days: 1 }).toISODate() ?? '';
  const currentEnd = recurrence.range.endDate ?? undefined;
  if (currentEnd && currentEnd <= lastDate) return { kind: 'done', outcome: { kind: 'already-ended' } };
  if (lastDate < recurrence.range.startDate) return { kind: 'cancel' };
  return {
    kind: 'shorten',
    lastDate,
    // Graph replaces the recurrence as a whole: send the pattern back unchanged with the new range.
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
  };
}
