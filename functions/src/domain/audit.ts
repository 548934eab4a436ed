import { type Deps } from './deps';
import { type AuditDocument } from './model';
import { isoInstant } from './time';

export interface Actor {
  tenantId: string;
  userId: string;
}

/** Every admin action lands here: who, what, on which program/target, and the reason they gave. */
export async function recordAudit(
  deps: Pick<Deps, 'repos' | 'clock' | 'newId'>,
  actor: Actor,
  action: string,
  entry: {
    programId?: string | null;
    target?: string | null;
    reason?: string | null;
    details?: Record<string, unknown>;
  } = {},
): Promise<void> {
  const at = deps.clock();
  await deps.repos.audit.create({
    // Sortable ids: newest first is an ORDER BY on `at`, the id only has to be unique.
    id: deps.newId('a'),
    tenantId: actor.tenantId,
    at: isoInstant(at),
    actorId: actor.userId,
    action,
    programId: entry.programId ?? null,
    target: entry.target ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  });
}

/**
 * The audit entries that may concern a person: those they made, those that target them, and every entry of the
 * programs they are or were in (details are free-form, so a caller searches those for the id or the name).
 * Erasure rewrites them; the personal export keeps the ones that name them.
 */
export async function auditEntriesAround(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  userId: string,
  programIds: readonly string[],
): Promise<AuditDocument[]> {
  const byId = new Map<string, AuditDocument>();
  for (const where of [
    [{ field: 'actorId', op: 'eq' as const, value: userId }],
    [{ field: 'target', op: 'eq' as const, value: userId }],
    ...(programIds.length ? [[{ field: 'programId', op: 'in' as const, values: [...programIds] }]] : []),
  ])
    for (const a of await deps.repos.audit.queryAll(tenantId, { where })) byId.set(a.doc.id, a.doc);
  return [...byId.values()];
}
