import { type InvocationContext } from '@azure/functions';
import { z } from 'zod';

import { createCalendarPorts } from '../adapters/graph/calendar';
import { type ActivityNotifier } from '../adapters/graph/calendar/activity-notifier';
import { type EndSeriesOutcome } from '../adapters/graph/calendar/calendar-writer';
import { MicroBatcher, type MicroBatcherOptions } from '../adapters/graph/calendar/micro-batcher';
import { type UserMailboxResolver } from '../adapters/graph/calendar/user-mailboxes';
import { type Config } from '../config';
import { IsoDateTimeSchema, type PairingReason as StoredReason } from '../contracts/common';
import { BOOKING_QUEUE_NAME, BookingMessageSchema } from '../contracts/queue';
import { type Deps } from '../domain/deps';
import { type PairingDocument, type ParticipantDocument, participantId } from '../domain/model';
import { type Repositories } from '../domain/ports';
import {
  type BookingPerson,
  type BookingRequest,
  type BookingResult,
  bookPairings,
  type CalendarPort,
  type FreeBusyPort,
  type OrganizerPolicy,
  type PairingReason,
  sha1,
  type WorkingHours as SlotWorkingHours,
} from '../domain/scheduling';
import { updateWithRetry } from '../domain/update';
import { AppError, ensureError } from '../errors';
import { type QueueFunctionDefinition } from '../function-registry';

/**
 * The booking worker: one queue message per pairing (`bookings`), booked exactly once. Concurrent messages of a
 * tenant are coalesced (MicroBatcher) so their free/busy reads and event creations share `$batch` requests.
 * See docs/scheduling.md and docs/decisions/0004-booking-idempotency.md.
 */
export interface BookingWorkerPorts {
  freeBusy: FreeBusyPort;
  calendar: CalendarPort & {
    endSeriesEarly(input: {
      organizer: string;
      eventId: string;
      from: number;
      comment: string;
    }): Promise<EndSeriesOutcome>;
  };
  mailboxes: UserMailboxResolver;
  notifier?: ActivityNotifier;
}

export interface BookingWorkerDeps {
  repos: Pick<Repositories, 'programs' | 'participants' | 'pairings'>;
  portsFor: (tenantId: string) => BookingWorkerPorts;
  clock: () => Date;
  /** Deep link into the personal tab (invitations and notifications). */
  tabDeepLink: string;
  coalesce?: MicroBatcherOptions;
  /** The queue's maxDequeueCount: on the last delivery a transient failure becomes needs-attention, not poison. */
  maxDequeueCount?: number;
}

/** One booking attempt as recorded on the pairing (the pairing document is loose: these are our fields). */
export interface BookingAttemptRecord {
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'booked' | 'needs-attention' | 'retry-later' | null;
  reason: string | null;
}

type WorkerPairing = PairingDocument & {
  bookingAttempts?: BookingAttemptRecord[];
  transactionId?: string;
  bookingDegraded?: string | null;
};

const DONE_STATES = new Set(['booked', 'active', 'ended', 'cancelled']);
const DAY_MS = 24 * 60 * 60_000;

function toOrganizerPolicy(policy: string | undefined): OrganizerPolicy {
  if (policy === 'more-senior') return 'senior-organizes';
  if (policy === 'random-seeded') return 'first-listed';
  return 'junior-organizes';
}

function hhmm(value: string): number {
  const [h = '0', m = '0'] = value.split(':');
  return Number(h) * 60 + Number(m);
}

