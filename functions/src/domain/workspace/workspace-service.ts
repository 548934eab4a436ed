import { type ProgramKind } from '../../contracts/common';
import { type CheckInsRequest, type WorkspaceView } from '../../contracts/workspace';
import { conflict, invalid, isAppError, notFound, preconditionFailed } from '../../errors';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { feedbackId } from '../model';
import { type PairingDocument } from '../pairings/lifecycle';
import { myPairingOr404 } from '../pairings/pairing-service';
import { type Stored } from '../ports';
import { isoDate, isoInstant } from '../time';
import { planSessions } from './sessions';
import {
  addGoal,
  type Edit,
  emptyWorkspace,
  NO_WORKSPACE_ETAG,
  type NotesDocument,
  notesId,
  recordCheckIns,
  removeGoal,
  renameGoal,
  resetAgenda,
  setAgenda,
  type WorkspaceDocument,
  workspaceId,
} from './workspace';
import { toWorkspaceView, workspaceEditable } from './workspace-view';

/**
 * The pair workspace's use cases (`/api/pairings/{pairingId}/workspace`, docs/api.md). Who may read and change
 * a workspace is decided here and nowhere else: the pairing's members, found through `myPairingOr404` — so a
 * stranger, an admin without a pairing, or another tenant gets the same 404 as for a pairing that does not exist.
 */
type WorkspaceDeps = Pick<Deps, 'repos' | 'clock' | 'newId'>;

interface Context {
  pairing: PairingDocument;
  program: { name: string; kind: ProgramKind };
}

async function contextOf(deps: WorkspaceDeps, actor: Actor, pairingId: string): Promise<Context> {
  const pairing = await myPairingOr404(deps, actor, pairingId);
  const program = await deps.repos.programs.get(actor.tenantId, pairing.doc.programId);
  return {
    pairing: pairing.doc,
    // A pairing outlives a deleted program only until its retention ends; its workspace then reads neutrally.
    program: program
      ? { name: program.doc.name, kind: program.doc.kind }
      : { name: '', kind: 'collaborative-learning' },
  };
}

async function sharedOf(
  deps: WorkspaceDeps,
  tenantId: string,
  pairingId: string,
): Promise<{ doc: WorkspaceDocument; etag: string } | null> {
  const found = await deps.repos.workspaces.get(tenantId, workspaceId(pairingId));
  return found && found.doc.kind === 'workspace' ? { doc: found.doc, etag: found.etag } : null;
}

async function viewOf(
  deps: WorkspaceDeps,
  actor: Actor,
  context: Context,
  shared: { doc: WorkspaceDocument; etag: string } | null,
): Promise<WorkspaceView> {
  const { pairing, program } = context;
  const [notes, feedback] = await Promise.all([
    deps.repos.workspaces.get(actor.tenantId, notesId(pairing.id, actor.userId)),
    deps.repos.feedback.get(actor.tenantId, feedbackId(pairing.id, actor.userId)),
  ]);
  return toWorkspaceView({
    pairing,
    me: actor.userId,
    program,
    workspace: shared,
    notes: notes?.doc.kind === 'notes' ? notes.doc : null,
    feedback: feedback?.doc ?? null,
    now: isoInstant(deps.clock()),
    emptyEtag: NO_WORKSPACE_ETAG,
  });
}

export async function readWorkspace(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
): Promise<WorkspaceView> {
  const context = await contextOf(deps, actor, pairingId);
  return viewOf(deps, actor, context, await sharedOf(deps, actor.tenantId, pairingId));
}

function throwRefusal(edit: Extract<Edit, { kind: 'refused' }>): never {
  const { refusal } = edit;
  if (refusal.kind === 'not-found') throw notFound(refusal.what);
  throw invalid('The request is not valid for this workspace.', [
    { path: refusal.path, issue: refusal.issue },
  ]);
}

/**
 * A change to the shared part. With `ifMatch` (agenda and goals: both members edit them) the change applies only
 * to the version the member read, else 412; without (my own check-ins) it is re-applied to the latest version,
 * since it touches nothing the peer wrote.
 */
