import {
  type Enrollment,
  type MeResponse,
  type MyDataExport,
  type MyUnmatched,
  type PairingView,
  type PersonProfile,
  type ProgramSummary,
} from '../../contracts/employee';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { myPairings } from '../pairings/pairing-service';
import { factsFor, toEnrollmentView } from '../participants/enrollment-service';
import { groupSizeOf, isEligible } from '../programs/program-service';
import { roundTimesOf } from '../rounds/running-rounds';
import { nextRoundStart } from '../rounds/schedule';
import { ianaNameOf } from '../scheduling/time-zones';
import { isoDate, isoInstant } from '../time';
import { exportMyData } from './data-export';
import { eraseEverywhere } from './erasure';
import { peopleNamedBy } from './people-search';

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

/**
 * Programs I am in whose current round left me out, and why. Only the round that is running now counts (an old
 * round's reason may no longer hold), and only when I have no current pairing in that program (an admin may have
 * paired me since). A "not with" detail is dropped: it would tell me that someone asked not to meet me.
 */
async function myUnmatched(
  deps: Deps,
  actor: Actor,
  enrollments: readonly Enrollment[],
  current: readonly PairingView[],
): Promise<MyUnmatched[]> {
  const today = isoDate(deps.clock());
  const waiting = enrollments.filter(
    (e) => e.status !== 'left' && !current.some((p) => p.programId === e.programId),
  );
  const found = await Promise.all(
    waiting.map(async (enrollment): Promise<MyUnmatched | null> => {
      const [latest] = (
        await deps.repos.rounds.query(actor.tenantId, {
          where: [
            { field: 'programId', op: 'eq', value: enrollment.programId },
            { field: 'status', op: 'eq', value: 'published' },
          ],
          orderBy: { field: 'createdAt', direction: 'desc' },
          pageSize: 1,
        })
      ).items;
      const round = latest?.doc;
      const entry = round?.unmatched.find((u) => u.userId === actor.userId);
      if (!round || !entry || round.endsOn < today) return null;
      const program = await deps.repos.programs.get(actor.tenantId, enrollment.programId);
      // This round runs until its last day; the next one starts after it (decision 0020).
      const next =
        program?.doc.status === 'active'
          ? nextRoundStart(program.doc.schedule, deps.clock(), round.endsOn)
          : null;
      return {
        programId: enrollment.programId,
        programName: enrollment.programName,
        roundStartsOn: round.startsOn,
        roundEndsOn: round.endsOn,
        reason: entry.reason,
        detail: entry.detail === 'not-with' ? null : entry.detail,
        nextRoundAt: next ? isoInstant(next) : null,
      };
    }),
  );
  return found.filter((u): u is MyUnmatched => u !== null);
}

export async function me(deps: Deps, actor: Actor & { isAdmin: boolean }): Promise<MeResponse> {
  const [profile, enrollments, pairings] = await Promise.all([
    myProfile(deps, actor),
    myEnrollments(deps, actor),
    myPairings(deps, actor),
  ]);
  const [unmatched, notWithPeople] = await Promise.all([
    myUnmatched(deps, actor, enrollments, pairings.current),
    peopleNamedBy(
      deps,
      actor,
      enrollments.flatMap((e) => e.preferences.notWith),
    ),
  ]);
  return {
    profile,
    isAdmin: actor.isAdmin,
    enrollments,
    currentPairings: pairings.current,
    unmatched,
    notWithPeople,
  };
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
  const open = programs.filter(
    (p) => statusByProgram.has(p.doc.id) || isEligible(p.doc, person ? factsFor(person, p.doc) : null),
  );
  const times = await roundTimesOf(
    deps,
    actor.tenantId,
    open.map((p) => p.doc),
  );
  return open.map(({ doc }) => ({
    id: doc.id,
    name: doc.name,
    kind: doc.kind,
    description: doc.description,
    defaultCadence: doc.defaultCadence,
    sessionMinutes: doc.sessionMinutes,
    roundLengthWeeks: doc.roundLengthWeeks,
    groupSize: groupSizeOf(doc),
    nextRoundAt: times.get(doc.id)?.nextRoundAt ?? null,
    myStatus: statusByProgram.get(doc.id) ?? null,
  }));
}

/** `GET /api/me/export`: the tab's views of me plus every stored fact behind them (data-export.ts). */
export async function exportMe(deps: Deps, actor: Actor): Promise<MyDataExport> {
  const [profile, enrollments] = await Promise.all([myProfile(deps, actor), myEnrollments(deps, actor)]);
  return exportMyData(deps, actor, { profile, enrollments });
}

export { erasedName } from './erasure';

/** Erasure: see domain/people/erasure.ts (no document of the tenant holds my id or name afterwards). */
export async function eraseMe(deps: Deps, actor: Actor): Promise<void> {
  await eraseEverywhere(deps, actor);
}
