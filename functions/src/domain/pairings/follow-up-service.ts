import { type NotificationMessage, type SeriesActionMessage } from '../../contracts/queue';
import { type SweepStateDocument } from '../model';
import { type Clock, type Repositories } from '../ports';
import { assessSeries, observeInstances, seriesResponseOf } from '../scheduling/series-health';
import { isoDate } from '../time';
import {
  closeRound,
  flag,
  hasRunningSeries,
  type HealthRecord,
  isDone,
  isTombstone,
  type PairingDocument,
  recordHealth,
} from './lifecycle';
import { applyTransition } from './pairing-writer';
import { type CalendarPorts, type SeriesRead, type WorkQueues } from './ports';
import { addTeamLoad } from './team-load';

/**
 * The follow-up sweep: the safety net behind the event-driven lifecycle (docs/scheduling.md §12). Each tick, for
 * each tenant on its own: pairings whose round is over are closed; ends asked for long ago whose message was lost
 * are enqueued again; then live series are read in pages — one `instances` request per series, 20 to a `$batch`
 * — from a cursor stored between ticks, so a pass over 50,000 pairings spans as many ticks as it needs and no
 * pairing is starved. A declined series is re-booked through the series-action queue, a deleted one flagged,
 * and sessions that likely took place are noted ("did we meet?" without asking).
 */
export interface FollowUpServiceDeps {
  repos: Pick<Repositories, 'pairings' | 'leases'>;
  calendarFor: (tenantId: string) => Pick<CalendarPorts, 'series'>;
  queues: WorkQueues;
  clock: Clock;
  /** Re-bookings after a declined series before the pairing needs attention (default 1). */
  maxRebooks?: number;
  /** Pairings read per page (one `$batch` per 20). */
  pageSize?: number;
  /** An end asked for this long ago and not done is enqueued again (its message was lost). */
  staleEndMs?: number;
}

export interface SweepSummary {
  tenantId: string;
  read: number;
  healthy: number;
  rebooking: number;
  flagged: number;
  closed: number;
  requeuedEnds: number;
  failed: number;
  /** The pass over every live series finished in this tick (the cursor went back to the start). */
  passComplete: boolean;
  error?: string;
}

const DAY_MS = 24 * 60 * 60_000;
const SWEEP_ID = 'follow-up-sweep';
const LIVE_STATES = ['proposed', 'booking', 'booked', 'active', 'needs-attention'];

