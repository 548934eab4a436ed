import { AsyncLocalStorage } from 'node:async_hooks';

import { type FunctionDefinition } from '../function-registry';
import { createLogger, type Logger, silentLogger } from './logger';

/**
 * The invocation's logger, reachable from code that has no InvocationContext (adapters deep inside a service, such
 * as the Graph gateway that sees a 429): every function runs inside `instrument`, which binds one structured,
 * scrubbing logger to the invocation through AsyncLocalStorage. Outside an invocation (CLI, module load) the
 * logger is silent — console output is not collected by the Functions host, so it would be lost anyway.
 */
const current = new AsyncLocalStorage<Logger>();

export function runWithLogger<T>(logger: Logger, work: () => T): T {
  return current.run(logger, work);
}

export function currentLogger(): Logger {
  return current.getStore() ?? silentLogger;
}

/** The function with its handler running inside its own invocation logger (operation = the function's name). */
export function instrument<T extends FunctionDefinition>(definition: T): T {
  const handler = definition.handler as (
    input: never,
    context: Parameters<T['handler']>[1],
  ) => Promise<unknown>;
  const wrapped = (input: never, context: Parameters<T['handler']>[1]) =>
    runWithLogger(createLogger(context, { correlation: { operation: definition.name } }), () =>
      handler(input, context),
    );
  return { ...definition, handler: wrapped };
}
