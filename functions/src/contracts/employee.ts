import { z } from 'zod';

import {
  CadenceSchema,
  GoalSchema,
  GroupSizeSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  LanguageSchema,
  NextSessionSchema,
  PairingReasonSchema,
  PairingStateSchema,
  ProgramKindSchema,
  ResourceIdSchema,
  SeriesInfoSchema,
  SessionsHeldSchema,
  SkipCategorySchema,
  TimeOfDaySchema,
  TopicSchema,
  uniqueArray,
  UserIdSchema,
  WeekdaySchema,
} from './common';
import { issueParams } from './issues';

/** Route parameters. */
export const ProgramParamsSchema = z.object({ programId: ResourceIdSchema });
export const PairingParamsSchema = z.object({ pairingId: ResourceIdSchema });
/** `GET /api/me/peers/{personId}/photo`: a person's Entra object id (a GUID; compared lower-case). */
export const PeerPhotoParamsSchema = z.object({ personId: UserIdSchema });

/** A person as others in Pairwise see them: directory facts only, never mail or phone. */
export const PersonProfileSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  /** The level label from the program's or tenant's level mapping ("L4", "Senior"); null when unknown. */
  level: z.string().nullable(),
  /** IANA time-zone name. */
  timeZone: z.string().nullable(),
});
export type PersonProfile = z.infer<typeof PersonProfileSchema>;

/**
 * Someone I may name in my private "not with" list, as people search shows them: name, job title and department
 * only — never mail, UPN or anything they chose in Pairwise (their own lists, goals, status).
 */
export const PersonSummarySchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
});
export type PersonSummary = z.infer<typeof PersonSummarySchema>;

/** `GET /api/people?search=`: at least two characters of a name (matched anywhere in it, case-insensitive). */
export const PeopleSearchQuerySchema = z.strictObject({
  search: z.string().trim().min(2, 'type at least 2 characters').max(100),
});
export type PeopleSearchQuery = z.infer<typeof PeopleSearchQuerySchema>;
export const PeopleSearchResponseSchema = z.object({ people: z.array(PersonSummarySchema) });
export type PeopleSearchResponse = z.infer<typeof PeopleSearchResponseSchema>;

/**
 * `GET /api/me/peers/{personId}/chat`: whom to open a Teams 1:1 chat with — the peer's sign-in name (UPN), which is
 * what Teams' chat deep link and `chat.openChat` take. Only for someone I am or was paired with.
 */
export const PeerChatResponseSchema = z.object({ user: z.string().min(1) });
export type PeerChatResponse = z.infer<typeof PeerChatResponseSchema>;

/** `PUT /api/programs/{programId}/enrollment` body: join a program or update my preferences. */
export const EnrollmentRequestSchema = z.strictObject({
  goals: uniqueArray(GoalSchema, 5).min(1, 'pick at least one goal'),
  topicsToLearn: uniqueArray(TopicSchema, 20).default([]),
  topicsToShare: uniqueArray(TopicSchema, 20).default([]),
  cadence: CadenceSchema,
  preferredDays: uniqueArray(WeekdaySchema, 7).default([]),
  preferredTimesOfDay: uniqueArray(TimeOfDaySchema, 3).default([]),
  languages: uniqueArray(LanguageSchema, 10).default([]),
  /** People I prefer not to be paired with (private: never shown to them or to admins by name). */
  notWith: uniqueArray(UserIdSchema, 50).default([]),
});
export type EnrollmentRequest = z.infer<typeof EnrollmentRequestSchema>;
export type EnrollmentPreferences = EnrollmentRequest;

export const ENROLLMENT_STATUSES = ['active', 'paused', 'left'] as const;
export const EnrollmentStatusSchema = z.enum(ENROLLMENT_STATUSES);
export type EnrollmentStatus = z.infer<typeof EnrollmentStatusSchema>;

/** My enrollment in one program. `etag` goes back in `If-Match` on the next PUT (412 → reload). */
export const EnrollmentSchema = z.object({
  programId: z.string(),
  programName: z.string(),
  status: EnrollmentStatusSchema,
  /** Set while paused: I am left out of rounds until this date (inclusive). */
  pausedUntil: IsoDateSchema.nullable(),
  preferences: EnrollmentRequestSchema,
  enrolledAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  etag: z.string(),
});
export type Enrollment = z.infer<typeof EnrollmentSchema>;

/** `POST /api/programs/{programId}/enrollment/pause` body. `until` is a date in the future, at most a year ahead. */
export const PauseRequestSchema = z.strictObject({ until: IsoDateSchema });
export type PauseRequest = z.infer<typeof PauseRequestSchema>;

/** `GET /api/programs`: programs open to me (active, and my directory facts meet the eligibility). */
export const ProgramSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ProgramKindSchema,
  description: z.string(),
  defaultCadence: CadenceSchema,
  sessionMinutes: z.number().int(),
  roundLengthWeeks: z.number().int(),
  /** 2: I would meet one peer; 3–6: a circle of about this many people, me included (decision 0019). */
  groupSize: GroupSizeSchema,
  /** When the next round is due by the program's schedule; null if none is scheduled. */
  nextRoundAt: IsoDateTimeSchema.nullable(),
  /** My enrollment status in it, or null when I have not joined. */
  myStatus: EnrollmentStatusSchema.nullable(),
});
export type ProgramSummary = z.infer<typeof ProgramSummarySchema>;
export const ProgramsResponseSchema = z.object({ programs: z.array(ProgramSummarySchema) });
export type ProgramsResponse = z.infer<typeof ProgramsResponseSchema>;

