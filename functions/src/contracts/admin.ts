import { z } from 'zod';

import {
  CadenceSchema,
  GoalSchema,
  GroupSizeSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  NextSessionSchema,
  pageOf,
  PageQuerySchema,
  PairingReasonSchema,
  PairingStateSchema,
  PAIRS,
  ProgramKindSchema,
  ResourceIdSchema,
  SessionsHeldSchema,
  SkipCategorySchema,
  uniqueArray,
  UserIdSchema,
} from './common';
import { EnrollmentStatusSchema } from './employee';
import { issueParams } from './issues';

export const AdminProgramParamsSchema = z.object({ programId: ResourceIdSchema });
export const AdminRoundParamsSchema = z.object({ programId: ResourceIdSchema, roundId: ResourceIdSchema });
export const AdminPairingParamsSchema = z.object({
  programId: ResourceIdSchema,
  pairingId: ResourceIdSchema,
});

const Label = z.string().trim().min(1).max(100);

/** When rounds run: a 5-field CRON expression evaluated in `timeZone` (IANA). */
export const ProgramScheduleSchema = z.strictObject({
  /** e.g. `0 9 * * 1` = Mondays 09:00 in the program's time zone. Checked server-side with cron-parser. */
  cron: z.string().trim().min(9).max(100),
  timeZone: z.string().min(1).max(64),
});

export const EligibilitySchema = z.strictObject({
  /** Empty = every department. */
  departments: uniqueArray(Label, 200).default([]),
  /** Level labels; empty = every level. */
  levels: uniqueArray(Label, 50).default([]),
  /** Hire-date window (inclusive); null = open. Onboarding-buddy programs use it for "joined in the last N days". */
  hireDateFrom: IsoDateSchema.nullable().default(null),
  hireDateTo: IsoDateSchema.nullable().default(null),
});

export const ODD_POLICIES = ['triad', 'carry-over'] as const;
/**
 * Crossing departments: `require` = never pair two people of the same department (a hard rule; someone whose
 * department is unknown may meet anyone), `prefer` = score it with `weights.differentDepartment`, `ignore` = that
 * weight counts as 0.
 */
export const CROSS_DEPARTMENT_RULES = ['require', 'prefer', 'ignore'] as const;
export const CrossDepartmentSchema = z.enum(CROSS_DEPARTMENT_RULES);
export type CrossDepartment = z.infer<typeof CrossDepartmentSchema>;
export const MatchingRulesSchema = z.strictObject({
  /** Largest allowed level gap (0 = same level only). */
  levelBand: z.number().int().min(0).max(10).default(1),
  /** Two people are not paired again within this many rounds. */
  cooldownRounds: z.number().int().min(0).max(52).default(4),
  /** Minimum overlap of both working days, in hours. */
  minOverlapHours: z.number().min(0).max(12).default(2),
  oddPolicy: z.enum(ODD_POLICIES).default('triad'),
  crossDepartment: CrossDepartmentSchema.default('prefer'),
  /**
   * 2 = pairs (the default, and what programs stored before circles existed get); 3–6 = peer circles of about that
   * many, every pair inside a circle meeting every rule (docs/matching.md "Peer circles"). Onboarding-buddy
   * programs are pairs: a new joiner with one buddy.
   */
  groupSize: GroupSizeSchema.default(2),
});

/** Integer weights per soft criterion (0 = ignore); integers keep the optimum exact. */
export const MatchingWeightsSchema = z.strictObject({
  sharedGoal: z.number().int().min(0).max(100).default(40),
  complementaryTopics: z.number().int().min(0).max(100).default(10),
  differentDepartment: z.number().int().min(0).max(100).default(20),
  sharedLanguage: z.number().int().min(0).max(100).default(10),
  newJoinerTenured: z.number().int().min(0).max(100).default(20),
  fairness: z.number().int().min(0).max(100).default(15),
  timeZoneOverlap: z.number().int().min(0).max(100).default(10),
});

