import { DateTime } from 'luxon';

import { type DirectoryUser, findUser, type PersonLanguages, quirksOf } from './directory';
import { type GraphState } from './graph/router';
import { json, type SimRequest, type SimResponse } from './http-types';
import { type FaultRule, type Limits } from './limits';
import { type PersonQuirks, type RealismSwitches } from './realism';
import { parseDateTimeTimeZone } from './time-zones';

/** The per-person quirks the control API can change (a UPN is part of the identity: seed time only). */
export type SwitchableQuirks = Pick<
  PersonQuirks,
  'hasMailbox' | 'inAppScope' | 'appInstalled' | 'hasCustomTimeZone'
>;

/**
 * The simulator's own switches, shared by the in-process handle (`TenantSimulator.control`) and the loopback-only
 * HTTP control API under `/_simulator/…`. None of this is part of Graph.
 */
export interface TenantControl {
  setFaults(rules: FaultRule[], seed?: string): void;
  clearFaults(): void;
  faults(): (FaultRule & { injected: number })[];
  setLimits(limits: Partial<Limits>): Limits;
  /** Adds a busy (or oof/tentative) block to a user's calendar; getSchedule and calendarView see it. */
  makeBusy(
    user: string,
    start: string,
    end: string,
    options?: { showAs?: 'busy' | 'oof' | 'tentative'; subject?: string },
  ): { id: string };
  setAutoDecline(user: string, enabled: boolean): void;
  /** Whether a user has a profile photo (seeded for ~70% of people). */
  hasPhoto(user: string): boolean;
  /** Gives a user a generated photo or takes it away (Graph then answers 404 ImageNotFound). */
  setPhoto(user: string, hasPhoto: boolean): void;
  rotateSigningKey(): Promise<{ activeKid: string; publishedKids: string[] }>;
  counters(): Record<string, number>;
  /** HTTP requests to Graph since the last reset: a `$batch` is one, whatever it carries. */
  httpRequests(): number;
  /** Requests carried inside `$batch` envelopes since the last reset (each also counts under its route). */
  batchedRequests(): number;
  /** 429 answers since the last reset: to HTTP requests, and to requests inside a `$batch` (each retried alone). */
  throttledResponses(): { http: number; batched: number };
  /** 429 answers by method and route, ids folded (`POST /teamwork/sendActivityNotificationToRecipients`: 3). */
  throttledByRoute(): Record<string, number>;
  resetCounters(): void;
  activityNotifications(): GraphState['activity'];
  /** Notifications that reached nobody (no Teams app for the recipient, or an unknown user), with the reason. */
  undeliveredActivityNotifications(): GraphState['undelivered'];
  /** The real-tenant behaviours in force (docs/tenant-simulator.md, "Real-tenant behaviours"). */
  realism(): RealismSwitches;
  /** Turns behaviours on or off (e.g. `{ appScope: false }`, `{ propagationDelayMs: 0 }`). */
  setRealism(switches: Partial<RealismSwitches>): RealismSwitches;
  /** Which quirks a person has (mailbox, scope membership, Teams app, custom time zone, UPN ≠ mail). */
  quirks(user: string): PersonQuirks;
  /** Gives or takes a mailbox, adds to or removes from the scope group, installs or removes the Teams app. */
  setQuirks(user: string, quirks: Partial<SwitchableQuirks>): PersonQuirks;
  /** A person's languages: the directory's `preferredLanguage` and their mailbox's (`language.locale`). */
  languages(user: string): PersonLanguages;
  /** Sets either language (a BCP 47 tag such as "de-CH", or null for none). */
  setLanguages(user: string, languages: Partial<PersonLanguages>): PersonLanguages;
  /** Forgets every created event, response, switch, counter and notification; the directory stays. */
  reset(): void;
}

