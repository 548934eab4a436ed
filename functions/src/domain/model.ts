import { z } from 'zod';

import { OptimalitySchema, ProgramInputSchema, RoundStatusSchema, UnmatchedSchema } from '../contracts/admin';
import { IsoDateSchema, IsoDateTimeSchema, WeekdaySchema } from '../contracts/common';
import { EnrollmentRequestSchema, EnrollmentStatusSchema } from '../contracts/employee';

/**
 * The stored model: one schema per Cosmos container, validated on every read (adapters/cosmos/document-store.ts).
 * Every document carries `tenantId`, the partition key of every container (docs/decisions/0002-cosmos-partitioning.md).
 */

const Stored = { id: z.string().min(1), tenantId: z.string().min(1) };
/** Cosmos time-to-live in seconds, set from the retention policy (domain/retention.ts); kept through reads. */
export const TtlSchema = z.number().int().positive().optional();

const TransitionRuleSchema = z.object({
  month: z.number().int().min(1).max(12),
  dayOccurrence: z.number().int().min(1).max(5),
  dayOfWeek: WeekdaySchema,
  minutes: z.number().int().min(0).max(1439),
});

/**
 * A `customTimeZone` as Graph may report working hours in ("Customized Time Zone": a bias in the Windows sign
 * convention and optional daylight rules) — the scheduling domain's custom `TimeZoneSpec`, stored as it is.
 */
export const CustomTimeZoneSchema = z.object({
  kind: z.literal('custom'),
  name: z.string().optional(),
  bias: z.number().int(),
  standard: TransitionRuleSchema.optional(),
  daylight: TransitionRuleSchema.extend({ daylightBias: z.number().int() }).optional(),
});

export type CustomTimeZone = z.infer<typeof CustomTimeZoneSchema>;

export const WorkingHoursSchema = z.object({
  daysOfWeek: z.array(WeekdaySchema),
  /** Local wall-clock `HH:mm` (Graph sends `HH:mm:ss.fffffff`; the mapper trims it). */
  startTime: z.string(),
  endTime: z.string(),
  /** Windows or IANA name, as Graph reports it, or a custom zone (bias and rules). */
  timeZone: z.union([z.string(), CustomTimeZoneSchema]),
});
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

/**
 * Whether Pairwise can reach a person's Outlook calendar, as the directory sync last saw it through getSchedule:
 * `no-mailbox` (no Exchange Online mailbox), `out-of-scope` (outside the app's Exchange access scope), `unknown`
 * (not read yet, or the read failed for a passing reason). Only `reachable` people are matched.
 */
export const CALENDAR_REACH = ['reachable', 'no-mailbox', 'out-of-scope', 'unknown'] as const;
export const CalendarReachSchema = z.enum(CALENDAR_REACH);
export type CalendarReach = z.infer<typeof CalendarReachSchema>;

/** What the directory says about a person (refreshed by the directory sync). Never mail or phone numbers. */
export const DirectoryFactsSchema = z.object({
  displayName: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  /** Level label and rank from the level mapping; null when the mapping cannot tell. */
  level: z.string().nullable(),
  levelRank: z.number().int().nullable(),
  managerId: z.string().nullable(),
  /** Manager, skip-level manager, … (nearest first), for the "not in each other's chain" rule. */
  managerChain: z.array(z.string()),
  hireDate: IsoDateSchema.nullable(),
  /** Mailbox time zone (Windows or IANA name). */
  timeZone: z.string().nullable(),
  workingHours: WorkingHoursSchema.nullable(),
  /** Facts stored before the calendar was read count as `unknown`. */
  calendar: CalendarReachSchema.default('unknown'),
  /** The directory's `preferredLanguage` (e.g. "fr-FR"). */
  preferredLanguage: z.string().nullable(),
  /**
   * Outlook's language for the mailbox (`mailboxSettings.language.locale`, e.g. "de-CH"): the language Pairwise
   * writes to the person in first (domain/texts `localeFor`). Null when the mailbox has none or cannot be read.
   */
  mailboxLanguage: z.string().nullable().default(null),
  /** When the mailbox language was last read; null until the directory sync first reads it (it refreshes monthly). */
  mailboxLanguageReadAt: IsoDateTimeSchema.nullable().default(null),
  /**
   * Raw inputs of the level mapping, kept so an edited mapping can be re-applied without Graph: the job title and
   * only the extension attribute the program's mapping reads (least data: not all fifteen).
   */
  levelSource: z.object({
    jobTitle: z.string().nullable(),
    attributes: z.record(z.string(), z.string().nullable()),
  }),
  /** False once Entra reports the account disabled: never planned or booked again. */
  accountEnabled: z.boolean().default(true),
});
export type DirectoryFacts = z.infer<typeof DirectoryFactsSchema>;

