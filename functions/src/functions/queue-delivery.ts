import { type InvocationContext } from '@azure/functions';

/** host.json `extensions.queues.maxDequeueCount`: after this many failed deliveries the host poisons a message. */
export const MAX_DEQUEUE_COUNT = 5;

/** Which delivery of its message an invocation is; on the last one a service backs off instead of failing. */
export function deliveryOf(context: InvocationContext): { dequeueCount: number; lastDelivery: boolean } {
  const dequeueCount = Number(context.triggerMetadata?.dequeueCount ?? 1);
  return { dequeueCount, lastDelivery: dequeueCount >= MAX_DEQUEUE_COUNT };
}
