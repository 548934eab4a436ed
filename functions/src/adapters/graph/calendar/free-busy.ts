import { DateTime } from 'luxon';
import { z } from 'zod';

import { zoneFromName } from '../../../domain/scheduling/time-zones';
import {
  type Availability,
  type BusyInterval,
  type FreeBusyStatus,
  type TimeZoneSpec,
  type Weekday,
  WEEKDAYS,
  type WorkingHours,
} from '../../../domain/scheduling/types';
import { type GraphCall, type GraphGateway } from './graph-gateway';
import { graphErrorOf, GraphTransportError } from './graph-http';
import { type RetryBudget } from './retry-policy';

/** What the booking worker asks: the availability of many mailboxes over one window (e.g. a whole round's). */
export interface FreeBusyRequest {
  mailboxes: readonly string[];
  window: { start: number; end: number };
  /**
   * Object ids by (lower-cased) mailbox: each call is addressed as one of its people by id (a UPN may differ from
   * the SMTP address). Without it the call is addressed by the first mailbox of its group.
   */
  ids?: ReadonlyMap<string, string>;
}

/** Port: free/busy for many mailboxes at once; keys are lower-cased mailbox addresses. */
export interface FreeBusyReader {
  readAvailability(request: FreeBusyRequest, budget?: RetryBudget): Promise<Map<string, Availability>>;
}

/** getSchedule: ≤ 20 schedules per call and a window of less than 62 days (Graph's documented limits). */
export const MAX_SCHEDULES_PER_CALL = 20;
export const MAX_WINDOW_MS = 61 * 24 * 60 * 60_000;
/** Resolution of `availabilityView`, used only to add to (never remove from) the busy items. */
export const AVAILABILITY_VIEW_INTERVAL_MINUTES = 15;

const DateTimeTimeZoneSchema = z.object({ dateTime: z.string(), timeZone: z.string().optional() });
const TransitionSchema = z.object({
  time: z.string().optional(),
  dayOccurrence: z.number().int().optional(),
  dayOfWeek: z.string().optional(),
  month: z.number().int().optional(),
  daylightBias: z.number().optional(),
});
/** Graph's `timeZoneBase` / `customTimeZone` as working hours carry it (mailboxSettings and getSchedule alike). */
export const TimeZoneBaseSchema = z.object({
  '@odata.type': z.string().optional(),
  name: z.string().nullish(),
  bias: z.number().optional(),
  standardOffset: TransitionSchema.nullish(),
  daylightOffset: TransitionSchema.nullish(),
});
const ScheduleInformationSchema = z.object({
  scheduleId: z.string(),
  availabilityView: z.string().nullish(),
  scheduleItems: z
    .array(z.object({ status: z.string(), start: DateTimeTimeZoneSchema, end: DateTimeTimeZoneSchema }))
    .nullish(),
  workingHours: z
    .object({
      daysOfWeek: z.array(z.string()),
      startTime: z.string(),
      endTime: z.string(),
      timeZone: TimeZoneBaseSchema.nullish(),
    })
    .nullish(),
  error: z.object({ message: z.string().nullish(), responseCode: z.string().nullish() }).nullish(),
});
export const GetScheduleResponseSchema = z.object({ value: z.array(ScheduleInformationSchema) });
export type ScheduleInformation = z.infer<typeof ScheduleInformationSchema>;

const STATUS: Record<string, FreeBusyStatus> = {
  free: 'free',
  tentative: 'tentative',
  busy: 'busy',
  oof: 'oof',
  workingelsewhere: 'workingElsewhere',
  unknown: 'unknown',
};
const VIEW_DIGITS: Record<string, FreeBusyStatus> = {
  '0': 'free',
  '1': 'tentative',
  '2': 'busy',
  '3': 'oof',
  '4': 'workingElsewhere',
};

function clockMinutes(value: string): number {
  const [h = '0', m = '0'] = value.split(':');
  return Number(h) * 60 + Number(m);
}

