import { createHash } from 'node:crypto';

import { DateTime } from 'luxon';

import { type Directory, type DirectoryUser, findRecipient } from '../directory';
import { GraphHttpError } from '../http-types';
import { type RealismSwitches } from '../realism';
import { hash32 } from '../rng';
import { epochDayOf, parseDateTimeTimeZone, toDateTimeTimeZone } from '../time-zones';
import {
  type ExtendedProperty,
  mergeExtendedProperties,
  parseExtendedProperties,
} from './extended-properties';
import {
  expandSeries,
  occursOn,
  type Recurrence,
  seriesEndMs,
  type SeriesStart,
  validateRecurrence,
} from './recurrence';

export type ShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
export type ResponseKind =
  'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

export interface Address {
  name: string;
  address: string;
}

export interface AttendeeState {
  type: 'required' | 'optional' | 'resource';
  emailAddress: Address;
  status: { response: ResponseKind; time: string };
}

interface Exception {
  cancelled?: boolean;
  startMs?: number;
  endMs?: number;
  subject?: string;
  /** Attendee responses given to this occurrence only (organizer copy), keyed by lower-cased address. */
  responses?: Map<string, { response: ResponseKind; time: string }>;
}

/** One item in one mailbox's calendar (an organizer's meeting, an attendee's copy, or a plain appointment). */
export interface StoredEvent {
  id: string;
  mailboxId: string;
  /** Shared by the organizer's event and every attendee copy. */
  meetingKey: string;
  uidHex: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  startMs: number;
  endMs: number;
  startZone: { iana: string; name: string };
  endZoneName: string;
  isAllDay: boolean;
  showAs: ShowAs;
  sensitivity: string;
  importance: string;
  categories: string[];
  location: string;
  recurrence: Recurrence | null;
  seriesEnd: number;
  exceptions: Map<string, Exception>;
  organizer: Address;
  isOrganizer: boolean;
  /** The meeting's attendees (kept on the organizer's copy; attendee copies read it from there). */
  attendees: AttendeeState[];
  responseStatus: { response: ResponseKind; time: string };
  responseRequested: boolean;
  allowNewTimeProposals: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  onlineMeeting: { joinUrl: string; conferenceId: string; tollNumber: string } | null;
  isCancelled: boolean;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  transactionId: string | null;
  createdMs: number;
  modifiedMs: number;
  version: number;
  /** Generated background calendar item (team meetings, focus time...). */
  generated: boolean;
  /** `singleValueExtendedProperties` set on this item (organizer's copy only: named properties do not travel with the invitation). */
  extendedProperties: ExtendedProperty[];
}

interface Meeting {
  organizerMailboxId: string;
  organizerEventId: string;
  attendeeCopies: Map<string, string>;
  /** Attendees whose invitation is still on its way (propagation delay). */
  pendingInvites: Set<string>;
}

/** Something on its way to a mailbox (an invitation, a response): applied when due and the mailbox is next read. */
interface Delivery {
  dueMs: number;
  deliver: () => void;
}

interface Mailbox {
  user: DirectoryUser;
  events: Map<string, StoredEvent>;
  generated: boolean;
  /** Per-mailbox item counter: ids depend only on the mailbox and its own history, not on which mailbox came first. */
  items: number;
}

const zeroTime = '0001-01-01T00:00:00Z';
const eventProperties = new Set([
  'subject',
  'body',
  'start',
  'end',
  'attendees',
  'recurrence',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'responseRequested',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'showAs',
  'transactionId',
  'categories',
  'location',
  'locations',
  'importance',
  'sensitivity',
  'isAllDay',
  'hideAttendees',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'singleValueExtendedProperties',
  'multiValueExtendedProperties',
  'extensions',
  'bodyPreview',
  'organizer',
  'isDraft',
  'id',
  '@odata.type',
]);
const showAsValues: ShowAs[] = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'];

function invalid(code: string, message: string): GraphHttpError {
  return new GraphHttpError(400, code, message);
}

