import { type ProgramKind } from '../../contracts/common';
import { type WorkspaceView } from '../../contracts/workspace';
import { type FeedbackDocument } from '../model';
import { type PairingDocument } from '../pairings/lifecycle';
import { addDays } from '../time';
import { planSessions } from './sessions';
import { suggestAgenda } from './suggest-agenda';
import { type NotesDocument, type WorkspaceDocument } from './workspace';

/** Days after its round's end that a pairing's workspace still takes check-ins (the last session's, mostly). */
export const CHECK_IN_GRACE_DAYS = 14;

/**
 * What both members may still change: nothing once the pairing was cancelled or ended early (skip, pause, leave,
 * erasure, an admin's unpairing), or two weeks after its round. Private notes stay editable by their author.
 */
export function workspaceEditable(
  pairing: Pick<PairingDocument, 'state' | 'endRequested' | 'endsOn' | 'published'>,
  today: string,
): boolean {
  return (
    pairing.published &&
    pairing.state !== 'cancelled' &&
    pairing.endRequested === null &&
    addDays(pairing.endsOn, CHECK_IN_GRACE_DAYS) >= today
  );
}

export interface WorkspaceViewInput {
  pairing: PairingDocument;
  me: string;
  program: { name: string; kind: ProgramKind };
  workspace: { doc: WorkspaceDocument; etag: string } | null;
  notes: NotesDocument | null;
  feedback: FeedbackDocument | null;
  now: string;
  /** The etag to answer with when there is no workspace document yet. */
  emptyEtag: string;
}

/** The workspace as one member sees it: the shared part, and of the private part only their own. */
export function toWorkspaceView(input: WorkspaceViewInput): WorkspaceView {
  const { pairing, me, workspace, notes, feedback, now } = input;
  const plan = planSessions(pairing, now);
  const goals = workspace?.doc.goals ?? [];
  const edited = new Map((workspace?.doc.agendas ?? []).map((a) => [a.session, a]));
  const members = [
    ...pairing.members.filter((m) => m.userId === me),
    ...pairing.members.filter((m) => m.userId !== me),
  ].map((m) => ({ userId: m.userId, displayName: m.displayName }));
  return {
    pairingId: pairing.id,
    programName: input.program.name,
    programKind: input.program.kind,
    members,
    currentSession: plan.current,
    sessions: plan.sessions.map((s) => {
      const agenda = edited.get(s.number);
      return {
        number: s.number,
        start: s.start,
        agenda: agenda
          ? {
              source: 'edited' as const,
              items: agenda.items,
              editedBy: agenda.editedBy,
              editedAt: agenda.editedAt,
            }
          : {
              source: 'suggested' as const,
              items: suggestAgenda({
                kind: input.program.kind,
                session: s.number,
                sessions: plan.sessions.length,
                reasons: pairing.reasons,
                goals: goals.length,
              }),
            },
      };
    }),
    goals: goals.map((g) => ({ ...g, checkIns: g.checkIns.map((c) => ({ ...c })) })),
    // Only the reader's own notes are ever passed in; the check keeps it so if a caller gets that wrong.
    myNotes: notes && notes.userId === me ? { text: notes.text, updatedAt: notes.updatedAt } : null,
    myFeedback:
      feedback && feedback.userId === me
        ? { met: feedback.met, rating: feedback.rating, submittedAt: feedback.submittedAt }
        : null,
    editable: workspaceEditable(pairing, now.slice(0, 10)),
    etag: workspace?.etag ?? input.emptyEtag,
  };
}
