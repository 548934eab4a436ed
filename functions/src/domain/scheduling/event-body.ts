import { findWindows } from 'windows-iana';

import { type PairingReason } from '../../contracts/common';
import { deepLinkInto } from '../pairings/activity-links';
import { workspaceTarget } from '../pairings/meeting-links';
import { catalogOf, ENGLISH, formatDate, languagesOf, listOf, reasonText, type TextLocale } from '../texts';
import { type SeriesPattern } from './occurrences';
import { bookingTransactionId } from './transaction-id';
import { type Weekday } from './types';

/**
 * Our marker on every series we create: a single-value extended property (MAPI named string property in our own
 * property set). Graph documents `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')`
 * on events, so after a crash between Graph's 201 and our database write the booking worker finds the series it
 * already created — even when Exchange's transactionId de-duplication window (undocumented) has passed.
 */
export const BOOKING_MARKER_PROPERTY_ID =
  'String {8b0e4a3c-5d2f-4f7a-9c1e-7a6b2d3e4f50} Name PairwiseBookingKey';

/** The marker value of a pairing: the same for every attempt, so any series of the pairing is found. */
export function bookingMarkerValue(tenantId: string, pairingId: string): string {
  return `pairwise/${tenantId}/${pairingId}`;
}

export interface EventPerson {
  mailbox: string;
  displayName: string;
  /** The language they read (domain/texts `localeFor`); English when not given. */
  locale?: TextLocale;
}

export interface SeriesEventInput {
  tenantId: string;
  pairingId: string;
  /** Booking attempt number as recorded on the pairing (the queue message's `attempt`): same attempt → same transactionId. */
  attempt: number;
  organizer: EventPerson;
  attendee: EventPerson;
  /** The other members of a group of three: required attendees like `attendee`. */
  moreAttendees?: readonly EventPerson[];
  program: {
    name: string;
    /**
     * Placeholders: {program} (alias {programName}), {organizer}, {attendee} (every attendee: "B" or "B and C"),
     * {peerNames} ("A and B", "A, B and C") — the program's `bookingPolicy.subjectTemplate` uses the aliases. Lists
     * are joined in the organizer's language.
     */
    subjectTemplate?: string;
    /**
     * Plain-text intro with the same placeholders plus {reasons} (the reasons in one line) and {tabLink}; rendered
     * as escaped HTML, in the admin's own words, above each language's reasons. The list of reasons and the link are
     * added below unless the template places them itself.
     */
    bodyTemplate?: string;
    /** Graph default is true; programs that want the booked slot to stay fixed set false. */
    allowNewTimeProposals: boolean;
  };
  /** Why they were paired, as stored on the pairing (rendered by domain/texts `reasonText`). */
  reasons: readonly PairingReason[];
  /** Member ids → display names, for reasons that name someone ("A can share what B wants to learn"). */
  memberNames: ReadonlyMap<string, string>;
  /** Deep link to the Pairwise tab (built by the caller from the app id and entity id). */
  tabDeepLink: string;
  pattern: SeriesPattern;
  /** Organizer-local start of each session, minutes after midnight. */
  startMinutes: number;
  durationMinutes: number;
  /** The first occurrence's local date in the organizer's zone: `range.startDate` must equal `start`'s date. */
  firstDate: string;
  /** The round's last day (organizer-local): the series ends with the round. */
  lastDate: string;
  /** IANA name of the organizer's zone. */
  organizerZone: string;
  reminderMinutesBeforeStart?: number;
}

/** The JSON body of `POST /users/{organizer}/events` — the exact wire shape Graph expects. */
export interface SeriesEventRequest {
  subject: string;
  body: { contentType: 'html'; content: string };
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  attendees: Array<{ emailAddress: { address: string; name: string }; type: 'required' }>;
  recurrence: {
    pattern:
      | { type: 'weekly'; interval: number; daysOfWeek: Weekday[]; firstDayOfWeek: Weekday }
      | { type: 'relativeMonthly'; interval: number; daysOfWeek: Weekday[]; index: string };
    range: { type: 'endDate'; startDate: string; endDate: string; recurrenceTimeZone: string };
  };
  isOnlineMeeting: true;
  onlineMeetingProvider: 'teamsForBusiness';
  allowNewTimeProposals: boolean;
  responseRequested: true;
  reminderMinutesBeforeStart: number;
  showAs: 'busy';
  transactionId: string;
  singleValueExtendedProperties: Array<{ id: string; value: string }>;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const PLACEHOLDERS = /\{(program|programName|organizer|attendee|peerNames|reasons|tabLink)\}/g;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDERS, (_, key: string) => values[key] ?? '');
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
}

/** Windows name for an IANA zone when one exists: every Exchange accepts those; IANA otherwise. */
export function graphTimeZoneName(iana: string): string {
  return findWindows(iana)[0] ?? iana;
}

function addMinutes(date: string, minutes: number): { date: string; minutes: number } {
  const days = Math.floor(minutes / (24 * 60));
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return { date: d.toISOString().slice(0, 10), minutes: minutes - days * 24 * 60 };
}

export const DEFAULT_SUBJECT_TEMPLATE = '{program}: {peerNames}';

function reasonTextsOf(input: SeriesEventInput, locale: TextLocale): string[] {
  return input.reasons
    .map((r) => reasonText(locale, r, input.memberNames))
    .filter((r): r is string => r !== undefined);
}