export const ProgramDocumentSchema = ProgramInputSchema.extend({
  ...Stored,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  createdBy: z.string(),
  /** Pairs an admin blocked (sorted user-id pairs). */
  blockedPairs: z.array(z.tuple([z.string(), z.string()])).default([]),
  /** When the program last became active: scheduled slots before it are not run. */
  activatedAt: IsoDateTimeSchema.nullable().default(null),
});
export type ProgramDocument = z.infer<typeof ProgramDocumentSchema>;

export const ParticipantDocumentSchema = z.object({
  ...Stored,
  programId: z.string(),
  userId: z.string(),
  status: EnrollmentStatusSchema,
  pausedUntil: IsoDateSchema.nullable(),
  preferences: EnrollmentRequestSchema,
  enrolledAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  leftAt: IsoDateTimeSchema.nullable(),
  directory: DirectoryFactsSchema.nullable(),
  directorySyncedAt: IsoDateTimeSchema.nullable(),
  /** Lower-cased display name, for the admin's prefix search (the local Cosmos server has no LIKE). */
  searchName: z.string(),
});
export type ParticipantDocument = z.infer<typeof ParticipantDocumentSchema>;

export const participantId = (programId: string, userId: string): string => `${programId}.${userId}`;

export const RoundStatsSchema = z.object({
  candidates: z.number().int(),
  pairings: z.number().int(),
  triads: z.number().int(),
  unmatched: z.number().int(),
  totalScore: z.number(),
  durationMs: z.number(),
  /** The planner's proof for the pairings it planned (rounds stored before it have none). */
  optimality: OptimalitySchema.nullable().optional(),
});
export type RoundStats = z.infer<typeof RoundStatsSchema>;

export const emptyRoundStats: RoundStats = {
  candidates: 0,
  pairings: 0,
  triads: 0,
  unmatched: 0,
  totalScore: 0,
  durationMs: 0,
};

