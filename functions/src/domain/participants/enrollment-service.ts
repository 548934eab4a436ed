import { type Enrollment, type EnrollmentRequest } from '../../contracts/employee';
import { detail, invalid, notFound } from '../../errors';
import { type Actor } from '../audit';
import { type Deps, type DirectoryPerson } from '../deps';
import { DEFAULT_LEVEL_MAPPING, mapLevel } from '../levels/level-mapping';
import { type DirectoryFacts, type ParticipantDocument, participantId, type ProgramDocument } from '../model';
import { requestEndOfMyPairings } from '../pairings/pairing-service';
import { clearErasureMarker } from '../people/erasure';
import { type Stored } from '../ports';
import { getProgramOr404, isEligible, requireActive } from '../programs/program-service';
import { addDays, isoDate, isoInstant } from '../time';

/** Facts read without the mailbox language keep the one read before (the directory sync reads it monthly). */
export function keepMailboxLanguage(fresh: DirectoryFacts, previous: DirectoryFacts | null): DirectoryFacts {
  if (fresh.mailboxLanguageReadAt !== null || !previous?.mailboxLanguageReadAt) return fresh;
  return {
    ...fresh,
    mailboxLanguage: previous.mailboxLanguage,
    mailboxLanguageReadAt: previous.mailboxLanguageReadAt,
  };
}

/** Applies a program's level mapping to what the directory says about a person. */
export function factsFor(
  person: DirectoryPerson,
  program: Pick<ProgramDocument, 'levelMapping'>,
): DirectoryFacts {
  const level = mapLevel(person.levelSource, program.levelMapping);
  const mapping = program.levelMapping ?? DEFAULT_LEVEL_MAPPING;
  // Least data: of the fifteen extension attributes, only the one this program's mapping reads is stored.
  const kept = mapping.source === 'extensionAttribute' && mapping.attribute ? [mapping.attribute] : [];
  return {
    displayName: person.displayName,
    jobTitle: person.jobTitle,
    department: person.department,
    level: level?.label ?? null,
    levelRank: level?.rank ?? null,
    managerId: person.managerId,
    managerChain: person.managerChain,
    hireDate: person.hireDate,
    timeZone: person.timeZone,
    workingHours: person.workingHours,
    calendar: person.calendar,
    preferredLanguage: person.preferredLanguage,
    // Read by the directory sync on its own schedule (at most monthly); whoever stores these facts keeps a reading.
    mailboxLanguage: null,
    mailboxLanguageReadAt: null,
    levelSource: {
      jobTitle: person.levelSource.jobTitle,
      attributes: Object.fromEntries(kept.map((name) => [name, person.levelSource.attributes[name] ?? null])),
    },
    accountEnabled: person.accountEnabled,
  };
}

export function toEnrollmentView(stored: Stored<ParticipantDocument>, programName: string): Enrollment {
  const d = stored.doc;
  return {
    programId: d.programId,
    programName,
    status: d.status,
    pausedUntil: d.pausedUntil,
    preferences: d.preferences,
    enrolledAt: d.enrolledAt,
    updatedAt: d.updatedAt,
    etag: stored.etag,
  };
}

/** A program exists for me only when it is active and I am eligible; anything else is a 404 (no existence leak). */
async function programOpenTo(
  deps: Deps,
  actor: Actor,
  programId: string,
): Promise<{ program: Stored<ProgramDocument>; facts: DirectoryFacts | null }> {
  const program = await getProgramOr404(deps, actor.tenantId, programId);
  if (program.doc.status === 'archived' || program.doc.status === 'draft') throw notFound('The program');
  const person = await deps.directory.getPerson(actor.tenantId, actor.userId);
  const facts = person ? factsFor(person, program.doc) : null;
  if (!isEligible(program.doc, facts)) throw notFound('The program');
  return { program, facts };
}

