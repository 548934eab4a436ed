import { type LifecycleServices } from '../composition';
import { BOOKING_QUEUE_NAME, BookingMessageSchema } from '../contracts/queue';
import { type QueueFunctionDefinition } from '../function-registry';
import { createLogger } from '../observability';
import { deliveryOf } from './queue-delivery';

/**
 * The booking worker (`bookings` queue): one message per pairing, booked exactly once by the booking service
 * (domain/pairings/booking-service.ts). A malformed message can never succeed: it is dropped with a warning
 * instead of filling the poison queue.
 */
export function bookingQueueFunction(
  services: () => { lifecycle: LifecycleServices },
): QueueFunctionDefinition {
  return {
    kind: 'queue',
    name: 'booking-worker',
    queueName: BOOKING_QUEUE_NAME,
    connection: 'AzureWebJobsStorage',
    handler: async (message, context) => {
      const parsed = BookingMessageSchema.safeParse(message);
      if (!parsed.success) {
        context.warn('booking: dropped a malformed message');
        return;
      }
      const { tenantId, programId, pairingId, attempt } = parsed.data;
      const log = createLogger(context, {
        correlation: { tenantId, programId, pairingId, operation: 'booking.book' },
      });
      const outcome = await services().lifecycle.booking.handle(parsed.data, deliveryOf(context));
      if (outcome.kind === 'needs-attention')
        log.warn('booking: needs attention', { attempt, code: outcome.code });
      // A message that does not match its stored pairing (another tenant's, another program's): refused, not retried.
      else if (outcome.kind === 'rejected') log.warn('booking: rejected', { attempt, why: outcome.why });
      else log.info(`booking: ${outcome.kind}`, { attempt, ...outcome });
    },
  };
}
