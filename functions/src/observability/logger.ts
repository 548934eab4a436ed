import { type InvocationContext } from '@azure/functions';

import { ensureError } from '../errors';
import { KnownNames, scrubPii, scrubValue, truncate } from './scrub-pii';

/**
 * Structured, PII-free logging on top of the Functions InvocationContext.
 *
 * Each call writes ONE line: a JSON object `{ msg, level, ...correlation, ...fields }` through the context's
 * logger. In Azure the Functions host forwards context logs to Application Insights (`traces`, with the
 * invocation id and function name attached by the host), so queries use `parse_json(message)`; locally the same
 * line goes to the local host's console. Nothing here talks to Application Insights directly, which keeps the
 * module dependency-free and a no-op without APPLICATIONINSIGHTS_CONNECTION_STRING.
 */

/** Ids that tie log lines of one piece of work together across functions, queues and retries. */
export interface Correlation {
  tenantId?: string;
  programId?: string;
  roundId?: string;
  pairingId?: string;
  /** A short operation name, e.g. `round.run` or `booking.book`. */
  operation?: string;
}

export type LogFields = Record<string, unknown>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  readonly correlation: Readonly<Correlation>;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  /** `error` may be anything caught; it is summarised (name, kind, code, status, scrubbed message and stack). */
  error(message: string, error?: unknown, fields?: LogFields): void;
  /**
   * A numeric measurement as a log line `{ metric, value }`: alerts and workbooks query these (see
   * docs/operations.md), e.g. `graph.throttled`, `round.failed`, `booking.poisoned`.
   */
  metric(name: string, value: number, fields?: LogFields): void;
  /** A logger for narrower work (a pairing inside a round) that keeps the outer ids. */
  child(correlation: Correlation): Logger;
}

/** The part of InvocationContext the logger writes to; a plain object with these methods works in tests. */
export type LogSink = Pick<InvocationContext, 'debug' | 'info' | 'warn' | 'error'>;

export interface LoggerOptions {
  correlation?: Correlation;
  /** Names to scrub in free text, for text known to quote people; none by default (names go by structure). */
  names?: KnownNames;
}

export function createLogger(sink: LogSink, options: LoggerOptions = {}): Logger {
  const correlation: Correlation = Object.freeze(cleanCorrelation(options.correlation ?? {}));
  const names = options.names ?? new KnownNames();

  const write = (level: LogLevel, message: string, fields: LogFields | undefined): void => {
    const line: Record<string, unknown> = {
      msg: scrubPii(truncate(message), { names }),
      level,
      ...correlation,
    };
    if (fields) {
      const scrubbed = scrubValue(fields, { names }) as Record<string, unknown>;
      for (const [key, value] of Object.entries(scrubbed)) {
        // Correlation ids and the envelope keys win over fields of the same name.
        if (!(key in line) && value !== undefined) line[key] = value;
      }
    }
    sink[level](serialise(line));
  };

  return {
    correlation,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, error, fields) =>
      write('error', message, error === undefined ? fields : { ...fields, error: ensureError(error) }),
    metric: (name, value, fields) => write('info', name, { ...fields, metric: name, value }),
    child: (narrower) =>
      createLogger(sink, { correlation: { ...correlation, ...cleanCorrelation(narrower) }, names }),
  };
}

/** A logger that drops everything: for code paths with no invocation (module load, CLI) that still take a Logger. */
export const silentLogger: Logger = createLogger({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

function cleanCorrelation(correlation: Correlation): Correlation {
  const result: Correlation = {};
  for (const key of ['tenantId', 'programId', 'roundId', 'pairingId', 'operation'] as const) {
    const value = correlation[key];
    // Ids are ours or Entra's GUIDs; anything else is cut short so a mistaken value cannot smuggle text in.
    if (typeof value === 'string' && value.length > 0) result[key] = scrubPii(value.slice(0, 128));
  }
  return result;
}

function serialise(line: Record<string, unknown>): string {
  try {
    return JSON.stringify(line);
  } catch {
    // Cycles are cut by scrubValue's depth limit, but a getter may still throw: log the envelope alone.
    return JSON.stringify({ msg: line.msg, level: line.level, note: 'fields could not be serialised' });
  }
}
