import { type Deps } from './deps';
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
