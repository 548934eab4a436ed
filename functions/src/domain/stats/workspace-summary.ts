import { type ProgramStats } from '../../contracts/admin';
import { type PairingDocument } from '../pairings/lifecycle';
import { type WorkspaceDocument } from '../workspace/workspace';

/**
 * What the admin dashboard learns about pair workspaces: counts, never content — how many of the program's pairings
 * (published, not cancelled) set shared goals, edited an agenda, checked in, and how many check-ins were made. No
 * goal title, agenda item, check-in note or private note is read into the result, and a workspace is only counted
 * for a pairing that is counted.
 */
export function summariseWorkspaces(
  pairings: readonly Pick<PairingDocument, 'id' | 'published' | 'state'>[],
  workspaces: readonly Pick<WorkspaceDocument, 'pairingId' | 'goals' | 'agendas'>[],
): ProgramStats['workspaces'] {
  const counted = new Set(pairings.filter((p) => p.published && p.state !== 'cancelled').map((p) => p.id));
  const mine = workspaces.filter((w) => counted.has(w.pairingId));
  const checkInsOf = (w: (typeof mine)[number]) => w.goals.reduce((sum, g) => sum + g.checkIns.length, 0);
  return {
    pairings: counted.size,
    withGoals: mine.filter((w) => w.goals.length > 0).length,
    withEditedAgenda: mine.filter((w) => w.agendas.length > 0).length,
    withCheckIns: mine.filter((w) => checkInsOf(w) > 0).length,
    checkIns: mine.reduce((sum, w) => sum + checkInsOf(w), 0),
  };
}