function parseInstant(value: { dateTime: string; timeZone?: string | undefined }): number | undefined {
  const zone = value.timeZone ? zoneFromName(value.timeZone) : zoneFromName('UTC');
  if (!zone) return undefined;
  const parsed = DateTime.fromISO(value.dateTime, { zone });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

function weekdayOf(value: string | undefined): Weekday | undefined {
  const lower = value?.toLowerCase();
  return WEEKDAYS.find((d) => d === lower);
}

/** A Graph working-hours zone → the domain's `TimeZoneSpec` (named, or custom with its bias and rules). */
export function toTimeZoneSpec(
  tz: z.infer<typeof TimeZoneBaseSchema> | null | undefined,
  fallback: string,
): TimeZoneSpec {
  if (!tz) return { kind: 'named', name: fallback };
  const isCustom = tz['@odata.type']?.toLowerCase().includes('customtimezone') || tz.bias !== undefined;
  if (!isCustom) return { kind: 'named', name: tz.name ?? fallback };
  const rule = (t: z.infer<typeof TransitionSchema> | null | undefined) => {
    const dayOfWeek = weekdayOf(t?.dayOfWeek);
    if (!t || !dayOfWeek || !t.month || !t.dayOccurrence) return undefined;
    return {
      month: t.month,
      dayOccurrence: t.dayOccurrence,
      dayOfWeek,
      minutes: clockMinutes(t.time ?? '00:00'),
    };
  };
  const standard = rule(tz.standardOffset);
  const daylight = rule(tz.daylightOffset);
  return {
    kind: 'custom',
    ...(tz.name ? { name: tz.name } : {}),
    bias: tz.bias ?? 0,
    ...(standard && daylight
      ? { standard, daylight: { ...daylight, daylightBias: tz.daylightOffset?.daylightBias ?? -60 } }
      : {}),
  };
}

/**
 * Graph `scheduleInformation` → the domain's `Availability`. Busy items and the availability view are both used:
 * the union is conservative (a session is never booked over something either one marks). Tentative and
 * out-of-office stay as such; the domain treats them as busy.
 */
export function toAvailability(
  info: ScheduleInformation,
  window: { start: number; end: number },
  viewIntervalMinutes = AVAILABILITY_VIEW_INTERVAL_MINUTES,
): Availability {
  const mailbox = info.scheduleId.toLowerCase();
  if (info.error) {
    return {
      mailbox,
      window,
      intervals: [],
      error: info.error.responseCode ?? info.error.message ?? 'error',
    };
  }
  const intervals: BusyInterval[] = [];
  for (const item of info.scheduleItems ?? []) {
    const start = parseInstant(item.start);
    const end = parseInstant(item.end);
    if (start === undefined || end === undefined) continue;
    intervals.push({ start, end, status: STATUS[item.status.toLowerCase()] ?? 'unknown' });
  }
  const view = info.availabilityView ?? '';
  for (let i = 0; i < view.length; i++) {
    const status = VIEW_DIGITS[view[i] ?? ''] ?? 'unknown';
    if (status === 'free' || status === 'workingElsewhere') continue;
    const start = window.start + i * viewIntervalMinutes * 60_000;
    intervals.push({ start, end: Math.min(window.end, start + viewIntervalMinutes * 60_000), status });
  }
  let workingHours: WorkingHours | undefined;
  const wh = info.workingHours;
  if (wh) {
    const days = wh.daysOfWeek.map(weekdayOf).filter((d): d is Weekday => d !== undefined);
    workingHours = {
      daysOfWeek: days,
      startMinutes: clockMinutes(wh.startTime),
      endMinutes: clockMinutes(wh.endTime),
      timeZone: toTimeZoneSpec(wh.timeZone, 'UTC'),
    };
  }
  return { mailbox, window, intervals, ...(workingHours ? { workingHours } : {}) };
}

function splitWindow(window: { start: number; end: number }): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  for (let start = window.start; start < window.end; start += MAX_WINDOW_MS)
    parts.push({ start, end: Math.min(window.end, start + MAX_WINDOW_MS) });
  return parts;
}

function utcDateTime(ms: number): { dateTime: string; timeZone: string } {
  return { dateTime: new Date(ms).toISOString().replace('Z', ''), timeZone: 'UTC' };
}

/**
 * getSchedule for a whole round: mailboxes deduplicated and grouped 20 per call, windows split below 62 days,
 * the calls sent through `$batch` (up to 20 calls = 400 mailboxes per HTTP request).
 */
