/**
 * Who owns the series. Default: the person with less seniority (the lower level) organizes, so the meeting
 * sits on the calendar of the person who gains most from keeping it, and the more senior peer is invited
 * rather than handed one more thing to run. Equal levels (the normal case for peers) → the lower id, so the
 * choice is stable across retries and re-bookings. Programs may choose the opposite or a fixed side.
 * A group of three follows the same rule: the most junior of the three (lowest id among equals) organizes.
 */
export type OrganizerPolicy = 'junior-organizes' | 'senior-organizes' | 'first-listed';

export interface OrganizerCandidate {
  id: string;
  /** Program level (higher = more senior); unknown levels sort as the most junior. */
  level?: number;
}

/** Negative when `a` should organize rather than `b` under the policy (never 0 for different ids). */
function organizesBefore(a: OrganizerCandidate, b: OrganizerCandidate, policy: OrganizerPolicy): number {
  const levelA = a.level ?? Number.NEGATIVE_INFINITY;
  const levelB = b.level ?? Number.NEGATIVE_INFINITY;
  if (levelA !== levelB) {
    const juniorFirst = levelA < levelB ? -1 : 1;
    return policy === 'senior-organizes' ? -juniorFirst : juniorFirst;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The organizer of a pairing or group and the others as attendees. Under a level policy the attendees are in the
 * same order (the next in line first), so the result does not depend on how members were listed; `first-listed`
 * keeps the given order.
 */
export function chooseOrganizerAmong<T extends OrganizerCandidate>(
  people: readonly [T, T, ...T[]],
  policy: OrganizerPolicy = 'junior-organizes',
): { organizer: T; attendees: [T, ...T[]] } {
  const ordered =
    policy === 'first-listed' ? [...people] : [...people].sort((a, b) => organizesBefore(a, b, policy));
  const [organizer, first, ...rest] = ordered as [T, T, ...T[]];
  return { organizer, attendees: [first, ...rest] };
}

export function chooseOrganizer<T extends OrganizerCandidate>(
  first: T,
  second: T,
  policy: OrganizerPolicy = 'junior-organizes',
): { organizer: T; attendee: T } {
  const { organizer, attendees } = chooseOrganizerAmong([first, second], policy);
  return { organizer, attendee: attendees[0] };
}
