import { type LifecycleServices } from '../composition';
import { type Config } from '../config';
import { type Deps } from '../domain/deps';
import { type TimerFunctionDefinition } from '../function-registry';
import { createLogger } from '../observability';

/**
 * The follow-up timer: the safety net of the pairing lifecycle (domain/pairings/follow-up-service.ts). Each tick
 * sweeps live series from a stored cursor for at most `SWEEP_BUDGET_MS`, well inside host.json's 10-minute
 * function timeout; a pass larger than that continues on the next tick.
 */
export const SWEEP_BUDGET_MS = 8 * 60_000;

export function followUpTimerFunction(
  services: () => {
    lifecycle: LifecycleServices;
    config: Pick<Config, 'ALLOWED_TENANT_IDS'>;
    deps: Pick<Deps, 'clock'>;
  },
): TimerFunctionDefinition {
  return {
    kind: 'timer',
    name: 'follow-up-timer',
    schedule: '%FOLLOW_UP_TIMER_SCHEDULE%',
    handler: async (_timer, context) => {
      const { lifecycle, config, deps } = services();
      const log = createLogger(context, { correlation: { operation: 'follow-up.tick' } });
      const summaries = await lifecycle.followUp.tick(
        config.ALLOWED_TENANT_IDS,
        deps.clock().getTime() + SWEEP_BUDGET_MS,
      );
      for (const { tenantId, error, ...counts } of summaries) {
        const tenantLog = log.child({ tenantId });
        if (error) tenantLog.warn('follow-up: tenant failed (the others went on)', { error });
        tenantLog.info('follow-up: tick done', counts);
        for (const [name, value] of Object.entries(counts))
          if (typeof value === 'number' && value > 0) tenantLog.metric(`followup.${name}`, value);
      }
    },
  };
}
