import { createHash } from 'node:crypto';

import { type Container, type ItemDefinition, type SqlParameter } from '@azure/cosmos';
import { type z } from 'zod';

import {
  type DocumentStore,
  type Page,
  queryAllPages,
  type QuerySpec,
  type Stored,
} from '../../domain/ports';
import { AppError, conflict, detail, ensureError, invalid, preconditionFailed } from '../../errors';
import { currentLogger } from '../../observability';

const fieldPattern = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/** Field paths come from our code, never from a request; still, only plain dotted identifiers reach the SQL. */
export function fieldRef(field: string): string {
  if (!fieldPattern.test(field)) throw new Error(`Not a queryable field: ${field}`);
  return `c.${field}`;
}

/**
 * Builds the SQL of a query. The tenant is always the first condition: the local Cosmos server ignores the
 * `partitionKey` request option, and against real Cosmos it keeps the query single-partition. Only what both
 * support is used: no OFFSET/LIMIT, GROUP BY, DISTINCT or LIKE.
 */
export function buildQuery(
  tenantId: string,
  spec: Pick<QuerySpec, 'where' | 'orderBy'>,
): { query: string; parameters: SqlParameter[] } {
  const parameters: SqlParameter[] = [{ name: '@tenantId', value: tenantId }];
  const clauses = ['c.tenantId = @tenantId'];
  const param = (value: SqlParameter['value']): string => {
    const name = `@p${parameters.length}`;
    parameters.push({ name, value });
    return name;
  };
  for (const condition of spec.where ?? []) {
    const ref = fieldRef(condition.field);
    switch (condition.op) {
      case 'eq':
        clauses.push(
          condition.value === null
            ? `(NOT IS_DEFINED(${ref}) OR IS_NULL(${ref}))`
            : `${ref} = ${param(condition.value)}`,
        );
        break;
      case 'ne':
        clauses.push(
          condition.value === null
            ? `(IS_DEFINED(${ref}) AND NOT IS_NULL(${ref}))`
            : `${ref} != ${param(condition.value)}`,
        );
        break;
      case 'lt':
        clauses.push(`${ref} < ${param(condition.value)}`);
        break;
      case 'lte':
        clauses.push(`${ref} <= ${param(condition.value)}`);
        break;
      case 'gt':
        clauses.push(`${ref} > ${param(condition.value)}`);
        break;
      case 'gte':
        clauses.push(`${ref} >= ${param(condition.value)}`);
        break;
      case 'in':
        clauses.push(
          condition.values.length === 0 ? 'false' : `ARRAY_CONTAINS(${param(condition.values)}, ${ref})`,
        );
        break;
      case 'contains':
        clauses.push(`ARRAY_CONTAINS(${ref}, ${param(condition.value)})`);
        break;
      case 'startsWith':
        clauses.push(`STARTSWITH(${ref}, ${param(condition.value)})`);
        break;
      case 'includes':
        clauses.push(`CONTAINS(${ref}, ${param(condition.value)})`);
        break;
      case 'defined':
        clauses.push(condition.value ? `IS_DEFINED(${ref})` : `NOT IS_DEFINED(${ref})`);
        break;
    }
  }
  let query = `SELECT * FROM c WHERE ${clauses.join(' AND ')}`;
  if (spec.orderBy)
    query += ` ORDER BY ${fieldRef(spec.orderBy.field)} ${spec.orderBy.direction === 'desc' ? 'DESC' : 'ASC'}`;
  return { query, parameters };
}

interface CosmosLikeError {
  code?: number | string;
  retryAfterInMs?: number;
}

