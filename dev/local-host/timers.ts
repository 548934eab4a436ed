import { randomUUID } from 'node:crypto';

import { InvocationContext, type Timer } from '@azure/functions';
import { CronExpressionParser } from 'cron-parser';

import { type TimerFunctionDefinition } from '../../functions/src/function-registry';

/** Resolves `%SETTING%` from app settings, as the host does for binding expressions. */
export function resolveSetting(value: string, settings: Record<string, string | undefined>): string {
  const match = /^%([^%]+)%$/.exec(value);
  if (!match) return value;
  const resolved = settings[match[1]!];
  if (!resolved) throw new Error(`App setting ${match[1]} (used by a timer schedule) is not set`);
  return resolved;
}

/** NCRONTAB with 6 fields (seconds first) or 5; evaluated in UTC like the host on Linux. */
export function nextOccurrence(schedule: string, after: Date): Date {
  return CronExpressionParser.parse(schedule, { currentDate: after, tz: 'UTC' }).next().toDate();
}

export interface TimerRunner {
  /** Fires a timer now, like the host's `POST /admin/functions/{name}`. */
  fire(name: string): Promise<void>;
  /** Starts the timers on their schedules, if they are not already (`options.schedule` false defers it). */
  schedule(): void;
  stop(): void;
}

export function startTimers(
  definitions: TimerFunctionDefinition[],
  settings: Record<string, string | undefined>,
  log: (line: string) => void,
  options: { schedule: boolean } = { schedule: true },
): TimerRunner {
  const handles = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const last = new Map<string, Date>();
  let stopped = false;

  async function invoke(definition: TimerFunctionDefinition, scheduledFor: Date, next: Date): Promise<void> {
    // Singleton per timer, like the host's blob lock: an invocation still running is not started again.
    const inFlight = running.get(definition.name);
    if (inFlight) return inFlight;
    const timer: Timer = {
      isPastDue: Date.now() - scheduledFor.getTime() > 1000,
      schedule: { adjustForDST: false },
      scheduleStatus: {
        last: (last.get(definition.name) ?? scheduledFor).toISOString(),
        next: next.toISOString(),
        lastUpdated: new Date().toISOString(),
      },
    };
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: definition.name,
      options: { trigger: { type: 'timerTrigger', name: 'timer' } },
    });
    const run = definition
      .handler(timer, context)
      .catch((e: unknown) => log(`timer ${definition.name} failed: ${e instanceof Error ? e.name : 'error'}`))
      .finally(() => {
        running.delete(definition.name);
        last.set(definition.name, scheduledFor);
      });
    running.set(definition.name, run);
    return run;
  }

  function arm(definition: TimerFunctionDefinition, schedule: string): void {
    if (stopped) return;
    const next = nextOccurrence(schedule, new Date());
    const handle = setTimeout(
      () => {
        void invoke(definition, next, nextOccurrence(schedule, next)).finally(() =>
          arm(definition, schedule),
        );
      },
      Math.max(0, next.getTime() - Date.now()),
    );
    handle.unref();
    handles.set(definition.name, handle);
  }

  const schedules = new Map(definitions.map((d) => [d.name, resolveSetting(d.schedule, settings)]));
  let scheduled = false;
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    for (const definition of definitions) arm(definition, schedules.get(definition.name)!);
  };
  if (options.schedule) schedule();

  return {
    schedule,
    fire: async (name) => {
      const definition = definitions.find((d) => d.name === name);
      if (!definition) throw new Error(`No timer function named ${name}`);
      const now = new Date();
      await invoke(definition, now, nextOccurrence(schedules.get(name)!, now));
    },
    stop: () => {
      stopped = true;
      for (const handle of handles.values()) clearTimeout(handle);
    },
  };
}