export function createControl(
  state: GraphState,
  rotate: () => Promise<{ activeKid: string; publishedKids: string[] }>,
  initialRealism: RealismSwitches,
): TenantControl {
  const userOf = (idOrUpn: string): DirectoryUser => {
    const user = findUser(state.directory, idOrUpn);
    if (!user) throw new ControlError(404, `No user '${idOrUpn}'.`);
    return user;
  };
  return {
    setFaults: (rules, seed) => state.faults.set(rules, seed),
    clearFaults: () => state.faults.clear(),
    faults: () => state.faults.list(),
    setLimits: (limits) => {
      state.throttle.limits = { ...state.throttle.limits, ...limits };
      return { ...state.throttle.limits };
    },
    makeBusy: (idOrUpn, start, end, options = {}) => {
      const user = userOf(idOrUpn);
      const s = parseInstant(start);
      const e = parseInstant(end);
      if (!s || !e || e <= s)
        throw new ControlError(
          400,
          'start and end must be ISO instants (or dateTimeTimeZone objects) with end after start.',
        );
      const event = state.calendar.insert(user, {
        meetingKey: `busy:${user.id}:${s}`,
        uidHex: Buffer.from(`busy:${s}:${e}`).toString('hex').slice(0, 32).padEnd(32, '0'),
        subject: options.subject ?? 'Busy',
        body: { contentType: 'text', content: '' },
        startMs: s,
        endMs: e,
        startZone: { iana: 'UTC', name: 'UTC' },
        endZoneName: 'UTC',
        isAllDay: false,
        showAs: options.showAs ?? 'busy',
        sensitivity: 'normal',
        importance: 'normal',
        categories: [],
        location: '',
        recurrence: null,
        organizer: { name: user.displayName, address: user.mail },
        isOrganizer: true,
        attendees: [],
        responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
        responseRequested: false,
        allowNewTimeProposals: true,
        isOnlineMeeting: false,
        onlineMeetingProvider: 'unknown',
        onlineMeeting: null,
        isCancelled: false,
        isReminderOn: false,
        reminderMinutesBeforeStart: 0,
        transactionId: null,
        generated: true,
      });
      return { id: event.id };
    },
    setAutoDecline: (idOrUpn, enabled) => {
      const user = userOf(idOrUpn);
      if (enabled) state.calendar.autoDecline.add(user.id);
      else state.calendar.autoDecline.delete(user.id);
    },
    hasPhoto: (idOrUpn) => state.photos.has(userOf(idOrUpn)),
    setPhoto: (idOrUpn, hasPhoto) => state.photos.setHasPhoto(userOf(idOrUpn).id, hasPhoto),
    rotateSigningKey: rotate,
    counters: () => state.counters.snapshot(),
    httpRequests: () => state.counters.httpRequests(),
    batchedRequests: () => state.counters.batchedRequests(),
    throttledResponses: () => state.counters.throttledResponses(),
    throttledByRoute: () => state.counters.throttledByRoute(),
    resetCounters: () => state.counters.reset(),
    activityNotifications: () => state.activity.map((a) => structuredClone(a)),
    undeliveredActivityNotifications: () => state.undelivered.map((u) => ({ ...u })),
    realism: () => ({ ...state.realism }),
    setRealism: (switches) => {
      Object.assign(state.realism, checkSwitches(switches));
      return { ...state.realism };
    },
    quirks: (idOrUpn) => quirksOf(userOf(idOrUpn)),
    setQuirks: (idOrUpn, quirks) => {
      const user = userOf(idOrUpn);
      Object.assign(user, checkQuirks(quirks));
      return quirksOf(user);
    },
    languages: (idOrUpn) => languagesOfUser(userOf(idOrUpn)),
    setLanguages: (idOrUpn, languages) => {
      const user = userOf(idOrUpn);
      Object.assign(user, checkLanguages(languages));
      return languagesOfUser(user);
    },
    reset: () => {
      state.calendar.reset();
      state.faults.clear();
      state.throttle.reset();
      state.counters.reset();
      state.activity.length = 0;
      state.undelivered.length = 0;
      Object.assign(state.realism, initialRealism);
      for (const user of state.directory.users)
        Object.assign(
          user,
          state.directory.seededQuirks.get(user.id),
          state.directory.seededLanguages.get(user.id),
        );
      state.photos.reset();
      state.identity.codes.clear();
      state.identity.refreshTokens.clear();
    },
  };
}

