import { type ParticipantDocument, type WorkingHours as StoredWorkingHours } from '../model';
import { type BookingPerson } from '../scheduling/book-pairings';
import { type WorkingHours } from '../scheduling/types';
import { localeFor } from '../texts';
import { type MemberSnapshot } from './lifecycle';

/** A member as slot finding sees them, before their mailbox is known. */
export type SchedulingMember = Omit<BookingPerson, 'mailbox'>;

function minutesOf(clock: string): number {
  const [h = '0', m = '0'] = clock.split(':');
  return Number(h) * 60 + Number(m);
}

/** Stored working hours (`HH:mm` wall clock, named zone) as slot finding reads them. */
export function toSlotWorkingHours(hours: StoredWorkingHours): WorkingHours {
  return {
    daysOfWeek: hours.daysOfWeek,
    startMinutes: minutesOf(hours.startTime),
    endMinutes: minutesOf(hours.endTime),
    timeZone: typeof hours.timeZone === 'string' ? { kind: 'named', name: hours.timeZone } : hours.timeZone,
  };
}

const clockOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Working hours as a calendar reports them (minutes, a zone spec) → as they are stored (`HH:mm`). */
export function toStoredWorkingHours(hours: WorkingHours): StoredWorkingHours {
  return {
    daysOfWeek: [...hours.daysOfWeek],
    startTime: clockOf(hours.startMinutes),
    endTime: clockOf(hours.endMinutes),
    timeZone: hours.timeZone.kind === 'named' ? hours.timeZone.name : hours.timeZone,
  };
}

/**
 * The one mapping from a pairing's member (and their enrollment, when it still exists) to the person booking,
 * follow-up and reschedule compute slots for: directory facts first, the pairing's snapshot as a fallback.
 */
export function schedulingMemberOf(
  member: MemberSnapshot,
  participant: ParticipantDocument | undefined,
): SchedulingMember {
  const directory = participant?.directory;
  const level = member.levelRank ?? directory?.levelRank ?? null;
  const prefs = participant?.preferences;
  return {
    id: member.userId,
    displayName: member.displayName,
    ...(level !== null ? { level } : {}),
    timeZone: directory?.timeZone ?? member.timeZone ?? 'UTC',
    ...(directory?.workingHours ? { workingHours: toSlotWorkingHours(directory.workingHours) } : {}),
    ...(prefs?.preferredDays.length ? { preferredDays: prefs.preferredDays } : {}),
    ...(prefs?.preferredTimesOfDay.length ? { preferredTimesOfDay: prefs.preferredTimesOfDay } : {}),
    // A manager's reports are spread across hours, so a whole team is not booked into the same slot.
    ...(directory?.managerId ? { loadGroups: [`manager:${directory.managerId}`] } : {}),
    // The invitation speaks the language the directory facts say they read; English when unknown.
    locale: localeFor(directory),
  };
}
