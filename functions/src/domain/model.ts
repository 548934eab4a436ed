import { z } from 'zod';

import { ProgramInputSchema, RoundStatusSchema, UnmatchedSchema } from '../contracts/admin';
import {
  CadenceSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  NextSessionSchema,
  PairingReasonSchema,
  PairingStateSchema,
  WeekdaySchema,
} from '../contracts/common';
import { EnrollmentRequestSchema, EnrollmentStatusSchema } from '../contracts/employee';

/**
 * The stored model: one schema per Cosmos container, validated on every read (adapters/cosmos/document-store.ts).
 * Every document carries `tenantId`, the partition key of every container (docs/decisions/0002-cosmos-partitioning.md).
 */

const Stored = { id: z.string().min(1), tenantId: z.string().min(1) };

export const WorkingHoursSchema = z.object({
  daysOfWeek: z.array(WeekdaySchema),
  /** Local wall-clock `HH:mm` (Graph sends `HH:mm:ss.fffffff`; the mapper trims it). */
  startTime: z.string(),
  endTime: z.string(),
  /** Windows or IANA name, as Graph reports it. */
  timeZone: z.string(),
});
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

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
  preferredLanguage: z.string().nullable(),
  /** Raw inputs of the level mapping, kept so a changed mapping can be re-applied without Graph. */
  levelSource: z.object({
    jobTitle: z.string().nullable(),
    attributes: z.record(z.string(), z.string().nullable()),
  }),
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
});
export type RoundDocument = z.infer<typeof RoundDocumentSchema>;

export const MemberSnapshotSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  jobTitle: z.string().nullable(),
  department: z.string().nullable(),
  level: z.string().nullable(),
  levelRank: z.number().int().nullable().default(null),
  timeZone: z.string().nullable(),
});
export type MemberSnapshot = z.infer<typeof MemberSnapshotSchema>;

export const SeriesSchema = z.looseObject({
  organizerId: z.string(),
  eventId: z.string().nullable(),
  firstOccurrence: IsoDateTimeSchema.nullable(),
  until: IsoDateSchema.nullable(),
  joinUrl: z.string().nullable(),
});

/**
 * A pairing. Loose: the booking worker (issue 6) adds its own fields (attempts, transaction ids); reading and
 * writing back through this schema keeps them.
 */
export const PairingDocumentSchema = z.looseObject({
  ...Stored,
  programId: z.string(),
  roundId: z.string(),
  /** False while its round is a draft: nobody sees it and nothing is booked. */
  published: z.boolean(),
  memberIds: z.array(z.string()).min(2).max(3),
  members: z.array(MemberSnapshotSchema),
  score: z.number(),
  reasons: z.array(PairingReasonSchema),
  state: PairingStateSchema,
  cadence: CadenceSchema,
  sessionMinutes: z.number().int(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema,
  organizerId: z.string().nullable(),
  series: SeriesSchema.nullable(),
  nextSession: NextSessionSchema.nullable(),
  attentionReason: z.string().nullable(),
  overridden: z.boolean(),
  /** Members who asked to skip this round's remaining sessions. */
  skippedBy: z.array(z.string()),
  /** Set when the series must end early (pause, leave, erasure, skip, unpair); the booking worker acts on it. */
  endRequested: z.object({ at: IsoDateTimeSchema, reason: z.string() }).nullable(),
  bookingAttempt: z.number().int().default(0),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type PairingDocument = z.infer<typeof PairingDocumentSchema>;

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
});
export type AuditDocument = z.infer<typeof AuditDocumentSchema>;
