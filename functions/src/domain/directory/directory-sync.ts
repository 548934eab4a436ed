import { type Deps } from '../deps';
import { type DirectoryFacts } from '../model';
import { factsFor } from '../participants/enrollment-service';
import { isoInstant } from '../time';
import { updateWithRetry } from '../update';

export interface SyncOutcome {
  tenantId: string;
  participants: number;
  updated: number;
  /** People the directory no longer knows (left the company); their enrollment is kept, facts unchanged. */
  missing: number;
  /** Set when this tenant's sync failed (the error's name); the other tenants were synced all the same. */
  error?: string;
}

/**
 * The directory sync: every enrolled person's facts (department, title, level by the program's mapping, manager
 * chain, hire date, time zone, working hours) are refreshed from the directory. Writes use If-Match with re-read,
 * so an enrollment edited at the same moment keeps its new preferences.
 */
export async function syncDirectory(
  deps: Pick<Deps, 'repos' | 'directory' | 'clock'>,
  tenantIds: readonly string[],
): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (const tenantId of tenantIds) {
    try {
      outcomes.push(await syncTenant(deps, tenantId));
    } catch (e) {
      outcomes.push({
        tenantId,
        participants: 0,
        updated: 0,
        missing: 0,
        error: e instanceof Error ? e.name : 'error',
      });
    }
  }
  return outcomes;
}

/**
 * A calendar that could not be read this time (throttled, unavailable) keeps what was known of it: a passing
 * failure must not erase someone's working hours or make a reachable person look unreachable.
 */
export function keepKnownCalendar(fresh: DirectoryFacts, previous: DirectoryFacts | null): DirectoryFacts {
  if (fresh.calendar !== 'unknown' || !previous || previous.calendar === 'unknown') return fresh;
  return {
    ...fresh,
    calendar: previous.calendar,
    workingHours: previous.workingHours,
    timeZone: previous.timeZone,
  };
}

async function syncTenant(
  deps: Pick<Deps, 'repos' | 'directory' | 'clock'>,
  tenantId: string,
): Promise<SyncOutcome> {
  const participants = await deps.repos.participants.queryAll(tenantId, {
    where: [{ field: 'status', op: 'ne', value: 'left' }],
  });
  if (participants.length === 0) return { tenantId, participants: 0, updated: 0, missing: 0 };
  const programs = new Map((await deps.repos.programs.queryAll(tenantId, {})).map((p) => [p.doc.id, p.doc]));
  const people = await deps.directory.getPeople(tenantId, [
    ...new Set(participants.map((p) => p.doc.userId)),
  ]);
  let updated = 0;
  let missing = 0;
  const now = isoInstant(deps.clock());
  for (const { doc } of participants) {
    const person = people.get(doc.userId);
    const program = programs.get(doc.programId);
    if (!person || !program) {
      missing += person ? 0 : 1;
      continue;
    }
    const fresh = factsFor(person, program);
    await updateWithRetry(deps.repos.participants, tenantId, doc.id, (current) => ({
      ...current,
      directory: keepKnownCalendar(fresh, current.directory),
      directorySyncedAt: now,
      searchName: fresh.displayName.toLowerCase(),
    }));
    updated++;
  }
  return { tenantId, participants: participants.length, updated, missing };
}