const switchNames: (keyof RealismSwitches)[] = [
  'appScope',
  'appConcurrency',
  'strictTransactionId',
  'customTimeZones',
  'teamsAppRequired',
  'propagationDelayMs',
];

function checkSwitches(input: Partial<RealismSwitches>): Partial<RealismSwitches> {
  const out: Record<string, boolean | number> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!switchNames.includes(key as keyof RealismSwitches))
      throw new ControlError(400, `Unknown realism switch '${key}' (one of ${switchNames.join(', ')}).`);
    const numeric = key === 'propagationDelayMs';
    if (numeric ? typeof value !== 'number' || !(value >= 0) : typeof value !== 'boolean')
      throw new ControlError(
        400,
        `'${key}' must be ${numeric ? 'a number of milliseconds ≥ 0' : 'true or false'}.`,
      );
    out[key] = value as boolean | number;
  }
  return out;
}

const quirkNames: (keyof SwitchableQuirks)[] = [
  'hasMailbox',
  'inAppScope',
  'appInstalled',
  'hasCustomTimeZone',
];

function checkQuirks(input: Partial<SwitchableQuirks>): Partial<SwitchableQuirks> {
  const out: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!quirkNames.includes(key as keyof SwitchableQuirks))
      throw new ControlError(400, `'${key}' cannot be changed (one of ${quirkNames.join(', ')}).`);
    if (typeof value !== 'boolean') throw new ControlError(400, `'${key}' must be true or false.`);
    out[key] = value;
  }
  return out;
}

const languagesOfUser = (user: DirectoryUser): PersonLanguages => ({
  preferredLanguage: user.preferredLanguage,
  mailboxLocale: user.mailboxLocale,
});

function checkLanguages(input: Partial<PersonLanguages>): Partial<PersonLanguages> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key !== 'preferredLanguage' && key !== 'mailboxLocale')
      throw new ControlError(400, `'${key}' is not a language (preferredLanguage or mailboxLocale).`);
    if (value !== null && (typeof value !== 'string' || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)))
      throw new ControlError(400, `'${key}' must be a language tag such as "de-CH", or null.`);
    out[key] = value;
  }
  return out;
}

