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
        // The message is lost for good: count it with the poisoned ones (alert `booking.poisoned`).
        const log = createLogger(context);
        log.warn('booking: dropped a malformed message');
        log.metric('booking.poisoned', 1, { cause: 'malformed' });
        return;
      }
      const { tenantId, programId, pairingId, attempt } = parsed.data;
      const log = createLogger(context, {
        correlation: { tenantId, programId, pairingId, operation: 'booking.book' },
      });
      const delivery = deliveryOf(context);
      let outcome;
      try {
        outcome = await services().lifecycle.booking.handle(parsed.data, delivery);
      } catch (e) {
        // Failing the last delivery moves the message to `bookings-poison`: the alert counts these lines.
        if (delivery.lastDelivery)
          log.metric('booking.poisoned', 1, {
            attempt,
            dequeueCount: delivery.dequeueCount,
            cause: 'failed',
          });
        throw e;
      }
      if (outcome.kind === 'needs-attention')
        log.warn('booking: needs attention', { attempt, code: outcome.code });
      // A message that does not match its stored pairing (another tenant's, another program's): refused, not retried.
      else if (outcome.kind === 'rejected') log.warn('booking: rejected', { attempt, why: outcome.why });
      else log.info(`booking: ${outcome.kind}`, { attempt, ...outcome });
    },
  };
}
