import { ROUND_QUEUE_NAME, RoundJobMessageSchema } from '../contracts/queue';
import { type Deps } from '../domain/deps';
import { runRoundJob } from '../domain/rounds/round-service';
import { type QueueFunctionDefinition } from '../function-registry';
import { createLogger } from '../observability';
import { deliveryOf } from './queue-delivery';

/**
 * The round worker (`rounds` queue): plans and publishes rounds for the timer and for admins
 * (domain/rounds/round-service.ts `runRoundJob`), off the HTTP path. Idempotent per message.
 */
export function roundQueueFunction(services: () => { deps: Deps }): QueueFunctionDefinition {
  return {
    kind: 'queue',
    name: 'round-worker',
    queueName: ROUND_QUEUE_NAME,
    connection: 'AzureWebJobsStorage',
    handler: async (message, context) => {
      const parsed = RoundJobMessageSchema.safeParse(message);
      if (!parsed.success) {
        createLogger(context).warn('round-worker: dropped a malformed message');
        return;
      }
      const { tenantId, programId, roundId, action } = parsed.data;
      const log = createLogger(context, {
        correlation: { tenantId, programId, operation: `round.${action}` },
      });
      const outcome = await runRoundJob(services().deps, parsed.data, deliveryOf(context));
      if (outcome.kind === 'failed') log.metric('round.failed', 1, { roundId, reason: outcome.reason });
      else if (outcome.kind === 'stale')
        log.info('round-worker: nothing to do', { roundId, why: outcome.why });
      else log.info(`round-worker: ${outcome.kind}`, { roundId, ...outcome });
    },
  };
}
