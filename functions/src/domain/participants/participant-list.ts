import { type AdminParticipant, type ParticipantsPage, type ParticipantsQuery } from '../../contracts/admin';
import { type Deps } from '../deps';
import { type ParticipantDocument } from '../model';
import { type Condition } from '../ports';
import { getProgramOr404 } from '../programs/program-service';

export function toAdminParticipant(p: ParticipantDocument): AdminParticipant {
  return {
    userId: p.userId,
    displayName: p.directory?.displayName ?? '',
    jobTitle: p.directory?.jobTitle ?? null,
    department: p.directory?.department ?? null,
    level: p.directory?.level ?? null,
    timeZone: p.directory?.timeZone ?? null,
    hireDate: p.directory?.hireDate ?? null,
    status: p.status,
    pausedUntil: p.pausedUntil,
    goals: p.preferences.goals,
    cadence: p.preferences.cadence,
    enrolledAt: p.enrolledAt,
    directorySyncedAt: p.directorySyncedAt,
  };
}

/** The admin's participant list: filters in the query (tenant first), ordered by name, paged by continuation token. */
export async function listParticipants(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
  query: ParticipantsQuery,
): Promise<ParticipantsPage> {
  await getProgramOr404(deps, tenantId, programId);
  const where: Condition[] = [{ field: 'programId', op: 'eq', value: programId }];
  if (query.status) where.push({ field: 'status', op: 'eq', value: query.status });
  if (query.department) where.push({ field: 'directory.department', op: 'eq', value: query.department });
  if (query.level) where.push({ field: 'directory.level', op: 'eq', value: query.level });
  if (query.search) where.push({ field: 'searchName', op: 'startsWith', value: query.search.toLowerCase() });
  const page = await deps.repos.participants.query(tenantId, {
    where,
    orderBy: { field: 'searchName', direction: 'asc' },
    pageSize: query.pageSize,
    ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
  });
  return {
    items: page.items.map((p) => toAdminParticipant(p.doc)),
    continuationToken: page.continuationToken,
  };
}