export const ORGANIZER_POLICIES = ['less-senior', 'more-senior', 'random-seeded'] as const;
export const BookingPolicySchema = z.strictObject({
  organizer: z.enum(ORGANIZER_POLICIES).default('less-senior'),
  allowNewTimeProposals: z.boolean().default(true),
  /** Placeholders: {programName}, {peerNames}. */
  subjectTemplate: z.string().trim().min(1).max(200).default('{programName}: peer mentoring'),
  /** Placeholders: {programName}, {peerNames}, {reasons}, {tabLink}. */
  bodyTemplate: z.string().max(4000).default(''),
});

/**
 * How a person's level is read from the directory: a job-title pattern table (first match wins, case-insensitive
 * regular expressions) or an extension attribute holding the label. `rank` orders levels for the level band.
 */
export const LevelMappingSchema = z.strictObject({
  source: z.enum(['jobTitle', 'extensionAttribute']),
  /** For `extensionAttribute`: `extensionAttribute1` … `extensionAttribute15` (onPremisesExtensionAttributes). */
  attribute: z.string().min(1).max(120).nullable().default(null),
  levels: z
    .array(
      z.strictObject({
        label: Label,
        rank: z.number().int().min(0).max(100),
        pattern: z.string().min(1).max(200).nullable().default(null),
      }),
    )
    .max(50)
    .default([]),
});
export type LevelMapping = z.infer<typeof LevelMappingSchema>;

export const PROGRAM_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export const ProgramStatusSchema = z.enum(PROGRAM_STATUSES);
export type ProgramStatus = z.infer<typeof ProgramStatusSchema>;

/** `POST /api/admin/programs` and `PUT /api/admin/programs/{programId}` (full replace; PUT needs `If-Match`). */
export const ProgramInputSchema = z.strictObject({
  name: Label,
  kind: ProgramKindSchema,
  description: z.string().trim().max(2000).default(''),
  roundLengthWeeks: z.number().int().min(1).max(26),
  defaultCadence: CadenceSchema,
  sessionMinutes: z.number().int().min(15).max(120),
  schedule: ProgramScheduleSchema,
  eligibility: EligibilitySchema.default({
    departments: [],
    levels: [],
    hireDateFrom: null,
    hireDateTo: null,
  }),
  rules: MatchingRulesSchema.default({
    levelBand: 1,
    cooldownRounds: 4,
    minOverlapHours: 2,
    oddPolicy: 'triad',
    crossDepartment: 'prefer',
    groupSize: PAIRS,
  }),
  weights: MatchingWeightsSchema.default({
    // The engine's tuned defaults (docs/matching.md): goals weigh most, so ≥ 95 % of pairs share one.
    sharedGoal: 40,
    complementaryTopics: 10,
    differentDepartment: 20,
    sharedLanguage: 10,
    newJoinerTenured: 20,
    fairness: 15,
    timeZoneOverlap: 10,
  }),
  bookingPolicy: BookingPolicySchema.default({
    organizer: 'less-senior',
    allowNewTimeProposals: true,
    subjectTemplate: '{programName}: peer mentoring',
    bodyTemplate: '',
  }),
  /** Null = the tenant default (job-title patterns are not guessed: unknown level). */
  levelMapping: LevelMappingSchema.nullable().default(null),
  status: ProgramStatusSchema.default('draft'),
});
export type ProgramInput = z.infer<typeof ProgramInputSchema>;
/** The JSON an admin sends (defaults not yet applied). */
export type ProgramInputBody = z.input<typeof ProgramInputSchema>;

