import { type PairingView, type SuggestedSlot } from '../../contracts/employee';
import { AppError, conflict } from '../../errors';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { type RateLimit, RESCHEDULES, SLOT_READS, takeRateLimit } from '../limits/rate-limit';
import { feedbackId, type ParticipantDocument, participantId } from '../model';
import { type BookingPerson } from '../scheduling/book-pairings';
import { isoInstant } from '../time';
import { requestMove } from './lifecycle';
import { schedulingMemberOf } from './members';
import { myPairingOr404, toPairingView } from './pairing-service';
import { transitionOrThrow } from './pairing-writer';
import { type CalendarPorts } from './ports';
import {
  assertReschedulable,
  availabilityWindow,
  movedSeriesTimes,
  suggestSlots,
  toSuggestedSlot,
} from './reschedule';

/**
 * "Pick a new time" for a series that has not started (docs/api.md): suggestions from every member's fresh
 * free/busy, and the chosen one recorded on the pairing and moved by the series-action worker (the tab shows the
 * new time at once). Members only: anyone else gets 404.
 */
export type RescheduleDeps = Pick<Deps, 'repos' | 'clock' | 'queues' | 'newId'> & {
  calendarFor: (tenantId: string) => Pick<CalendarPorts, 'mailboxes' | 'freeBusy'>;
};

async function computeSlots(deps: RescheduleDeps, actor: Actor, pairingId: string, limit: RateLimit) {
  const stored = await myPairingOr404(deps, actor, pairingId);
  const pairing = stored.doc;
  const { organizerId, attendeeIds } = assertReschedulable(pairing, deps.clock());
  // Counted once the caller is known to be a member (a stranger's 404 uses no one's budget), before any Graph call.
  await takeRateLimit(deps.repos.leases, actor.tenantId, actor.userId, limit, deps.clock());
  const memberIds = [organizerId, ...attendeeIds];
  const ports = deps.calendarFor(actor.tenantId);
  const mailboxes = await ports.mailboxes.lookup(memberIds);
  if (memberIds.some((id) => mailboxes.unknown.has(id)))
    throw new AppError('unavailable', 'The directory could not be read right now; try again in a minute.', {
      code: 'directory_unavailable',
      retryAfterSeconds: 30,
    });
  const participants = await Promise.all(
    memberIds.map((id) => deps.repos.participants.get(actor.tenantId, participantId(pairing.programId, id))),
  );
  const byId = new Map<string, ParticipantDocument>();
  for (const p of participants) if (p) byId.set(p.doc.userId, p.doc);
  const people = memberIds.map((userId): BookingPerson => {
    const mailbox = mailboxes.found.get(userId)?.mail;
    const member = pairing.members.find((m) => m.userId === userId);
    if (!mailbox || !member) throw conflict('A member has no mailbox Pairwise can book in.');
    return { ...schedulingMemberOf(member, byId.get(userId)), mailbox };
  });
  const [organizer, attendee, ...moreAttendees] = people as [
    BookingPerson,
    BookingPerson,
    ...BookingPerson[],
  ];
  const now = deps.clock();
  const window = availabilityWindow(pairing, now);
  const availability =
    window.end > window.start
      ? await ports.freeBusy.readAvailability({
          mailboxes: people.map((p) => p.mailbox.toLowerCase()),
          window,
          ids: new Map(people.map((p) => [p.mailbox.toLowerCase(), p.id])),
        })
      : new Map();
  const computation = suggestSlots({ pairing, organizer, attendee, moreAttendees, availability, now });
  const myTimeZone = (people.find((p) => p.id === actor.userId) ?? organizer).timeZone;
  return { stored, computation, myTimeZone, groupSize: people.length };
}

export async function suggestNewTimes(
  deps: RescheduleDeps,
  actor: Actor,
  pairingId: string,
): Promise<SuggestedSlot[]> {
  const { computation, myTimeZone } = await computeSlots(deps, actor, pairingId, SLOT_READS);
  return computation.slots.map((s) => toSuggestedSlot(s, myTimeZone));
}

export async function rescheduleSeries(
  deps: RescheduleDeps,
  actor: Actor,
  pairingId: string,
  slotId: string,
): Promise<PairingView> {
  // Recomputed from fresh free/busy: the id is only accepted if that time is still one of the suggestions.
  const { computation, groupSize } = await computeSlots(deps, actor, pairingId, RESCHEDULES);
  const chosen = computation.slots.find((s) => s.id === slotId);
  if (!chosen)
    throw conflict(
      `That time is no longer free for ${groupSize > 2 ? 'all' : 'both'} of you. Pick another suggested time.`,
    );
  const first = chosen.ranked.firstOccurrence;
  const move = {
    id: deps.newId('mv'),
    requestedAt: deps.clock().toISOString(),
    requestedBy: actor.userId,
    times: movedSeriesTimes(chosen.ranked, computation.organizerZone, computation.lastDate),
    first: { start: new Date(first.start).toISOString(), end: new Date(first.end).toISOString() },
  };
  const doc = await transitionOrThrow(deps.repos.pairings, actor.tenantId, pairingId, (d) =>
    requestMove(d, move),
  );
  await deps.queues.act([
    { version: 1, tenantId: actor.tenantId, pairingId, action: 'move', moveId: move.id },
  ]);
  const program = await deps.repos.programs.get(actor.tenantId, doc.programId);
  const feedback = await deps.repos.feedback.get(actor.tenantId, feedbackId(pairingId, actor.userId));
  return toPairingView(
    doc,
    actor.userId,
    program?.doc.name ?? '',
    feedback?.doc ?? null,
    isoInstant(deps.clock()),
  );
}