function statusOfCosmosError(e: unknown): number | undefined {
  const code = (e as CosmosLikeError | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Cosmos failures become typed errors; the Cosmos message (which may quote data) is never passed on. */
export function toAppError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e;
  const status = statusOfCosmosError(e);
  if (status === 409) return conflict(`${what} already exists.`);
  if (status === 412) return preconditionFailed();
  if (status === 429) {
    const ms = (e as CosmosLikeError).retryAfterInMs ?? 1000;
    return new AppError('throttled', 'The service is busy; try again shortly.', {
      code: 'throttled',
      retryAfterSeconds: ms / 1000,
    });
  }
  return new AppError('unavailable', 'The data store is unavailable; try again shortly.', {
    code: 'store_unavailable',
    retryAfterSeconds: 5,
    cause: ensureError(e),
  });
}

/** Drops Cosmos system properties (`_rid`, `_self`, `_etag`, `_ts`, `_attachments`) before validation. */
export function withoutSystemProperties(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !key.startsWith('_')));
}

const badToken = () =>
  invalid('The continuation token is not valid.', [
    detail('query.continuationToken', 'continuation-token', 'Not a token from this API'),
  ]);

/** Which query a token belongs to: a token is only accepted back for the same query in the same tenant. */
function queryFingerprint(spec: { query: string; parameters: SqlParameter[] }): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url').slice(0, 16);
}

/** Cosmos tokens are opaque JSON; clients get them wrapped (base64url) and bound to the query that issued them. */
function encodeToken(token: string, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: fingerprint, t: token }), 'utf8').toString('base64url');
}

function decodeToken(token: string, fingerprint: string): string {
  if (!/^[A-Za-z0-9_-]{1,8000}$/.test(token)) throw badToken();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badToken();
  }
  const value = parsed as { v?: unknown; q?: unknown; t?: unknown } | null;
  if (
    !value ||
    value.v !== 1 ||
    value.q !== fingerprint ||
    typeof value.t !== 'string' ||
    value.t.length === 0
  )
    throw badToken();
  return value.t;
}

const transientCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ECONNREFUSED',
]);
/** Failures before any byte of the request left: retrying cannot apply a write twice. */
const notSentCodes = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

/** A dropped connection (e.g. a keep-alive socket the server closed while idle), not an answer from Cosmos. */
export function isTransientNetworkError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && transientCodes.has(code);
}

/**
 * Retries idempotent operations (reads, queries, upserts, deletes) after a dropped connection. Creates and
 * conditional replaces are not retried here: a lost answer to a write that succeeded would come back as 409/412.
 */
