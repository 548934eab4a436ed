import { AppError, isAppError } from '../../errors';
import { type LeaseDocument } from '../model';
import { type DocumentStore } from '../ports';
import { sha1 } from '../scheduling/transaction-id';
import { updateWithRetry } from '../update';

/**
 * Per-person rate limits on the HTTP actions that cost Graph calls, reach someone else or could list the directory:
 * reading new times for a session (a `getSchedule` of every member), moving it (every move mails the peer) and
 * searching people by name. Counted in fixed windows in
 * the `leases` container, so the limit holds across every instance of the Functions app; each counter document
 * expires by Cosmos TTL a minute after its window ends. Over the limit: 429 `rate_limited` with `Retry-After` (the
 * seconds left in the window).
 */
export interface RateLimit {
  action: 'slots' | 'reschedule' | 'people-search';
  /** Requests allowed per window and person. */
  limit: number;
  windowSeconds: number;
}

/** Generous for a person picking a time (each read is a fresh free/busy of every member), tight for a script. */
export const SLOT_READS: RateLimit = { action: 'slots', limit: 30, windowSeconds: 10 * 60 };
/**
 * The "not with" picker searches as the person types (debounced): a minute of brisk typing is well under this, a
 * script walking the directory is not.
 */
export const PEOPLE_SEARCHES: RateLimit = { action: 'people-search', limit: 60, windowSeconds: 60 };
/** A handful of moves an hour: each one sends the peer an updated invitation. */
export const RESCHEDULES: RateLimit = { action: 'reschedule', limit: 5, windowSeconds: 60 * 60 };

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The counter's id: no user id in it (the erasure scan finds none), yet stable per tenant, person, action, window. */
export function rateLimitId(tenantId: string, userId: string, action: string, windowStart: number): string {
  const who = hex(sha1(new TextEncoder().encode(`${tenantId}:${userId}`))).slice(0, 24);
  return `rate.${action}.${who}.${windowStart}`;
}

function throttled(limit: RateLimit, retryAfterSeconds: number): AppError {
  return new AppError(
    'throttled',
    `Too many requests: at most ${limit.limit} in ${limit.windowSeconds / 60} minutes. Try again later.`,
    { code: 'rate_limited', retryAfterSeconds: Math.max(1, retryAfterSeconds) },
  );
}

/** Counts one request of `userId`; throws AppError 'throttled' (429) when the window's limit is already used. */
export async function takeRateLimit(
  store: DocumentStore<LeaseDocument>,
  tenantId: string,
  userId: string,
  limit: RateLimit,
  now: Date,
): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const retryAfterSeconds = Math.ceil((windowStart + windowMs - now.getTime()) / 1000);
  const id = rateLimitId(tenantId, userId, limit.action, windowStart);
  const existing = await store.get(tenantId, id);
  if (!existing) {
    try {
      await store.create({
        id,
        tenantId,
        kind: 'rate-limit',
        action: limit.action,
        windowStart,
        count: 1,
        ttl: limit.windowSeconds + 60,
      });
      return;
    } catch (e) {
      // Another instance counted this person's first request of the window meanwhile: count on theirs.
      if (!(isAppError(e) && e.kind === 'conflict')) throw e;
    }
  }
  let over = false;
  await updateWithRetry(store, tenantId, id, (doc) => {
    if (doc.kind !== 'rate-limit') return null;
    over = doc.count >= limit.limit;
    return over ? null : { ...doc, count: doc.count + 1 };
  });
  if (over) throw throttled(limit, retryAfterSeconds);
}
