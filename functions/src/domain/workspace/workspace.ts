import { z } from 'zod';

import { IsoDateTimeSchema } from '../../contracts/common';
import {
  type CheckInsRequest,
  GoalCheckInStatusSchema,
  MAX_SESSION_NUMBER,
  MAX_WORKSPACE_GOALS,
} from '../../contracts/workspace';

/**
 * The pair workspace's stored shape and every change to it. Pure: no I/O, no clock — callers pass `now` and ids.
 *
 * Two kinds of document share the `workspaces` container (partition /tenantId, like every container):
 * - `workspace`: one per pairing, what its members share (edited agendas, goals, check-ins). Written by both
 *   members, so every change is a read–modify–write with If-Match.
 * - `notes`: one per member and pairing, private to its author: no other read path exists (not the peer's view,
 *   not an admin route, not another person's export).
 * A workspace is created by its first change; until then it is all suggestion and needs no document.
 */

const Stored = { id: z.string().min(1), tenantId: z.string().min(1) };
const Ttl = z.number().int().positive().optional();

export const StoredAgendaSchema = z.object({
  session: z.number().int().min(1).max(MAX_SESSION_NUMBER),
  items: z.array(z.string()),
  editedBy: z.string(),
  editedAt: IsoDateTimeSchema,
});
export type StoredAgenda = z.infer<typeof StoredAgendaSchema>;

export const StoredCheckInSchema = z.object({
  session: z.number().int().min(1),
  userId: z.string(),
  status: GoalCheckInStatusSchema,
  note: z.string(),
  at: IsoDateTimeSchema,
});
export type StoredCheckIn = z.infer<typeof StoredCheckInSchema>;

export const StoredGoalSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdBy: z.string(),
  createdAt: IsoDateTimeSchema,
  checkIns: z.array(StoredCheckInSchema),
});
export type StoredGoal = z.infer<typeof StoredGoalSchema>;

export const WorkspaceDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('workspace'),
  pairingId: z.string(),
  programId: z.string(),
  /** The pairing's members when the workspace was made (erasure and export find a person's workspaces by it). */
  memberIds: z.array(z.string()),
  /** Only sessions whose agenda a member edited; the others show the suggestion. */
  agendas: z.array(StoredAgendaSchema),
  goals: z.array(StoredGoalSchema),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  ttl: Ttl,
});
export type WorkspaceDocument = z.infer<typeof WorkspaceDocumentSchema>;

export const NotesDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('notes'),
  pairingId: z.string(),
  programId: z.string(),
  /** The author, and the only person who ever reads the text. */
  userId: z.string(),
  text: z.string(),
  updatedAt: IsoDateTimeSchema,
  ttl: Ttl,
});
export type NotesDocument = z.infer<typeof NotesDocumentSchema>;

export const WorkspaceStoredDocumentSchema = z.discriminatedUnion('kind', [
  WorkspaceDocumentSchema,
  NotesDocumentSchema,
]);
export type WorkspaceStoredDocument = z.infer<typeof WorkspaceStoredDocumentSchema>;

export const workspaceId = (pairingId: string): string => `workspace.${pairingId}`;
export const notesId = (pairingId: string, userId: string): string => `notes.${pairingId}.${userId}`;

/**
 * The etag a member sends before the workspace has a document: the first write creates it, and a create that
 * finds one (the peer wrote first) is the same 412 as any other stale etag.
 */
export const NO_WORKSPACE_ETAG = '"new"';

