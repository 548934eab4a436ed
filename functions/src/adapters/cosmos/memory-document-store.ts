import { type z } from 'zod';

import {
  AuditDocumentSchema,
  FeedbackDocumentSchema,
  LeaseDocumentSchema,
  PairingDocumentSchema,
  ParticipantDocumentSchema,
  ProgramDocumentSchema,
  RoundDocumentSchema,
  WorkspaceStoredDocumentSchema,
} from '../../domain/model';
import {
  type Condition,
  type DocumentStore,
  type Page,
  queryAllPages,
  type QuerySpec,
  type Repositories,
  type Stored,
} from '../../domain/ports';
import { AppError, conflict, invalid, preconditionFailed } from '../../errors';

/**
 * An in-memory DocumentStore with the Cosmos semantics the code relies on (create-if-absent → 409, If-Match → 412,
 * tenant-scoped queries, continuation-token paging). For unit tests and fuzzing; integration tests use the real
 * Cosmos server through CosmosDocumentStore.
 */
function valueAt(doc: unknown, field: string): unknown {
  let current: unknown = doc;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

function matches(doc: unknown, condition: Condition): boolean {
  const value = valueAt(doc, condition.field);
  switch (condition.op) {
    case 'eq':
      return condition.value === null ? value === undefined || value === null : value === condition.value;
    case 'ne':
      return condition.value === null
        ? value !== undefined && value !== null
        : value !== undefined && value !== condition.value;
    case 'lt':
      return typeof value === typeof condition.value && compare(value, condition.value) < 0;
    case 'lte':
      return typeof value === typeof condition.value && compare(value, condition.value) <= 0;
    case 'gt':
      return typeof value === typeof condition.value && compare(value, condition.value) > 0;
    case 'gte':
      return typeof value === typeof condition.value && compare(value, condition.value) >= 0;
    case 'in':
      return condition.values.some((candidate) => candidate === value);
    case 'contains':
      return Array.isArray(value) && value.includes(condition.value);
    case 'startsWith':
      return typeof value === 'string' && value.startsWith(condition.value);
    case 'includes':
      return typeof value === 'string' && value.includes(condition.value);
    case 'defined':
      return (value !== undefined) === condition.value;
  }
}

export class MemoryDocumentStore<T extends { id: string; tenantId: string }> implements DocumentStore<T> {
  private readonly items = new Map<string, { json: string; etag: string }>();
  private version = 0;

  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly what: string,
  ) {}

  private key(tenantId: string, id: string): string {
    return `${tenantId}\u0000${id}`;
  }

  private parse(json: string, etag: string): Stored<T> {
    return { doc: this.schema.parse(JSON.parse(json)), etag };
  }

  private write(doc: T): Stored<T> {
    const etag = `"m-${++this.version}"`;
    const json = JSON.stringify(doc);
    this.items.set(this.key(doc.tenantId, doc.id), { json, etag });
    return this.parse(json, etag);
  }

  /** Every stored document (for assertions that nothing changed). */
  snapshot(): string {
    return JSON.stringify([...this.items.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  get(tenantId: string, id: string): Promise<Stored<T> | null> {
    const item = this.items.get(this.key(tenantId, id));
    return Promise.resolve(item ? this.parse(item.json, item.etag) : null);
  }

  create(doc: T): Promise<Stored<T>> {
    if (this.items.has(this.key(doc.tenantId, doc.id)))
      return Promise.reject(conflict(`${this.what} already exists.`));
    return Promise.resolve(this.write(doc));
  }

  replace(doc: T, etag?: string): Promise<Stored<T>> {
    const existing = this.items.get(this.key(doc.tenantId, doc.id));
    if (!existing)
      return Promise.reject(new AppError('not-found', `${this.what} was not found.`, { code: 'not_found' }));
    if (etag !== undefined && existing.etag !== etag) return Promise.reject(preconditionFailed());
    return Promise.resolve(this.write(doc));
  }

  upsert(doc: T): Promise<Stored<T>> {
    return Promise.resolve(this.write(doc));
  }

  delete(tenantId: string, id: string, etag?: string): Promise<void> {
    const existing = this.items.get(this.key(tenantId, id));
    if (!existing) return Promise.resolve();
    if (etag !== undefined && existing.etag !== etag) return Promise.reject(preconditionFailed());
    this.items.delete(this.key(tenantId, id));
    return Promise.resolve();
  }

  query(tenantId: string, spec: QuerySpec): Promise<Page<T>> {
    let offset = 0;
    if (spec.continuationToken !== undefined) {
      const parsed = /^o(\d{1,9})$/.exec(Buffer.from(spec.continuationToken, 'base64url').toString('utf8'));
      if (!parsed?.[1]) {
        return Promise.reject(
          invalid('The continuation token is not valid.', [
            { path: 'query.continuationToken', issue: 'Not a token from this API' },
          ]),
        );
      }
      offset = Number(parsed[1]);
    }
    const all = [...this.items.values()]
      .map((item) => ({ item, doc: JSON.parse(item.json) as T }))
      .filter(({ doc }) => doc.tenantId === tenantId && (spec.where ?? []).every((c) => matches(doc, c)));
    if (spec.orderBy) {
      const { field, direction } = spec.orderBy;
      all.sort(
        (a, b) => compare(valueAt(a.doc, field), valueAt(b.doc, field)) * (direction === 'desc' ? -1 : 1),
      );
    }
    const pageSize = Math.min(Math.max(spec.pageSize ?? 100, 1), 1000);
    const slice = all.slice(offset, offset + pageSize);
    const next =
      offset + pageSize < all.length
        ? Buffer.from(`o${offset + pageSize}`, 'utf8').toString('base64url')
        : null;
    return Promise.resolve({
      items: slice.map(({ item }) => this.parse(item.json, item.etag)),
      continuationToken: next,
    });
  }

  queryAll(
    tenantId: string,
    spec: Omit<QuerySpec, 'continuationToken' | 'pageSize'>,
    limit = 50_000,
  ): Promise<Stored<T>[]> {
    return queryAllPages(this, tenantId, spec, limit);
  }
}

export type MemoryRepositories = { [K in keyof Repositories]: Repositories[K] & { snapshot(): string } };

export function createMemoryRepositories(): MemoryRepositories {
  return {
    programs: new MemoryDocumentStore(ProgramDocumentSchema, 'The program'),
    participants: new MemoryDocumentStore(ParticipantDocumentSchema, 'The enrollment'),
    rounds: new MemoryDocumentStore(RoundDocumentSchema, 'The round'),
    pairings: new MemoryDocumentStore(PairingDocumentSchema, 'The pairing'),
    feedback: new MemoryDocumentStore(FeedbackDocumentSchema, 'The feedback'),
    audit: new MemoryDocumentStore(AuditDocumentSchema, 'The audit entry'),
    leases: new MemoryDocumentStore(LeaseDocumentSchema, 'The lease'),
    workspaces: new MemoryDocumentStore(WorkspaceStoredDocumentSchema, 'The workspace'),
  };
}