export const MyFeedbackSchema = z.object({
  met: z.boolean(),
  rating: z.number().int().min(1).max(5).nullable(),
  submittedAt: IsoDateTimeSchema,
});

/** One of my pairings, as I see it. */
export const PairingViewSchema = z.object({
  id: z.string(),
  programId: z.string(),
  programName: z.string(),
  roundId: z.string(),
  state: PairingStateSchema,
  /** The other person, the other two in a triad, or everyone else in my circle. */
  peers: z.array(PersonProfileSchema),
  /** A peer circle (the program forms groups): the tab shows "your circle"; an older server sends none. */
  circle: z.boolean().default(false),
  reasons: z.array(PairingReasonSchema),
  cadence: CadenceSchema,
  nextSession: NextSessionSchema.nullable(),
  series: SeriesInfoSchema.nullable(),
  /** The round's dates: the pairing is current from `startsOn` through `endsOn`. */
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema,
  /** I asked to skip this round's remaining sessions. */
  skipped: z.boolean(),
  /** Sessions that likely took place, from both calendars' responses (not from check-ins). */
  sessionsHeld: SessionsHeldSchema,
  myFeedback: MyFeedbackSchema.nullable(),
  /**
   * The session my "did we meet" is asked for now: the latest that has started, while I have not answered it (the
   * card asks after every session). `POST /api/pairings/{id}/feedback` answers for it. An older server sends none.
   */
  feedbackDue: z
    .object({ session: z.number().int().min(1), start: IsoDateTimeSchema })
    .nullable()
    .default(null),
  createdAt: IsoDateTimeSchema,
});
export type PairingView = z.infer<typeof PairingViewSchema>;

/** `GET /api/pairings`: current first (ordered by start), then past (most recent first). */
export const PairingsResponseSchema = z.object({
  current: z.array(PairingViewSchema),
  past: z.array(PairingViewSchema),
});
export type PairingsResponse = z.infer<typeof PairingsResponseSchema>;

/**
 * A current round of a program I joined left me out: why (the round's machine code and the rule that excluded every
 * candidate; the tab words them) and when the next round is. Someone's private "not with" list is never the detail.
 */
export const MyUnmatchedSchema = z.object({
  programId: z.string(),
  programName: z.string(),
  roundStartsOn: IsoDateSchema,
  roundEndsOn: IsoDateSchema,
  reason: z.string(),
  detail: z.string().nullable(),
  nextRoundAt: IsoDateTimeSchema.nullable(),
});
export type MyUnmatched = z.infer<typeof MyUnmatchedSchema>;

