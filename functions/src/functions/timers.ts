import { type Config } from '../config';
import { type Deps } from '../domain/deps';
import { syncDirectory } from '../domain/directory/directory-sync';
import { runDueRounds } from '../domain/rounds/round-service';
import { type TimerFunctionDefinition } from '../function-registry';

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
      const outcomes = await runDueRounds(deps, config.ALLOWED_TENANT_IDS);
      const failed = outcomes.filter((o) => o.outcome === 'failed');
      // Ids and counts only: no names, no mail.
      context.log(`rounds-timer: published=${outcomes.length - failed.length} failed=${failed.length}`);
      for (const f of failed)
        context.warn(
          `rounds-timer: round failed program=${f.programId} key=${f.roundKey} (retried next tick)`,
        );
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
      const outcomes = await syncDirectory(deps, config.ALLOWED_TENANT_IDS);
      for (const o of outcomes) {
        context.log(
          `directory-sync: participants=${o.participants} updated=${o.updated} missing=${o.missing}`,
        );
      }
    },
  };
}
