export {
  createLogger,
  silentLogger,
  type Correlation,
  type LogFields,
  type Logger,
  type LogLevel,
  type LogSink,
} from './logger';
export { KnownNames, knownNames, MAX_LOGGED_STRING, scrubPii, scrubValue, truncate } from './scrub-pii';
export { telemetryMode, type TelemetryMode } from './telemetry';
