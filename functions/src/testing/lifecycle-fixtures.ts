import { createMemoryRepositories, type MemoryRepositories } from '../adapters/cosmos/memory-document-store';
import { type BookingMessage } from '../contracts/queue';
import {
  type PairingDocument,
  PairingDocumentSchema,
  type ParticipantDocument,
  ParticipantDocumentSchema,
  participantId,
  ProgramDocumentSchema,
} from '../domain/model';
import { createBookingService } from '../domain/pairings/booking-service';
import {
  type CalendarFailure,
  type CalendarPorts,
  type EndSeriesItem,
  type EndSeriesOutcome,
  type SeriesRead,
  type SeriesReadItem,
} from '../domain/pairings/ports';
import { createSeriesActionService } from '../domain/pairings/series-action-service';
import { type Availability, type BusyInterval, type EnsureOutcome } from '../domain/scheduling';
import { type AttendeeResponse } from '../domain/scheduling/series-health';
import { RecordingQueues } from './api-test-kit';

/**
 * Plain fakes for the pairing lifecycle's unit tests: a program with four people (two zones, levels 2–4, one
 * manager), pairings built through the stored schema, and a calendar that records every call and answers as
 * each test tells it to. Integration tests use the tenant simulator instead.
 */
export const T = '7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f';

export function programDoc(now: Date, defaultCadence: 'weekly' | 'biweekly' | 'monthly' = 'weekly') {
  return ProgramDocumentSchema.parse({
    id: 'prog',
    tenantId: T,
    name: 'Peer Circle',
    kind: 'collaborative-learning',
    roundLengthWeeks: 8,
    defaultCadence,
    sessionMinutes: 30,
    schedule: { cron: '0 9 * * 1', timeZone: 'Europe/Berlin' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: 'admin',
    status: 'active',
  });
}

export function participantDoc(
  now: Date,
  userId: string,
  zone: string,
  levelRank: number,
  cadence: 'weekly' | 'biweekly' | 'monthly' = 'weekly',
): ParticipantDocument {
  return ParticipantDocumentSchema.parse({
    id: participantId('prog', userId),
    tenantId: T,
    programId: 'prog',
    userId,
    status: 'active',
    pausedUntil: null,
    preferences: { goals: ['collaborative-learning'], cadence, preferredDays: ['thursday'] },
    enrolledAt: now.toISOString(),
    updatedAt: now.toISOString(),
    leftAt: null,
    directory: {
      displayName: userId.toUpperCase(),
      jobTitle: null,
      department: null,
      level: `L${levelRank}`,
      levelRank,
      managerId: 'boss',
      managerChain: ['boss'],
      hireDate: null,
      timeZone: zone,
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '09:00',
        endTime: '17:00',
        timeZone: zone,
      },
      preferredLanguage: null,
      levelSource: { jobTitle: null, attributes: {} },
    },
    directorySyncedAt: now.toISOString(),
    searchName: userId,
  });
}

export function pairingDoc(
  now: Date,
  id: string,
  members: string[],
  extra: Partial<PairingDocument> = {},
): PairingDocument {
  return PairingDocumentSchema.parse({
    id,
    tenantId: T,
    programId: 'prog',
    roundId: 'r1',
    published: true,
    memberIds: members,
    members: members.map((m) => ({
      userId: m,
      displayName: m.toUpperCase(),
      jobTitle: null,
      department: null,
      level: null,
      levelRank: null,
      timeZone: 'W. Europe Standard Time',
    })),
    score: 10,
    reasons: [
      { kind: 'shared-goal', data: { goals: ['collaborative-learning'] } },
      { kind: 'admin-override', data: {} },
    ],
    state: 'proposed',
    cadence: 'weekly',
    sessionMinutes: 30,
    startsOn: '2027-03-01',
    endsOn: '2027-04-25',
    organizerId: null,
    series: null,
    nextSession: null,
    attentionReason: null,
    overridden: false,
    skippedBy: [],
    endRequested: null,
    bookingAttempt: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...extra,
  });
}

/** A booked series on a pairing, as the booking service records it. */
export function bookedSeries(
  organizerId: string,
  eventId: string,
  firstOccurrence: string,
  until = '2027-04-25',
) {
  return {
    organizerId,
    eventId,
    firstOccurrence,
    until,
    joinUrl: 'https://join/x',
    endedAt: null,
    load: { key: 'thu-09', groups: ['manager:boss'] },
  };
}

export interface FakeCalendarOptions {
  /** People whose mailbox the directory does not have, or could not look up right now. */
  noMailbox?: string[];
  unknownMailbox?: string[];
  busy?: Record<string, BusyInterval[]>;
  ensure?: (key: string) => EnsureOutcome;
  end?: (item: EndSeriesItem) => EndSeriesOutcome | CalendarFailure;
  read?: (item: SeriesReadItem) => SeriesRead;
  responses?: (eventId: string) => AttendeeResponse[] | 'deleted';
}

/** A recording fake of every calendar port of one tenant. */
export class FakeCalendar {
  readonly freeBusyReads: Array<{ mailboxes: readonly string[]; window: { start: number; end: number } }> =
    [];
  readonly ensures: Array<Parameters<CalendarPorts['calendar']['ensureSeriesMany']>[0]> = [];
  readonly ends: EndSeriesItem[][] = [];
  readonly reads: SeriesReadItem[][] = [];
  readonly responseReads: string[][] = [];
  readonly moves: Array<Parameters<CalendarPorts['series']['moveSeries']>[0]> = [];
  readonly ports: CalendarPorts;