export function notFoundItem(): GraphHttpError {
  return new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

/** Outlook's Global Object Id layout: the occurrence date sits in bytes 16–19 (zero on the series master). */
function iCalUId(uidHex: string, date?: string): string {
  let datePart = '00000000';
  if (date) {
    const [y, m, d] = date.split('-').map(Number);
    datePart = `${(y ?? 0).toString(16).padStart(4, '0')}${(m ?? 0).toString(16).padStart(2, '0')}${(d ?? 0).toString(16).padStart(2, '0')}`;
  }
  return `040000008200E00074C5B7101A82E008${datePart}0000000000000000000000000000001000000${uidHex}`.toUpperCase();
}

/** Occurrence ids are opaque to clients; here they encode the master id and the occurrence's original local date. */
export function occurrenceId(masterId: string, date: string): string {
  return `${masterId}.${date.replace(/-/g, '')}`;
}

function parseOccurrenceId(id: string): { masterId: string; date: string } | undefined {
  const m = /^(.+)\.(\d{4})(\d{2})(\d{2})$/.exec(id);
  return m ? { masterId: m[1] ?? '', date: `${m[2]}-${m[3]}-${m[4]}` } : undefined;
}

export interface Occurrence {
  event: StoredEvent;
  /** Present for occurrences and exceptions of a series. */
  date?: string;
  startMs: number;
  endMs: number;
  type: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  cancelled: boolean;
}

export interface CalendarOptions {
  seed: string;
  tenantId: string;
  directory: Directory;
  /** Fills a mailbox with its deterministic background calendar the first time it is touched. */
  generate: (user: DirectoryUser, store: CalendarStore) => void;
  /** The live realism switches (transactionId strictness, propagation delay). */
  realism: Pick<RealismSwitches, 'strictTransactionId' | 'propagationDelayMs'>;
}

export class CalendarStore {
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly meetings = new Map<string, Meeting>();
  /** organizer id | transactionId → the event it created and the request body's fingerprint. */
  private readonly transactions = new Map<string, { eventId: string; fingerprint: string }>();
  /** Deliveries on their way, in the order they were sent (from `head` on). */
  private inTransit: Delivery[] = [];
  private head = 0;
  private delivering = false;
  private counter = 0;
  /** Users whose calendars decline every invitation (control switch). */
  readonly autoDecline = new Set<string>();

  constructor(private readonly options: CalendarOptions) {}

  reset(): void {
    this.mailboxes.clear();
    this.meetings.clear();
    this.transactions.clear();
    this.inTransit = [];
    this.head = 0;
    this.autoDecline.clear();
    this.counter += 1;
  }

  mailbox(user: DirectoryUser): Mailbox {
    let box = this.mailboxes.get(user.id);
    if (!box) {
      box = { user, events: new Map(), generated: false, items: 0 };
      this.mailboxes.set(user.id, box);
    }
    if (!box.generated) {
      box.generated = true;
      this.options.generate(user, this);
    }
    this.receive();
    return box;
  }

  /**
   * Exchange delivers meeting messages asynchronously (seconds, sometimes minutes): with a propagation delay an
   * invitation or a response is queued and applied once due — whoever's mailbox is read next, so a message arrives
   * on time whether or not its recipient's mailbox is ever read (an attendee's calendar that auto-declines answers
   * without anyone opening it). Without a delay it is applied at once.
   */
  private send(deliver: () => void): void {
    const delay = this.options.realism.propagationDelayMs;
    if (delay <= 0) {
      deliver();
      return;
    }
    this.inTransit.push({ dueMs: Date.now() + delay, deliver });
  }

  /** Applies every delivery that is due, oldest first (a delivery may send another: it queues behind). */
  private receive(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      const now = Date.now();
      while (this.head < this.inTransit.length && this.inTransit[this.head]!.dueMs <= now) {
        const next = this.inTransit[this.head]!;
        this.head += 1;
        next.deliver();
      }
      if (this.head > 1024 && this.head * 2 > this.inTransit.length) {
        this.inTransit = this.inTransit.slice(this.head);
        this.head = 0;
      }
    } finally {
      this.delivering = false;
    }
  }

  private newId(box: Mailbox): string {
    box.items += 1;
    // Stable, URL-safe, mailbox-specific ids (immutable: they never change while the item stays in the mailbox).
    // The reset epoch keeps ids from before a control reset from ever pointing at a new item.
    const salt = hash32(`${this.options.seed}:${box.user.id}`).toString(36);
    return `AAMkA${Buffer.from(`${salt}:${box.user.id.slice(0, 8)}:${this.counter.toString(36)}:${box.items.toString(36)}`).toString('base64url')}`;
  }

  /** Inserts an already-validated event (used by the background generator and by create). */
  insert(
    user: DirectoryUser,
    fields: Omit<
      StoredEvent,
      | 'id'
      | 'mailboxId'
      | 'seriesEnd'
      | 'createdMs'
      | 'modifiedMs'
      | 'version'
      | 'exceptions'
      | 'extendedProperties'
    > & {
      exceptions?: Map<string, Exception>;
      extendedProperties?: ExtendedProperty[];
    },
  ): StoredEvent {
    const box = this.mailboxes.get(user.id) ?? this.mailbox(user);
    const now = Date.now();
    // Built property by property (not spread) so every event shares one object shape: thousands are made per run.
    const event: StoredEvent = {
      id: this.newId(box),
      mailboxId: user.id,
      meetingKey: fields.meetingKey,
      uidHex: fields.uidHex,
      subject: fields.subject,
      body: fields.body,
      startMs: fields.startMs,
      endMs: fields.endMs,
      startZone: fields.startZone,
      endZoneName: fields.endZoneName,
      isAllDay: fields.isAllDay,
      showAs: fields.showAs,
      sensitivity: fields.sensitivity,
      importance: fields.importance,
      categories: fields.categories,
      location: fields.location,
      recurrence: fields.recurrence,
      organizer: fields.organizer,
      isOrganizer: fields.isOrganizer,
      attendees: fields.attendees,
      responseStatus: fields.responseStatus,
      responseRequested: fields.responseRequested,
      allowNewTimeProposals: fields.allowNewTimeProposals,
      isOnlineMeeting: fields.isOnlineMeeting,
      onlineMeetingProvider: fields.onlineMeetingProvider,
      onlineMeeting: fields.onlineMeeting,
      isCancelled: fields.isCancelled,
      isReminderOn: fields.isReminderOn,
      reminderMinutesBeforeStart: fields.reminderMinutesBeforeStart,
      transactionId: fields.transactionId,
      generated: fields.generated,
      extendedProperties: fields.extendedProperties ?? [],
      exceptions: fields.exceptions ?? new Map<string, Exception>(),
      seriesEnd: 0,
      createdMs: now,
      modifiedMs: now,
      version: 1,
    };
    refreshSeriesEnd(event);
    box.events.set(event.id, event);
    return event;
  }

  /** Background mailbox insertion that does not trigger generation (called from inside generate). */
  insertGenerated(user: DirectoryUser, fields: Parameters<CalendarStore['insert']>[1]): void {
    let box = this.mailboxes.get(user.id);
    if (!box) {
      box = { user, events: new Map(), generated: true, items: 0 };
      this.mailboxes.set(user.id, box);
    }
    this.insert(user, fields);
  }

  /** Finds an event or an occurrence by id in one mailbox. */
  find(user: DirectoryUser, id: string): { event: StoredEvent; date?: string } {
    const box = this.mailbox(user);
    const direct = box.events.get(id);
    if (direct) return { event: direct };
    const occ = parseOccurrenceId(id);
    if (occ) {
      const master = box.events.get(occ.masterId);
      if (master?.recurrence) {
        const ex = master.exceptions.get(occ.date);
        if (isOccurrenceDate(master, occ.date) && !ex?.cancelled) return { event: master, date: occ.date };
      }
    }
    throw notFoundItem();
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Queries

  /** Single instances, occurrences and exceptions overlapping [fromMs, toMs), sorted by start. */
  view(
    user: DirectoryUser,
    fromMs: number,
    toMs: number,
    filter?: (e: StoredEvent) => boolean,
  ): Occurrence[] {
    const out: Occurrence[] = [];
    for (const event of this.mailbox(user).events.values()) {
      if (filter && !filter(event)) continue;
      out.push(...occurrencesOf(event, fromMs, toMs));
    }
    out.sort((a, b) => a.startMs - b.startMs || a.event.id.localeCompare(b.event.id));
    return out;
  }

  /** /events: single instances and series masters. */
  list(user: DirectoryUser): StoredEvent[] {
    return [...this.mailbox(user).events.values()].sort(
      (a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id),
    );
  }

  meetingOf(event: StoredEvent): Meeting | undefined {
    return this.meetings.get(event.meetingKey);
  }

  organizerCopy(event: StoredEvent): StoredEvent | undefined {
    if (event.isOrganizer) return event;
    const meeting = this.meetings.get(event.meetingKey);
    if (!meeting) return undefined;
    this.receive();
    return this.mailboxes.get(meeting.organizerMailboxId)?.events.get(meeting.organizerEventId);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Commands

  create(organizer: DirectoryUser, body: unknown): { event: StoredEvent; created: boolean } {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw invalid('RequestBodyRead', 'Empty Payload. JSON content expected.');
    const input = body as Record<string, unknown>;
    rejectUnknownProperties(input);
    const transactionId =
      typeof input.transactionId === 'string' && input.transactionId !== '' ? input.transactionId : null;
    const fingerprint = transactionId ? canonicalJson(input) : '';
    if (transactionId) {
      // A retried create (same transactionId, same body) returns the event created the first time; the same id with
      // another body is refused, as Exchange does (event.md: transactionId avoids redundant POSTs on client retries).
      const known = this.transactions.get(`${organizer.id}|${transactionId}`);
      const existing = known ? this.mailbox(organizer).events.get(known.eventId) : undefined;
      if (existing && known) {
        if (known.fingerprint !== fingerprint && this.options.realism.strictTransactionId)
          throw invalid(
            'ErrorDuplicateTransactionId',
            "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.",
          );
        return { event: existing, created: false };
      }
    }
    const start = parseDateTimeTimeZone(input.start);
    const end = parseDateTimeTimeZone(input.end);
    if (!input.start || !input.end)
      throw invalid('ErrorInvalidRequest', "Your request can't be completed. Start and End are required.");
    if (!start)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. The start time or time zone is not valid.",
      );
    if (!end)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. The end time or time zone is not valid.",
      );
    if (end.instant.toMillis() < start.instant.toMillis())
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. The end time must be after the start time.",
      );
    const recurrence =
      input.recurrence === undefined || input.recurrence === null
        ? null
        : checkRecurrence(input.recurrence, start.instant);
    const extendedProperties = parseExtendedProperties(input.singleValueExtendedProperties);
    const attendees = parseAttendees(input.attendees, this.options.directory);
    const isOnlineMeeting = input.isOnlineMeeting === true;
    const provider =
      typeof input.onlineMeetingProvider === 'string'
        ? input.onlineMeetingProvider
        : isOnlineMeeting
          ? 'teamsForBusiness'
          : 'unknown';
    if (!['teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer', 'unknown'].includes(provider)) {
      throw invalid('RequestBodyRead', `Requested value '${provider}' was not found.`);
    }
    // Only Teams is in this tenant's allowedOnlineMeetingProviders; other providers leave the event offline.
    const online = isOnlineMeeting && provider === 'teamsForBusiness';
    const uidHex = createHash('sha256')
      .update(`${this.options.seed}:${organizer.id}:${this.counter}:${this.mailbox(organizer).items}`)
      .digest('hex')
      .slice(0, 32);
    const meetingKey = uidHex;
    const showAs = parseShowAs(input.showAs) ?? 'busy';
    const fields = {
      meetingKey,
      uidHex,
      subject: typeof input.subject === 'string' ? input.subject : '',
      body: parseBody(input.body),
      startMs: start.instant.toMillis(),
      endMs: end.instant.toMillis(),
      startZone: { iana: start.zone, name: start.zoneName },
      endZoneName: end.zoneName,
      isAllDay: input.isAllDay === true,
      showAs,
      sensitivity: typeof input.sensitivity === 'string' ? input.sensitivity : 'normal',
      importance: typeof input.importance === 'string' ? input.importance : 'normal',
      categories: Array.isArray(input.categories)
        ? input.categories.filter((c): c is string => typeof c === 'string')
        : [],
      location: parseLocation(input.location),
      recurrence,
      organizer: { name: organizer.displayName, address: organizer.mail },
      isOrganizer: true,
      attendees,
      responseStatus: { response: 'organizer' as const, time: zeroTime },
      responseRequested: input.responseRequested !== false,
      allowNewTimeProposals: input.allowNewTimeProposals !== false,
      isOnlineMeeting: online,
      onlineMeetingProvider: online ? 'teamsForBusiness' : 'unknown',
      onlineMeeting: online ? teamsMeeting(this.options.tenantId, organizer.id, uidHex) : null,
      isCancelled: false,
      isReminderOn: input.isReminderOn !== false,
      reminderMinutesBeforeStart:
        typeof input.reminderMinutesBeforeStart === 'number' ? input.reminderMinutesBeforeStart : 15,
      transactionId,
      generated: false,
      extendedProperties,
    };
    const event = this.insert(organizer, fields);
    if (transactionId)
      this.transactions.set(`${organizer.id}|${transactionId}`, { eventId: event.id, fingerprint });
    this.meetings.set(meetingKey, {
      organizerMailboxId: organizer.id,
      organizerEventId: event.id,
      attendeeCopies: new Map(),
      pendingInvites: new Set(),
    });
    this.sendInvitations(event, attendees);
    return { event, created: true };
  }

  /**
   * Sends the invitation: a copy on each attendee's calendar, shown as tentative until they respond. Addresses
   * resolve by SMTP proxy address; a person without an Exchange Online mailbox gets nothing (no calendar to put it
   * on). The application access scope does not matter here: it limits the app's API calls, not mail delivery.
   */
  private sendInvitations(organizerEvent: StoredEvent, attendees: AttendeeState[]): void {
    const meeting = this.meetings.get(organizerEvent.meetingKey);
    if (!meeting) return;
    for (const attendee of attendees) {
      const user = findRecipient(this.options.directory, attendee.emailAddress.address);
      if (!user?.hasMailbox || user.id === organizerEvent.mailboxId) continue;
      if (meeting.attendeeCopies.has(user.id) || meeting.pendingInvites.has(user.id)) continue;
      // What the invitation carried when it was sent, in case the meeting is gone by the time it arrives.
      const sent = copyFields(organizerEvent);
      meeting.pendingInvites.add(user.id);
      this.send(() => this.deliverInvitation(meeting, user, sent));
    }
  }

  private deliverInvitation(
    meeting: Meeting,
    user: DirectoryUser,
    sent: ReturnType<typeof copyFields>,
  ): void {
    // Removed from the meeting before the invitation arrived: the cancellation cancels it out.
    if (!meeting.pendingInvites.delete(user.id)) return;
    const current = this.mailboxes.get(meeting.organizerMailboxId)?.events.get(meeting.organizerEventId);
    const copy = this.insert(user, {
      // The invitation and any update sent after it arrive together: the copy shows the meeting as it is now.
      ...(current ? copyFields(current) : sent),
      isOrganizer: false,
      attendees: [],
      responseStatus: { response: 'notResponded', time: zeroTime },
      showAs: (current?.showAs ?? 'busy') === 'free' ? 'free' : 'tentative',
      transactionId: null,
      generated: false,
    });
    meeting.attendeeCopies.set(user.id, copy.id);
    // The organizer deleted the meeting meanwhile: the cancellation follows the invitation.
    if (!current) {
      markCancelled(copy);
      return;
    }
    if (this.autoDecline.has(user.id)) this.respond(user, copy.id, 'declined', true);
  }

  update(user: DirectoryUser, id: string, body: unknown): StoredEvent {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw invalid('RequestBodyRead', 'Empty Payload. JSON content expected.');
    const input = body as Record<string, unknown>;
    rejectUnknownProperties(input);
    const { event, date } = this.find(user, id);
    if (date) return this.updateOccurrence(event, date, input);
    if (input.singleValueExtendedProperties !== undefined) {
      // PATCH creates or replaces the listed properties; the others stay (singlevaluelegacyextendedproperty-post-…).
      event.extendedProperties = mergeExtendedProperties(
        event.extendedProperties,
        parseExtendedProperties(input.singleValueExtendedProperties),
      );
    }
    let timeChanged = false;
    let start = { ms: event.startMs, zone: event.startZone };
    if (input.start !== undefined) {
      const parsed = parseDateTimeTimeZone(input.start);
      if (!parsed)
        throw invalid(
          'ErrorInvalidRequest',
          "Your request can't be completed. The start time or time zone is not valid.",
        );
      start = { ms: parsed.instant.toMillis(), zone: { iana: parsed.zone, name: parsed.zoneName } };
    }
    let endMs = event.endMs;
    let endZoneName = event.endZoneName;
    if (input.end !== undefined) {
      const parsed = parseDateTimeTimeZone(input.end);
      if (!parsed)
        throw invalid(
          'ErrorInvalidRequest',
          "Your request can't be completed. The end time or time zone is not valid.",
        );
      endMs = parsed.instant.toMillis();
      endZoneName = parsed.zoneName;
    } else if (input.start !== undefined) {
      endMs = start.ms + (event.endMs - event.startMs);
    }
    if (endMs < start.ms)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. The end time must be after the start time.",
      );
    let recurrence = event.recurrence;
    if (input.recurrence !== undefined) {
      recurrence =
        input.recurrence === null
          ? null
          : checkRecurrence(input.recurrence, DateTime.fromMillis(start.ms, { zone: start.zone.iana }));
      const before = JSON.stringify(event.recurrence?.pattern ?? null);
      if (
        before !== JSON.stringify(recurrence?.pattern ?? null) ||
        event.recurrence?.range.startDate !== recurrence?.range.startDate
      )
        timeChanged = true;
    } else if (recurrence && input.start !== undefined) {
      // Moving a series' start keeps the pattern but must keep range.startDate in step, as Graph requires.
      recurrence = checkRecurrence(
        {
          ...recurrence,
          range: {
            ...recurrence.range,
            startDate: DateTime.fromMillis(start.ms, { zone: start.zone.iana }).toISODate(),
          },
        },
        DateTime.fromMillis(start.ms, { zone: start.zone.iana }),
      );
    }
    if (start.ms !== event.startMs || endMs !== event.endMs) timeChanged = true;
    if (input.isOnlineMeeting === false && event.isOnlineMeeting)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. isOnlineMeeting can't be set to false once the meeting is online.",
      );
    event.startMs = start.ms;
    event.startZone = start.zone;
    event.endMs = endMs;
    event.endZoneName = endZoneName;
    event.recurrence = recurrence;
    if (typeof input.subject === 'string') event.subject = input.subject;
    if (input.body !== undefined) event.body = parseBody(input.body);
    if (input.location !== undefined) event.location = parseLocation(input.location);
    const showAs = parseShowAs(input.showAs);
    if (showAs) event.showAs = showAs;
    if (Array.isArray(input.categories))
      event.categories = input.categories.filter((c): c is string => typeof c === 'string');
    if (typeof input.isReminderOn === 'boolean') event.isReminderOn = input.isReminderOn;
    if (typeof input.reminderMinutesBeforeStart === 'number')
      event.reminderMinutesBeforeStart = input.reminderMinutesBeforeStart;
    if (typeof input.allowNewTimeProposals === 'boolean')
      event.allowNewTimeProposals = input.allowNewTimeProposals;
    if (typeof input.responseRequested === 'boolean') event.responseRequested = input.responseRequested;
    if (input.isOnlineMeeting === true && !event.isOnlineMeeting) {
      event.isOnlineMeeting = true;
      event.onlineMeetingProvider = 'teamsForBusiness';
      event.onlineMeeting = teamsMeeting(this.options.tenantId, event.mailboxId, event.uidHex);
    }
    touch(event);
    refreshSeriesEnd(event);
    if (!event.isOrganizer) return event;
    // A change of time asks attendees to respond again (Exchange resets their response); other edits keep it.
    if (timeChanged) for (const a of event.attendees) a.status = { response: 'none', time: zeroTime };
    let addedAttendees: AttendeeState[] = [];
    if (input.attendees !== undefined) {
      const next = parseAttendees(input.attendees, this.options.directory);
      const before = new Map(event.attendees.map((a) => [a.emailAddress.address.toLowerCase(), a]));
      const after = new Set(next.map((a) => a.emailAddress.address.toLowerCase()));
      addedAttendees = next.filter((a) => !before.has(a.emailAddress.address.toLowerCase()));
      for (const removed of event.attendees.filter((a) => !after.has(a.emailAddress.address.toLowerCase())))
        this.cancelCopyFor(event, removed.emailAddress.address);
      event.attendees = next.map((a) => before.get(a.emailAddress.address.toLowerCase()) ?? a);
    }
    this.propagate(event, timeChanged);
    this.sendInvitations(event, addedAttendees);
    return event;
  }

  private updateOccurrence(master: StoredEvent, date: string, input: Record<string, unknown>): StoredEvent {
    const ex = master.exceptions.get(date) ?? {};
    const occ = occurrenceOf(master, date);
    const startParsed = input.start !== undefined ? parseDateTimeTimeZone(input.start) : undefined;
    const endParsed = input.end !== undefined ? parseDateTimeTimeZone(input.end) : undefined;
    if (input.start !== undefined && !startParsed)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. The start time or time zone is not valid.",
      );
    if (input.end !== undefined && !endParsed)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. The end time or time zone is not valid.",
      );
    if (input.recurrence !== undefined)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. An occurrence can't have its own recurrence.",
      );
    if (startParsed) ex.startMs = startParsed.instant.toMillis();
    if (endParsed) ex.endMs = endParsed.instant.toMillis();
    else if (startParsed && occ) ex.endMs = startParsed.instant.toMillis() + (occ.endMs - occ.startMs);
    if (typeof input.subject === 'string') ex.subject = input.subject;
    master.exceptions.set(date, ex);
    touch(master);
    if (master.isOrganizer)
      this.forEachCopy(master, (copy) => copy.exceptions.set(date, { ...ex, responses: undefined }));
    return master;
  }

  private forEachCopy(
    organizerEvent: StoredEvent,
    fn: (copy: StoredEvent, user: DirectoryUser) => void,
  ): void {
    const meeting = this.meetings.get(organizerEvent.meetingKey);
    if (!meeting) return;
    for (const [userId, copyId] of meeting.attendeeCopies) {
      const box = this.mailboxes.get(userId);
      const copy = box?.events.get(copyId);
      if (box && copy) fn(copy, box.user);
    }
  }

  private propagate(organizerEvent: StoredEvent, timeChanged: boolean): void {
    this.forEachCopy(organizerEvent, (copy) => {
      if (copy.isCancelled) return;
      Object.assign(copy, copyFields(organizerEvent), {
        exceptions: new Map(
          [...organizerEvent.exceptions].map(([k, v]) => [k, { ...v, responses: undefined }]),
        ),
      });
      if (timeChanged) {
        copy.responseStatus = { response: 'notResponded', time: zeroTime };
        copy.showAs = 'tentative';
      }
      touch(copy);
      refreshSeriesEnd(copy);
    });
  }

  private cancelCopyFor(organizerEvent: StoredEvent, address: string): void {
    const meeting = this.meetings.get(organizerEvent.meetingKey);
    const user = findRecipient(this.options.directory, address);
    if (!meeting || !user) return;
    meeting.pendingInvites.delete(user.id);
    const copyId = meeting.attendeeCopies.get(user.id);
    const copy = copyId ? this.mailboxes.get(user.id)?.events.get(copyId) : undefined;
    if (copy) markCancelled(copy);
    meeting.attendeeCopies.delete(user.id);
  }

  /** POST /cancel (organizer only) and DELETE by the organizer: attendees get a cancellation; their copies show it. */
  cancel(user: DirectoryUser, id: string, viaDelete: boolean): void {
    const { event, date } = this.find(user, id);
    if (!event.isOrganizer) {
      if (viaDelete) {
        this.removeFromMailbox(user, event, date);
        return;
      }
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. You need to be an organizer to cancel a meeting.",
      );
    }
    if (date) {
      const ex = event.exceptions.get(date) ?? {};
      ex.cancelled = true;
      event.exceptions.set(date, ex);
      touch(event);
      this.forEachCopy(event, (copy) => {
        const cex = copy.exceptions.get(date) ?? {};
        copy.exceptions.set(date, { ...cex, cancelled: true });
        touch(copy);
      });
      return;
    }
    this.forEachCopy(event, (copy) => markCancelled(copy));
    this.removeFromMailbox(user, event, undefined);
  }

  private removeFromMailbox(user: DirectoryUser, event: StoredEvent, date: string | undefined): void {
    if (date) {
      const ex = event.exceptions.get(date) ?? {};
      ex.cancelled = true;
      event.exceptions.set(date, ex);
      touch(event);
      return;
    }
    this.mailbox(user).events.delete(event.id);
    const meeting = this.meetings.get(event.meetingKey);
    if (meeting && !event.isOrganizer) meeting.attendeeCopies.delete(user.id);
  }

  /** accept / tentativelyAccept / decline on the attendee's copy; the organizer's copy learns the response. */
  respond(
    user: DirectoryUser,
    id: string,
    response: 'accepted' | 'tentativelyAccepted' | 'declined',
    sendResponse: boolean,
  ): void {
    const { event, date } = this.find(user, id);
    if (event.isOrganizer)
      throw invalid(
        'ErrorInvalidRequest',
        "Your request can't be completed. You can't respond to a meeting you organized.",
      );
    if (event.isCancelled)
      throw invalid('ErrorInvalidRequest', "Your request can't be completed. The meeting has been canceled.");
    const time = new Date().toISOString();
    const meeting = this.meetings.get(event.meetingKey);
    const address = user.mail.toLowerCase();
    // The response is a message to the organizer's mailbox: it lands there after the propagation delay.
    const toOrganizer = (apply: (organizerEvent: StoredEvent) => void): void => {
      if (!meeting || !sendResponse) return;
      this.send(() => {
        const organizerEvent = this.mailboxes
          .get(meeting.organizerMailboxId)
          ?.events.get(meeting.organizerEventId);
        if (!organizerEvent) return;
        apply(organizerEvent);
        touch(organizerEvent);
      });
    };
    if (date) {
      toOrganizer((organizerEvent) => {
        const ex = organizerEvent.exceptions.get(date) ?? {};
        ex.responses = ex.responses ?? new Map();
        ex.responses.set(address, { response, time });
        organizerEvent.exceptions.set(date, ex);
      });
      if (response === 'declined') this.removeFromMailbox(user, event, date);
      return;
    }
    event.responseStatus = { response, time };
    event.showAs =
      response === 'accepted'
        ? (this.organizerCopy(event)?.showAs ?? 'busy')
        : response === 'tentativelyAccepted'
          ? 'tentative'
          : 'free';
    touch(event);
    toOrganizer((organizerEvent) => {
      const attendee = organizerEvent.attendees.find(
        (a) => findRecipient(this.options.directory, a.emailAddress.address)?.id === user.id,
      );
      if (attendee) attendee.status = { response, time };
    });
    // Outlook removes a declined meeting from the attendee's calendar.
    if (response === 'declined') this.removeFromMailbox(user, event, undefined);
  }

  seriesOccurrences(event: StoredEvent, fromMs: number, toMs: number): Occurrence[] {
    return occurrencesOf(event, fromMs, toMs).filter((o) => o.type !== 'seriesMaster');
  }

  attendeesFor(event: StoredEvent): AttendeeState[] {
    return (this.organizerCopy(event) ?? event).attendees;
  }

  /** Counts of stored (non-generated) events, for the control API. */
  stats(): { mailboxesMaterialized: number; createdEvents: number } {
    let created = 0;
    for (const box of this.mailboxes.values())
      for (const e of box.events.values()) if (!e.generated) created += 1;
    return { mailboxesMaterialized: this.mailboxes.size, createdEvents: created };
  }
}

