import { type Program, type ProgramInput } from '../../contracts/admin';
import { PAIRS } from '../../contracts/common';
import { AppError, conflict, detail, type ErrorDetail, invalid, notFound } from '../../errors';
import { type Actor, recordAudit } from '../audit';
import { type Deps } from '../deps';
import { levelMappingIssues } from '../levels/level-mapping';
import { type DirectoryFacts, type ProgramDocument } from '../model';
import { type Stored } from '../ports';
import { type RoundTimes, roundTimesOf } from '../rounds/running-rounds';
import { scheduleIssues } from '../rounds/schedule';
import { isoInstant } from '../time';

/**
 * Checks what zod cannot: the CRON expression and zone, the level mapping, the hire-date window, circles only where
 * the program's kind allows them.
 */
export function validateProgramInput(input: ProgramInput): void {
  const issues: ErrorDetail[] = [
    ...scheduleIssues(input.schedule),
    ...(input.levelMapping ? levelMappingIssues(input.levelMapping) : []),
  ];
  const { hireDateFrom, hireDateTo } = input.eligibility;
  if (hireDateFrom && hireDateTo && hireDateFrom > hireDateTo) {
    issues.push(detail('eligibility.hireDateTo', 'hire-dates-order', 'must not be before hireDateFrom'));
  }
  // A circle's every pair must hold exactly one new joiner in an onboarding program: no group of three can.
  if (input.kind === 'onboarding-buddy' && input.rules.groupSize > PAIRS) {
    issues.push(
      detail(
        'rules.groupSize',
        'circles-not-for-onboarding',
        'onboarding-buddy programs pair a new joiner with one buddy',
      ),
    );
  }
  if (issues.length > 0) {
    throw invalid(
      'The request body is not valid.',
      issues.map((i) => ({ ...i, path: `body.${i.path}` })),
    );
  }
}

/** The program forms peer circles (onboarding programs never do: a new joiner has one buddy). */
export function formsCircles(program: Pick<ProgramDocument, 'rules' | 'kind'>): boolean {
  return program.rules.groupSize > PAIRS && program.kind !== 'onboarding-buddy';
}

/** How many people the program's rounds put together: its circle size, or two. */
export function groupSizeOf(program: Pick<ProgramDocument, 'rules' | 'kind'>): number {
  return formsCircles(program) ? program.rules.groupSize : PAIRS;
}

const NO_ROUND_TIMES: RoundTimes = { nextRoundAt: null, runningUntil: null };

export function toProgramView(stored: Stored<ProgramDocument>, times: RoundTimes): Program {
  const { tenantId: _t, createdBy: _c, blockedPairs: _b, activatedAt: _a, ...rest } = stored.doc;
  return {
    ...rest,
    etag: stored.etag,
    nextRoundAt: times.nextRoundAt,
    currentRoundEndsOn: times.runningUntil,
  };
}

/** Programs as the admin reads them, each with when its next round starts (decision 0020). */
export async function programViews(
  deps: Pick<Deps, 'repos' | 'clock'>,
  tenantId: string,
  programs: readonly Stored<ProgramDocument>[],
): Promise<Program[]> {
  const times = await roundTimesOf(
    deps,
    tenantId,
    programs.map((p) => p.doc),
  );
  return programs.map((p) => toProgramView(p, times.get(p.doc.id) ?? NO_ROUND_TIMES));
}

/** One program as the admin reads it. */
export async function programView(
  deps: Pick<Deps, 'repos' | 'clock'>,
  stored: Stored<ProgramDocument>,
): Promise<Program> {
  const times = await roundTimesOf(deps, stored.doc.tenantId, [stored.doc]);
  return toProgramView(stored, times.get(stored.doc.id) ?? NO_ROUND_TIMES);
}

export async function getProgramOr404(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
): Promise<Stored<ProgramDocument>> {
  const stored = await deps.repos.programs.get(tenantId, programId);
  if (!stored) throw notFound('The program');
  return stored;
}