/** The templates' placeholders, in one language (lists are joined the way that language joins them). */
function placeholderValues(input: SeriesEventInput, locale: TextLocale): Record<string, string> {
  const attendees = [input.attendee, ...(input.moreAttendees ?? [])];
  return {
    program: input.program.name,
    programName: input.program.name,
    organizer: input.organizer.displayName,
    attendee: listOf(
      locale,
      attendees.map((a) => a.displayName),
    ),
    peerNames: listOf(
      locale,
      [input.organizer, ...attendees].map((p) => p.displayName),
    ),
    reasons: reasonTextsOf(input, locale).join(' '),
    tabLink: input.tabDeepLink,
  };
}

/**
 * The body in one language: the intro (the program's template, or the catalog's), why they were paired, how long
 * the series runs, and the link to the tab — wrapped in an element naming its language.
 */
function bodySection(input: SeriesEventInput, locale: TextLocale): string {
  const t = catalogOf(locale);
  const size = 2 + (input.moreAttendees?.length ?? 0);
  const template = input.program.bodyTemplate?.trim() ? input.program.bodyTemplate : undefined;
  const intro = template
    ? fill(template, placeholderValues(input, locale))
    : t.invitation.intro({ program: input.program.name });
  const reasons = reasonTextsOf(input, locale)
    .map((r) => `<li>${escapeHtml(r)}</li>`)
    .join('');
  // Always written, whatever the program's template: it is how the Outlook pane finds the pairing (ADR 0018).
  const workspaceLink = deepLinkInto(input.tabDeepLink, workspaceTarget(input.pairingId));
  const parts = [
    `<p>${escapeHtml(intro).replace(/\n/g, '<br>')}</p>`,
    reasons && !template?.includes('{reasons}')
      ? `<p>${escapeHtml(t.invitation.whyHeading({ size }))}</p><ul>${reasons}</ul>`
      : '',
    `<p>${escapeHtml(t.invitation.until({ date: formatDate(locale, input.lastDate) }))}</p>`,
    template?.includes('{tabLink}')
      ? ''
      : `<p><a href="${escapeHtml(input.tabDeepLink)}">${escapeHtml(t.invitation.openTab.label)}</a>${escapeHtml(t.invitation.openTab.rest)}</p>`,
    `<p><a href="${escapeHtml(workspaceLink)}">${escapeHtml(t.invitation.workspace.label)}</a>${escapeHtml(t.invitation.workspace.rest)}</p>`,
  ];
  return `<div lang="${escapeHtml(locale.tag)}">${parts.join('')}</div>`;
}

/**
 * Builds the create-event body for a pairing's recurring series. Pure: the same input gives the same body.
 *
 * One series is one event on every member's calendar, so it has one body (docs/decisions/0014): in the
 * organizer's language, and when an attendee reads another language, that language's version below a rule. The
 * subject is the organizer's language alone.
 */
export function buildSeriesEvent(input: SeriesEventInput): SeriesEventRequest {
  const timeZone = graphTimeZoneName(input.organizerZone);
  const attendees = [input.attendee, ...(input.moreAttendees ?? [])];
  const readers = [input.organizer, ...attendees].map((p) => p.locale ?? ENGLISH);
  const content = languagesOf(readers)
    .map((locale) => bodySection(input, locale))
    .join('<hr>');
  const subjectTemplate = input.program.subjectTemplate?.trim()
    ? input.program.subjectTemplate
    : DEFAULT_SUBJECT_TEMPLATE;
  const end = addMinutes(input.firstDate, input.startMinutes + input.durationMinutes);
  const p = input.pattern;
  return {
    subject: fill(subjectTemplate, placeholderValues(input, input.organizer.locale ?? ENGLISH)),
    body: { contentType: 'html', content },
    start: { dateTime: `${input.firstDate}T${clock(input.startMinutes)}`, timeZone },
    end: { dateTime: `${end.date}T${clock(end.minutes)}`, timeZone },
    attendees: attendees.map((a) => ({
      emailAddress: { address: a.mailbox, name: a.displayName },
      type: 'required' as const,
    })),
    recurrence: {
      // Only the fields each pattern type uses: Graph rejects unsupported values even in ignored fields.
      pattern:
        p.type === 'weekly'
          ? { type: 'weekly', interval: p.interval, daysOfWeek: [p.dayOfWeek], firstDayOfWeek: 'monday' }
          : { type: 'relativeMonthly', interval: 1, daysOfWeek: [p.dayOfWeek], index: p.index },
      range: {
        type: 'endDate',
        startDate: input.firstDate,
        endDate: input.lastDate,
        recurrenceTimeZone: timeZone,
      },
    },
    isOnlineMeeting: true,
    onlineMeetingProvider: 'teamsForBusiness',
    allowNewTimeProposals: input.program.allowNewTimeProposals,
    responseRequested: true,
    reminderMinutesBeforeStart: input.reminderMinutesBeforeStart ?? 15,
    showAs: 'busy',
    transactionId: bookingTransactionId(input.tenantId, input.pairingId, input.attempt),
    singleValueExtendedProperties: [
      { id: BOOKING_MARKER_PROPERTY_ID, value: bookingMarkerValue(input.tenantId, input.pairingId) },
    ],
  };
}