async function retryTransient<R>(operation: () => Promise<R>, attempts = 3): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (e) {
      if (!isTransientNetworkError(e) || attempt >= attempts) throw e;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** A connection refused (e.g. the server's accept queue full for a moment) never carried the write: retried. */
async function retryNotSent<R>(operation: () => Promise<R>, attempts = 3): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !notSentCodes.has(code) || attempt >= attempts) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Told about stored documents a query skipped because they no longer match their schema (no content, no ids). */
export type InvalidDocumentReporter = (what: string, issueCount: number) => void;

const warnInvalid: InvalidDocumentReporter = (what, issueCount) =>
  currentLogger().warn('cosmos: skipped a stored document that does not match its schema', {
    what,
    issueCount,
  });

export class CosmosDocumentStore<T extends { id: string; tenantId: string }> implements DocumentStore<T> {
  constructor(
    private readonly container: Container,
    private readonly schema: z.ZodType<T>,
    private readonly what: string,
    private readonly reportInvalid: InvalidDocumentReporter = warnInvalid,
  ) {}

  private validate(resource: ItemDefinition, etag: string | undefined): Stored<T> | { issues: number } {
    const result = this.schema.safeParse(withoutSystemProperties(resource));
    if (!result.success) return { issues: result.error.issues.length };
    return { doc: result.data, etag: etag ?? (typeof resource._etag === 'string' ? resource._etag : '') };
  }

  private parse(resource: ItemDefinition, etag: string | undefined): Stored<T> {
    const result = this.validate(resource, etag);
    // A stored document that no longer matches its schema is our bug, not the caller's: no data in the message.
    if ('issues' in result)
      throw new Error(`Stored ${this.what} does not match its schema (${result.issues} issues)`);
    return result;
  }

  async get(tenantId: string, id: string): Promise<Stored<T> | null> {
    try {
      const response = await retryTransient(() => this.container.item(id, tenantId).read<ItemDefinition>());
      if (response.statusCode === 404 || !response.resource) return null;
      // The partition key scopes a point read; a store that ignored it (ADR 0002: the local server ignores the
      // option on queries) must still never hand back another tenant's document with the same id.
      if (response.resource.tenantId !== tenantId) return null;
      return this.parse(response.resource, response.etag);
    } catch (e) {
      if (statusOfCosmosError(e) === 404) return null;
      throw toAppError(e, this.what);
    }
  }

  async create(doc: T): Promise<Stored<T>> {
    try {
      const response = await retryNotSent(() => this.container.items.create<ItemDefinition>(doc));
      return this.parse(response.resource ?? doc, response.etag);
    } catch (e) {
      throw toAppError(e, this.what);
    }
  }

  async replace(doc: T, etag?: string): Promise<Stored<T>> {
    try {
      const response = await retryNotSent(() =>
        this.container
          .item(doc.id, doc.tenantId)
          .replace<ItemDefinition>(
            doc,
            etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : {},
          ),
      );
      return this.parse(response.resource ?? doc, response.etag);
    } catch (e) {
      if (statusOfCosmosError(e) === 404)
        throw new AppError('not-found', `${this.what} was not found.`, { code: 'not_found' });
      throw toAppError(e, this.what);
    }
  }

  async upsert(doc: T): Promise<Stored<T>> {
    try {
      const response = await retryTransient(() => this.container.items.upsert<ItemDefinition>(doc));
      return this.parse(response.resource ?? doc, response.etag);
    } catch (e) {
      throw toAppError(e, this.what);
    }
  }

  async delete(tenantId: string, id: string, etag?: string): Promise<void> {
    try {
      await retryNotSent(() =>
        this.container
          .item(id, tenantId)
          .delete(etag ? { accessCondition: { type: 'IfMatch', condition: etag } } : {}),
      );
    } catch (e) {
      if (statusOfCosmosError(e) === 404) return;
      throw toAppError(e, this.what);
    }
  }

  async query(tenantId: string, spec: QuerySpec): Promise<Page<T>> {
    const pageSize = Math.min(Math.max(spec.pageSize ?? 100, 1), 1000);
    const sql = buildQuery(tenantId, spec);
    const fingerprint = queryFingerprint(sql);
    const continuationToken =
      spec.continuationToken === undefined ? undefined : decodeToken(spec.continuationToken, fingerprint);
    let response: { resources: ItemDefinition[]; continuationToken?: string };
    try {
      response = await retryTransient(() =>
        this.container.items
          .query<ItemDefinition>(sql, {
            partitionKey: tenantId,
            maxItemCount: pageSize,
            ...(continuationToken ? { continuationToken } : {}),
          })
          .fetchNext(),
      );
    } catch (e) {
      const status = statusOfCosmosError(e);
      // A token we issued for this very query can still be refused (expired, or tampered inside the wrapper):
      // that is the caller's to fix, not a server error.
      if (continuationToken && status !== 429 && status !== 503) throw badToken();
      throw toAppError(e, this.what);
    }
    // One malformed document (e.g. written by another component) must not break every list it appears in:
    // it is skipped and reported; point reads still fail loudly.
    const items: Stored<T>[] = [];
    for (const resource of response.resources) {
      const result = this.validate(resource, undefined);
      if ('issues' in result) this.reportInvalid(this.what, result.issues);
      else items.push(result);
    }
    const next = response.continuationToken;
    return { items, continuationToken: next ? encodeToken(next, fingerprint) : null };
  }

  queryAll(
    tenantId: string,
    spec: Omit<QuerySpec, 'continuationToken' | 'pageSize'>,
    limit = 50_000,
  ): Promise<Stored<T>[]> {
    return queryAllPages(this, tenantId, spec, limit);
  }
}