export const ProgramSchema = ProgramInputSchema.extend({
  id: z.string(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  /** Send back in `If-Match` on PUT/DELETE; 412 means someone else changed it — reload. */
  etag: z.string(),
  /** When the next round starts: the first scheduled slot after the running round's last day (decision 0020). */
  nextRoundAt: IsoDateTimeSchema.nullable(),
  /** The running round's last day (`yyyy-MM-dd`, the program's zone), or null when no round is running. */
  currentRoundEndsOn: IsoDateSchema.nullable(),
});
export type Program = z.infer<typeof ProgramSchema>;
export const AdminProgramsResponseSchema = z.object({ programs: z.array(ProgramSchema) });
export type AdminProgramsResponse = z.infer<typeof AdminProgramsResponseSchema>;

/** `GET /api/admin/programs/{programId}/participants?status&department&level&search&pageSize&continuationToken`. */
export const ParticipantsQuerySchema = PageQuerySchema.extend({
  status: EnrollmentStatusSchema.optional(),
  department: Label.optional(),
  level: Label.optional(),
  /** Prefix of the display name (case-insensitive). */
  search: z.string().trim().min(1).max(100).optional(),
});
export type ParticipantsQuery = z.infer<typeof ParticipantsQuerySchema>;

export const AdminParticipantSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  level: z.string().nullable(),
  timeZone: z.string().nullable(),
  hireDate: IsoDateSchema.nullable(),
  status: EnrollmentStatusSchema,
  pausedUntil: IsoDateSchema.nullable(),
  goals: z.array(GoalSchema),
  cadence: CadenceSchema,
  enrolledAt: IsoDateTimeSchema,
  directorySyncedAt: IsoDateTimeSchema.nullable(),
});
export type AdminParticipant = z.infer<typeof AdminParticipantSchema>;
export const ParticipantsPageSchema = pageOf(AdminParticipantSchema);
export type ParticipantsPage = z.infer<typeof ParticipantsPageSchema>;

export const RoundMemberSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  department: z.string().nullable(),
  level: z.string().nullable(),
});

/**
 * Why a pairing needs an admin (or why a draft pairing was dropped before publishing), as a stable code the tab
 * words in the admin's language; `attentionReason` says the same in plain English for API clients.
 */
export const ATTENTION_CODES = [
  /** A member has no mailbox Pairwise may book in (none, or outside the app's access scope). */
  'no-mailbox',
  /** A calendar's free/busy could not be read. */
  'calendar-unreadable',
  /** A member's time zone is not known, so no humane hour can be chosen. */
  'unknown-time-zone',
  /** No day is left in the round for a session at this cadence. */
  'round-too-short',
  /** Their working hours never overlap at a humane hour. */
  'no-working-hours-overlap',
  /** No time is free for everyone on enough sessions (params: usable, checked). */
  'calendars-full',
  /** Microsoft Graph failed for hours (params: hours). */
  'graph-unavailable',
  /** Outlook refused to create the series. */
  'calendar-refused',
  /** The series could not be ended early in Outlook. */
  'end-failed',
  /** The series could not be replaced (re-booked) in Outlook. */
  'rebook-failed',
  /** The series is no longer on the organizer's calendar. */
  'series-missing',
  'organizer-deleted-series',
  'series-cancelled',
  /** A member declined the series again after it was re-booked. */
  'declined-again',
  /** A member left or paused after the round was planned (the draft pairing was dropped). */
  'member-unavailable',
  'other',
] as const;
export const AttentionCodeSchema = z.enum(ATTENTION_CODES);
export type AttentionCode = z.infer<typeof AttentionCodeSchema>;
export const AttentionParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type AttentionParams = z.infer<typeof AttentionParamsSchema>;
export const AttentionSchema = z.object({
  // A server newer than the tab may know more causes: the tab then words it as "other".
  code: AttentionCodeSchema.catch('other'),
  params: AttentionParamsSchema.catch({}),
});
export type Attention = z.infer<typeof AttentionSchema>;

export const AdminPairingSchema = z.object({
  id: z.string(),
  members: z.array(RoundMemberSchema),
  score: z.number(),
  reasons: z.array(PairingReasonSchema),
  state: PairingStateSchema,
  nextSession: NextSessionSchema.nullable(),
  /** Why the pairing needs an admin (booking failed after retries, series declined …), in plain English. */
  attentionReason: z.string().nullable(),
  /** The same as a code and its params, for words in the admin's language. */
  attention: AttentionSchema.nullable(),
  /** Created or changed by an admin override. */
  overridden: z.boolean(),
  /** A peer circle (the program forms groups); an older server sends none. */
  circle: z.boolean().default(false),
});
export type AdminPairing = z.infer<typeof AdminPairingSchema>;

