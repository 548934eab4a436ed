import { z } from 'zod';

import { GoalSchema, IsoDateTimeSchema, ProgramKindSchema, ResourceIdSchema } from './common';
import { MyFeedbackSchema } from './employee';

/**
 * The pair workspace (`/api/pairings/{pairingId}/workspace`): a suggested agenda per session, the pair's shared
 * goals with check-ins, and each member's private notes. Only the pairing's members ever read it; admins see
 * counts only (docs/api.md). Writes to what both members edit (agenda, goals) need `If-Match` with the workspace's
 * etag; a member's own check-ins and notes merge on the server, so `If-Match` is optional there.
 */

export const MAX_WORKSPACE_GOALS = 5;
export const MAX_AGENDA_ITEMS = 10;
/** Sessions are numbered from 1; a round lasts at most 26 weeks, so this bound is never reached by a real series. */
export const MAX_SESSION_NUMBER = 60;

export const GOAL_CHECK_IN_STATUSES = ['done', 'in-progress', 'blocked'] as const;
export const GoalCheckInStatusSchema = z.enum(GOAL_CHECK_IN_STATUSES);
export type GoalCheckInStatus = z.infer<typeof GoalCheckInStatusSchema>;

/** Route parameters. `session` arrives as text in the path. */
export const WorkspaceSessionParamsSchema = z.object({
  pairingId: ResourceIdSchema,
  session: z.coerce.number().int().min(1).max(MAX_SESSION_NUMBER),
});
export const WorkspaceGoalParamsSchema = z.object({ pairingId: ResourceIdSchema, goalId: ResourceIdSchema });

/**
 * One suggested agenda item, in structured form: the tab words it in the reader's language (an item kind the tab
 * does not know is skipped). Built deterministically from the pairing's reasons, the program's kind and the
 * session's place in the round (domain/workspace/suggest-agenda.ts).
 */
export const ARC_STEPS = [
  // onboarding-buddy: a new joiner's first weeks
  'onboarding.first-days',
  'onboarding.tools',
  'onboarding.people',
  'onboarding.unwritten-rules',
  'onboarding.first-contribution',
  // collaborative-learning
  'learning.pick-topic',
  'learning.explain-back',
  // remote-connection
  'remote.off-topic',
  'remote.how-we-work',
  // project-accountability
  'accountability.commitments',
  'accountability.obstacles',
  // network-building
  'network.introduce-someone',
  'network.map-contacts',
] as const;
export const ArcStepSchema = z.enum(ARC_STEPS);
export type ArcStep = z.infer<typeof ArcStepSchema>;

export const SuggestedAgendaItemSchema = z.discriminatedUnion('kind', [
  /** First session: who we are, what we hope to get from the pairing. */
  z.object({ kind: z.literal('introductions'), data: z.object({}) }),
  /** Agree on one to three shared goals (when the pair has none yet). */
  z.object({ kind: z.literal('set-goals'), data: z.object({}) }),
  /** Go through the shared goals' check-ins (`goals` of them). */
  z.object({ kind: z.literal('review-goals'), data: z.object({ goals: z.number().int().min(1) }) }),
  /** A goal both chose when joining. */
  z.object({ kind: z.literal('shared-goal'), data: z.object({ goal: GoalSchema }) }),
  /** `teacherId` shares `topic`, which `learnerId` wants to learn. */
  z.object({
    kind: z.literal('teach'),
    data: z.object({ teacherId: z.string(), learnerId: z.string(), topic: z.string() }),
  }),
  /** A step of the program kind's arc (the onboarding arc, the accountability loop …). */
  z.object({ kind: z.literal('arc'), data: z.object({ step: ArcStepSchema }) }),
  /** Agree what each does before the next session. */
  z.object({ kind: z.literal('next-steps'), data: z.object({}) }),
  /** Last session: look back on the round, what to keep doing. */
  z.object({ kind: z.literal('look-back'), data: z.object({}) }),
]);
export type SuggestedAgendaItem = z.infer<typeof SuggestedAgendaItemSchema>;

export const AgendaItemTextSchema = z.string().trim().min(1).max(200);

