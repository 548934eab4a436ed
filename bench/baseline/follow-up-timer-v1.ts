/**
 * THE PREVIOUS DESIGN, kept for `npm run bench -- lifecycle` only: the follow-up timer as it was before the
 * lifecycle rewrite (docs/decisions/0007-pairing-lifecycle.md), so the bench measures it beside the current design
 * in the same run. The logic below is the old file's, unchanged but for its imports and the ports it is handed
 * (the old Graph calls — series master, then a page of instances, per pairing, one pairing at a time — are made by
 * `oldCalendarPorts` exactly as the old adapter made them). Not product code: nothing in functions/ imports it.
 */
import { type InvocationContext } from '@azure/functions';
import { z } from 'zod';

import {
  type GraphCalendarWriter,
  type GraphGateway,
  GraphUserMailboxes,
} from '../../functions/src/adapters/graph/calendar';
import { type ActivityType } from '../../functions/src/contracts/activity-types';
import { type BookingMessage } from '../../functions/src/contracts/queue';
import { type PairingDocument } from '../../functions/src/domain/model';
import { type DocumentStore, type Repositories } from '../../functions/src/domain/ports';
import {
  assessSeries,
  occurrenceResponseOf,
  type SeriesObservation,
  seriesResponseOf,
  type SessionVerdict,
} from '../../functions/src/domain/scheduling';
import { updateWithRetry } from '../../functions/src/domain/update';
import { AppError, ensureError } from '../../functions/src/errors';
import { createLogger, type Logger } from '../../functions/src/observability';
import { type OldNotifierPort } from './activity-notifier-v1';

type ActivityNotifier = OldNotifierPort;
type BookingPublisher = { publish(messages: BookingMessage[]): Promise<void> };
type UserMailboxResolver = {
  resolve(userIds: readonly string[]): Promise<Map<string, { mail: string; displayName: string }>>;
};
type EndSeriesOutcome = Awaited<ReturnType<GraphCalendarWriter['endSeriesEarly']>>;
interface CalendarWriter {
  readSeriesHealth(
    organizer: string,
    eventId: string,
    attendees: string | readonly string[],
    window: { start: number; end: number },
  ): Promise<SeriesObservation>;
  endSeriesEarly(input: {
    organizer: string;
    eventId: string;
    from: number;
    comment: string;
  }): Promise<EndSeriesOutcome>;
}

/**
 * The follow-up timer keeps booked series healthy (docs/scheduling.md, "Keeping the series healthy"): every tick,
 * for each live pairing of each allowed tenant, it reads the organizer's copy of the series and acts — re-book a
 * declined series (once), flag a deleted one, end a series early when a member left/paused/erased or an admin
 * unpaired, close pairings whose round is over, and infer "did we meet?" from attendee responses.
 */
export interface FollowUpPorts {
  calendar: Pick<CalendarWriter, 'readSeriesHealth' | 'endSeriesEarly'>;
  mailboxes: UserMailboxResolver;
  notifier?: ActivityNotifier;
}

export interface FollowUpDeps {
  repos: Pick<Repositories, 'pairings' | 'programs'>;
  bookings: BookingPublisher;
  portsFor: (tenantId: string) => FollowUpPorts;
  clock: () => Date;
  tenantIds: readonly string[];
  tabDeepLink: string;
  /** How many times a declined series is re-booked before the pairing needs attention (default 1). */
  maxRebooks?: number;
}

/** Our fields on the (loose) pairing document; see docs/api.md and docs/scheduling.md. */
export interface FollowUpRecord {
  checkedAt: string;
  /** Re-bookings after the attendee declined the series. */
  rebooks: number;
  likelyHeld: number;
  /** Occurrence ids the attendee declined or that were cancelled (noted, not re-booked). */
  missed: string[];
  /** Set once the feedback request went out: it is never sent twice. */
  feedbackRequestedAt: string | null;
  /** Set when the series was ended by us (or the round ran out). */
  seriesEndedAt: string | null;
  /** Set when the pairing was flagged, so members are told once. */
  flaggedAt: string | null;
  previousSeriesIds: string[];
  /** First sessions (ISO) of the series the attendee declined: a re-booking avoids those weekly times. */
  declinedFirstSessions: string[];
}

