import { createCalendarPorts } from '../adapters/graph/calendar';
import { type UserMailboxResolver } from '../adapters/graph/calendar/user-mailboxes';
import { type Config } from '../config';
import { PairingParamsSchema, RescheduleRequestSchema } from '../contracts/employee';
import { type Actor } from '../domain/audit';
import { type Deps } from '../domain/deps';
import { feedbackId, participantId } from '../domain/model';
import { myPairingOr404, toPairingView } from '../domain/pairings/pairing-service';
import {
  assertReschedulable,
  availabilityWindow,
  movedSeriesTimes,
  type ReschedulePerson,
  type SlotComputation,
  suggestSlots,
  toSuggestedSlot,
} from '../domain/pairings/reschedule';
import { type FreeBusyPort, type SeriesEventRequest } from '../domain/scheduling';
import { updateWithRetry } from '../domain/update';
import { AppError, conflict } from '../errors';
import { type HttpFunctionDefinition } from '../function-registry';
import { readJsonBody, readParams } from '../http/parse';
import { jsonResponse } from '../http/responses';
import { apiRoute, type ApiServices } from './api-route';

/** The calendar ports rescheduling needs (the Graph adapters satisfy them; unit tests pass fakes). */
export interface ReschedulePorts {
  freeBusy: FreeBusyPort;
  calendar: {
    moveSeries(input: {
      organizer: string;
      eventId: string;
      times: Pick<SeriesEventRequest, 'start' | 'end' | 'recurrence'>;
    }): Promise<{ kind: 'moved' } | { kind: 'missing' }>;
  };
  mailboxes: UserMailboxResolver;
}

export interface RescheduleServices extends ApiServices {
  portsFor(tenantId: string): ReschedulePorts;
}

function hhmm(value: string): number {
  const [h = '0', m = '0'] = value.split(':');
  return Number(h) * 60 + Number(m);
}

interface Computed extends SlotComputation {
  organizerMailbox: string;
  groupSize: number;
  eventId: string;
  myTimeZone: string;
}

/** Reads every member's free/busy and ranks new times (404 for non-members, 409 when not reschedulable). */
async function computeSlots(deps: Deps, ports: ReschedulePorts, actor: Actor, pairingId: string) {
  const stored = await myPairingOr404(deps, actor, pairingId);
  const pairing = stored.doc;
  const { organizerId, attendeeIds, eventId } = assertReschedulable(pairing, deps.clock());
  const memberIds = [organizerId, ...attendeeIds];
  const mailboxes = await ports.mailboxes.resolve(memberIds);
  const people = await Promise.all(
    memberIds.map(async (userId): Promise<ReschedulePerson> => {
      const mailbox = mailboxes.get(userId)?.mail;
      if (!mailbox) throw conflict('A member has no mailbox Pairwise can book in.');
      const participant = (
        await deps.repos.participants.get(actor.tenantId, participantId(pairing.programId, userId))
      )?.doc;
      const member = pairing.members.find((m) => m.userId === userId);
      const wh = participant?.directory?.workingHours;
      return {
        userId,
        mailbox,
        timeZone: participant?.directory?.timeZone ?? member?.timeZone ?? 'UTC',
        ...(wh
          ? {
              workingHours: {
                daysOfWeek: wh.daysOfWeek,
                startMinutes: hhmm(wh.startTime),
                endMinutes: hhmm(wh.endTime),
                timeZone: { kind: 'named' as const, name: wh.timeZone },
              },
            }
          : {}),
        ...(participant ? { preferences: participant.preferences } : {}),
      };
    }),
  );
  const [organizer, attendee, ...moreAttendees] = people as [
    ReschedulePerson,
    ReschedulePerson,
    ...ReschedulePerson[],
  ];
  const now = deps.clock();
  const window = availabilityWindow(pairing, now);
  const availability =
    window.end > window.start
      ? await ports.freeBusy.readAvailability({
          mailboxes: people.map((p) => p.mailbox.toLowerCase()),
          window,
        })
      : new Map();
  const computed: Computed = {
    ...suggestSlots({ pairing, organizer, attendee, moreAttendees, availability, now }),
    organizerMailbox: organizer.mailbox,
    eventId,
    myTimeZone: (people.find((p) => p.userId === actor.userId) ?? organizer).timeZone,
    groupSize: people.length,
  };
  return { stored, computed };
}