/** `GET /api/me`. */
export const MeResponseSchema = z.object({
  profile: PersonProfileSchema,
  isAdmin: z.boolean(),
  enrollments: z.array(EnrollmentSchema),
  currentPairings: z.array(PairingViewSchema),
  /** Programs whose current round left me out (an older server sends none). */
  unmatched: z.array(MyUnmatchedSchema).default([]),
  /**
   * The people in my own "not with" lists, so the form can show them by name. Someone Pairwise no longer knows
   * (left every program, or erased) is absent: the tab names them in general words.
   */
  notWithPeople: z.array(PersonSummarySchema).default([]),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

/** `POST /api/pairings/{pairingId}/feedback` body. `rating` may be null only when we did not meet. */
export const FeedbackRequestSchema = z
  .strictObject({
    met: z.boolean(),
    rating: z.number().int().min(1).max(5).nullable().default(null),
    comment: z.string().trim().max(1000).default(''),
  })
  .refine((value) => !value.met || value.rating !== null, {
    path: ['rating'],
    message: 'rate the session when you met',
    params: issueParams('rating-required'),
  });
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;
export const FeedbackResponseSchema = z.object({ pairingId: z.string(), ...MyFeedbackSchema.shape });
export type FeedbackResponse = z.infer<typeof FeedbackResponseSchema>;

/**
 * `POST /api/pairings/{pairingId}/skip` body: skip this round's remaining sessions (the series ends early). The
 * category is counted for admins (from five skips up); the note is private: only I see it again, in my export.
 */
export const SkipRequestSchema = z.strictObject({
  category: SkipCategorySchema,
  note: z.string().trim().max(500).default(''),
});
export type SkipRequest = z.infer<typeof SkipRequestSchema>;

/** `GET /api/me/export`: everything stored about me (served as an attachment). */
export const MyDataExportSchema = z.object({
  exportedAt: IsoDateTimeSchema,
  tenantId: z.string(),
  profile: PersonProfileSchema,
  enrollments: z.array(EnrollmentSchema),
  pairings: z.array(PairingViewSchema),
  /** My feedback: one entry per pairing and session I answered for. */
  feedback: z.array(
    z.object({
      pairingId: z.string(),
      session: z.number().int().min(1),
      met: z.boolean(),
      rating: z.number().int().nullable(),
      comment: z.string(),
      submittedAt: IsoDateTimeSchema,
    }),
  ),
  /**
   * The directory facts stored per program I joined (job title, department, level, manager chain, time zone,
   * working hours, the one attribute a level mapping reads …), exactly as stored; their shape is the store's
   * (DirectoryFactsSchema in domain/model.ts).
   */
  directoryFacts: z.array(
    z.object({
      programId: z.string(),
      syncedAt: IsoDateTimeSchema.nullable(),
      facts: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  /** What Pairwise recorded and inferred about each of my pairings, drafts included. */
  pairingRecords: z.array(
    z.object({
      pairingId: z.string(),
      programId: z.string(),
      roundId: z.string(),
      published: z.boolean(),
      state: z.string(),
      cadence: z.string(),
      startsOn: IsoDateSchema,
      endsOn: IsoDateSchema,
      iOrganizeTheSeries: z.boolean(),
      iSkipped: z.boolean(),
      /** Why I skipped, as I told it: the category and my private note. */
      mySkip: z.object({ category: SkipCategorySchema, note: z.string(), at: IsoDateTimeSchema }).nullable(),
      /** Attendance inferred from calendar responses, per session. */
      sessions: z.array(z.object({ start: IsoDateTimeSchema, verdict: z.string(), likelyHeld: z.boolean() })),
      /** Over every series the pairing had (re-bookings included): held, and over so far. */
      sessionsLikelyHeld: z.number().int(),
      sessionsSoFar: z.number().int(),
      sessionsMissed: z.number().int(),
      earlierSeries: z.number().int(),
      endRequested: z.object({ at: IsoDateTimeSchema, reason: z.string() }).nullable(),
    }),
  ),
  /** Rounds that left me out, and why (never whether someone asked not to meet me). */
  roundsLeftOut: z.array(
    z.object({
      programId: z.string(),
      roundId: z.string(),
      reason: z.string(),
      detail: z.string().nullable(),
    }),
  ),
  /**
   * The pair workspaces of my pairings as I see them in the tab (edited agendas, shared goals with everyone's
   * check-ins), and my private notes. Nobody else's private notes.
   */
  workspaces: z
    .array(
      z.object({
        pairingId: z.string(),
        agendas: z.array(
          z.object({
            session: z.number().int(),
            items: z.array(z.string()),
            editedBy: z.string(),
            editedAt: IsoDateTimeSchema,
          }),
        ),
        goals: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            createdBy: z.string(),
            createdAt: IsoDateTimeSchema,
            checkIns: z.array(
              z.object({
                session: z.number().int(),
                userId: z.string(),
                status: z.string(),
                note: z.string(),
                at: IsoDateTimeSchema,
              }),
            ),
          }),
        ),
      }),
    )
    .default([]),
  myWorkspaceNotes: z
    .array(z.object({ pairingId: z.string(), text: z.string(), updatedAt: IsoDateTimeSchema }))
    .default([]),
  /** Programs I created as an admin, and programs where an admin keeps me from being paired with one person. */
  programsCreated: z.array(z.object({ programId: z.string(), name: z.string() })),
  adminBlocks: z.array(z.object({ programId: z.string() })),
  /** Audit entries about me or by me: as the one who acted, as the target, or among the people it concerns. */
  auditEntries: z.array(
    z.object({
      at: IsoDateTimeSchema,
      action: z.string(),
      programId: z.string().nullable(),
      role: z.enum(['actor', 'target', 'concerned']),
      reason: z.string().nullable(),
    }),
  ),
});
export type MyDataExport = z.infer<typeof MyDataExportSchema>;

/** One suggested new time for a pairing's series (`GET /api/pairings/{pairingId}/slots`). */
export const SuggestedSlotSchema = z.object({
  /** Opaque: send it back to `POST …/reschedule`; the server re-checks it against fresh free/busy. */
  id: z.string(),
  /** The first session at the new time. */
  start: IsoDateTimeSchema,
  end: IsoDateTimeSchema,
  /** The weekday and clock time (HH:mm) of that first session in my time zone. */
  weekday: WeekdaySchema,
  localTimeForMe: z.string(),
  /** Of the next sessions checked against both calendars, how many are free for both. */
  usableOccurrences: z.number().int(),
  checkedOccurrences: z.number().int(),
});
export type SuggestedSlot = z.infer<typeof SuggestedSlotSchema>;
/** Up to three, best first, never the series' current time. Empty when no other time fits both calendars. */
export const SuggestedSlotsResponseSchema = z.object({ slots: z.array(SuggestedSlotSchema) });
export type SuggestedSlotsResponse = z.infer<typeof SuggestedSlotsResponseSchema>;

/** `POST /api/pairings/{pairingId}/reschedule` body; answers with the updated PairingView. */
export const RescheduleRequestSchema = z.strictObject({ slotId: z.string().trim().min(1).max(100) });
export type RescheduleRequest = z.infer<typeof RescheduleRequestSchema>;