export async function enroll(
  deps: Deps,
  actor: Actor,
  programId: string,
  preferences: EnrollmentRequest,
  ifMatch: string | undefined,
): Promise<{ enrollment: Enrollment; created: boolean }> {
  if (preferences.notWith.some((id) => id.toLowerCase() === actor.userId)) {
    throw invalid('The request body is not valid.', [
      detail('body.notWith', 'not-yourself', 'you cannot exclude yourself'),
    ]);
  }
  const { program, facts } = await programOpenTo(deps, actor, programId);
  requireActive(program.doc);
  const now = isoInstant(deps.clock());
  const id = participantId(programId, actor.userId);
  const existing = await deps.repos.participants.get(actor.tenantId, id);
  const searchName = (facts?.displayName ?? '').toLowerCase();
  if (!existing) {
    const doc: ParticipantDocument = {
      id,
      tenantId: actor.tenantId,
      programId,
      userId: actor.userId,
      status: 'active',
      pausedUntil: null,
      preferences,
      enrolledAt: now,
      updatedAt: now,
      leftAt: null,
      directory: facts,
      directorySyncedAt: facts ? now : null,
      searchName,
    };
    // Two first-time joins racing: the loser gets 409 and the client retries as an update.
    const stored = await deps.repos.participants.create(doc);
    // Joining again after an erasure is the person's own choice: rounds stop scrubbing them.
    await clearErasureMarker(deps, actor);
    return { enrollment: toEnrollmentView(stored, program.doc.name), created: true };
  }
  const doc: ParticipantDocument = {
    ...existing.doc,
    preferences,
    // Updating preferences after leaving is joining again.
    status: existing.doc.status === 'left' ? 'active' : existing.doc.status,
    leftAt: existing.doc.status === 'left' ? null : existing.doc.leftAt,
    updatedAt: now,
    directory: facts ? keepMailboxLanguage(facts, existing.doc.directory) : existing.doc.directory,
    directorySyncedAt: facts ? now : existing.doc.directorySyncedAt,
    searchName: facts ? searchName : existing.doc.searchName,
  };
  const stored = await deps.repos.participants.replace(doc, ifMatch ?? existing.etag);
  return { enrollment: toEnrollmentView(stored, program.doc.name), created: false };
}

async function myParticipant(
  deps: Deps,
  actor: Actor,
  programId: string,
): Promise<{ program: Stored<ProgramDocument>; participant: Stored<ParticipantDocument> }> {
  const program = await getProgramOr404(deps, actor.tenantId, programId);
  const participant = await deps.repos.participants.get(
    actor.tenantId,
    participantId(programId, actor.userId),
  );
  if (!participant || participant.doc.status === 'left') throw notFound('Your enrollment');
  return { program, participant };
}

export async function pause(deps: Deps, actor: Actor, programId: string, until: string): Promise<Enrollment> {
  const today = isoDate(deps.clock());
  if (until <= today || until > addDays(today, 366)) {
    throw invalid('The request body is not valid.', [
      detail('body.until', 'pause-until-range', 'must be a date after today and at most a year ahead'),
    ]);
  }
  const { program, participant } = await myParticipant(deps, actor, programId);
  const stored = await deps.repos.participants.replace(
    { ...participant.doc, status: 'paused', pausedUntil: until, updatedAt: isoInstant(deps.clock()) },
    participant.etag,
  );
  await requestEndOfMyPairings(deps, actor, programId, 'paused');
  return toEnrollmentView(stored, program.doc.name);
}

export async function leave(deps: Deps, actor: Actor, programId: string): Promise<void> {
  const { participant } = await myParticipant(deps, actor, programId);
  const now = isoInstant(deps.clock());
  await deps.repos.participants.replace(
    { ...participant.doc, status: 'left', pausedUntil: null, leftAt: now, updatedAt: now },
    participant.etag,
  );
  await requestEndOfMyPairings(deps, actor, programId, 'left');
}

/** A participant counts for a round starting on `startsOn` when active, or paused until before it. */
export function isAvailableFor(participant: ParticipantDocument, startsOn: string): boolean {
  if (participant.status === 'active') return true;
  return (
    participant.status === 'paused' && participant.pausedUntil !== null && participant.pausedUntil < startsOn
  );
}
