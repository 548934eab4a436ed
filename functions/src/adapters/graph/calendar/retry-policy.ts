import { AppError } from '../../../errors';
import { type GraphHttpResponse, GraphTransportError } from './graph-http';

/**
 * Retries as Graph asks: on 429 wait `Retry-After` (seconds, possibly fractional, or an HTTP date) and keep
 * honouring it; on 503/504 and timeouts back off exponentially with full jitter; never retry other statuses.
 * A `RetryBudget` shared by one unit of work (a booking, a round's free/busy read) caps the total retries, so
 * a throttled tenant turns into a recorded `needs-attention` instead of a queue message retried forever.
 */
export interface RetryPolicy {
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** First backoff for 503/504/timeouts without Retry-After; doubles per try. */
  baseDelayMs: number;
  /** Cap of one wait (Retry-After above it is still honoured up to maxRetryAfterMs). */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for in-process: the request fails as throttled. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * HTTP request paths (slot suggestions, reschedules): the caller waits behind Front Door, which gives up on the
 * origin after 60 s (and the person long before). One retry, no Retry-After longer than 2 s waited for, a 5 s
 * timeout per try (INTERACTIVE_TIMEOUT_MS): a Graph call costs at most 2 × 5 s + 2 s, and a throttled tenant
 * answers 429/503 with Retry-After at once instead of holding the request for minutes. Background work (booking,
 * series actions, the sweep) keeps DEFAULT_RETRY_POLICY.
 */
export const INTERACTIVE_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 1000,
  maxRetryAfterMs: 2000,
};
export const INTERACTIVE_TIMEOUT_MS = 5000;

export class RetryBudget {
  private used = 0;
  constructor(readonly maxRetries: number) {}

  /** Takes one retry from the budget; false when none is left. */
  take(): boolean {
    if (this.used >= this.maxRetries) return false;
    this.used += 1;
    return true;
  }

  get retriesUsed(): number {
    return this.used;
  }
}

export interface RetryEnvironment {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** [0, 1) */
  random: () => number;
  /** Wall clock for HTTP-date Retry-After values. */
  now: () => number;
  /** Called before each wait: for metrics (`graph.throttled`) and attempt records. */
  onRetry?: (info: { status: number | 'timeout' | 'network'; attempt: number; delayMs: number }) => void;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function defaultRetryEnvironment(overrides: Partial<RetryEnvironment> = {}): RetryEnvironment {
  return { policy: DEFAULT_RETRY_POLICY, sleep: realSleep, random: Math.random, now: Date.now, ...overrides };
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

/** Retry-After in ms, from seconds ("2.128") or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before try `attempt + 1` (attempt is 1-based, the try that just failed). */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  env: Pick<RetryEnvironment, 'policy' | 'random'>,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(env.policy.maxDelayMs, env.policy.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter (AWS architecture blog): spreads a thundering herd of workers retrying the same mailbox.
  return Math.round(ceiling / 2 + (env.random() * ceiling) / 2);
}

/** The AppError for a response we gave up on (the caller records it on the pairing). */
export function upstreamErrorFor(response: GraphHttpResponse | GraphTransportError, now: number): AppError {
  if (response instanceof GraphTransportError) {
    return new AppError('unavailable', `Microsoft Graph did not answer (${response.reason}).`, {
      code: `graph_${response.reason}`,
      cause: response,
    });
  }
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  if (response.status === 429)
    return new AppError('throttled', 'Microsoft Graph throttled the request.', {
      code: 'graph_throttled',
      retryAfterSeconds,
    });
  if (response.status === 503 || response.status === 504) {
    return new AppError('unavailable', `Microsoft Graph is unavailable (${response.status}).`, {
      code: `graph_${response.status}`,
      retryAfterSeconds,
    });
  }
  return new AppError('upstream', `Microsoft Graph answered ${response.status}.`, {
    code: `graph_${response.status}`,
  });
}

/**
 * Sends with retries. Resolves with the last response (which may still be a 429/503/504 when the tries or the
 * budget ran out: the caller decides); rejects only with a `GraphTransportError` that outlived its retries.
 */
export async function sendWithRetry(
  send: () => Promise<GraphHttpResponse>,
  env: RetryEnvironment,
  budget: RetryBudget,
): Promise<GraphHttpResponse> {
  for (let attempt = 1; ; attempt++) {
    let outcome: GraphHttpResponse | GraphTransportError;
    try {
      outcome = await send();
    } catch (e) {
      if (!(e instanceof GraphTransportError)) throw e;
      outcome = e;
    }
    const failedStatus =
      outcome instanceof GraphTransportError
        ? outcome.reason
        : isRetryableStatus(outcome.status)
          ? outcome.status
          : undefined;
    if (failedStatus === undefined) return outcome as GraphHttpResponse;
    const retryAfterMs =
      outcome instanceof GraphTransportError
        ? undefined
        : parseRetryAfter(outcome.headers['retry-after'], env.now());
    const giveUp =
      attempt >= env.policy.maxAttempts ||
      (retryAfterMs !== undefined && retryAfterMs > env.policy.maxRetryAfterMs) ||
      !budget.take();
    if (giveUp) {
      if (outcome instanceof GraphTransportError) throw outcome;
      return outcome;
    }
    const delayMs = retryDelayMs(attempt, retryAfterMs, env);
    env.onRetry?.({ status: failedStatus, attempt, delayMs });
    await env.sleep(delayMs);
  }
}