function touch(event: StoredEvent): void {
  event.modifiedMs = Date.now();
  event.version += 1;
}

function markCancelled(copy: StoredEvent): void {
  if (copy.isCancelled) return;
  copy.isCancelled = true;
  copy.subject = `Canceled: ${copy.subject}`;
  copy.showAs = 'free';
  touch(copy);
}

function copyFields(
  e: StoredEvent,
): Omit<
  StoredEvent,
  | 'id'
  | 'mailboxId'
  | 'seriesEnd'
  | 'createdMs'
  | 'modifiedMs'
  | 'version'
  | 'isOrganizer'
  | 'attendees'
  | 'responseStatus'
  | 'showAs'
  | 'transactionId'
  | 'generated'
  | 'extendedProperties'
> {
  return {
    meetingKey: e.meetingKey,
    uidHex: e.uidHex,
    subject: e.subject,
    body: { ...e.body },
    startMs: e.startMs,
    endMs: e.endMs,
    startZone: { ...e.startZone },
    endZoneName: e.endZoneName,
    isAllDay: e.isAllDay,
    sensitivity: e.sensitivity,
    importance: e.importance,
    categories: [],
    location: e.location,
    recurrence: e.recurrence
      ? { pattern: { ...e.recurrence.pattern }, range: { ...e.recurrence.range } }
      : null,
    exceptions: new Map([...e.exceptions].map(([k, v]) => [k, { ...v, responses: undefined }])),
    organizer: { ...e.organizer },
    responseRequested: e.responseRequested,
    allowNewTimeProposals: e.allowNewTimeProposals,
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.onlineMeetingProvider,
    onlineMeeting: e.onlineMeeting ? { ...e.onlineMeeting } : null,
    isCancelled: e.isCancelled,
    isReminderOn: e.isReminderOn,
    reminderMinutesBeforeStart: e.reminderMinutesBeforeStart,
  };
}