/** A session's agenda: the suggestion until a member edits it, then the edited list (either member may reset it). */
export const SessionAgendaSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('suggested'), items: z.array(SuggestedAgendaItemSchema) }),
  z.object({
    source: z.literal('edited'),
    items: z.array(z.string()),
    editedBy: z.string(),
    editedAt: IsoDateTimeSchema,
  }),
]);
export type SessionAgenda = z.infer<typeof SessionAgendaSchema>;

export const WorkspaceSessionSchema = z.object({
  number: z.number().int().min(1),
  /** When the session is (or was) on the calendar; null before the series is booked. */
  start: IsoDateTimeSchema.nullable(),
  agenda: SessionAgendaSchema,
});
export type WorkspaceSession = z.infer<typeof WorkspaceSessionSchema>;

/** One member's check-in on one goal after one session. */
export const GoalCheckInSchema = z.object({
  session: z.number().int().min(1),
  userId: z.string(),
  status: GoalCheckInStatusSchema,
  note: z.string(),
  at: IsoDateTimeSchema,
});
export type GoalCheckIn = z.infer<typeof GoalCheckInSchema>;

export const WorkspaceGoalSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdBy: z.string(),
  createdAt: IsoDateTimeSchema,
  checkIns: z.array(GoalCheckInSchema),
});
export type WorkspaceGoal = z.infer<typeof WorkspaceGoalSchema>;

export const WorkspaceMemberSchema = z.object({ userId: z.string(), displayName: z.string() });

/** `GET /api/pairings/{pairingId}/workspace` (and the answer of every write). The etag also comes as `ETag`. */
export const WorkspaceViewSchema = z.object({
  pairingId: z.string(),
  programName: z.string(),
  programKind: ProgramKindSchema,
  /** Me first, then my peer(s). */
  members: z.array(WorkspaceMemberSchema),
  /** The session the pair is at: the latest one that has started, else the first. */
  currentSession: z.number().int().min(1),
  sessions: z.array(WorkspaceSessionSchema),
  goals: z.array(WorkspaceGoalSchema),
  /** My private notes: nobody else ever reads them (not my peer, not an admin). */
  myNotes: z.object({ text: z.string(), updatedAt: IsoDateTimeSchema }).nullable(),
  /** My "did we meet / how was it" answer for the pairing (`POST /api/pairings/{pairingId}/feedback`). */
  myFeedback: MyFeedbackSchema.nullable(),
  /** False once the pairing is over: agenda, goals and check-ins are kept to read; my notes stay mine to edit. */
  editable: z.boolean(),
  etag: z.string(),
});
export type WorkspaceView = z.infer<typeof WorkspaceViewSchema>;

/** `PUT …/workspace/sessions/{session}/agenda` (If-Match required): the session's agenda, as edited. */
export const AgendaRequestSchema = z.strictObject({
  items: z.array(AgendaItemTextSchema).min(1, 'keep at least one item').max(MAX_AGENDA_ITEMS),
});
export type AgendaRequest = z.infer<typeof AgendaRequestSchema>;

export const GoalTitleSchema = z.string().trim().min(1).max(120);

/** `POST …/workspace/goals` (If-Match required): a new shared goal. */
export const GoalCreateRequestSchema = z.strictObject({ title: GoalTitleSchema });
export type GoalCreateRequest = z.infer<typeof GoalCreateRequestSchema>;
/** `PUT …/workspace/goals/{goalId}` (If-Match required): rename a goal. */
export const GoalUpdateRequestSchema = GoalCreateRequestSchema;
export type GoalUpdateRequest = GoalCreateRequest;

export const CheckInNoteSchema = z.string().trim().max(200);

/** `PUT …/workspace/sessions/{session}/check-ins`: my check-ins for that session, one per goal at most. */
export const CheckInsRequestSchema = z.strictObject({
  checkIns: z
    .array(
      z.strictObject({
        goalId: ResourceIdSchema,
        status: GoalCheckInStatusSchema,
        note: CheckInNoteSchema.default(''),
      }),
    )
    .min(1)
    .max(MAX_WORKSPACE_GOALS)
    .refine((items) => new Set(items.map((i) => i.goalId)).size === items.length, 'one check-in per goal'),
});
export type CheckInsRequest = z.infer<typeof CheckInsRequestSchema>;

/** `PUT …/workspace/notes`: my private notes (an empty text clears them). */
export const NotesRequestSchema = z.strictObject({ text: z.string().max(4000) });
export type NotesRequest = z.infer<typeof NotesRequestSchema>;
