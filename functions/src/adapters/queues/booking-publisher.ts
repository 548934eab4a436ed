import { type QueueServiceClient } from '@azure/storage-queue';

import { BOOKING_QUEUE_NAME, type BookingMessage, BookingMessageSchema } from '../../contracts/queue';
import { type BookingPublisher } from '../../domain/deps';
import { encodeQueueMessage } from './queue-client';

/** Sends booking messages to the `bookings` queue (created on first use), base64 as the Functions host reads them. */
export class QueueBookingPublisher implements BookingPublisher {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly queues: Pick<QueueServiceClient, 'getQueueClient'>) {}

  async publish(messages: BookingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const queue = this.queues.getQueueClient(BOOKING_QUEUE_NAME);
    this.ready ??= queue.createIfNotExists().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    await this.ready;
    for (let i = 0; i < messages.length; i += 16) {
      await Promise.all(
        messages
          .slice(i, i + 16)
          .map((m) => queue.sendMessage(encodeQueueMessage(BookingMessageSchema.parse(m)))),
      );
    }
  }
}