export function createFollowUpService(deps: FollowUpServiceDeps) {
  const maxRebooks = deps.maxRebooks ?? 1;
  const pageSize = deps.pageSize ?? 200;
  const staleEndMs = deps.staleEndMs ?? 15 * 60_000;
  const now = () => deps.clock().toISOString();

  const notify = (doc: PairingDocument, activityType: NotificationMessage['activityType']) =>
    deps.queues.notify([
      {
        version: 1,
        tenantId: doc.tenantId,
        programId: doc.programId,
        pairingId: doc.id,
        userIds: doc.memberIds.filter((id) => !isTombstone(id)),
        activityType,
      },
    ]);

  /** Rounds that are over: the recurrence already ends with the round, so only the pairing changes. */
  const closeOverRounds = async (tenantId: string, summary: SweepSummary) => {
    const today = isoDate(deps.clock());
    const over = await deps.repos.pairings.queryAll(
      tenantId,
      {
        where: [
          { field: 'published', op: 'eq', value: true },
          { field: 'state', op: 'in', values: LIVE_STATES },
          { field: 'endsOn', op: 'lt', value: today },
        ],
      },
      5000,
    );
    for (const { doc } of over) {
      const written = await applyTransition(deps.repos.pairings, tenantId, doc.id, (d) =>
        closeRound(d, today, now()),
      );
      if (written?.kind !== 'changed') continue;
      summary.closed += 1;
      if (doc.series?.load && doc.series.endedAt === null)
        await addTeamLoad(deps.repos.leases, tenantId, doc.series.load, -1, now());
      if (doc.series) await notify(written.doc, 'seriesEnded');
    }
  };

  /** Ends asked for and not done after a while: their message was lost (or the queue was down). */
  const requeueStaleEnds = async (tenantId: string, summary: SweepSummary) => {
    const before = new Date(deps.clock().getTime() - staleEndMs).toISOString();
    const stale = await deps.repos.pairings.queryAll(
      tenantId,
      {
        where: [
          { field: 'endRequested', op: 'ne', value: null },
          { field: 'updatedAt', op: 'lt', value: before },
        ],
      },
      5000,
    );
    const actions: SeriesActionMessage[] = stale
      .map((s) => s.doc)
      // A pairing whose end failed for good waits for an admin; done ones with no series have nothing left.
      .filter((d) => d.attentionCode !== 'end-failed' && (!isDone(d) || hasRunningSeries(d)))
      .map((d) => ({ version: 1, tenantId, pairingId: d.id, action: 'end' }));
    if (actions.length > 0) await deps.queues.act(actions);
    summary.requeuedEnds += actions.length;
  };

  const windowOf = (doc: PairingDocument, at: number) => ({
    start: Date.parse(doc.series?.firstOccurrence ?? `${doc.startsOn}T00:00:00Z`) - DAY_MS,
    end: Math.min(Date.parse(`${doc.endsOn}T23:59:59Z`), at + 35 * DAY_MS),
  });

  /** One page of live series: read, assess, act. */
  const followPage = async (tenantId: string, docs: PairingDocument[], summary: SweepSummary) => {
    const at = deps.clock().getTime();
    const series = deps.calendarFor(tenantId).series;
    const reads = await series.readSeriesMany(
      docs.map((d) => ({
        key: d.id,
        organizerId: d.series!.organizerId,
        eventId: d.series!.eventId!,
        window: windowOf(d, at),
      })),
    );
    const assessments = new Map<string, { doc: PairingDocument; read: SeriesRead }>();
    for (const doc of docs) {
      const read = reads.get(doc.id) ?? { kind: 'failed', transient: true, code: 'no-result' };
      assessments.set(doc.id, { doc, read });
    }
    // A series whose every remaining occurrence was declined is checked against the master before re-booking:
    // declining the series and declining the last sessions one by one look alike in the occurrences.
    const suspected = [...assessments.values()].filter(({ doc, read }) => {
      if (read.kind !== 'instances') return false;
      const observation = observeInstances(read.instances, at);
      return observation.state === 'active' && observation.attendeeResponse === 'declined' && !!doc.series;
    });
    const confirmed: Awaited<ReturnType<typeof series.readSeriesResponses>> =
      suspected.length > 0
        ? await series.readSeriesResponses(
            suspected.map(({ doc }) => ({
              key: doc.id,
              organizerId: doc.series!.organizerId,
              eventId: doc.series!.eventId!,
            })),
          )
        : new Map<string, never>();

    for (const { doc, read } of assessments.values()) {
      summary.read += 1;
      const eventId = doc.series!.eventId!;
      if (read.kind === 'failed') {
        summary.failed += 1;
        continue;
      }
      if (read.kind === 'deleted') {
        await flagged(doc, eventId, 'organizer-deleted-series', 'The organizer deleted the meeting series.');
        summary.flagged += 1;
        continue;
      }
      const observation = observeInstances(read.instances, at);
      let assessment = assessSeries(observation, {
        now: at,
        feedbackRequested: doc.followUp.feedbackRequestedAt !== null,
      });
      if (assessment.kind === 'rebook') {
        const check = confirmed.get(doc.id);
        if (check?.kind === 'deleted') {
          await flagged(
            doc,
            eventId,
            'organizer-deleted-series',
            'The organizer deleted the meeting series.',
          );
          summary.flagged += 1;
          continue;
        }
        const declined = check?.kind === 'responses' && seriesResponseOf(check.responses) === 'declined';
        if (!declined && observation.state === 'active') {
          // The sessions were declined one by one, not the series: keep it, note the missed ones.
          assessment = assessSeries(
            { ...observation, attendeeResponse: 'accepted' },
            { now: at, feedbackRequested: doc.followUp.feedbackRequestedAt !== null },
          );
        } else if (!declined) {
          summary.failed += 1;
          continue;
        }
      }
      if (assessment.kind === 'flag') {
        await flagged(doc, eventId, assessment.reason, assessment.message);
        summary.flagged += 1;
      } else if (assessment.kind === 'rebook') {
        if (doc.followUp.rebooks >= maxRebooks) {
          await flagged(
            doc,
            eventId,
            'declined-again',
            'A peer declined the series again; choose a time with them or re-pair.',
          );
          summary.flagged += 1;
        } else {
          await deps.queues.act([
            { version: 1, tenantId, pairingId: doc.id, action: 'rebook', eventId, reason: 'declined' },
          ]);
          summary.rebooking += 1;
        }
      } else {
        const health: HealthRecord = {
          sessions: assessment.sessions.map((s) => ({
            start: new Date(s.start).toISOString(),
            verdict: s.verdict,
            likelyHeld: s.verdict === 'likely-held',
          })),
          nextSession: assessment.nextSession
            ? {
                start: new Date(assessment.nextSession.start).toISOString(),
                end: new Date(assessment.nextSession.end).toISOString(),
              }
            : null,
          likelyHeld: assessment.likelyHeld,
          missed: assessment.missed,
          started: assessment.sessions.some((s) => s.start <= at && s.verdict !== 'missed'),
          askFeedback: assessment.askFeedback,
        };
        const written = await applyTransition(deps.repos.pairings, tenantId, doc.id, (d) =>
          recordHealth(d, eventId, health, now()),
        );
        summary.healthy += 1;
        // Claimed in the document first, then sent: at most once even if two sweeps race.
        if (
          written?.kind === 'changed' &&
          doc.followUp.feedbackRequestedAt === null &&
          written.doc.followUp.feedbackRequestedAt !== null
        )
          await notify(written.doc, 'feedbackRequested');
      }
    }
  };

  const flagged = async (doc: PairingDocument, eventId: string, code: string, message: string) => {
    const written = await applyTransition(deps.repos.pairings, doc.tenantId, doc.id, (d) =>
      flag(d, eventId, code, message, now()),
    );
    if (written?.kind === 'changed') await notify(written.doc, 'actionNeeded');
  };

  const readState = async (tenantId: string): Promise<SweepStateDocument> => {
    const stored = (await deps.repos.leases.get(tenantId, SWEEP_ID))?.doc;
    if (stored?.kind === 'follow-up-sweep') return stored;
    return {
      id: SWEEP_ID,
      tenantId,
      kind: 'follow-up-sweep',
      cursor: null,
      passStartedAt: null,
      passes: 0,
      lastPass: null,
      pairingsThisPass: 0,
      updatedAt: now(),
    };
  };

  /** Live series from the stored cursor on, page by page, until the pass ends or the deadline comes. */
  const sweep = async (tenantId: string, deadline: number, summary: SweepSummary) => {
    let state = await readState(tenantId);
    for (;;) {
      if (state.cursor === null && state.passStartedAt === null)
        state = { ...state, passStartedAt: now(), pairingsThisPass: 0 };
      const page = await deps.repos.pairings.query(tenantId, {
        where: [
          { field: 'state', op: 'in', values: ['booked', 'active'] },
          ...(state.cursor !== null ? [{ field: 'id', op: 'gt' as const, value: state.cursor }] : []),
        ],
        orderBy: { field: 'id', direction: 'asc' },
        pageSize,
      });
      const docs = page.items.map((i) => i.doc);
      const live = docs.filter((d) => d.endRequested === null && hasRunningSeries(d));
      if (live.length > 0) await followPage(tenantId, live, summary);
      const last = docs[docs.length - 1];
      const finished = last === undefined || page.continuationToken === null;
      state = finished
        ? {
            ...state,
            cursor: null,
            passStartedAt: null,
            passes: state.passes + 1,
            lastPass: {
              startedAt: state.passStartedAt ?? now(),
              finishedAt: now(),
              pairings: state.pairingsThisPass + live.length,
            },
            pairingsThisPass: 0,
            updatedAt: now(),
          }
        : {
            ...state,
            cursor: last.id,
            pairingsThisPass: state.pairingsThisPass + live.length,
            updatedAt: now(),
          };
      await deps.repos.leases.upsert(state);
      if (finished) {
        summary.passComplete = true;
        return;
      }
      if (deps.clock().getTime() >= deadline) return;
    }
  };

  return {
    /**
     * One tick over every tenant. Each gets an equal share of the time left; a tenant that fails is logged in its
     * summary and the others go on.
     */
    async tick(tenantIds: readonly string[], deadline: number): Promise<SweepSummary[]> {
      const summaries: SweepSummary[] = [];
      for (const [index, tenantId] of tenantIds.entries()) {
        const summary: SweepSummary = {
          tenantId,
          read: 0,
          healthy: 0,
          rebooking: 0,
          flagged: 0,
          closed: 0,
          requeuedEnds: 0,
          failed: 0,
          passComplete: false,
        };
        summaries.push(summary);
        const share = (deadline - deps.clock().getTime()) / (tenantIds.length - index);
        try {
          await closeOverRounds(tenantId, summary);
          await requeueStaleEnds(tenantId, summary);
          await sweep(tenantId, deps.clock().getTime() + share, summary);
        } catch (e) {
          summary.error = e instanceof Error ? e.name : 'error';
        }
      }
      return summaries;
    },
  };
}
