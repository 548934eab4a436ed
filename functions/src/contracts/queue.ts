import { z } from 'zod';

import { ResourceIdSchema, TenantIdSchema } from './common';

/** The storage queue the rounds publish to and the booking worker consumes. */
export const BOOKING_QUEUE_NAME = 'bookings';

/**
 * One message per pairing to book (base64 JSON, as the Functions host expects). The worker reads the pairing
 * from Cosmos; the message carries ids only, never personal data. `attempt` is 0 for the first publish and
 * increases when an admin retries a pairing that needs attention, so a retry gets a fresh transactionId.
 */
export const BookingMessageSchema = z.object({
  version: z.literal(1),
  tenantId: TenantIdSchema,
  programId: ResourceIdSchema,
  roundId: ResourceIdSchema,
  pairingId: ResourceIdSchema,
  attempt: z.number().int().min(0).default(0),
});
export type BookingMessage = z.infer<typeof BookingMessageSchema>;
