import { type LifecycleServices } from '../composition';
import { SERIES_ACTION_QUEUE_NAME, SeriesActionMessageSchema } from '../contracts/queue';
import { type QueueFunctionDefinition } from '../function-registry';
import { createLogger } from '../observability';
import { deliveryOf } from './queue-delivery';

/**
 * The series-action worker (`series-actions` queue): ends, re-books and moves series the moment a lifecycle change
 * asks for it (domain/pairings/series-action-service.ts). Idempotent per message.
 */
export function seriesActionQueueFunction(
  services: () => { lifecycle: LifecycleServices },
): QueueFunctionDefinition {
  return {
    kind: 'queue',
    name: 'series-action-worker',
    queueName: SERIES_ACTION_QUEUE_NAME,
    connection: 'AzureWebJobsStorage',
    handler: async (message, context) => {
      const parsed = SeriesActionMessageSchema.safeParse(message);
      if (!parsed.success) {
        createLogger(context).warn('series-action: dropped a malformed message');
        return;
      }
      const { tenantId, pairingId, action } = parsed.data;
      const log = createLogger(context, {
        correlation: { tenantId, pairingId, operation: `series.${action}` },
      });
      const outcome = await services().lifecycle.seriesActions.handle(parsed.data, deliveryOf(context));
      if (outcome.kind === 'needs-attention')
        log.warn('series-action: needs attention', { action, code: outcome.code });
      // A message that does not match its stored pairing (another tenant's, another program's): refused, not retried.
      else if (outcome.kind === 'rejected') log.warn('series-action: rejected', { action, why: outcome.why });
      else log.info(`series-action: ${outcome.kind}`, { action, ...outcome });
    },
  };
}