async function changeShared(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  ifMatch: string | undefined,
  edit: (doc: WorkspaceDocument, sessions: number, now: string) => Edit,
  attempts = 5,
): Promise<WorkspaceView> {
  const context = await contextOf(deps, actor, pairingId);
  const now = isoInstant(deps.clock());
  if (!workspaceEditable(context.pairing, isoDate(deps.clock())))
    throw conflict('The pairing is over: its workspace is kept to read and can no longer be changed.');
  const sessions = planSessions(context.pairing, now).sessions.length;
  for (let attempt = 1; ; attempt++) {
    const current = await sharedOf(deps, actor.tenantId, pairingId);
    if (ifMatch !== undefined && ifMatch !== (current?.etag ?? NO_WORKSPACE_ETAG)) throw preconditionFailed();
    const result = edit(current?.doc ?? emptyWorkspace(context.pairing, now), sessions, now);
    if (result.kind === 'refused') throwRefusal(result);
    try {
      const written = current
        ? await deps.repos.workspaces.replace(result.doc, current.etag)
        : await deps.repos.workspaces.create(result.doc);
      if (written.doc.kind !== 'workspace') throw new Error('A workspace write returned another kind');
      return await viewOf(deps, actor, context, { doc: written.doc, etag: written.etag });
    } catch (e) {
      // Someone wrote in between (a stale etag on replace, or the peer created the workspace first).
      const raced = isAppError(e) && (e.kind === 'precondition-failed' || e.kind === 'conflict');
      if (!raced) throw e;
      if (ifMatch !== undefined) throw preconditionFailed();
      if (attempt >= attempts) throw e;
    }
  }
}

export function setSessionAgenda(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  session: number,
  items: readonly string[],
  ifMatch: string,
): Promise<WorkspaceView> {
  return changeShared(deps, actor, pairingId, ifMatch, (doc, sessions, now) =>
    setAgenda(doc, { session, sessions, items, by: actor.userId, now }),
  );
}

export function resetSessionAgenda(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  session: number,
  ifMatch: string,
): Promise<WorkspaceView> {
  return changeShared(deps, actor, pairingId, ifMatch, (doc, sessions, now) =>
    resetAgenda(doc, session, sessions, now),
  );
}

export function addSharedGoal(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  title: string,
  ifMatch: string,
): Promise<WorkspaceView> {
  const id = deps.newId('goal');
  return changeShared(deps, actor, pairingId, ifMatch, (doc, _sessions, now) =>
    addGoal(doc, { id, title, by: actor.userId, now }),
  );
}

export function renameSharedGoal(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  goalId: string,
  title: string,
  ifMatch: string,
): Promise<WorkspaceView> {
  return changeShared(deps, actor, pairingId, ifMatch, (doc, _sessions, now) =>
    renameGoal(doc, goalId, title, now),
  );
}

export function removeSharedGoal(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  goalId: string,
  ifMatch: string,
): Promise<WorkspaceView> {
  return changeShared(deps, actor, pairingId, ifMatch, (doc, _sessions, now) => removeGoal(doc, goalId, now));
}

export function checkIn(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  session: number,
  request: CheckInsRequest,
  ifMatch: string | undefined,
): Promise<WorkspaceView> {
  return changeShared(deps, actor, pairingId, ifMatch, (doc, sessions, now) =>
    recordCheckIns(doc, { session, sessions, userId: actor.userId, checkIns: request.checkIns, now }),
  );
}

/** My private notes: only I write and read them, so the last write wins; an empty text deletes them. */
export async function saveMyNotes(
  deps: WorkspaceDeps,
  actor: Actor,
  pairingId: string,
  text: string,
): Promise<WorkspaceView> {
  const context = await contextOf(deps, actor, pairingId);
  const id = notesId(pairingId, actor.userId);
  if (text.trim() === '') {
    await deps.repos.workspaces.delete(actor.tenantId, id);
  } else {
    const notes: NotesDocument = {
      id,
      tenantId: actor.tenantId,
      kind: 'notes',
      pairingId,
      programId: context.pairing.programId,
      userId: actor.userId,
      text,
      updatedAt: isoInstant(deps.clock()),
    };
    await deps.repos.workspaces.upsert(notes);
  }
  return viewOf(deps, actor, context, await sharedOf(deps, actor.tenantId, pairingId));
}

/** Stored workspaces of one program, for the admin dashboard's counts (never their content). */
export async function programWorkspaces(
  deps: Pick<Deps, 'repos'>,
  tenantId: string,
  programId: string,
): Promise<Stored<WorkspaceDocument>[]> {
  const found = await deps.repos.workspaces.queryAll(tenantId, {
    where: [
      { field: 'programId', op: 'eq', value: programId },
      { field: 'kind', op: 'eq', value: 'workspace' },
    ],
  });
  return found.flatMap((w) => (w.doc.kind === 'workspace' ? [{ doc: w.doc, etag: w.etag }] : []));
}