/** `GET /api/pairings/{id}/slots` and `POST /api/pairings/{id}/reschedule` (docs/api.md). Members only. */
export function rescheduleFunctions(services: () => RescheduleServices): HttpFunctionDefinition[] {
  const employee = { admin: false };
  const call = (tenantId: string) => services().portsFor(tenantId);
  return [
    apiRoute(
      'pairing-slots',
      'pairings/{pairingId}/slots',
      ['GET'],
      services,
      employee,
      async ({ request, principal, deps }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const { computed } = await computeSlots(deps, call(principal.tenantId), principal, pairingId);
        return jsonResponse(200, {
          slots: computed.slots.map((s) => toSuggestedSlot(s, computed.myTimeZone)),
        });
      },
    ),

    apiRoute(
      'pairing-reschedule',
      'pairings/{pairingId}/reschedule',
      ['POST'],
      services,
      employee,
      async ({ request, principal, deps, context }) => {
        const { pairingId } = readParams(request, PairingParamsSchema);
        const { slotId } = await readJsonBody(request, RescheduleRequestSchema);
        const ports = call(principal.tenantId);
        // Recomputed from fresh free/busy: the id is only accepted if that time is still one of the suggestions.
        const { stored, computed } = await computeSlots(deps, ports, principal, pairingId);
        const chosen = computed.slots.find((s) => s.id === slotId);
        if (!chosen)
          throw conflict(
            `That time is no longer free for ${computed.groupSize > 2 ? 'all' : 'both'} of you. Pick another suggested time.`,
          );
        const moved = await ports.calendar.moveSeries({
          organizer: computed.organizerMailbox,
          eventId: computed.eventId,
          times: movedSeriesTimes(chosen.ranked, computed.organizerZone, computed.lastDate),
        });
        if (moved.kind === 'missing')
          throw new AppError('conflict', 'The meeting series is no longer on the organizer’s calendar.', {
            code: 'series_missing',
          });
        const first = chosen.ranked.firstOccurrence;
        const nextStart = new Date(first.start).toISOString();
        const updated = await updateWithRetry(deps.repos.pairings, principal.tenantId, pairingId, (doc) => ({
          ...doc,
          series: doc.series ? { ...doc.series, firstOccurrence: nextStart } : doc.series,
          nextSession: {
            start: nextStart,
            end: new Date(first.end).toISOString(),
            joinUrl: doc.nextSession?.joinUrl ?? doc.series?.joinUrl ?? null,
          },
          updatedAt: deps.clock().toISOString(),
        }));
        context.log(`reschedule: moved series pairing=${pairingId}`);
        const doc = updated?.doc ?? stored.doc;
        const program = await deps.repos.programs.get(principal.tenantId, doc.programId);
        const feedback = await deps.repos.feedback.get(
          principal.tenantId,
          feedbackId(pairingId, principal.userId),
        );
        return jsonResponse(
          200,
          toPairingView(doc, principal.userId, program?.doc.name ?? '', feedback?.doc ?? null),
        );
      },
    ),
  ];
}

/** Production wiring: the composed services plus one set of calendar ports per tenant (as the booking worker). */
export function rescheduleServicesFrom(
  services: () => ApiServices & { config: Config; graph: Parameters<typeof createCalendarPorts>[0] },
): () => RescheduleServices {
  const portsByTenant = new Map<string, ReschedulePorts>();
  return () => {
    const { auth, deps, config, graph } = services();
    return {
      auth,
      deps,
      portsFor: (tenantId) => {
        let ports = portsByTenant.get(tenantId);
        if (!ports) {
          ports = createCalendarPorts(graph, tenantId, config.GRAPH_BASE_URL);
          portsByTenant.set(tenantId, ports);
        }
        return ports;
      },
    };
  };
}
