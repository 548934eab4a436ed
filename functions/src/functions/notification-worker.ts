import { type LifecycleServices } from '../composition';
import { NOTIFICATION_QUEUE_NAME, NotificationMessageSchema } from '../contracts/queue';
import { type QueueFunctionDefinition } from '../function-registry';
import { createLogger } from '../observability';

/** The notification worker (`notifications` queue): activity-feed notifications at Graph's pace. */
export function notificationQueueFunction(
  services: () => { lifecycle: LifecycleServices },
): QueueFunctionDefinition {
  return {
    kind: 'queue',
    name: 'notification-worker',
    queueName: NOTIFICATION_QUEUE_NAME,
    connection: 'AzureWebJobsStorage',
    handler: async (message, context) => {
      const parsed = NotificationMessageSchema.safeParse(message);
      if (!parsed.success) {
        createLogger(context).warn('notification: dropped a malformed message');
        return;
      }
      const { tenantId, programId, pairingId, activityType } = parsed.data;
      const log = createLogger(context, {
        correlation: {
          tenantId,
          programId,
          ...(pairingId ? { pairingId } : {}),
          operation: 'notification.send',
        },
      });
      const outcome = await services().lifecycle.notifications.handle(parsed.data);
      if (outcome.rejected) log.warn('notification: rejected', { activityType, why: outcome.rejected });
      else log.info('notification: done', { activityType, ...outcome });
    },
  };
}