function parseInstant(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const dt = DateTime.fromISO(value, { zone: 'UTC', setZone: true });
    return dt.isValid ? dt.toMillis() : undefined;
  }
  return parseDateTimeTimeZone(value)?.instant.toMillis();
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** HTTP face of the control switches. Loopback only; JSON bodies only; no CORS, so a web page cannot drive it. */
export async function handleControl(
  control: TenantControl,
  req: SimRequest,
  summary: () => Record<string, unknown>,
): Promise<SimResponse> {
  if (!isLoopback(req.remoteAddress))
    return json(403, { error: { code: 'Forbidden', message: 'The control API is loopback-only.' } });
  if (req.headers.origin)
    return json(403, {
      error: {
        code: 'Forbidden',
        message: 'The control API does not accept browser (cross-origin) requests.',
      },
    });
  if (
    req.method !== 'GET' &&
    req.method !== 'DELETE' &&
    !(req.headers['content-type'] ?? '').includes('application/json')
  ) {
    return json(415, {
      error: {
        code: 'UnsupportedMediaType',
        message: 'Control requests with a body must be application/json.',
      },
    });
  }
  const path = req.path.replace(/^\/_simulator/, '') || '/';
  const body = (req.body ?? {}) as Record<string, unknown>;
  try {
    const photo = /^\/users\/([^/]+)\/photo$/.exec(path);
    if (photo && (req.method === 'GET' || req.method === 'PUT')) {
      const who = decodeURIComponent(photo[1] ?? '');
      if (req.method === 'PUT') {
        if (typeof body.hasPhoto !== 'boolean')
          throw new ControlError(400, 'Body must be { "hasPhoto": true | false }.');
        control.setPhoto(who, body.hasPhoto);
      }
      return json(200, { hasPhoto: control.hasPhoto(who) });
    }
    const quirks = /^\/users\/([^/]+)\/quirks$/.exec(path);
    if (quirks && (req.method === 'GET' || req.method === 'PUT' || req.method === 'PATCH')) {
      const who = decodeURIComponent(quirks[1] ?? '');
      return json(200, req.method === 'GET' ? control.quirks(who) : control.setQuirks(who, body));
    }
    const languages = /^\/users\/([^/]+)\/languages$/.exec(path);
    if (languages && (req.method === 'GET' || req.method === 'PUT' || req.method === 'PATCH')) {
      const who = decodeURIComponent(languages[1] ?? '');
      return json(200, req.method === 'GET' ? control.languages(who) : control.setLanguages(who, body));
    }
    const userAction = /^\/users\/([^/]+)\/(busy|auto-decline)$/.exec(path);
    if (userAction && req.method === 'POST') {
      const who = decodeURIComponent(userAction[1] ?? '');
      if (userAction[2] === 'busy') {
        const showAs = body.showAs === 'oof' || body.showAs === 'tentative' ? body.showAs : 'busy';
        return json(
          201,
          control.makeBusy(who, body.start as string, body.end as string, {
            showAs,
            subject: typeof body.subject === 'string' ? body.subject : undefined,
          }),
        );
      }
      control.setAutoDecline(who, body.enabled !== false);
      return { status: 204, headers: {} };
    }
    switch (`${req.method} ${path}`) {
      case 'GET /':
      case 'GET /state':
        return json(200, summary());
      case 'GET /faults':
        return json(200, { rules: control.faults() });
      case 'PUT /faults':
      case 'POST /faults': {
        if (!Array.isArray(body.rules))
          throw new ControlError(400, 'Body must be { "rules": [...], "seed"?: string }.');
        control.setFaults(body.rules as FaultRule[], typeof body.seed === 'string' ? body.seed : undefined);
        return json(200, { rules: control.faults() });
      }
      case 'DELETE /faults':
        control.clearFaults();
        return { status: 204, headers: {} };
      case 'POST /limits':
        return json(200, control.setLimits(body));
      case 'POST /keys/rotate':
        return json(200, await control.rotateSigningKey());
      case 'GET /counters':
        return json(200, {
          counters: control.counters(),
          httpRequests: control.httpRequests(),
          batchedRequests: control.batchedRequests(),
          throttledResponses: control.throttledResponses(),
          throttledByRoute: control.throttledByRoute(),
        });
      case 'DELETE /counters':
      case 'POST /counters/reset':
        control.resetCounters();
        return { status: 204, headers: {} };
      case 'GET /activity-notifications':
        return json(200, { value: control.activityNotifications() });
      case 'GET /activity-notifications/undelivered':
        return json(200, { value: control.undeliveredActivityNotifications() });
      case 'GET /realism':
        return json(200, control.realism());
      case 'PATCH /realism':
      case 'POST /realism':
        return json(200, control.setRealism(body));
      case 'POST /reset':
        control.reset();
        return { status: 204, headers: {} };
      default:
        return json(404, {
          error: { code: 'NotFound', message: `No control endpoint ${req.method} ${req.path}.` },
        });
    }
  } catch (error) {
    if (error instanceof ControlError)
      return json(error.status, { error: { code: 'BadRequest', message: error.message } });
    throw error;
  }
}
