import { type ErrorDetail, type IssueCode, type IssueParams } from './contracts/issues';

/**
 * The few error kinds the backend speaks. Everything thrown inside a handler becomes one of these before it
 * reaches the client (see http/to-http-response.ts); raw Graph or Cosmos messages never leave the process.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'payload-too-large'
  | 'throttled'
  | 'upstream'
  | 'unavailable';

export type { ErrorDetail };

/** One problem of a 400: the field, its code for the tab's words (contracts/issues.ts) and the same in English. */
export function detail(path: string, code: IssueCode, issue: string, params: IssueParams = {}): ErrorDetail {
  return { path, issue, code, params };
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Seconds the caller should wait before retrying (throttled/unavailable). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { code?: string; details?: ErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = options.code ?? kind;
    this.details = options.details ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const invalid = (message: string, details: ErrorDetail[] = []): AppError =>
  new AppError('invalid', message, { code: 'invalid_request', details });
export const notFound = (what: string): AppError =>
  new AppError('not-found', `${what} was not found.`, { code: 'not_found' });
export const forbidden = (message = 'You do not have access to this resource.'): AppError =>
  new AppError('forbidden', message, { code: 'forbidden' });
export const unauthorized = (message = 'A valid bearer token is required.'): AppError =>
  new AppError('unauthorized', message, { code: 'unauthorized' });
export const conflict = (message: string): AppError =>
  new AppError('conflict', message, { code: 'conflict' });
export const preconditionFailed = (
  message = 'The resource changed since you read it; reload and try again.',
): AppError => new AppError('precondition-failed', message, { code: 'precondition_failed' });

/** Turns anything caught into an Error, so `catch (e)` has one well-typed path. */
export function ensureError(value: unknown): Error {
  if (value instanceof Error) return value;
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return new Error(`Non-error thrown: ${text}`);
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
