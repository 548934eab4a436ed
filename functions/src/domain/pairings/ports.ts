import { type ActivityParameters, type ActivityType } from '../../contracts/activity-types';
import {
  type BookingMessage,
  type NotificationMessage,
  type RoundJobMessage,
  type SeriesActionMessage,
} from '../../contracts/queue';
import { type CalendarPort, type FreeBusyPort } from '../scheduling/book-pairings';
import { type AttendeeResponse, type InstanceObservation } from '../scheduling/series-health';
import { type SeriesTimes } from './lifecycle';

/**
 * The ports of the pairing lifecycle's services (booking, series actions, follow-up, reschedule, notifications).
 * Declared here, where they are used; adapters implement them (adapters/graph/calendar, adapters/queues) and
 * composition.ts wires them once, with one set of calendar ports per tenant.
 */

/** Mailbox addresses for user ids (getSchedule and attendees need SMTP addresses; we store none). */
export interface MailboxLookup {
  found: Map<string, { mail: string; displayName: string }>;
  /** The directory answered and the person has no mailbox: booking them cannot succeed. */
  missing: Set<string>;
  /** The lookup failed (throttled, unavailable): try again later, never read as "no mailbox". */
  unknown: Set<string>;
}

export interface MailboxPort {
  lookup(userIds: readonly string[]): Promise<MailboxLookup>;
}

export type EndSeriesOutcome =
  | { kind: 'ended'; lastDate: string }
  | { kind: 'cancelled-whole-series' }
  | { kind: 'already-ended' }
  | { kind: 'missing' };

/** A calendar call that failed: `transient` ones (throttled, unavailable, timed out) are retried later. */
export interface CalendarFailure {
  kind: 'failed';
  transient: boolean;
  code: string;
}

export interface EndSeriesItem {
  key: string;
  /** The organizer's object id: calendars are addressed by id, never by mail (UPN and mail may differ). */
  organizerId: string;
  eventId: string;
  /** Sessions from this instant on are removed; earlier ones stay on both calendars. */
  from: number;
  comment: string;
}

export type SeriesRead =
  { kind: 'deleted' } | { kind: 'instances'; instances: InstanceObservation[] } | CalendarFailure;

export interface SeriesReadItem {
  key: string;
  organizerId: string;
  eventId: string;
  window: { start: number; end: number };
}

/** What the lifecycle does to series that exist. Batched: many pairings share `$batch` requests. */
export interface SeriesPort {
  endSeriesMany(items: readonly EndSeriesItem[]): Promise<Map<string, EndSeriesOutcome | CalendarFailure>>;
  moveSeries(input: {
    organizerId: string;
    eventId: string;
    times: SeriesTimes;
  }): Promise<{ kind: 'moved' } | { kind: 'missing' } | CalendarFailure>;
  /** The series' occurrences in `window` (one request per series, sent in `$batch`es). */
  readSeriesMany(items: readonly SeriesReadItem[]): Promise<Map<string, SeriesRead>>;
  /** The attendees' answers to the series itself, to confirm a decline its occurrences suggest. */
  readSeriesResponses(
    items: readonly Omit<SeriesReadItem, 'window'>[],
  ): Promise<
    Map<string, { kind: 'responses'; responses: AttendeeResponse[] } | { kind: 'deleted' } | CalendarFailure>
  >;
}

/** Every calendar port of one tenant. */
export interface CalendarPorts {
  mailboxes: MailboxPort;
  freeBusy: FreeBusyPort;
  calendar: CalendarPort;
  series: SeriesPort;
}

export type CalendarPortsFor = (tenantId: string) => CalendarPorts;

/** Recipients of one notification at most (Graph's `sendActivityNotificationToRecipients`). */
export const MAX_NOTIFICATION_RECIPIENTS = 100;

/**
 * One Teams activity-feed notification, the same for every recipient (≤ 100): so its deep link names no pairing.
 * It reaches only people who have the Teams app; the others learn everything from the invitation.
 */
export interface ActivityNotification<T extends ActivityType = ActivityType> {
  userIds: readonly string[];
  activityType: T;
  parameters: ActivityParameters<T>;
  webUrl: string;
  previewText: string;
}

export interface NotifierPort {
  notify(notification: ActivityNotification): Promise<void>;
}

export type NotifierFor = (tenantId: string) => NotifierPort;

/**
 * The work queues: booking (`bookings`), calendar actions (`series-actions`), notifications
 * (`notifications`) and round jobs (`rounds`). A delay makes the message visible only later (transient failures back off this way).
 */
export interface WorkQueues {
  book(messages: readonly BookingMessage[], options?: { delaySeconds?: number }): Promise<void>;
  act(messages: readonly SeriesActionMessage[], options?: { delaySeconds?: number }): Promise<void>;
  notify(messages: readonly NotificationMessage[], options?: { delaySeconds?: number }): Promise<void>;
  /** Rounds to plan or publish (`rounds`): a round is computed by its worker, never inside a request or a timer. */
  rounds(messages: readonly RoundJobMessage[]): Promise<void>;
}