export function emptyWorkspace(
  pairing: { id: string; tenantId: string; programId: string; memberIds: readonly string[] },
  now: string,
): WorkspaceDocument {
  return {
    id: workspaceId(pairing.id),
    tenantId: pairing.tenantId,
    kind: 'workspace',
    pairingId: pairing.id,
    programId: pairing.programId,
    memberIds: [...pairing.memberIds],
    agendas: [],
    goals: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Why a change cannot be made, with the request field it is about (the API answers 400 or 404 with it). */
export type Refusal = { kind: 'invalid'; path: string; issue: string } | { kind: 'not-found'; what: string };

export type Edit = { kind: 'changed'; doc: WorkspaceDocument } | { kind: 'refused'; refusal: Refusal };

const changed = (doc: WorkspaceDocument, now: string): Edit => ({
  kind: 'changed',
  doc: { ...doc, updatedAt: now },
});

function sessionRefusal(session: number, sessions: number): Refusal | null {
  return session > sessions
    ? { kind: 'invalid', path: 'params.session', issue: `This pairing has ${sessions} sessions` }
    : null;
}

/** A session's agenda as a member wrote it (replacing the suggestion or an earlier edit). */
export function setAgenda(
  doc: WorkspaceDocument,
  input: { session: number; sessions: number; items: readonly string[]; by: string; now: string },
): Edit {
  const refusal = sessionRefusal(input.session, input.sessions);
  if (refusal) return { kind: 'refused', refusal };
  const agenda: StoredAgenda = {
    session: input.session,
    items: [...input.items],
    editedBy: input.by,
    editedAt: input.now,
  };
  const agendas = [...doc.agendas.filter((a) => a.session !== input.session), agenda].sort(
    (a, b) => a.session - b.session,
  );
  return changed({ ...doc, agendas }, input.now);
}

/** Back to the suggestion: the session's edited agenda goes. */
export function resetAgenda(doc: WorkspaceDocument, session: number, sessions: number, now: string): Edit {
  const refusal = sessionRefusal(session, sessions);
  if (refusal) return { kind: 'refused', refusal };
  return changed({ ...doc, agendas: doc.agendas.filter((a) => a.session !== session) }, now);
}

export function addGoal(
  doc: WorkspaceDocument,
  input: { id: string; title: string; by: string; now: string },
): Edit {
  if (doc.goals.length >= MAX_WORKSPACE_GOALS)
    return {
      kind: 'refused',
      refusal: { kind: 'invalid', path: 'body.title', issue: `At most ${MAX_WORKSPACE_GOALS} goals` },
    };
  const goal: StoredGoal = {
    id: input.id,
    title: input.title,
    createdBy: input.by,
    createdAt: input.now,
    checkIns: [],
  };
  return changed({ ...doc, goals: [...doc.goals, goal] }, input.now);
}

export function renameGoal(doc: WorkspaceDocument, goalId: string, title: string, now: string): Edit {
  if (!doc.goals.some((g) => g.id === goalId))
    return { kind: 'refused', refusal: { kind: 'not-found', what: 'The goal' } };
  return changed({ ...doc, goals: doc.goals.map((g) => (g.id === goalId ? { ...g, title } : g)) }, now);
}

/** A goal goes with its check-ins: they only meant something about it. */
export function removeGoal(doc: WorkspaceDocument, goalId: string, now: string): Edit {
  if (!doc.goals.some((g) => g.id === goalId))
    return { kind: 'refused', refusal: { kind: 'not-found', what: 'The goal' } };
  return changed({ ...doc, goals: doc.goals.filter((g) => g.id !== goalId) }, now);
}

/**
 * My check-ins after one session, one per goal named: each replaces my earlier check-in on that goal for that
 * session. Other members' check-ins, and mine on goals not named, stay as they are.
 */
export function recordCheckIns(
  doc: WorkspaceDocument,
  input: {
    session: number;
    sessions: number;
    userId: string;
    checkIns: CheckInsRequest['checkIns'];
    now: string;
  },
): Edit {
  const refusal = sessionRefusal(input.session, input.sessions);
  if (refusal) return { kind: 'refused', refusal };
  const unknown = input.checkIns.findIndex((c) => !doc.goals.some((g) => g.id === c.goalId));
  if (unknown >= 0)
    return {
      kind: 'refused',
      refusal: {
        kind: 'invalid',
        path: `body.checkIns.${unknown}.goalId`,
        issue: 'Not a goal of this workspace',
      },
    };
  const byGoal = new Map(input.checkIns.map((c) => [c.goalId, c]));
  const goals = doc.goals.map((goal) => {
    const mine = byGoal.get(goal.id);
    if (!mine) return goal;
    const others = goal.checkIns.filter((c) => !(c.session === input.session && c.userId === input.userId));
    const entry: StoredCheckIn = {
      session: input.session,
      userId: input.userId,
      status: mine.status,
      note: mine.note,
      at: input.now,
    };
    return {
      ...goal,
      checkIns: [...others, entry].sort((a, b) => a.session - b.session || a.at.localeCompare(b.at)),
    };
  });
  return changed({ ...doc, goals }, input.now);
}

/**
 * A member is erased: their check-ins go (they were theirs), what stays for the peer (goals they added, agendas
 * they edited) names the pairing's tombstone instead, and their names leave the free text others wrote.
 */
export function eraseFromWorkspace(
  doc: WorkspaceDocument,
  userId: string,
  tombstone: string,
  redact: (text: string) => string,
  now: string,
): WorkspaceDocument | null {
  const next: WorkspaceDocument = {
    ...doc,
    memberIds: doc.memberIds.map((id) => (id === userId ? tombstone : id)),
    agendas: doc.agendas.map((a) => ({
      ...a,
      items: a.items.map(redact),
      editedBy: a.editedBy === userId ? tombstone : a.editedBy,
    })),
    goals: doc.goals.map((g) => ({
      ...g,
      title: redact(g.title),
      createdBy: g.createdBy === userId ? tombstone : g.createdBy,
      checkIns: g.checkIns.filter((c) => c.userId !== userId).map((c) => ({ ...c, note: redact(c.note) })),
    })),
  };
  return JSON.stringify(next) === JSON.stringify(doc) ? null : { ...next, updatedAt: now };
}