export function seriesStart(event: StoredEvent): SeriesStart {
  return { startMs: event.startMs, zone: event.startZone.iana };
}

function refreshSeriesEnd(event: StoredEvent): void {
  event.seriesEnd = event.recurrence
    ? seriesEndMs(event.recurrence, seriesStart(event), event.endMs - event.startMs)
    : event.endMs;
}

function isOccurrenceDate(master: StoredEvent, date: string): boolean {
  return master.recurrence !== null && occursOn(master.recurrence, date);
}

export function occurrencesOf(event: StoredEvent, fromMs: number, toMs: number): Occurrence[] {
  if (!event.recurrence) {
    const overlaps =
      (event.endMs > fromMs && event.startMs < toMs) ||
      (event.startMs === event.endMs && event.startMs >= fromMs && event.startMs < toMs);
    return overlaps
      ? [
          {
            event,
            startMs: event.startMs,
            endMs: event.endMs,
            type: 'singleInstance',
            cancelled: event.isCancelled,
          },
        ]
      : [];
  }
  if (event.startMs >= toMs + 24 * 3600_000 || event.seriesEnd <= fromMs - 24 * 3600_000) {
    // Exceptions may have moved an occurrence; they are few, so they are checked on their own below.
    if (event.exceptions.size === 0) return [];
  }
  const duration = event.endMs - event.startMs;
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  for (const occ of expandSeries(
    event.recurrence,
    seriesStart(event),
    duration,
    fromMs - 2 * 24 * 3600_000,
    toMs + 2 * 24 * 3600_000,
  )) {
    seen.add(occ.date);
    const ex = event.exceptions.get(occ.date);
    if (ex?.cancelled) continue;
    const startMs = ex?.startMs ?? occ.startMs;
    const endMs = ex?.endMs ?? occ.endMs;
    if (endMs > fromMs && startMs < toMs)
      out.push({
        event,
        date: occ.date,
        startMs,
        endMs,
        type: ex && (ex.startMs !== undefined || ex.subject !== undefined) ? 'exception' : 'occurrence',
        cancelled: event.isCancelled,
      });
  }
  for (const [date, ex] of event.exceptions) {
    if (seen.has(date) || ex.cancelled || ex.startMs === undefined || ex.endMs === undefined) continue;
    if (ex.endMs > fromMs && ex.startMs < toMs && isOccurrenceDate(event, date))
      out.push({
        event,
        date,
        startMs: ex.startMs,
        endMs: ex.endMs,
        type: 'exception',
        cancelled: event.isCancelled,
      });
  }
  return out;
}