export const UnmatchedSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  /** Machine code ('no-eligible-peer', 'carried-over', 'unpaired-by-admin', …). */
  reason: z.string(),
  /** The rule that excluded every candidate, when known ('level-band', 'cooldown', 'overlap', …). */
  detail: z.string().nullable(),
});
export type Unmatched = z.infer<typeof UnmatchedSchema>;

/**
 * `planning`: an admin's draft being computed by the round worker; `running`: a round being planned and published
 * (scheduled, "run now", or a draft being published). Both end in `draft`, `published` or `failed`.
 */
export const ROUND_STATUSES = ['planning', 'draft', 'running', 'published', 'failed', 'discarded'] as const;
export const RoundStatusSchema = z.enum(ROUND_STATUSES);
export type RoundStatus = z.infer<typeof RoundStatusSchema>;

/** A round the round worker is still planning or publishing: clients follow it until it is settled. */
export const roundInProgress = (round: { status: string }): boolean =>
  round.status === 'planning' || round.status === 'running';

/**
 * How good the planned round is against every pairing the hard rules allow: proven best ('exact'), or — when
 * the planner's time budget ran out first — at most `gap` points of total score below the best (`gap` null:
 * not even placing as many people is proven).
 */
export const OptimalitySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('exact') }),
  z.object({ status: z.literal('bounded'), gap: z.number().int().nonnegative().nullable() }),
]);
export type Optimality = z.infer<typeof OptimalitySchema>;

export const RoundSummarySchema = z.object({
  id: z.string(),
  programId: z.string(),
  /** The schedule slot the round belongs to (`2026-06-01T09:00` in the program's zone) or `manual-…`. */
  roundKey: z.string(),
  /** "Round 3": the program's published rounds in order; null for a draft (or a round stored before numbering). */
  number: z.number().int().nullable(),
  status: RoundStatusSchema,
  trigger: z.enum(['timer', 'admin']),
  createdAt: IsoDateTimeSchema,
  publishedAt: IsoDateTimeSchema.nullable(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema,
  failureReason: z.string().nullable(),
  algorithmVersion: z.string().nullable(),
  stats: z.object({
    candidates: z.number().int(),
    pairings: z.number().int(),
    triads: z.number().int(),
    unmatched: z.number().int(),
    totalScore: z.number(),
    durationMs: z.number(),
    /** The planner's proof for the round it planned; null once an admin changed the pairings, or before. */
    optimality: OptimalitySchema.nullable().optional(),
  }),
  etag: z.string(),
});
export type RoundSummary = z.infer<typeof RoundSummarySchema>;

export const RoundSchema = RoundSummarySchema.extend({
  pairings: z.array(AdminPairingSchema),
  unmatched: z.array(UnmatchedSchema),
});
export type Round = z.infer<typeof RoundSchema>;
export const RoundsResponseSchema = z.object({ rounds: z.array(RoundSummarySchema) });

/**
 * The Rounds view one page at a time: a round's pairings and the people it left out, as rows, filtered by status
 * and by a person's name. A round can hold thousands of pairings; the view shows a page and what it needs of the
 * whole round (the overview), so neither the answer nor the page grows with the round.
 */
export const ROUND_ROW_STATUSES = ['all', 'booked', 'needs-attention', 'unmatched'] as const;
export const RoundRowStatusSchema = z.enum(ROUND_ROW_STATUSES);
export type RoundRowStatus = z.infer<typeof RoundRowStatusSchema>;

/** `GET /api/admin/programs/{programId}/rounds/{roundId}/rows?status&search&page&pageSize`. */
export const RoundRowsQuerySchema = z.strictObject({
  /** `booked`: booked or under way; `needs-attention`; `unmatched`: the people left out; `all`: every row. */
  status: RoundRowStatusSchema.default('all'),
  /** Part of a member's name (case and accents ignored); empty = everyone. */
  search: z.string().trim().max(100).default(''),
  /** 1-based; a page past the last answers the last. */
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type RoundRowsQuery = z.infer<typeof RoundRowsQuerySchema>;

export const RoundRowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pairing'), pairing: AdminPairingSchema }),
  z.object({ kind: z.literal('unmatched'), person: UnmatchedSchema }),
]);
export type RoundRow = z.infer<typeof RoundRowSchema>;

export const RoundRowsResponseSchema = z.object({
  round: RoundSummarySchema,
  /** About the whole round, whatever the filter. */
  overview: z.object({
    /** People in the round's pairings. */
    placed: z.number().int().min(0),
    /** Pairings that need an admin. */
    needsAttention: z.number().int().min(0),
    /** The pairings' scores in (at most ten) equal ranges. */
    scores: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int().min(0) })),
    /** People left out per reason (and the rule behind it), most first. */
    unmatchedReasons: z.array(
      z.object({ reason: z.string(), detail: z.string().nullable(), count: z.number().int().min(1) }),
    ),
  }),
  /** Rows per status among those matching `search` (for the filter's choices). */
  counts: z.object({
    all: z.number().int().min(0),
    booked: z.number().int().min(0),
    'needs-attention': z.number().int().min(0),
    unmatched: z.number().int().min(0),
  }),
  rows: z.object({
    items: z.array(RoundRowSchema),
    /** The page served (the last one when the asked page is past it). */
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    /** Rows matching the status and the search. */
    total: z.number().int().min(0),
  }),
});
export type RoundRowsResponse = z.infer<typeof RoundRowsResponseSchema>;
export type RoundsResponse = z.infer<typeof RoundsResponseSchema>;