function describeReason(reason: StoredReason, names: Map<string, string>): PairingReason | undefined {
  const name = (id: string): string => names.get(id) ?? 'one of you';
  const group = names.size > 2;
  switch (reason.kind) {
    case 'same-level':
      return { code: 'same-level' };
    case 'level-gap':
      return { code: 'level-gap', text: 'You are close in level, so you can speak as peers.' };
    case 'different-department':
      return {
        code: 'different-departments',
        text:
          reason.data.departments.length > 1
            ? `You work in different departments (${reason.data.departments.join(' and ')}).`
            : undefined,
      };
    case 'shared-goal':
      return {
        code: 'shared-goals',
        text: `You share goals: ${reason.data.goals.map((g) => g.replace(/-/g, ' ')).join(', ')}.`,
      };
    case 'teaches':
      return {
        code: 'complementary-topics',
        text: `${name(reason.data.teacherId)} can share what ${name(reason.data.learnerId)} wants to learn: ${reason.data.topics.join(', ')}.`,
      };
    case 'overlap-hours':
      return {
        code: 'time-zone-overlap',
        text: `Your working hours overlap by about ${Math.round(reason.data.hours)} hours.`,
      };
    case 'shared-language':
      return { code: 'language', text: `You share a language: ${reason.data.languages.join(', ')}.` };
    case 'new-joiner-buddy':
      return {
        code: 'new-joiner-buddy',
        text: `${name(reason.data.newJoinerId)} is new here and the ${group ? 'others know' : 'other knows'} the ropes.`,
      };
    case 'fairness':
      return { code: 'fairness' };
    default:
      // Admin overrides and kinds we do not know are not shown (the contract says: skip, never show raw).
      return undefined;
  }
}

function toPerson(
  member: PairingDocument['members'][number],
  participant: ParticipantDocument | undefined,
): Omit<BookingPerson, 'mailbox'> {
  const directory = participant?.directory;
  const wh = directory?.workingHours;
  const workingHours: SlotWorkingHours | undefined = wh
    ? {
        daysOfWeek: wh.daysOfWeek,
        startMinutes: hhmm(wh.startTime),
        endMinutes: hhmm(wh.endTime),
        timeZone: { kind: 'named', name: wh.timeZone },
      }
    : undefined;
  const prefs = participant?.preferences;
  return {
    id: member.userId,
    displayName: member.displayName,
    ...(member.levelRank !== null
      ? { level: member.levelRank }
      : directory?.levelRank !== null && directory?.levelRank !== undefined
        ? { level: directory.levelRank }
        : {}),
    timeZone: directory?.timeZone ?? member.timeZone ?? 'UTC',
    ...(workingHours ? { workingHours } : {}),
    ...(prefs?.preferredDays.length ? { preferredDays: prefs.preferredDays } : {}),
    ...(prefs?.preferredTimesOfDay.length ? { preferredTimesOfDay: prefs.preferredTimesOfDay } : {}),
    ...(directory?.managerId ? { loadGroups: [`manager:${directory.managerId}`] } : {}),
  };
}

type UnresolvedPerson = Omit<BookingPerson, 'mailbox'>;

interface Job {
  request: Omit<BookingRequest, 'people'> & {
    people:
      | readonly [UnresolvedPerson, UnresolvedPerson]
      | readonly [UnresolvedPerson, UnresolvedPerson, UnresolvedPerson];
  };
}

/** A pair or a triad as the tuple BookingRequest expects; anything else is not bookable. */
function asGroup<T>(people: readonly T[]): readonly [T, T] | readonly [T, T, T] | undefined {
  const [a, b, c] = people;
  if (people.length === 2 && a !== undefined && b !== undefined) return [a, b];
  if (people.length === 3 && a !== undefined && b !== undefined && c !== undefined) return [a, b, c];
  return undefined;
}