export interface SessionRecord {
  start: string;
  verdict: SessionVerdict;
  likelyHeld: boolean;
}

// The old pairing document was loose: the timer's own fields sat on it beside the rest.
type FollowedPairing = Omit<PairingDocument, 'followUp' | 'sessions'> & {
  followUp?: FollowUpRecord;
  sessions?: SessionRecord[];
};
type MailOf = (userIds: string[]) => Promise<Map<string, string>>;

export type FollowUpOutcome = 'healthy' | 'rebooked' | 'flagged' | 'ended' | 'skipped' | 'failed';

export interface TickSummary {
  checked: number;
  outcomes: Record<FollowUpOutcome, number>;
}

const DAY_MS = 24 * 60 * 60_000;
const END_COMMENT = 'This peer-mentoring series has ended. Thank you for taking part.';
const REBOOK_COMMENT = 'This time did not work for your peer; Pairwise is booking a new time.';

/**
 * A deep link to a place inside the personal tab: Teams reads `context.subEntityId`
 * (https://teams.microsoft.com/l/entity/<app>/<entity>?context=…); outside Teams the tab routes by hash.
 */
export function deepLinkInto(tabLink: string, target: string): string {
  if (tabLink.startsWith('https://teams.microsoft.com/l/entity/')) {
    return `${tabLink}?context=${encodeURIComponent(JSON.stringify({ subEntityId: target }))}`;
  }
  return `${tabLink.replace(/\/$/, '')}/#/${target}`;
}

function emptyRecord(): FollowUpRecord {
  return {
    checkedAt: '',
    rebooks: 0,
    likelyHeld: 0,
    missed: [],
    feedbackRequestedAt: null,
    seriesEndedAt: null,
    flaggedAt: null,
    previousSeriesIds: [],
    declinedFirstSessions: [],
  };
}