export class GraphFreeBusyReader implements FreeBusyReader {
  constructor(private readonly gateway: GraphGateway) {}

  async readAvailability(request: FreeBusyRequest, budget?: RetryBudget): Promise<Map<string, Availability>> {
    const mailboxes = [...new Set(request.mailboxes.map((m) => m.toLowerCase()))].sort();
    const windows = splitWindow(request.window);
    const ids = request.ids ?? new Map<string, string>();
    interface Call extends GraphCall {
      window: { start: number; end: number };
      group: string[];
      /** Who the call is made as (their mailbox); the others of the group may be tried next. */
      as: string;
    }
    const callAs = (id: string, group: string[], window: Call['window'], as: string): Call => ({
      id,
      method: 'POST',
      // The call is made "as" one person of its group, addressed by object id: their throttling bucket pays.
      path: `/users/${encodeURIComponent(ids.get(as) ?? as)}/calendar/getSchedule`,
      headers: { prefer: 'outlook.timezone="UTC"' },
      body: {
        schedules: group,
        startTime: utcDateTime(window.start),
        endTime: utcDateTime(window.end),
        availabilityViewInterval: AVAILABILITY_VIEW_INTERVAL_MINUTES,
      },
      window,
      group,
      as,
    });
    let calls: Call[] = [];
    for (let g = 0; g < mailboxes.length; g += MAX_SCHEDULES_PER_CALL) {
      const group = mailboxes.slice(g, g + MAX_SCHEDULES_PER_CALL);
      windows.forEach((window, w) =>
        calls.push(callAs(`s${g / MAX_SCHEDULES_PER_CALL}w${w}`, group, window, group[0]!)),
      );
    }
    const result = new Map<string, Availability>();
    const merge = (mailbox: string, part: Availability) => {
      const previous = result.get(mailbox);
      result.set(
        mailbox,
        previous
          ? {
              mailbox,
              window: {
                start: Math.min(previous.window.start, part.window.start),
                end: Math.max(previous.window.end, part.window.end),
              },
              intervals: [...previous.intervals, ...part.intervals],
              ...((previous.workingHours ?? part.workingHours)
                ? { workingHours: previous.workingHours ?? part.workingHours }
                : {}),
              ...((previous.error ?? part.error) ? { error: previous.error ?? part.error } : {}),
            }
          : part,
      );
    };
    // A call made as someone without a mailbox, or outside the app's Exchange scope, fails as a whole (404/403):
    // that person gets the error and the rest of the group is asked again as someone else — one unreachable person
    // never spoils the free/busy of the others.
    for (let attempt = 0; calls.length > 0 && attempt < MAX_SCHEDULES_PER_CALL; attempt++) {
      const outcomes = await this.gateway.sendMany(calls, budget);
      const again: Call[] = [];
      for (const call of calls) {
        const outcome = outcomes.get(call.id);
        let infos: ScheduleInformation[] | undefined;
        let failure: string | undefined;
        if (!outcome || outcome instanceof GraphTransportError) failure = outcome?.reason ?? 'no-response';
        else if (outcome.status !== 200) {
          failure = `${outcome.status} ${graphErrorOf(outcome.body).code}`;
          if ((outcome.status === 403 || outcome.status === 404) && call.group.length > 1) {
            merge(call.as, { mailbox: call.as, window: call.window, intervals: [], error: failure });
            const rest = call.group.filter((m) => m !== call.as);
            again.push(callAs(`${call.id}r`, rest, call.window, rest[0]!));
            continue;
          }
        } else {
          const parsed = GetScheduleResponseSchema.safeParse(outcome.body);
          if (parsed.success) infos = parsed.data.value;
          else failure = 'unreadable-response';
        }
        for (const mailbox of call.group) {
          const info = infos?.find((i) => i.scheduleId.toLowerCase() === mailbox);
          merge(
            mailbox,
            info
              ? toAvailability(info, call.window)
              : { mailbox, window: call.window, intervals: [], error: failure ?? 'missing-from-response' },
          );
        }
      }
      calls = again;
    }
    return result;
  }
}
