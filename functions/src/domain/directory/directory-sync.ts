import { type Deps, type DirectoryPerson } from '../deps';
import { type DirectoryFacts, type ParticipantDocument } from '../model';
import { requestEndOfMyPairings } from '../pairings/pairing-service';
import { factsFor, keepMailboxLanguage } from '../participants/enrollment-service';
import { ERASED_MANAGER, erasedAmong } from '../people/erasure';
import { addDays, isoDate, isoInstant } from '../time';
import { updateWithRetry } from '../update';

export interface SyncOutcome {
  tenantId: string;
  participants: number;
  updated: number;
  /** Enrollments of people the directory no longer knows (they left the company): they left the program. */
  missing: number;
  /** Enrollments of people whose account is disabled: they left the program. */
  disabled: number;
  /** Set when this tenant's sync failed (the error's name); the other tenants were synced all the same. */
  error?: string;
}

type SyncDeps = Pick<Deps, 'repos' | 'directory' | 'clock' | 'queues'>;

/**
 * A person's Outlook language is read again after this long: it changes rarely, and each reading is a request of
 * its own (Graph has no bulk read of mailbox settings).
 */
export const MAILBOX_LANGUAGE_REFRESH_DAYS = 30;

/**
 * The directory sync: every enrolled person's facts (department, title, level by the program's mapping, manager
 * chain, hire date, time zone, working hours, preferred language) are refreshed from the directory, and their
 * mailbox's language when it was never read or was read a month ago or more. Writes use If-Match with re-read,
 * so an enrollment edited at the same moment keeps its new preferences.
 *
 * Leavers (the directory no longer knows them) and disabled accounts leave their programs here, as if they had
 * left themselves: the enrollment is marked left (never planned or booked again) and their live pairings end
 * through the lifecycle, so their series end in Outlook. Nobody else's pairing waits on a person who is gone.
 */
export async function syncDirectory(deps: SyncDeps, tenantIds: readonly string[]): Promise<SyncOutcome[]> {
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
        disabled: 0,
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

/**
 * The mailbox languages this sync reads: of people still here with a mailbox, whose reading (on any of their
 * enrollments) is missing or at least MAILBOX_LANGUAGE_REFRESH_DAYS old. A failed read changes nothing: the
 * previous reading stays, and the next sync asks again.
 */
async function mailboxLanguagesDue(
  deps: SyncDeps,
  tenantId: string,
  participants: ReadonlyArray<{ doc: ParticipantDocument }>,
  people: ReadonlyMap<string, DirectoryPerson>,
): Promise<Map<string, string | null>> {
  const staleBefore = addDays(isoDate(deps.clock()), -MAILBOX_LANGUAGE_REFRESH_DAYS);
  const due = new Set<string>();
  for (const { doc } of participants) {
    const person = people.get(doc.userId);
    if (!person?.accountEnabled || person.calendar === 'no-mailbox') continue;
    const readAt = doc.directory?.mailboxLanguageReadAt;
    if (!readAt || readAt.slice(0, 10) <= staleBefore) due.add(doc.userId);
  }
  if (due.size === 0) return new Map();
  try {
    return await deps.directory.getMailboxLanguages(tenantId, [...due]);
  } catch {
    return new Map();
  }
}

async function leaveProgram(deps: SyncDeps, doc: ParticipantDocument, now: string): Promise<void> {
  await updateWithRetry(
    deps.repos.participants,
    doc.tenantId,
    doc.id,
    (current): ParticipantDocument | null =>
      current.status === 'left'
        ? null
        : { ...current, status: 'left', pausedUntil: null, leftAt: now, updatedAt: now },
  );
  await requestEndOfMyPairings(deps, { tenantId: doc.tenantId, userId: doc.userId }, doc.programId, 'left');
}

async function syncTenant(deps: SyncDeps, tenantId: string): Promise<SyncOutcome> {
  const participants = await deps.repos.participants.queryAll(tenantId, {
    where: [{ field: 'status', op: 'ne', value: 'left' }],
  });
  if (participants.length === 0) return { tenantId, participants: 0, updated: 0, missing: 0, disabled: 0 };
  const programs = new Map((await deps.repos.programs.queryAll(tenantId, {})).map((p) => [p.doc.id, p.doc]));
  // A failed read throws (the whole tenant is retried next time): absence here means the directory said 404.
  const people = await deps.directory.getPeople(tenantId, [
    ...new Set(participants.map((p) => p.doc.userId)),
  ]);
  // A manager who was erased stays out of their reports' chains (the marker says so; the directory does not).
  const erasedManagers = await erasedAmong(
    deps,
    tenantId,
    [...people.values()].flatMap((p) => p.managerChain),
  );
  const unerased = (id: string) => (erasedManagers.has(id) ? ERASED_MANAGER : id);
  const languages = await mailboxLanguagesDue(deps, tenantId, participants, people);
  let updated = 0;
  let missing = 0;
  let disabled = 0;
  const now = isoInstant(deps.clock());
  for (const { doc } of participants) {
    const person = people.get(doc.userId);
    if (!person || !person.accountEnabled) {
      await leaveProgram(deps, doc, now);
      if (person) disabled++;
      else missing++;
      continue;
    }
    const program = programs.get(doc.programId);
    if (!program) continue;
    const found = factsFor(person, program);
    const fresh = {
      ...found,
      managerId: found.managerId === null ? null : unerased(found.managerId),
      managerChain: found.managerChain.map(unerased),
    };
    const language = languages.get(doc.userId);
    const read =
      language === undefined ? fresh : { ...fresh, mailboxLanguage: language, mailboxLanguageReadAt: now };
    await updateWithRetry(deps.repos.participants, tenantId, doc.id, (current) => ({
      ...current,
      directory: keepKnownCalendar(keepMailboxLanguage(read, current.directory), current.directory),
      directorySyncedAt: now,
      searchName: fresh.displayName.toLowerCase(),
    }));
    updated++;
  }
  return { tenantId, participants: participants.length, updated, missing, disabled };
}
