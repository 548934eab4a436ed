import { renderWorkingHours } from '../custom-time-zones';
import { type Directory, findRecipient } from '../directory';
import { GraphHttpError } from '../http-types';
import { type RealismSwitches } from '../realism';
import { parseDateTimeTimeZone, toDateTimeTimeZone } from '../time-zones';
import { type CalendarStore } from './calendar';

const statusDigit: Record<string, number> = { free: 0, workingElsewhere: 0, tentative: 1, busy: 2, oof: 3 };
const statusRank: Record<string, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };

function bad(message: string): GraphHttpError {
  return new GraphHttpError(400, 'ErrorInvalidRequest', `Your request can't be completed. ${message}`);
}

function scheduleError(address: string, responseCode: string, message: string): Record<string, unknown> {
  return {
    scheduleId: address,
    availabilityView: '',
    scheduleItems: [],
    workingHours: null,
    error: { message, responseCode },
  };
}

/**
 * POST /users/{id}/calendar/getSchedule (api-reference/v1.0/api/calendar-getschedule.md; concepts/outlook-get-free-busy-schedule.md):
 * ≤ 20 schedules, a window under 62 days, availabilityViewInterval 5–1440 (default 30); an address that does not
 * resolve (by SMTP proxy address: schedules are "SMTP addresses of users"), a person without a mailbox, or one
 * outside the application access scope yields a per-schedule error while the call still succeeds; times in UTC unless
 * Prefer: outlook.timezone.
 */
export function getSchedule(
  store: CalendarStore,
  directory: Directory,
  body: unknown,
  zone: { iana: string; name: string },
  realism: Pick<RealismSwitches, 'appScope' | 'customTimeZones'>,
): Record<string, unknown> {
  if (!body || typeof body !== 'object')
    throw new GraphHttpError(400, 'RequestBodyRead', 'Empty Payload. JSON content expected.');
  const input = body as Record<string, unknown>;
  const schedules = input.schedules;
  if (
    !Array.isArray(schedules) ||
    schedules.length === 0 ||
    !schedules.every((s): s is string => typeof s === 'string')
  ) {
    throw bad('Schedules is required and must be a list of SMTP addresses.');
  }
  if (schedules.length > 20)
    throw bad(`The number of schedules (${schedules.length}) exceeds the maximum of 20.`);
  const start = parseDateTimeTimeZone(input.startTime);
  const end = parseDateTimeTimeZone(input.endTime);
  if (!start || !end) throw bad('StartTime and EndTime are required dateTimeTimeZone values.');
  const startMs = start.instant.toMillis();
  const endMs = end.instant.toMillis();
  if (endMs <= startMs) throw bad('EndTime must be later than StartTime.');
  if (endMs - startMs >= 62 * 24 * 3600_000)
    throw bad('The requested time period must be less than 62 days.');
  const interval = input.availabilityViewInterval ?? 30;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw bad('AvailabilityViewInterval must be between 5 and 1440 minutes.');
  }
  const slots = Math.ceil((endMs - startMs) / (interval * 60_000));
  const value = schedules.map((address) => {
    const user = findRecipient(directory, address);
    // Graph documents only that an unidentified user yields an error item; the codes are the ones chosen in
    // docs/tenant-simulator.md (Exchange's own names for "no mailbox" and "access denied").
    if (!user || !user.accountEnabled || !user.hasMailbox)
      return scheduleError(
        address,
        'ErrorMailRecipientNotFound',
        'The specified SMTP address has no mailbox associated with it.',
      );
    if (realism.appScope && !user.inAppScope)
      return scheduleError(address, 'ErrorAccessDenied', 'Access to OData is disabled.');
    const items = store
      .view(user, startMs, endMs)
      .filter((o) => !o.cancelled && o.event.showAs !== 'free' && o.event.showAs !== 'unknown');
    const digits = new Array<number>(slots).fill(0);
    const ranks = new Array<number>(slots).fill(0);
    for (const item of items) {
      const from = Math.max(0, Math.floor((item.startMs - startMs) / (interval * 60_000)));
      const to = Math.min(slots, Math.ceil((item.endMs - startMs) / (interval * 60_000)));
      const rank = statusRank[item.event.showAs] ?? 0;
      for (let i = from; i < to; i += 1) {
        if (rank > (ranks[i] ?? 0)) {
          ranks[i] = rank;
          digits[i] = statusDigit[item.event.showAs] ?? 0;
        }
      }
    }
    return {
      scheduleId: address,
      availabilityView: digits.join(''),
      scheduleItems: items.map((o) => ({
        isPrivate: o.event.sensitivity === 'private',
        status: o.event.showAs,
        subject: o.event.sensitivity === 'private' ? undefined : o.event.subject,
        location: o.event.location,
        isMeeting: o.event.attendees.length > 0 || !o.event.isOrganizer,
        isRecurring: o.event.recurrence !== null,
        isException: o.type === 'exception',
        isReminderSet: o.event.isReminderOn,
        start: toDateTimeTimeZone(o.startMs, zone),
        end: toDateTimeTimeZone(o.endMs, zone),
      })),
      workingHours: renderWorkingHours(user.workingHours, realism.customTimeZones && user.hasCustomTimeZone),
    };
  });
  return {
    '@odata.context':
      'https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)',
    value,
  };
}
