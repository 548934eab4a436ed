import {
  type MeResponse,
  type MyDataExport,
  type PersonProfile,
  type ProgramSummary,
} from '../../contracts/employee';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { myPairingDocuments, myPairings, toPairingView } from '../pairings/pairing-service';
import { factsFor, toEnrollmentView } from '../participants/enrollment-service';
import { isEligible } from '../programs/program-service';
import { nextSlot } from '../rounds/schedule';
import { ianaNameOf } from '../scheduling/time-zones';
import { isoInstant } from '../time';
import { eraseEverywhere } from './erasure';

async function myProfile(deps: Deps, actor: Actor): Promise<PersonProfile> {
  const person = await deps.directory.getPerson(actor.tenantId, actor.userId);
  const enrollments = await deps.repos.participants.queryAll(actor.tenantId, {
    where: [{ field: 'userId', op: 'eq', value: actor.userId }],
  });
  const level = enrollments.find((e) => e.doc.directory?.level)?.doc.directory?.level ?? null;
  return {
    userId: actor.userId,
    displayName: person?.displayName ?? enrollments[0]?.doc.directory?.displayName ?? '',
    jobTitle: person?.jobTitle ?? null,
    department: person?.department ?? null,
    level: person ? (factsFor(person, { levelMapping: null }).level ?? level) : level,
    // Graph reports Windows names; the contract promises IANA (what Intl in the tab understands).
    timeZone: person?.timeZone ? (ianaNameOf(person.timeZone) ?? null) : null,
  };
}

async function myEnrollments(deps: Deps, actor: Actor) {
  const enrollments = await deps.repos.participants.queryAll(actor.tenantId, {
    where: [{ field: 'userId', op: 'eq', value: actor.userId }],
  });
  const ids = [...new Set(enrollments.map((e) => e.doc.programId))];
  const programs = ids.length
    ? await deps.repos.programs.queryAll(actor.tenantId, { where: [{ field: 'id', op: 'in', values: ids }] })
    : [];
  const names = new Map(programs.map((p) => [p.doc.id, p.doc.name]));
  return enrollments.map((e) => toEnrollmentView(e, names.get(e.doc.programId) ?? ''));
}

export async function me(deps: Deps, actor: Actor & { isAdmin: boolean }): Promise<MeResponse> {
  const [profile, enrollments, pairings] = await Promise.all([
    myProfile(deps, actor),
    myEnrollments(deps, actor),
    myPairings(deps, actor),
  ]);
  return { profile, isAdmin: actor.isAdmin, enrollments, currentPairings: pairings.current };
}

/** Active programs whose eligibility my directory facts meet (each with its own level mapping). */
export async function programsOpenToMe(deps: Deps, actor: Actor): Promise<ProgramSummary[]> {
  const programs = await deps.repos.programs.queryAll(actor.tenantId, {
    where: [{ field: 'status', op: 'eq', value: 'active' }],
  });
  if (programs.length === 0) return [];
  const person = await deps.directory.getPerson(actor.tenantId, actor.userId);
  const enrollments = await deps.repos.participants.queryAll(actor.tenantId, {
    where: [{ field: 'userId', op: 'eq', value: actor.userId }],
  });
  const statusByProgram = new Map(enrollments.map((e) => [e.doc.programId, e.doc.status]));
  const now = deps.clock();
  return programs
    .filter(
      (p) => statusByProgram.has(p.doc.id) || isEligible(p.doc, person ? factsFor(person, p.doc) : null),
    )
    .map(({ doc }) => {
      const next = nextSlot(doc.schedule, now);
      return {
        id: doc.id,
        name: doc.name,
        kind: doc.kind,
        description: doc.description,
        defaultCadence: doc.defaultCadence,
        sessionMinutes: doc.sessionMinutes,
        roundLengthWeeks: doc.roundLengthWeeks,
        nextRoundAt: next ? isoInstant(next) : null,
        myStatus: statusByProgram.get(doc.id) ?? null,
      };
    });
}

export async function exportMyData(deps: Deps, actor: Actor): Promise<MyDataExport> {
  const [profile, enrollments] = await Promise.all([myProfile(deps, actor), myEnrollments(deps, actor)]);
  const pairings = await myPairingDocuments(deps, actor);
  const feedback = await deps.repos.feedback.queryAll(actor.tenantId, {
    where: [{ field: 'userId', op: 'eq', value: actor.userId }],
  });
  const byPairing = new Map(feedback.map((f) => [f.doc.pairingId, f.doc]));
  const names = new Map(enrollments.map((e) => [e.programId, e.programName]));
  return {
    exportedAt: isoInstant(deps.clock()),
    tenantId: actor.tenantId,
    profile,
    enrollments,
    pairings: pairings.map((p) =>
      toPairingView(p.doc, actor.userId, names.get(p.doc.programId) ?? '', byPairing.get(p.doc.id) ?? null),
    ),
    feedback: feedback.map(({ doc }) => ({
      pairingId: doc.pairingId,
      met: doc.met,
      rating: doc.rating,
      comment: doc.comment,
      submittedAt: doc.submittedAt,
    })),
  };
}

export { erasedName } from './erasure';

/** Erasure: see domain/people/erasure.ts (no document of the tenant holds my id or name afterwards). */
export async function eraseMe(deps: Deps, actor: Actor): Promise<void> {
  await eraseEverywhere(deps, actor);
}
