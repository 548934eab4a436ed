export { currentLogger, instrument, runWithLogger } from './invocation';
export {
  type Correlation,
  createLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  type LogSink,
  silentLogger,
} from './logger';
export { EXTERNAL_MESSAGE, KnownNames, MAX_LOGGED_STRING, scrubPii, scrubValue, truncate } from './scrub-pii';
export { type TelemetryMode, telemetryMode } from './telemetry';
