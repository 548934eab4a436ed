import { type Config } from '../config';
import { type Deps } from '../domain/deps';
import { syncDirectory } from '../domain/directory/directory-sync';
import { runDueRounds } from '../domain/rounds/round-service';
import { type TimerFunctionDefinition } from '../function-registry';
import { createLogger } from '../observability';

export interface TimerServices {
  deps: Deps;
  config: Pick<Config, 'ALLOWED_TENANT_IDS'>;
}

/**
 * The rounds timer (every few minutes, UTC): each program's own CRON, in its own zone, decides whether a round is
 * due; the round document makes it exactly once per (program, round key) however many instances fire.
 */
export function roundsTimerFunction(services: () => TimerServices): TimerFunctionDefinition {
  return {
    kind: 'timer',
    name: 'rounds-timer',
    schedule: '%ROUNDS_TIMER_SCHEDULE%',
    handler: async (_timer, context) => {
      const { deps, config } = services();
      const log = createLogger(context, { correlation: { operation: 'round.tick' } });
      const outcomes = await runDueRounds(deps, config.ALLOWED_TENANT_IDS);
      const failed = outcomes.filter((o) => o.outcome === 'failed');
      log.info('rounds-timer: tick', { queued: outcomes.length - failed.length, failed: failed.length });
      // One line per round that could not be queued: the `failed-rounds` alert (infra/app/alerts.bicep) counts
      // them, as it counts the round worker's.
      for (const f of failed)
        log
          .child({ tenantId: f.tenantId, ...(f.programId ? { programId: f.programId } : {}) })
          .metric('round.failed', 1, { roundKey: f.roundKey, retried: 'next tick' });
    },
  };
}

export function directorySyncTimerFunction(services: () => TimerServices): TimerFunctionDefinition {
  return {
    kind: 'timer',
    name: 'directory-sync-timer',
    schedule: '%DIRECTORY_SYNC_TIMER_SCHEDULE%',
    handler: async (_timer, context) => {
      const { deps, config } = services();
      const log = createLogger(context, { correlation: { operation: 'directory.sync' } });
      const outcomes = await syncDirectory(deps, config.ALLOWED_TENANT_IDS);
      for (const { tenantId, ...counts } of outcomes)
        log.child({ tenantId }).info('directory-sync: done', counts);
    },
  };
}