export async function listPrograms(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
): Promise<Stored<ProgramDocument>[]> {
  const all = await deps.repos.programs.queryAll(tenantId, {
    orderBy: { field: 'createdAt', direction: 'asc' },
  });
  return all;
}

export async function createProgram(
  deps: Deps,
  actor: Actor,
  input: ProgramInput,
): Promise<Stored<ProgramDocument>> {
  validateProgramInput(input);
  const now = isoInstant(deps.clock());
  const doc: ProgramDocument = {
    ...input,
    id: deps.newId('p'),
    tenantId: actor.tenantId,
    createdAt: now,
    updatedAt: now,
    createdBy: actor.userId,
    blockedPairs: [],
    activatedAt: input.status === 'active' ? now : null,
  };
  const stored = await deps.repos.programs.create(doc);
  await recordAudit(deps, actor, 'program.create', {
    programId: doc.id,
    target: doc.id,
    details: { name: doc.name, status: doc.status },
  });
  return stored;
}

export async function updateProgram(
  deps: Deps,
  actor: Actor,
  programId: string,
  input: ProgramInput,
  ifMatch: string,
): Promise<Stored<ProgramDocument>> {
  validateProgramInput(input);
  const current = await getProgramOr404(deps, actor.tenantId, programId);
  const now = isoInstant(deps.clock());
  const becameActive = input.status === 'active' && current.doc.status !== 'active';
  const doc: ProgramDocument = {
    ...current.doc,
    ...input,
    updatedAt: now,
    activatedAt: becameActive ? now : current.doc.activatedAt,
  };
  // The admin's etag, not the one we just read: an edit based on a stale read is refused (412), never merged.
  const stored = await deps.repos.programs.replace(doc, ifMatch);
  const changed = (Object.keys(input) as (keyof ProgramInput)[]).filter(
    (key) => JSON.stringify(input[key]) !== JSON.stringify(current.doc[key]),
  );
  await recordAudit(deps, actor, 'program.update', { programId, target: programId, details: { changed } });
  return stored;
}

/** DELETE archives: rounds, pairings and feedback stay for history and stats. */
export async function archiveProgram(
  deps: Deps,
  actor: Actor,
  programId: string,
  ifMatch: string | undefined,
): Promise<void> {
  const current = await getProgramOr404(deps, actor.tenantId, programId);
  if (current.doc.status === 'archived') return;
  await deps.repos.programs.replace(
    { ...current.doc, status: 'archived', updatedAt: isoInstant(deps.clock()) },
    ifMatch ?? current.etag,
  );
  await recordAudit(deps, actor, 'program.delete', { programId, target: programId });
}

/** Whether a person's directory facts meet a program's eligibility (unknown facts fail a restriction). */
export function isEligible(
  program: ProgramDocument,
  facts: Pick<DirectoryFacts, 'department' | 'level' | 'hireDate'> | null,
): boolean {
  const { departments, levels, hireDateFrom, hireDateTo } = program.eligibility;
  const lower = (s: string) => s.toLowerCase();
  if (
    departments.length > 0 &&
    !(facts?.department && departments.map(lower).includes(lower(facts.department)))
  )
    return false;
  if (levels.length > 0 && !(facts?.level && levels.map(lower).includes(lower(facts.level)))) return false;
  if (hireDateFrom && !(facts?.hireDate && facts.hireDate >= hireDateFrom)) return false;
  if (hireDateTo && !(facts?.hireDate && facts.hireDate <= hireDateTo)) return false;
  return true;
}

export function requireActive(program: ProgramDocument): void {
  if (program.status !== 'active') throw conflict('The program is not open for enrollment.');
}

export function requireNotArchived(program: ProgramDocument): void {
  if (program.status === 'archived')
    throw new AppError('conflict', 'The program is archived.', { code: 'conflict' });
}