  constructor(public options: FakeCalendarOptions = {}) {
    this.ports = {
      mailboxes: {
        lookup: (ids) => {
          const { noMailbox = [], unknownMailbox = [] } = this.options;
          return Promise.resolve({
            found: new Map(
              ids
                .filter((id) => !noMailbox.includes(id) && !unknownMailbox.includes(id))
                .map((id) => [id, { mail: `${id}@contoso.example`, displayName: id }]),
            ),
            missing: new Set(ids.filter((id) => noMailbox.includes(id))),
            unknown: new Set(ids.filter((id) => unknownMailbox.includes(id))),
          });
        },
      },
      freeBusy: {
        readAvailability: (r) => {
          this.freeBusyReads.push(r);
          return Promise.resolve(
            new Map(
              r.mailboxes.map((m): [string, Availability] => [
                m,
                { mailbox: m, window: r.window, intervals: this.options.busy?.[m] ?? [] },
              ]),
            ),
          );
        },
      },
      calendar: {
        ensureSeriesMany: (items) => {
          this.ensures.push(items);
          return Promise.resolve(
            new Map(
              items.map((i) => [
                i.key,
                this.options.ensure?.(i.key) ?? {
                  kind: 'created',
                  series: {
                    eventId: `ev-${i.key}`,
                    joinUrl: 'https://join/x',
                    onlineMeetingMissing: false,
                    existing: false,
                  },
                },
              ]),
            ),
          );
        },
      },
      series: {
        endSeriesMany: (items) => {
          this.ends.push([...items]);
          return Promise.resolve(
            new Map(
              items.map((i) => [i.key, this.options.end?.(i) ?? { kind: 'ended', lastDate: '2027-03-20' }]),
            ),
          );
        },
        moveSeries: (input) => {
          this.moves.push(input);
          return Promise.resolve({ kind: 'moved' });
        },
        readSeriesMany: (items) => {
          this.reads.push([...items]);
          return Promise.resolve(
            new Map(
              items.map((i): [string, SeriesRead] => [
                i.key,
                this.options.read?.(i) ?? { kind: 'instances', instances: [] },
              ]),
            ),
          );
        },
        readSeriesResponses: (items) => {
          this.responseReads.push(items.map((i) => i.eventId));
          return Promise.resolve(
            new Map(
              items.map((i) => {
                const answer = this.options.responses?.(i.eventId) ?? ['accepted'];
                return [
                  i.key,
                  answer === 'deleted'
                    ? { kind: 'deleted' as const }
                    : { kind: 'responses' as const, responses: answer },
                ];
              }),
            ),
          );
        },
      },
    };
  }
}

export interface LifecycleHarness {
  repos: MemoryRepositories;
  queues: RecordingQueues;
  calendar: FakeCalendar;
  clock: { now: Date; read: () => Date };
}

/** The store with the program and four people (ana L4 and bo L2 in Berlin, cy and di L3 in London). */
export async function lifecycleHarness(
  now: Date,
  options: FakeCalendarOptions & { defaultCadence?: 'weekly' | 'biweekly' | 'monthly' } = {},
): Promise<LifecycleHarness> {
  const repos = createMemoryRepositories();
  await repos.programs.create(programDoc(now, options.defaultCadence));
  await repos.participants.create(participantDoc(now, 'ana', 'W. Europe Standard Time', 4));
  await repos.participants.create(participantDoc(now, 'bo', 'W. Europe Standard Time', 2));
  await repos.participants.create(participantDoc(now, 'cy', 'GMT Standard Time', 3));
  await repos.participants.create(participantDoc(now, 'di', 'GMT Standard Time', 3));
  const clock = { now, read: () => new Date(clock.now.getTime()) };
  return { repos, queues: new RecordingQueues(), calendar: new FakeCalendar(options), clock };
}

export async function storedPairing(repos: MemoryRepositories, id: string): Promise<PairingDocument> {
  return (await repos.pairings.get(T, id))!.doc;
}

/** What the lifecycle's workers share over the harness (a short coalescing wait). */
function workerDeps(h: LifecycleHarness) {
  return {
    repos: h.repos,
    calendarFor: () => h.calendar.ports,
    queues: h.queues,
    clock: h.clock.read,
    random: () => 0,
    coalesce: { maxBatch: 20, maxWaitMs: 5 },
  };
}

/** The booking worker's service over the harness. */
export function bookingServiceOf(h: LifecycleHarness) {
  return createBookingService({
    ...workerDeps(h),
    tabDeepLink: 'https://teams.microsoft.com/l/entity/app/mentoring',
  });
}

/** The series-action worker's service over the harness. */
export function seriesActionServiceOf(h: LifecycleHarness) {
  return createSeriesActionService(workerDeps(h));
}

/** The queue message that books a pairing of program `prog`, round `r1`. */
export function bookingMessage(
  pairingId: string,
  attempt = 0,
  extra: Partial<BookingMessage> = {},
): BookingMessage {
  return { version: 1, tenantId: T, programId: 'prog', roundId: 'r1', pairingId, attempt, ...extra };
}