export function createBookingWorker(
  deps: BookingWorkerDeps,
): (message: unknown, context: InvocationContext) => Promise<void> {
  const batchers = new Map<string, MicroBatcher<Job, BookingResult>>();
  const loadByTenant = new Map<string, Map<string, Map<string, number>>>();
  const maxDequeueCount = deps.maxDequeueCount ?? 5;

  const batcherFor = (tenantId: string): MicroBatcher<Job, BookingResult> => {
    let batcher = batchers.get(tenantId);
    if (!batcher) {
      const load = loadByTenant.get(tenantId) ?? new Map<string, Map<string, number>>();
      loadByTenant.set(tenantId, load);
      batcher = new MicroBatcher<Job, BookingResult>(
        async (jobs) => {
          const ports = deps.portsFor(tenantId);
          const mailboxes = await ports.mailboxes.resolve(
            jobs.flatMap((j) => j.request.people.map((p) => p.id)),
          );
          const ready: BookingRequest[] = [];
          const results = new Map<string, BookingResult>();
          for (const { request } of jobs) {
            const people = asGroup(
              request.people.flatMap((p) => {
                const mailbox = mailboxes.get(p.id);
                return mailbox ? [{ ...p, mailbox: mailbox.mail }] : [];
              }),
            );
            if (!people || people.length !== request.people.length) {
              results.set(request.pairingId, {
                kind: 'needs-attention',
                pairingId: request.pairingId,
                reason: 'no-mailbox',
                message: 'A member has no mailbox Pairwise can book in.',
              });
              continue;
            }
            ready.push({ ...request, people });
          }
          const notBefore = deps.clock().getTime() + DAY_MS;
          for (const result of await bookPairings(ready, ports, { notBefore, load }))
            results.set(result.pairingId, result);
          return jobs.map((j) => results.get(j.request.pairingId)!);
        },
        deps.coalesce ?? { maxBatch: 20, maxWaitMs: 50 },
      );
      batchers.set(tenantId, batcher);
    }
    return batcher;
  };

  const finish = async (
    tenantId: string,
    pairingId: string,
    attempt: number,
    change: (doc: WorkerPairing) => WorkerPairing,
    outcome: BookingAttemptRecord['outcome'],
    reason: string | null,
    finished = true,
  ) => {
    const now = deps.clock().toISOString();
    await updateWithRetry(deps.repos.pairings, tenantId, pairingId, (doc) => {
      const current = doc as WorkerPairing;
      const attempts = (current.bookingAttempts ?? []).map((a) =>
        a.attempt === attempt && a.finishedAt === null
          ? { ...a, outcome, reason, finishedAt: finished ? now : null }
          : a,
      );
      return { ...change(current), bookingAttempts: attempts, updatedAt: now };
    });
  };

  const endSeries = async (pairing: WorkerPairing, ports: BookingWorkerPorts, context: InvocationContext) => {
    const series = pairing.series;
    if (series?.eventId && pairing.state !== 'ended') {
      const organizerMailbox = (await ports.mailboxes.resolve([series.organizerId])).get(series.organizerId);
      if (!organizerMailbox)
        throw new AppError('upstream', 'The organizer mailbox could not be resolved.', {
          code: 'no_mailbox',
        });
      const from = Math.max(deps.clock().getTime(), Date.parse(pairing.endRequested?.at ?? '') || 0);
      const outcome = await ports.calendar.endSeriesEarly({
        organizer: organizerMailbox.mail,
        eventId: series.eventId,
        from,
        comment: 'This peer-mentoring series has ended. Thank you for taking part.',
      });
      context.log(`booking: series end pairing=${pairing.id} outcome=${outcome.kind}`);
    }
    await updateWithRetry(deps.repos.pairings, pairing.tenantId, pairing.id, (doc) =>
      doc.state === 'cancelled' || doc.state === 'ended'
        ? doc.nextSession
          ? { ...doc, nextSession: null }
          : null
        : { ...doc, state: 'ended' as const, nextSession: null, updatedAt: deps.clock().toISOString() },
    );
  };

  return async (message, context) => {
    const parsed = BookingMessageSchema.safeParse(message);
    if (!parsed.success) {
      // A malformed message can never succeed: dropped with a warning instead of filling the poison queue.
      context.warn('booking: dropped a malformed message');
      return;
    }
    const { tenantId, pairingId, attempt } = parsed.data;
    const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
    const lastDelivery = dequeueCount >= maxDequeueCount;
    const stored = await deps.repos.pairings.get(tenantId, pairingId);
    if (!stored || !stored.doc.published) return;
    const pairing = stored.doc as WorkerPairing;
    const ports = deps.portsFor(tenantId);
    try {
      if (pairing.endRequested) {
        await endSeries(pairing, ports, context);
        return;
      }
      if (DONE_STATES.has(pairing.state) || attempt < pairing.bookingAttempt) return;
      // Pairs and triads are booked alike (one series, the others invited); no other size comes from matching.
      if (pairing.members.length !== 2 && pairing.members.length !== 3) {
        await finish(
          tenantId,
          pairingId,
          attempt,
          (d) => ({
            ...d,
            state: 'needs-attention' as const,
            attentionReason: `A group of ${pairing.members.length} cannot be booked; re-pair its members.`,
          }),
          'needs-attention',
          'group-size',
        );
        return;
      }
      const program = (await deps.repos.programs.get(tenantId, pairing.programId))?.doc;
      if (!program) return;
      const participants = await Promise.all(
        pairing.memberIds.map((id) =>
          deps.repos.participants.get(tenantId, participantId(pairing.programId, id)),
        ),
      );
      const names = new Map(pairing.members.map((m) => [m.userId, m.displayName]));
      const people = pairing.members.map((m) =>
        toPerson(m, participants[pairing.memberIds.indexOf(m.userId)]?.doc),
      );
      if (program.bookingPolicy.organizer === 'random-seeded') {
        // Deterministic per pairing: the same retry always picks the same organizer.
        const key = (p: { id: string }) =>
          Array.from(sha1(new TextEncoder().encode(`${pairingId}/${p.id}`)).slice(0, 4)).join('.');
        people.sort((x, y) => (key(x) < key(y) ? -1 : 1));
      }
      const group = asGroup(people);
      if (!group)
        throw new AppError('invalid', 'A pairing has two or three members.', { code: 'group_size' });
      // An attempt recorded as started but never finished may have reached Graph before a crash. So may any
      // earlier attempt of a pairing that never got a series (an admin's retry after needs-attention runs under a
      // new attempt and transactionId). Once a series was booked, a later attempt is a deliberate re-booking and
      // the old series (ended early, still carrying our marker) must not be taken for the new one.
      const attempts = pairing.bookingAttempts ?? [];
      const mayExist =
        attempts.some((a) => a.attempt === attempt) ||
        (attempts.length > 0 && !attempts.some((a) => a.outcome === 'booked'));
      const startedAt = deps.clock().toISOString();
      await updateWithRetry(deps.repos.pairings, tenantId, pairingId, (doc) => {
        const current = doc as WorkerPairing;
        if (DONE_STATES.has(current.state)) return null;
        const attempts = current.bookingAttempts ?? [];
        return {
          ...current,
          state: 'booking' as const,
          bookingAttempts: [
            ...attempts,
            { attempt, startedAt, finishedAt: null, outcome: null, reason: null },
          ],
          updatedAt: startedAt,
        };
      });
      const result = await batcherFor(tenantId).submit({
        request: {
          tenantId,
          pairingId,
          attempt,
          mayExist,
          people: group,
          cadence: pairing.cadence,
          durationMinutes: pairing.sessionMinutes,
          round: {
            start: Date.parse(`${pairing.startsOn}T00:00:00Z`),
            end: Date.parse(`${pairing.endsOn}T23:59:59Z`),
          },
          program: {
            name: program.name,
            subjectTemplate: program.bookingPolicy.subjectTemplate,
            bodyTemplate: program.bookingPolicy.bodyTemplate,
            allowNewTimeProposals: program.bookingPolicy.allowNewTimeProposals,
            organizerPolicy: toOrganizerPolicy(program.bookingPolicy.organizer),
          },
          reasons: pairing.reasons
            .map((r) => describeReason(r, names))
            .filter((r): r is PairingReason => r !== undefined),
          tabDeepLink: deps.tabDeepLink,
          declinedFirstSessions: declinedFirstSessionsOf(pairing),
        },
      });
      if (result.kind === 'booked') {
        const first = result.slot.firstOccurrence;
        const joinUrl = result.series.joinUrl ?? null;
        await finish(
          tenantId,
          pairingId,
          attempt,
          (d) => ({
            ...d,
            state: 'booked' as const,
            organizerId: result.organizerId,
            series: {
              organizerId: result.organizerId,
              eventId: result.series.eventId,
              firstOccurrence: new Date(first.start).toISOString(),
              until: pairing.endsOn,
              joinUrl,
            },
            nextSession: {
              start: new Date(first.start).toISOString(),
              end: new Date(first.end).toISOString(),
              joinUrl,
            },
            attentionReason: null,
            transactionId: result.transactionId,
            bookingDegraded: result.degraded ?? null,
          }),
          'booked',
          result.degraded ?? null,
        );
        context.log(
          `booking: booked pairing=${pairingId} attempt=${attempt}${result.degraded ? ` degraded=${result.degraded}` : ''}`,
        );
        if (ports.notifier) {
          for (const userId of pairing.memberIds) {
            await ports.notifier
              .notify({
                userId,
                activityType: 'sessionBooked',
                parameters: { programName: program.name },
                webUrl: deps.tabDeepLink,
                previewText: 'Your peer-mentoring sessions are on your calendar.',
              })
              .catch((e: unknown) =>
                context.warn(`booking: notification failed pairing=${pairingId}: ${ensureError(e).name}`),
              );
          }
        }
        return;
      }
      if (result.kind === 'needs-attention' || lastDelivery) {
        const reason =
          result.kind === 'needs-attention'
            ? result.message
            : 'Microsoft Graph was unavailable on every try; retry the booking.';
        await finish(
          tenantId,
          pairingId,
          attempt,
          (d) => ({ ...d, state: 'needs-attention' as const, attentionReason: reason }),
          'needs-attention',
          result.reason,
        );
        context.warn(`booking: needs attention pairing=${pairingId} reason=${result.reason}`);
        return;
      }
      await finish(tenantId, pairingId, attempt, (d) => d, 'retry-later', result.reason, false);
      throw new AppError('unavailable', 'Booking deferred: Microsoft Graph is busy.', {
        code: result.reason,
      });
    } catch (e) {
      if (lastDelivery) {
        // Nothing goes to the poison queue: the pairing shows the reason and admins can retry it.
        await updateWithRetry(deps.repos.pairings, tenantId, pairingId, (doc) =>
          DONE_STATES.has(doc.state)
            ? null
            : {
                ...doc,
                state: 'needs-attention' as const,
                attentionReason: 'Booking failed repeatedly; retry it from the admin page.',
                updatedAt: deps.clock().toISOString(),
              },
        );
        context.warn(
          `booking: gave up pairing=${pairingId} after ${dequeueCount} deliveries: ${ensureError(e).name}`,
        );
        return;
      }
      throw e;
    }
  };
}