export const RoundDocumentSchema = z.object({
  ...Stored,
  programId: z.string(),
  roundKey: z.string(),
  /**
   * The name people read: "Round 3" is the program's third published round. Given when the round is published
   * (drafts and discarded previews are not counted); null before, and on rounds stored before numbering.
   */
  number: z.number().int().min(1).nullable().default(null),
  status: RoundStatusSchema,
  trigger: z.enum(['timer', 'admin']),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  publishedAt: IsoDateTimeSchema.nullable(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema,
  failureReason: z.string().nullable(),
  /** How many times this round was attempted (a failed round is retried on the next tick). */
  attempts: z.number().int(),
  /** A running round belongs to the timer instance that claimed it until this instant. */
  leaseUntil: IsoDateTimeSchema.nullable(),
  algorithmVersion: z.string().nullable(),
  seed: z.number().int(),
  stats: RoundStatsSchema,
  unmatched: z.array(UnmatchedSchema),
  pairingIds: z.array(z.string()),
  ttl: TtlSchema,
});
export type RoundDocument = z.infer<typeof RoundDocumentSchema>;

// The pairing's stored shape lives with its lifecycle (one home for its states and transitions).
export {
  type MemberSnapshot,
  MemberSnapshotSchema,
  type PairingDocument,
  PairingDocumentSchema,
  SeriesSchema,
} from './pairings/lifecycle';

// The pair workspace's stored shapes live with its changes (one home, like the pairing's lifecycle).
export {
  type NotesDocument,
  NotesDocumentSchema,
  type WorkspaceDocument,
  WorkspaceDocumentSchema,
  type WorkspaceStoredDocument,
  WorkspaceStoredDocumentSchema,
} from './workspace/workspace';

export const FeedbackDocumentSchema = z.object({
  ...Stored,
  programId: z.string(),
  roundId: z.string(),
  pairingId: z.string(),
  userId: z.string(),
  met: z.boolean(),
  rating: z.number().int().min(1).max(5).nullable(),
  comment: z.string(),
  submittedAt: IsoDateTimeSchema,
  ttl: TtlSchema,
});
export type FeedbackDocument = z.infer<typeof FeedbackDocumentSchema>;

export const feedbackId = (pairingId: string, userId: string): string => `${pairingId}.${userId}`;

export const AuditDocumentSchema = z.object({
  ...Stored,
  at: IsoDateTimeSchema,
  actorId: z.string(),
  action: z.string(),
  programId: z.string().nullable(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ttl: TtlSchema,
});
export type AuditDocument = z.infer<typeof AuditDocumentSchema>;

/** Operational state of background work, in the `leases` container: one document per tenant and purpose. */
export const TeamLoadDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('team-load'),
  /** A load group, e.g. `manager:<id>`: the series booked for its members, counted per UTC weekday-hour. */
  group: z.string(),
  counts: z.record(z.string(), z.number().int()),
  updatedAt: IsoDateTimeSchema,
});
export type TeamLoadDocument = z.infer<typeof TeamLoadDocumentSchema>;

export const SweepStateDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('follow-up-sweep'),
  /** The last pairing id read by the pass under way (pairings are swept in id order); null between passes. */
  cursor: z.string().nullable(),
  passStartedAt: IsoDateTimeSchema.nullable(),
  passes: z.number().int().min(0),
  lastPass: z
    .object({ startedAt: IsoDateTimeSchema, finishedAt: IsoDateTimeSchema, pairings: z.number().int() })
    .nullable(),
  /** Pairings read in the pass under way. */
  pairingsThisPass: z.number().int().min(0),
  updatedAt: IsoDateTimeSchema,
});
export type SweepStateDocument = z.infer<typeof SweepStateDocumentSchema>;

/** A lease one instance holds at a time (a tenant's Graph calendar lane, docs/decisions/0008-graph-concurrency.md). */
export const LaneDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('lane'),
  holder: z.string().nullable(),
  /** Epoch ms. */
  until: z.number().int(),
});
export type LaneDocument = z.infer<typeof LaneDocumentSchema>;

/**
 * A person asked to be erased (docs/decisions/0010-privacy-erasure-and-retention.md). The id is a one-way digest of
 * (tenant, person): it holds no identifier, yet a round planned at the same moment, or the directory sync, can ask
 * "was this id erased?" and scrub it instead of bringing the person back. Removed when they enroll again.
 */
export const ErasureMarkerDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('erasure'),
  erasedAt: IsoDateTimeSchema,
});
export type ErasureMarkerDocument = z.infer<typeof ErasureMarkerDocumentSchema>;

/**
 * One person's use of a rate-limited action in one fixed window (domain/limits/rate-limit.ts). The id carries a hash
 * of tenant and user, never the user id; Cosmos deletes the document `ttl` seconds after its last write.
 */
export const RateLimitDocumentSchema = z.object({
  ...Stored,
  kind: z.literal('rate-limit'),
  action: z.string(),
  /** Epoch ms of the window's start. */
  windowStart: z.number().int(),
  count: z.number().int().min(0),
  ttl: z.number().int().min(1),
});
export type RateLimitDocument = z.infer<typeof RateLimitDocumentSchema>;

export const LeaseDocumentSchema = z.discriminatedUnion('kind', [
  TeamLoadDocumentSchema,
  SweepStateDocumentSchema,
  LaneDocumentSchema,
  ErasureMarkerDocumentSchema,
  RateLimitDocumentSchema,
]);
export type LeaseDocument = z.infer<typeof LeaseDocumentSchema>;