function rejectUnknownProperties(input: Record<string, unknown>): void {
  for (const key of Object.keys(input)) {
    if (!eventProperties.has(key) && !key.includes('@odata')) {
      throw invalid(
        'RequestBodyRead',
        `The property '${key}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
}

function checkRecurrence(value: unknown, start: DateTime): Recurrence {
  const result = validateRecurrence(value, start.toISODate() ?? '');
  if (typeof result === 'string') throw invalid('ErrorPropertyValidationFailure', result);
  return result;
}

function parseBody(value: unknown): { contentType: 'text' | 'html'; content: string } {
  if (!value || typeof value !== 'object') return { contentType: 'text', content: '' };
  const { contentType, content } = value as { contentType?: unknown; content?: unknown };
  return {
    contentType: String(contentType).toLowerCase() === 'html' ? 'html' : 'text',
    content: typeof content === 'string' ? content : '',
  };
}

function parseLocation(value: unknown): string {
  if (!value || typeof value !== 'object') return '';
  const name = (value as { displayName?: unknown }).displayName;
  return typeof name === 'string' ? name : '';
}

function parseShowAs(value: unknown): ShowAs | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !showAsValues.includes(value as ShowAs))
    throw invalid('RequestBodyRead', `Requested value '${JSON.stringify(value)}' was not found.`);
  return value as ShowAs;
}

function parseAttendees(value: unknown, directory: Directory): AttendeeState[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw invalid(
      'RequestBodyRead',
      "A node of type 'StartObject' was read from the JSON reader when trying to read the contents of the property 'attendees'; however, a 'StartArray' node was expected.",
    );
  if (value.length > 500)
    throw invalid(
      'ErrorInvalidRequest',
      "Your request can't be completed. A meeting can have at most 500 attendees.",
    );
  const seen = new Set<string>();
  const out: AttendeeState[] = [];
  for (const raw of value) {
    const a = raw as { emailAddress?: { address?: unknown; name?: unknown }; type?: unknown };
    const address = a?.emailAddress?.address;
    if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))
      throw invalid('ErrorInvalidRecipients', "At least one recipient isn't valid.");
    const type = a.type === undefined ? 'required' : a.type;
    if (type !== 'required' && type !== 'optional' && type !== 'resource')
      throw invalid('RequestBodyRead', `Requested value '${JSON.stringify(type)}' was not found.`);
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    const user = findRecipient(directory, address);
    out.push({
      type,
      emailAddress: {
        name: typeof a.emailAddress?.name === 'string' ? a.emailAddress.name : (user?.displayName ?? address),
        address: user?.mail ?? address,
      },
      status: { response: 'none', time: zeroTime },
    });
  }
  return out;
}

function teamsMeeting(
  tenantId: string,
  organizerId: string,
  uidHex: string,
): { joinUrl: string; conferenceId: string; tollNumber: string } {
  const thread = `19%3ameeting_${Buffer.from(uidHex, 'hex').toString('base64url').slice(0, 48)}%40thread.v2`;
  const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerId }));
  return {
    joinUrl: `https://teams.microsoft.com/l/meetup-join/${thread}/0?context=${context}`,
    conferenceId: String(parseInt(uidHex.slice(0, 8), 16))
      .padStart(9, '0')
      .slice(0, 9),
    tollNumber: '+1 555-0100',
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Rendering

export interface RenderOptions {
  zone: { iana: string; name: string };
  origin: string;
  attendees: AttendeeState[];
}

export function renderEvent(occ: Occurrence, options: RenderOptions): Record<string, unknown> {
  const e = occ.event;
  const ex = occ.date ? e.exceptions.get(occ.date) : undefined;
  const isSeriesPart = occ.type === 'occurrence' || occ.type === 'exception';
  const id = isSeriesPart && occ.date ? occurrenceId(e.id, occ.date) : e.id;
  const attendees = options.attendees.map((a) => {
    const own = ex?.responses?.get(a.emailAddress.address.toLowerCase());
    return { type: a.type, status: own ? { ...own } : { ...a.status }, emailAddress: { ...a.emailAddress } };
  });
  const changeKey = Buffer.from(`${e.id}:${e.version}`).toString('base64').slice(-16);
  const subject = ex?.subject ?? e.subject;
  return {
    '@odata.etag': `W/"${changeKey}"`,
    id,
    createdDateTime: new Date(e.createdMs).toISOString().replace('Z', '0000Z'),
    lastModifiedDateTime: new Date(e.modifiedMs).toISOString().replace('Z', '0000Z'),
    changeKey,
    categories: [...e.categories],
    transactionId: isSeriesPart ? null : e.transactionId,
    originalStartTimeZone: e.startZone.name,
    originalEndTimeZone: e.endZoneName,
    iCalUId: iCalUId(e.uidHex, isSeriesPart ? occ.date : undefined),
    uid: iCalUId(e.uidHex),
    reminderMinutesBeforeStart: e.reminderMinutesBeforeStart,
    isReminderOn: e.isReminderOn,
    hasAttachments: false,
    subject,
    bodyPreview: e.body.content.replace(/<[^>]+>/g, '').slice(0, 255),
    importance: e.importance,
    sensitivity: e.sensitivity,
    isAllDay: e.isAllDay,
    isCancelled: e.isCancelled,
    isOrganizer: e.isOrganizer,
    responseRequested: e.responseRequested,
    seriesMasterId: isSeriesPart ? e.id : null,
    showAs: e.showAs,
    type: occ.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.onlineMeetingProvider,
    allowNewTimeProposals: e.allowNewTimeProposals,
    occurrenceId: isSeriesPart && occ.date ? `OID.${e.id}.${occ.date}` : null,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { ...e.responseStatus },
    body: { ...e.body },
    start: toDateTimeTimeZone(occ.startMs, options.zone),
    end: toDateTimeTimeZone(occ.endMs, options.zone),
    location: {
      displayName: e.location,
      locationType: 'default',
      uniqueIdType: 'unknown',
      address: {},
      coordinates: {},
    },
    locations: e.location
      ? [{ displayName: e.location, locationType: 'default', uniqueIdType: 'unknown' }]
      : [],
    recurrence:
      occ.type === 'seriesMaster' || (occ.type === 'singleInstance' && e.recurrence) ? e.recurrence : null,
    attendees,
    organizer: { emailAddress: { ...e.organizer } },
    onlineMeeting: e.onlineMeeting ? { ...e.onlineMeeting } : null,
  };
}

/** The series master as an Occurrence-shaped value (for GET /events/{masterId} and /events lists). */
export function asItem(event: StoredEvent): Occurrence {
  return {
    event,
    startMs: event.startMs,
    endMs: event.endMs,
    type: event.recurrence ? 'seriesMaster' : 'singleInstance',
    cancelled: event.isCancelled,
  };
}

export function occurrenceOf(event: StoredEvent, date: string): Occurrence {
  const dayStart = epochDayOf(date) * 86_400_000;
  const match = occurrencesOf(event, dayStart - 40 * 86_400_000, dayStart + 40 * 86_400_000).find(
    (o) => o.date === date,
  );
  if (!match) throw notFoundItem();
  return match;
}

/** A JSON value with object keys sorted: two bodies are "the same" when they differ only in key order and spacing. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