function recordOf(doc: FollowedPairing): FollowUpRecord {
  return { ...emptyRecord(), ...doc.followUp };
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function createFollowUpTimer(
  deps: FollowUpDeps,
): (context: InvocationContext) => Promise<TickSummary> {
  const maxRebooks = deps.maxRebooks ?? 1;
  // The old code read and wrote its own fields on a loose document; the store is seen that way here.
  const loose = deps.repos.pairings as unknown as DocumentStore<FollowedPairing>;

  const notifyMembers = async (
    pairing: FollowedPairing,
    ports: FollowUpPorts,
    activityType: ActivityType,
    previewText: string,
    log: Logger,
  ) => {
    if (!ports.notifier) return;
    const program = (await deps.repos.programs.get(pairing.tenantId, pairing.programId))?.doc;
    // Erased members keep a placeholder id that no mailbox has.
    for (const userId of pairing.memberIds.filter((id) => !id.startsWith('erased-'))) {
      await ports.notifier
        .notify({
          userId,
          activityType,
          parameters: { programName: program?.name ?? 'Pairwise' },
          // The feedback request opens "did you meet?" directly; everything else opens the pairing.
          webUrl: deepLinkInto(
            deps.tabDeepLink,
            activityType === 'feedbackRequested' ? `feedback/${pairing.id}` : `pairing/${pairing.id}`,
          ),
          previewText,
        })
        .catch((e: unknown) =>
          log.warn('follow-up: notification failed', { activityType, error: ensureError(e).name }),
        );
    }
  };

  /** Mailboxes by user id, resolved once per tenant and tick for all its pairings (15 ids per `/users` filter). */
  const mailCache = (ports: FollowUpPorts) => {
    const known = new Map<string, string>();
    // Ids already asked for (found or not): a person without a mailbox is not looked up again this tick.
    const asked = new Set<string>();
    return async (userIds: string[]): Promise<Map<string, string>> => {
      const missing = [...new Set(userIds)].filter((id) => !asked.has(id) && !id.startsWith('erased-'));
      if (missing.length > 0) {
        for (const [id, m] of await ports.mailboxes.resolve(missing)) known.set(id, m.mail);
        for (const id of missing) asked.add(id);
      }
      return known;
    };
  };

  /** End the series (keeping past occurrences) and close the pairing; `cancelled` pairings stay cancelled. */
  const end = async (
    pairing: FollowedPairing,
    ports: FollowUpPorts,
    mailOf: MailOf,
    now: number,
    callGraph: boolean,
    log: Logger,
  ): Promise<FollowUpOutcome> => {
    const series = pairing.series;
    if (callGraph && series?.eventId) {
      const organizer = (await mailOf([series.organizerId])).get(series.organizerId);
      if (!organizer)
        throw new AppError('upstream', 'The organizer mailbox could not be resolved.', {
          code: 'no_mailbox',
        });
      const from = Math.max(now, Date.parse(pairing.endRequested?.at ?? '') || 0);
      const outcome = await ports.calendar.endSeriesEarly({
        organizer,
        eventId: series.eventId,
        from,
        comment: END_COMMENT,
      });
      log.info('follow-up: series ended', { outcome: outcome.kind });
    }
    const at = new Date(now).toISOString();
    let changed = false;
    await updateWithRetry(loose, pairing.tenantId, pairing.id, (doc) => {
      const current = doc;
      const record = recordOf(current);
      if (record.seriesEndedAt) return null;
      changed = true;
      return {
        ...current,
        state: current.state === 'cancelled' ? ('cancelled' as const) : ('ended' as const),
        nextSession: null,
        followUp: { ...record, seriesEndedAt: at, checkedAt: at },
        updatedAt: at,
      };
    });
    if (changed)
      await notifyMembers(pairing, ports, 'seriesEnded', 'Your peer-mentoring sessions have ended.', log);
    return 'ended';
  };

  const flag = async (
    pairing: FollowedPairing,
    ports: FollowUpPorts,
    now: number,
    reason: string,
    message: string,
    log: Logger,
  ): Promise<FollowUpOutcome> => {
    const at = new Date(now).toISOString();
    let changed = false;
    await updateWithRetry(loose, pairing.tenantId, pairing.id, (doc) => {
      const current = doc;
      if (current.state !== 'booked' && current.state !== 'active') return null;
      changed = true;
      return {
        ...current,
        state: 'needs-attention' as const,
        attentionReason: message,
        followUp: { ...recordOf(current), flaggedAt: at, checkedAt: at },
        updatedAt: at,
      };
    });
    if (changed) {
      log.warn('follow-up: needs attention', { reason });
      await notifyMembers(
        pairing,
        ports,
        'actionNeeded',
        'Your peer-mentoring sessions need a new time.',
        log,
      );
    }
    return 'flagged';
  };

  const followOne = async (
    pairing: FollowedPairing,
    ports: FollowUpPorts,
    mailOf: MailOf,
    now: number,
    log: Logger,
  ): Promise<FollowUpOutcome> => {
    if (pairing.endRequested) return end(pairing, ports, mailOf, now, true, log);
    // The recurrence already ends with the round (range.endDate = endsOn): nothing to change in Outlook.
    if (Date.parse(`${pairing.endsOn}T23:59:59Z`) < now) return end(pairing, ports, mailOf, now, false, log);
    const series = pairing.series;
    if (!series?.eventId) return 'skipped';
    // A pair has one attendee, a triad two: every attendee's response counts (a decline by any → re-book once).
    const attendeeIds = pairing.memberIds.filter((id) => id !== series.organizerId);
    if (attendeeIds.length === 0) return 'skipped';
    const mails = await mailOf([series.organizerId, ...attendeeIds]);
    const organizer = mails.get(series.organizerId);
    const attendees = attendeeIds.map((id) => mails.get(id));
    if (!organizer || attendees.some((m) => m === undefined))
      throw new AppError('upstream', 'A member mailbox could not be resolved.', { code: 'no_mailbox' });
    const from = Date.parse(series.firstOccurrence ?? `${pairing.startsOn}T00:00:00Z`) - DAY_MS;
    const window = {
      start: from,
      end: Math.min(Date.parse(`${pairing.endsOn}T23:59:59Z`), now + 35 * DAY_MS),
    };
    const observation = await ports.calendar.readSeriesHealth(
      organizer,
      series.eventId,
      attendees.filter((m): m is string => m !== undefined),
      window,
    );
    const record = recordOf(pairing);
    const assessment = assessSeries(observation, {
      now,
      feedbackRequested: record.feedbackRequestedAt !== null,
    });

    if (assessment.kind === 'flag')
      return flag(pairing, ports, now, assessment.reason, assessment.message, log);
    if (assessment.kind === 'rebook') {
      if (record.rebooks >= maxRebooks) {
        return flag(
          pairing,
          ports,
          now,
          'declined-again',
          'A peer declined the series again; choose a time with them or re-pair.',
          log,
        );
      }
      // Keep what already happened; the worker books a new series with a fresh transactionId (attempt + 1).
      await ports.calendar.endSeriesEarly({
        organizer,
        eventId: series.eventId,
        from: now,
        comment: REBOOK_COMMENT,
      });
      const at = new Date(now).toISOString();
      const updated = await updateWithRetry(loose, pairing.tenantId, pairing.id, (doc) => {
        const current = doc;
        if (current.series?.eventId !== series.eventId) return null;
        const r = recordOf(current);
        return {
          ...current,
          state: 'proposed' as const,
          bookingAttempt: current.bookingAttempt + 1,
          series: null,
          nextSession: null,
          attentionReason: null,
          followUp: {
            ...r,
            rebooks: r.rebooks + 1,
            previousSeriesIds: [...r.previousSeriesIds, series.eventId!],
            declinedFirstSessions: series.firstOccurrence
              ? [...r.declinedFirstSessions, series.firstOccurrence]
              : r.declinedFirstSessions,
            checkedAt: at,
          },
          updatedAt: at,
        };
      });
      if (updated && updated.doc.series === null) {
        const doc = updated.doc;
        await deps.bookings.publish([
          {
            version: 1,
            tenantId: doc.tenantId,
            programId: doc.programId,
            roundId: doc.roundId,
            pairingId: doc.id,
            attempt: doc.bookingAttempt,
          },
        ]);
        log.info('follow-up: re-booking a declined series', { attempt: doc.bookingAttempt });
      }
      return 'rebooked';
    }

    const at = new Date(now).toISOString();
    const sessions: SessionRecord[] = assessment.sessions.map((s) => ({
      start: new Date(s.start).toISOString(),
      verdict: s.verdict,
      likelyHeld: s.verdict === 'likely-held',
    }));
    const started = assessment.sessions.some((s) => s.start <= now && s.verdict !== 'missed');
    let claimedFeedback = false;
    await updateWithRetry(loose, pairing.tenantId, pairing.id, (doc) => {
      const current = doc;
      if (current.state !== 'booked' && current.state !== 'active') return null;
      if (current.series?.eventId !== series.eventId) return null;
      const r = recordOf(current);
      const askNow = assessment.askFeedback && r.feedbackRequestedAt === null;
      claimedFeedback = askNow;
      const nextSession = assessment.nextSession
        ? {
            start: new Date(assessment.nextSession.start).toISOString(),
            end: new Date(assessment.nextSession.end).toISOString(),
            joinUrl: series.joinUrl,
          }
        : null;
      const state = started ? ('active' as const) : current.state;
      const followUp: FollowUpRecord = {
        ...r,
        likelyHeld: assessment.likelyHeld,
        missed: assessment.missed,
        feedbackRequestedAt: askNow ? at : r.feedbackRequestedAt,
      };
      const unchanged =
        !askNow &&
        state === current.state &&
        sameJson(current.sessions ?? [], sessions) &&
        sameJson(current.nextSession, nextSession) &&
        sameJson({ ...r, checkedAt: '' }, { ...followUp, checkedAt: '' });
      // Unchanged pairings are not rewritten every tick (Cosmos RUs).
      if (unchanged) return null;
      return {
        ...current,
        state,
        sessions,
        nextSession,
        followUp: { ...followUp, checkedAt: at },
        updatedAt: at,
      };
    });
    // Claimed in the document first, then sent: at most once even if two timers race.
    if (claimedFeedback)
      await notifyMembers(
        pairing,
        ports,
        'feedbackRequested',
        'Did you meet? Tell us how your first session went.',
        log,
      );
    if (assessment.missed.length > record.missed.length)
      log.info('follow-up: occurrence missed', { missed: assessment.missed.length });
    return 'healthy';
  };

  return async (context) => {
    const base = createLogger(context, { correlation: { operation: 'follow-up.tick' } });
    const summary: TickSummary = {
      checked: 0,
      outcomes: { healthy: 0, rebooked: 0, flagged: 0, ended: 0, skipped: 0, failed: 0 },
    };
    for (const tenantId of deps.tenantIds) {
      const log = base.child({ tenantId });
      let pairings: FollowedPairing[];
      try {
        // Partition key (tenantId) in every query; live series, plus unpaired ones whose series is still to end.
        const live = await deps.repos.pairings.queryAll(tenantId, {
          where: [{ field: 'state', op: 'in', values: ['booked', 'active'] }],
        });
        const unpaired = await deps.repos.pairings.queryAll(tenantId, {
          where: [
            { field: 'state', op: 'eq', value: 'cancelled' },
            { field: 'endRequested', op: 'ne', value: null },
          ],
        });
        pairings = [
          ...live,
          ...unpaired.filter(
            (p) => p.doc.series?.eventId && !(p.doc as FollowedPairing).followUp?.seriesEndedAt,
          ),
        ].map((p) => p.doc as FollowedPairing);
      } catch (e) {
        log.error('follow-up: could not list pairings', e);
        continue;
      }
      const ports = deps.portsFor(tenantId);
      const mailOf = mailCache(ports);
      try {
        await mailOf(pairings.flatMap((p) => (p.series ? [p.series.organizerId, ...p.memberIds] : [])));
      } catch (e) {
        // Each pairing then resolves its own members (and fails on its own if Graph stays unavailable).
        log.warn('follow-up: mailbox prefetch failed', { error: ensureError(e).name });
      }
      for (const pairing of pairings) {
        summary.checked++;
        const now = deps.clock().getTime();
        const plog = log.child({ programId: pairing.programId, pairingId: pairing.id });
        try {
          summary.outcomes[await followOne(pairing, ports, mailOf, now, plog)]++;
        } catch (e) {
          // One pairing's failure (Graph busy, a mailbox gone) never stops the tick; the next tick retries it.
          summary.outcomes.failed++;
          plog.warn('follow-up: pairing failed', {
            error: ensureError(e).name,
            kind: e instanceof AppError ? e.kind : undefined,
          });
        }
      }
    }
    for (const [outcome, count] of Object.entries(summary.outcomes))
      if (count > 0) base.metric(`followup.${outcome}`, count);
    base.info('follow-up: tick done', { checked: summary.checked });
    return summary;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The old adapter's reads, over today's gateway: the series master, then every page of instances, addressed by the
// organizer's mail, each attendee's response found by mail address (calendar-writer.ts before the rewrite).

const OldAttendeeSchema = z.object({
  emailAddress: z.object({ address: z.string().nullish() }).nullish(),
  status: z.object({ response: z.string().nullish() }).nullish(),
});
const OldTimeSchema = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });
const OldMasterSchema = z.object({
  id: z.string(),
  isCancelled: z.boolean().nullish(),
  attendees: z.array(OldAttendeeSchema).nullish(),
  recurrence: z.object({ range: z.object({ endDate: z.string().nullish() }) }).nullish(),
});
const OldInstancesSchema = z.object({
  value: z.array(
    z.object({
      id: z.string(),
      isCancelled: z.boolean().nullish(),
      start: OldTimeSchema,
      end: OldTimeSchema,
      attendees: z.array(OldAttendeeSchema).nullish(),
    }),
  ),
  '@odata.nextLink': z.string().optional(),
});
const RESPONSES = [
  'none',
  'organizer',
  'tentativelyAccepted',
  'accepted',
  'declined',
  'notResponded',
] as const;

function oldResponseOf(attendees: z.infer<typeof OldAttendeeSchema>[] | null | undefined, mailbox: string) {
  const found = attendees?.find((a) => a.emailAddress?.address?.toLowerCase() === mailbox.toLowerCase());
  const response = found?.status?.response ?? 'none';
  return RESPONSES.find((r) => r === response) ?? 'none';
}

/** Instances are asked for in UTC (`Prefer: outlook.timezone="UTC"`). */
function instantOf(value: z.infer<typeof OldTimeSchema>): number {
  return Date.parse(`${value.dateTime.slice(0, 19)}Z`);
}

export function oldCalendarPorts(
  gateway: GraphGateway,
  writer: GraphCalendarWriter,
  notifier: OldNotifierPort,
): FollowUpPorts {
  const mailboxes = new GraphUserMailboxes(gateway);
  const users = (mailbox: string) => `/users/${encodeURIComponent(mailbox)}`;
  return {
    notifier,
    mailboxes: { resolve: async (ids) => (await mailboxes.lookup(ids)).found },
    calendar: {
      endSeriesEarly: (input) => writer.endSeriesEarly(input),
      async readSeriesHealth(organizer, eventId, attendees, window) {
        const list = typeof attendees === 'string' ? [attendees] : attendees;
        const master = await gateway.send({
          method: 'GET',
          path: `${users(organizer)}/events/${encodeURIComponent(eventId)}?$select=id,isCancelled,start,attendees,recurrence`,
          headers: { prefer: 'IdType="ImmutableId"' },
        });
        if (master.status === 404) return { state: 'deleted' };
        if (master.status !== 200) throw new AppError('upstream', `Graph answered ${master.status}`);
        const m = OldMasterSchema.parse(master.body);
        if (m.isCancelled) return { state: 'cancelled' };
        const instances: z.infer<typeof OldInstancesSchema>['value'] = [];
        let path: string | undefined =
          `${users(organizer)}/events/${encodeURIComponent(eventId)}/instances?startDateTime=${new Date(window.start).toISOString()}&endDateTime=${new Date(window.end).toISOString()}&$select=id,isCancelled,start,end,attendees&$top=100`;
        while (path) {
          const page = await gateway.send({
            method: 'GET',
            path,
            headers: { prefer: 'IdType="ImmutableId", outlook.timezone="UTC"' },
          });
          if (page.status !== 200) throw new AppError('upstream', `Graph answered ${page.status}`);
          const parsed = OldInstancesSchema.parse(page.body);
          instances.push(...parsed.value);
          const next = parsed['@odata.nextLink'];
          path = next ? next.slice(next.indexOf('/v1.0') + 5) : undefined;
        }
        return {
          state: 'active',
          attendeeResponse: seriesResponseOf(list.map((a) => oldResponseOf(m.attendees, a))),
          ...(m.recurrence?.range.endDate ? { recurrenceEndDate: m.recurrence.range.endDate } : {}),
          occurrences: instances.map((i) => ({
            eventId: i.id,
            start: instantOf(i.start),
            end: instantOf(i.end),
            isCancelled: !!i.isCancelled,
            attendeeResponse: occurrenceResponseOf(
              list.map((a) => (i.attendees ? oldResponseOf(i.attendees, a) : oldResponseOf(m.attendees, a))),
            ),
          })),
        };
      },
    },
  };
}
