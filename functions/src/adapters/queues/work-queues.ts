import { type QueueServiceClient } from '@azure/storage-queue';
import { type z } from 'zod';

import {
  BOOKING_QUEUE_NAME,
  type BookingMessage,
  BookingMessageSchema,
  NOTIFICATION_QUEUE_NAME,
  type NotificationMessage,
  NotificationMessageSchema,
  ROUND_QUEUE_NAME,
  type RoundJobMessage,
  RoundJobMessageSchema,
  SERIES_ACTION_QUEUE_NAME,
  type SeriesActionMessage,
  SeriesActionMessageSchema,
} from '../../contracts/queue';
import { type WorkQueues } from '../../domain/pairings/ports';
import { encodeQueueMessage } from './queue-client';

/** Storage Queues allow a message to stay invisible for at most seven days. */
const MAX_DELAY_SECONDS = 7 * 24 * 3600;

/**
 * The lifecycle's work queues on Azure Storage (Azurite locally): each created on first use, messages validated by
 * their contract and base64-encoded as the Functions host reads them; a delay is the message's initial
 * visibility timeout.
 */
export class StorageWorkQueues implements WorkQueues {
  private readonly ready = new Map<string, Promise<unknown>>();

  constructor(private readonly queues: Pick<QueueServiceClient, 'getQueueClient'>) {}

  book(messages: readonly BookingMessage[], options?: { delaySeconds?: number }): Promise<void> {
    return this.send(BOOKING_QUEUE_NAME, BookingMessageSchema, messages, options?.delaySeconds);
  }

  act(messages: readonly SeriesActionMessage[], options?: { delaySeconds?: number }): Promise<void> {
    return this.send(SERIES_ACTION_QUEUE_NAME, SeriesActionMessageSchema, messages, options?.delaySeconds);
  }

  notify(messages: readonly NotificationMessage[], options?: { delaySeconds?: number }): Promise<void> {
    return this.send(NOTIFICATION_QUEUE_NAME, NotificationMessageSchema, messages, options?.delaySeconds);
  }

  rounds(messages: readonly RoundJobMessage[]): Promise<void> {
    return this.send(ROUND_QUEUE_NAME, RoundJobMessageSchema, messages, undefined);
  }

  private async send<T>(
    name: string,
    schema: z.ZodType<T>,
    messages: readonly T[],
    delaySeconds: number | undefined,
  ): Promise<void> {
    if (messages.length === 0) return;
    const queue = this.queues.getQueueClient(name);
    let ready = this.ready.get(name);
    if (!ready) {
      ready = queue.createIfNotExists().catch((e: unknown) => {
        this.ready.delete(name);
        throw e;
      });
      this.ready.set(name, ready);
    }
    await ready;
    const visibilityTimeout =
      delaySeconds && delaySeconds > 0 ? Math.min(Math.round(delaySeconds), MAX_DELAY_SECONDS) : undefined;
    for (let i = 0; i < messages.length; i += 16) {
      await Promise.all(
        messages
          .slice(i, i + 16)
          .map((m) =>
            queue.sendMessage(
              encodeQueueMessage(schema.parse(m)),
              visibilityTimeout ? { visibilityTimeout } : undefined,
            ),
          ),
      );
    }
  }
}
