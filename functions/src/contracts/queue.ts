import { z } from 'zod';

import { ACTIVITY_TYPE_NAMES, type ActivityType } from './activity-types';
import { IsoDateTimeSchema, ResourceIdSchema, TenantIdSchema, UserIdSchema } from './common';

/**
 * The storage queues of the pairing lifecycle (docs/scheduling.md §9). Messages are base64 JSON, as the Functions
 * host expects, and carry ids only — never personal data: the workers read the pairing from Cosmos.
 */
export const BOOKING_QUEUE_NAME = 'bookings';
export const SERIES_ACTION_QUEUE_NAME = 'series-actions';
export const NOTIFICATION_QUEUE_NAME = 'notifications';
export const ROUND_QUEUE_NAME = 'rounds';

/** A transient failure's history, carried by the re-enqueued message (exponential backoff, budget of hours). */
export const RetryStateSchema = z.object({
  count: z.number().int().min(1).max(1000),
  firstFailedAt: IsoDateTimeSchema,
});
export type RetryState = z.infer<typeof RetryStateSchema>;

/**
 * One message per pairing to book. `attempt` is 0 for the first publish and rises with every deliberate re-booking
 * (an admin's retry, a declined series), so each gets a fresh transactionId; a stale attempt is ignored.
 */
export const BookingMessageSchema = z.object({
  version: z.literal(1),
  tenantId: TenantIdSchema,
  programId: ResourceIdSchema,
  roundId: ResourceIdSchema,
  pairingId: ResourceIdSchema,
  attempt: z.number().int().min(0).default(0),
  retry: RetryStateSchema.optional(),
});
export type BookingMessage = z.infer<typeof BookingMessageSchema>;

/** Graph's immutable event ids are long base64-ish strings. */
const EventIdSchema = z.string().min(1).max(1024);

const ActionBase = {
  version: z.literal(1),
  tenantId: TenantIdSchema,
  pairingId: ResourceIdSchema,
  retry: RetryStateSchema.optional(),
};

/**
 * A calendar action the lifecycle needs, enqueued the moment the state change happens: end the series early
 * (leave, pause, skip, erasure, unpair), replace it (`rebook`: a declined series, an admin's re-booking, a circle
 * going on without someone), move it (a member's reschedule), or end a series the pairing does not hold
 * (`end-orphan`: created for an attempt that was no longer current, or on the calendar of an organizer who left or
 * was erased while it was being booked).
 */
export const SeriesActionMessageSchema = z.discriminatedUnion('action', [
  z.object({
    ...ActionBase,
    action: z.literal('end'),
    /** Set when the organizer was erased: the pairing holds a tombstone now, the mailbox is still theirs. */
    organizerId: UserIdSchema.optional(),
  }),
  z.object({
    ...ActionBase,
    action: z.literal('rebook'),
    eventId: EventIdSchema,
    /** `member-left`: a circle goes on without someone; the series is booked again for those who stay. */
    reason: z.enum(['declined', 'admin-rebook', 'member-left']),
    /** Set when the one who left was the organizer and was erased: as for `end`, the mailbox is still theirs. */
    organizerId: UserIdSchema.optional(),
  }),
  z.object({ ...ActionBase, action: z.literal('move'), moveId: z.string().min(1).max(80) }),
  z.object({
    ...ActionBase,
    action: z.literal('end-orphan'),
    /** Whose calendar holds it: a member, or one who left or was erased meanwhile (then only the message holds it). */
    organizerId: UserIdSchema,
    eventId: EventIdSchema,
  }),
]);
export type SeriesActionMessage = z.infer<typeof SeriesActionMessageSchema>;

/**
 * A Teams activity-feed notification to members of a program (sent by its own worker, coalesced with others of the
 * same kind and paced at Graph's rate). `pairingId` only traces where it came from: the text names no pairing.
 * `roundId` names the published round a `notPaired` notice is about: the worker reads each recipient's reason there.
 */
export const NotificationMessageSchema = z.object({
  version: z.literal(1),
  tenantId: TenantIdSchema,
  programId: ResourceIdSchema,
  pairingId: ResourceIdSchema.optional(),
  /** Several pairings' members in one message (merged where produced); each recipient is a member of one of them. */
  pairingIds: z.array(ResourceIdSchema).min(1).max(50).optional(),
  roundId: ResourceIdSchema.optional(),
  userIds: z.array(UserIdSchema).min(1).max(100),
  activityType: z.enum(ACTIVITY_TYPE_NAMES as [ActivityType, ...ActivityType[]]),
  retry: RetryStateSchema.optional(),
});
export type NotificationMessage = z.infer<typeof NotificationMessageSchema>;

/**
 * One round to compute or publish, off the HTTP path and off the timer (a round of 10,000 people takes minutes:
 * longer than the front door waits for a response). `plan` makes an admin's draft, `publish` makes a planned draft
 * live, `run` plans (unless already planned) and publishes: a scheduled round, or an admin's "run now".
 */
export const RoundJobMessageSchema = z.object({
  version: z.literal(1),
  tenantId: TenantIdSchema,
  programId: ResourceIdSchema,
  roundId: ResourceIdSchema,
  action: z.enum(['plan', 'publish', 'run']),
  /** The round's `attempts` when this job was asked for: a job of an earlier attempt (superseded) is dropped. */
  attempt: z.number().int().min(1),
});
export type RoundJobMessage = z.infer<typeof RoundJobMessageSchema>;
