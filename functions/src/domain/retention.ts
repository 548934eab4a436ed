import { isDone } from './pairings/lifecycle';
import { type DocumentStore, type Repositories } from './ports';

/**
 * How long Pairwise keeps what it stores (docs/operations.md → Privacy), as Cosmos time-to-live in seconds. Cosmos
 * counts a document's `ttl` from its last write, so: an audit entry from when it was written, feedback from when
 * it was last submitted, a pairing from when it ended or was cancelled (a live pairing has none), a round from its
 * last change. Enrollments have none: they live until the person leaves or is erased (and erasure is immediate).
 */
export interface Retention {
  auditDays: number;
  feedbackDays: number;
  endedPairingDays: number;
  roundDays: number;
}

/** The documented policy; config.ts carries the same defaults and composition.ts passes the configured values. */
export const DEFAULT_RETENTION: Retention = {
  auditDays: 400,
  feedbackDays: 730,
  endedPairingDays: 365,
  roundDays: 365,
};

export const ttlSeconds = (days: number): number => days * 86_400;

type WithTtl = { id: string; tenantId: string; ttl?: number | undefined };

/** The store with every write stamped by `ttlOf` (undefined: the document stays until deleted). */
function stamped<T extends WithTtl>(
  store: DocumentStore<T>,
  ttlOf: (doc: T) => number | undefined,
): DocumentStore<T> {
  const stamp = (doc: T): T => {
    const ttl = ttlOf(doc);
    const { ttl: _old, ...rest } = doc;
    return (ttl === undefined ? rest : { ...rest, ttl }) as T;
  };
  return {
    get: (tenantId, id) => store.get(tenantId, id),
    create: (doc) => store.create(stamp(doc)),
    replace: (doc, etag) => store.replace(stamp(doc), etag),
    upsert: (doc) => store.upsert(stamp(doc)),
    delete: (tenantId, id, etag) => store.delete(tenantId, id, etag),
    query: (tenantId, spec) => store.query(tenantId, spec),
    queryAll: (tenantId, spec, limit) => store.queryAll(tenantId, spec, limit),
  };
}

/**
 * The retention policy applied to every write, once (composition.ts): whichever service writes an audit entry,
 * feedback, a pairing or a round, the document carries the `ttl` the policy gives it. A pairing gets one only
 * when it is done (ended or cancelled); a pairing brought back to life would lose it again.
 */
export function withRetention<R extends Repositories>(repos: R, retention: Retention): R {
  return {
    ...repos,
    audit: stamped(repos.audit, () => ttlSeconds(retention.auditDays)),
    feedback: stamped(repos.feedback, () => ttlSeconds(retention.feedbackDays)),
    pairings: stamped(repos.pairings, (doc) =>
      isDone(doc) ? ttlSeconds(retention.endedPairingDays) : undefined,
    ),
    rounds: stamped(repos.rounds, () => ttlSeconds(retention.roundDays)),
    // A workspace (and each private note) lives as long as an ended pairing, counted from its last change: rounds
    // last at most 26 weeks, so a workspace still in use is never that old, and one left alone goes with its pairing.
    workspaces: stamped(repos.workspaces, () => ttlSeconds(retention.endedPairingDays)),
  };
}