/** `POST /api/admin/programs/{programId}/rounds/preview` body (may be empty). */
export const PreviewRoundRequestSchema = z.strictObject({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
export type PreviewRoundRequest = z.infer<typeof PreviewRoundRequestSchema>;

/** `POST /api/admin/programs/{programId}/rounds` body: publish a stored draft, or (without one) run and publish now. */
export const RunRoundRequestSchema = z.strictObject({ draftRoundId: ResourceIdSchema.optional() });
export type RunRoundRequest = z.infer<typeof RunRoundRequestSchema>;

const OverrideReason = z.string().trim().min(1, 'say why').max(500);
const TwoPeople = z
  .tuple([UserIdSchema, UserIdSchema])
  .refine(([a, b]) => a.toLowerCase() !== b.toLowerCase(), {
    message: 'two different people',
    params: issueParams('two-different-people'),
  });

/** `POST /api/admin/programs/{programId}/rounds/{roundId}/overrides`. */
export const OverrideRequestSchema = z.discriminatedUnion('action', [
  /** Exchange two people between two pairings. */
  z.strictObject({
    action: z.literal('swap'),
    first: z.strictObject({ pairingId: ResourceIdSchema, userId: UserIdSchema }),
    second: z.strictObject({ pairingId: ResourceIdSchema, userId: UserIdSchema }),
    reason: OverrideReason,
  }),
  /** Dissolve a pairing; its members become unmatched ('unpaired-by-admin'). */
  z.strictObject({ action: z.literal('unpair'), pairingId: ResourceIdSchema, reason: OverrideReason }),
  /** Pair two unmatched people. */
  z.strictObject({ action: z.literal('pair'), userIds: TwoPeople, reason: OverrideReason }),
  /** Never pair these two in this program again (future rounds); dissolves their pairing in this round if any. */
  z.strictObject({ action: z.literal('block'), userIds: TwoPeople, reason: OverrideReason }),
]);
export type OverrideRequest = z.infer<typeof OverrideRequestSchema>;

/** `GET /api/admin/programs/{programId}/stats`. Aggregates only: no individual feedback. */
export const ProgramStatsSchema = z.object({
  programId: z.string(),
  generatedAt: IsoDateTimeSchema,
  /** One point per week (Monday, UTC) from the first enrollment to today. */
  participantsOverTime: z.array(
    z.object({ date: IsoDateSchema, enrolled: z.number().int(), active: z.number().int() }),
  ),
  funnel: z.object({
    participants: z.number().int(),
    placed: z.number().int(),
    booked: z.number().int(),
    met: z.number().int(),
  }),
  /** Ratings given in the program; the average and histogram stay empty until there are five (k-anonymity). */
  ratingsGiven: z.number().int().min(0),
  averageRating: z.number().nullable(),
  ratingCounts: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
  /** Connections made between departments: counts[i][j] = pairings joining departments[i] and departments[j]. */
  departmentMatrix: z.object({
    departments: z.array(z.string()),
    counts: z.array(z.array(z.number().int())),
  }),
  unmatchedReasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  rounds: z.number().int(),
  needsAttention: z.number().int(),
  /**
   * Sessions that likely took place, inferred from calendar responses (accepted or tentative, not cancelled) over
   * published pairings — apart from `funnel.met`, which counts people who said in their feedback that they met (in
   * at least one session), and `reportedMet`.
   */
  sessionsHeld: SessionsHeldSchema.extend({
    /** Pairings with at least one session over so far, and those of them with at least one likely held. */
    pairings: z.number().int().min(0),
    pairingsWithOneHeld: z.number().int().min(0),
    /** Sessions (of a pairing, by number) that at least one member said in their feedback took place. */
    reportedMet: z.number().int().min(0),
  }),
  /**
   * Skips of the rest of a round. Counted by category only from five skips in the program up (k-anonymity, as for
   * ratings: domain/stats/rating-summary.ts); below, `byCategory` is null. Private notes never leave the skipper's own pairing record.
   */
  skips: z.object({
    total: z.number().int().min(0),
    byCategory: z.record(SkipCategorySchema, z.number().int().min(0)).nullable(),
  }),
  /**
   * Pair workspaces, as counts only (domain/stats/workspace-summary.ts): of the program's pairings (published, not
   * cancelled), how many set shared goals, edited an agenda and checked in, and the check-ins made. What pairs write
   * there never reaches an admin.
   */
  workspaces: z
    .object({
      pairings: z.number().int().min(0),
      withGoals: z.number().int().min(0),
      withEditedAgenda: z.number().int().min(0),
      withCheckIns: z.number().int().min(0),
      checkIns: z.number().int().min(0),
    })
    .default({ pairings: 0, withGoals: 0, withEditedAgenda: 0, withCheckIns: 0, checkIns: 0 }),
});
export type ProgramStats = z.infer<typeof ProgramStatsSchema>;

/** `GET /api/admin/audit?programId&pageSize&continuationToken` (newest first). */
export const AuditQuerySchema = PageQuerySchema.extend({ programId: ResourceIdSchema.optional() });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: IsoDateTimeSchema,
  actorId: z.string(),
  /** 'program.create', 'program.update', 'program.delete', 'round.preview', 'round.publish', 'round.run', 'round.override', 'pairing.retry-booking', 'participants.export' */
  action: z.string(),
  programId: z.string().nullable(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = pageOf(AuditEntrySchema);
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** The columns of `GET /api/admin/programs/{programId}/export` (text/csv, one row per pairing member). */
export const EXPORT_COLUMNS = [
  'roundId',
  'roundKey',
  'roundStatus',
  'pairingId',
  'pairingState',
  'score',
  'userId',
  'displayName',
  'department',
  'level',
  'reasons',
  'nextSessionStart',
  /** Feedback answers the pairing's members gave: one per member and session answered (the same on each row). */
  'feedbackCount',
  /** The pairing's round: ratings given, and their average from five ratings up (empty below: k-anonymity). */
  'roundRatingsGiven',
  'roundAverageRating',
] as const;

/** What an admin's retry queued for a pairing: a booking, a re-booking that replaces its series, or its end. */
export const RetryActionSchema = z.enum(['book', 'rebook', 'end']);
export type RetryAction = z.infer<typeof RetryActionSchema>;

/** `POST /api/admin/programs/{programId}/pairings/{pairingId}/retry-booking` → 202. */
export const RetryBookingResponseSchema = z.object({
  pairingId: z.string(),
  status: z.literal('queued'),
  action: RetryActionSchema,
});

/** `POST /api/admin/programs/{programId}/retry-bookings` → 202: every pairing that needed attention, retried. */
export const RetryAllResponseSchema = z.object({
  retried: z.number().int(),
  actions: z.object({ book: z.number().int(), rebook: z.number().int(), end: z.number().int() }),
});
export type RetryAllResponse = z.infer<typeof RetryAllResponseSchema>;
