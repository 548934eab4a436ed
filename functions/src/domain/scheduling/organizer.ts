/**
 * Who owns the series. Default: the person with less seniority (the lower level) organizes, so the meeting
 * sits on the calendar of the person who gains most from keeping it, and the more senior peer is invited
 * rather than handed one more thing to run. Equal levels (the normal case for peers) → the lower id, so the
 * choice is stable across retries and re-bookings. Programs may choose the opposite or a fixed side.
 */
export type OrganizerPolicy = 'junior-organizes' | 'senior-organizes' | 'first-listed';

export interface OrganizerCandidate {
  id: string;
  /** Program level (higher = more senior); unknown levels sort as the most junior. */
  level?: number;
}

export function chooseOrganizer<T extends OrganizerCandidate>(
  first: T,
  second: T,
  policy: OrganizerPolicy = 'junior-organizes',
): { organizer: T; attendee: T } {
  if (policy === 'first-listed') return { organizer: first, attendee: second };
  const levelA = first.level ?? Number.NEGATIVE_INFINITY;
  const levelB = second.level ?? Number.NEGATIVE_INFINITY;
  let firstOrganizes: boolean;
  if (levelA !== levelB) firstOrganizes = policy === 'junior-organizes' ? levelA < levelB : levelA > levelB;
  else firstOrganizes = first.id < second.id;
  return firstOrganizes ? { organizer: first, attendee: second } : { organizer: second, attendee: first };
}