/** The follow-up timer's note of declined series on the (loose) pairing document; anything malformed is ignored. */
const DeclinedSeriesSchema = z.object({
  followUp: z.object({ declinedFirstSessions: z.array(IsoDateTimeSchema) }),
});

function declinedFirstSessionsOf(pairing: PairingDocument): string[] {
  const parsed = DeclinedSeriesSchema.safeParse(pairing);
  return parsed.success ? parsed.data.followUp.declinedFirstSessions : [];
}

/** Deep link into the personal tab (manifest `staticTabs[].entityId` "mentoring"), else the tab's own URL. */
export function tabDeepLinkOf(config: Pick<Config, 'TEAMS_APP_ID' | 'TAB_BASE_URL'>): string {
  return config.TEAMS_APP_ID
    ? `https://teams.microsoft.com/l/entity/${config.TEAMS_APP_ID}/mentoring`
    : config.TAB_BASE_URL;
}

export interface BookingServices {
  config: Config;
  deps: Pick<Deps, 'repos' | 'clock'>;
  graph: Parameters<typeof createCalendarPorts>[0];
}

export function bookingQueueFunction(services: () => BookingServices): QueueFunctionDefinition {
  let worker: ((message: unknown, context: InvocationContext) => Promise<void>) | undefined;
  const portsByTenant = new Map<string, BookingWorkerPorts>();
  return {
    kind: 'queue',
    name: 'booking-worker',
    queueName: BOOKING_QUEUE_NAME,
    connection: 'AzureWebJobsStorage',
    handler: (message, context) => {
      if (!worker) {
        const { config, deps, graph } = services();
        worker = createBookingWorker({
          repos: deps.repos,
          clock: deps.clock,
          tabDeepLink: tabDeepLinkOf(config),
          portsFor: (tenantId) => {
            let ports = portsByTenant.get(tenantId);
            if (!ports) {
              ports = createCalendarPorts(graph, tenantId, config.GRAPH_BASE_URL);
              portsByTenant.set(tenantId, ports);
            }
            return ports;
          },
        });
      }
      return worker(message, context);
    },
  };
}
