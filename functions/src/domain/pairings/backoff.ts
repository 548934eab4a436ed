import { type RetryState } from '../../contracts/queue';
import { AppError } from '../../errors';

/**
 * How the lifecycle's workers ride out a Graph outage. A transient failure (throttled, unavailable, timed out) does
 * not burn the queue's five deliveries in two and a half minutes: the message is completed and enqueued again,
 * invisible for an exponentially growing delay (1, 2, 4 … minutes, at most an hour), until a budget of hours is
 * spent. Only then does a pairing need attention. Permanent failures never wait.
 */
export interface BackoffPolicy {
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long a pairing may keep failing transiently before it needs a person. */
  budgetMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  firstDelaySeconds: 60,
  maxDelaySeconds: 3600,
  budgetMs: 6 * 60 * 60_000,
};

export type BackoffDecision =
  { kind: 'retry'; delaySeconds: number; retry: RetryState } | { kind: 'give-up'; failingForMs: number };

/**
 * The next step after a transient failure. `random` in [0, 1) jitters the delay by up to a fifth, so messages that
 * failed together (one outage) do not all come back in the same second.
 */
export function nextRetry(
  previous: RetryState | undefined,
  now: Date,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): BackoffDecision {
  const firstFailedAt = previous?.firstFailedAt ?? now.toISOString();
  const failingForMs = now.getTime() - Date.parse(firstFailedAt);
  if (failingForMs >= policy.budgetMs) return { kind: 'give-up', failingForMs };
  const count = (previous?.count ?? 0) + 1;
  const base = Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (count - 1));
  const delaySeconds = Math.max(1, Math.round(base * (1 - random() / 5)));
  return { kind: 'retry', delaySeconds, retry: { count, firstFailedAt } };
}

/** Throttled, unavailable or timed out: worth trying again later. Anything else is permanent. */
export function isTransient(error: unknown): boolean {
  return error instanceof AppError && (error.kind === 'throttled' || error.kind === 'unavailable');
}
