import {
  type AuditDocument,
  type FeedbackDocument,
  type LeaseDocument,
  type PairingDocument,
  type ParticipantDocument,
  type ProgramDocument,
  type RoundDocument,
  type WorkspaceStoredDocument,
} from './model';

/**
 * The persistence port. One generic store per container, implemented over Cosmos (adapters/cosmos) and in memory
 * (unit tests). Every operation is scoped by tenant: the store puts `tenantId` into the WHERE clause of every query
 * and uses it as the partition key of every point operation, so a caller cannot forget it.
 */
export interface Stored<T> {
  doc: T;
  etag: string;
}

export type Scalar = string | number | boolean | null;

export type Condition =
  | { field: string; op: 'eq' | 'ne'; value: Scalar }
  | { field: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: string | number }
  | { field: string; op: 'in'; values: Scalar[] }
  /** The array at `field` contains `value`. */
  | { field: string; op: 'contains'; value: Scalar }
  | { field: string; op: 'startsWith'; value: string }
  /** The string at `field` contains `value` (case-sensitive: search fields are stored lower-cased). */
  | { field: string; op: 'includes'; value: string }
  | { field: string; op: 'defined'; value: boolean };

export interface QuerySpec {
  where?: Condition[];
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  /** Page size (1–1000); the store pages with continuation tokens, never OFFSET/LIMIT. */
  pageSize?: number;
  continuationToken?: string;
}

export interface Page<T> {
  items: Stored<T>[];
  continuationToken: string | null;
}

export interface DocumentStore<T extends { id: string; tenantId: string }> {
  get(tenantId: string, id: string): Promise<Stored<T> | null>;
  /** Create-if-absent: AppError 'conflict' when the id exists. */
  create(doc: T): Promise<Stored<T>>;
  /** With `etag`: If-Match, AppError 'precondition-failed' (412) when it changed. Without: unconditional. */
  replace(doc: T, etag?: string): Promise<Stored<T>>;
  upsert(doc: T): Promise<Stored<T>>;
  /** Missing documents are ignored. */
  delete(tenantId: string, id: string, etag?: string): Promise<void>;
  query(tenantId: string, spec: QuerySpec): Promise<Page<T>>;
  /** Every match, page by page (bounded by `limit`, default 50,000). */
  queryAll(
    tenantId: string,
    spec: Omit<QuerySpec, 'continuationToken' | 'pageSize'>,
    limit?: number,
  ): Promise<Stored<T>[]>;
}

/** Every page of a query, one at a time, by continuation token: the one paging loop for every store. */
export async function* queryPages<T extends { id: string; tenantId: string }>(
  store: Pick<DocumentStore<T>, 'query'>,
  tenantId: string,
  spec: Omit<QuerySpec, 'continuationToken' | 'pageSize'>,
  pageSize: number,
): AsyncGenerator<Stored<T>[]> {
  let continuationToken: string | undefined;
  do {
    const page = await store.query(tenantId, {
      ...spec,
      pageSize,
      ...(continuationToken ? { continuationToken } : {}),
    });
    yield page.items;
    continuationToken = page.continuationToken ?? undefined;
  } while (continuationToken);
}

/** Reads every page of a query (1,000 per page) until the last one or `limit` items. */
export async function queryAllPages<T extends { id: string; tenantId: string }>(
  store: Pick<DocumentStore<T>, 'query'>,
  tenantId: string,
  spec: Omit<QuerySpec, 'continuationToken' | 'pageSize'>,
  limit: number,
): Promise<Stored<T>[]> {
  const all: Stored<T>[] = [];
  for await (const items of queryPages(store, tenantId, spec, 1000)) {
    all.push(...items);
    if (all.length >= limit) break;
  }
  return all.slice(0, limit);
}

export interface Repositories {
  programs: DocumentStore<ProgramDocument>;
  participants: DocumentStore<ParticipantDocument>;
  rounds: DocumentStore<RoundDocument>;
  pairings: DocumentStore<PairingDocument>;
  feedback: DocumentStore<FeedbackDocument>;
  audit: DocumentStore<AuditDocument>;
  /** Operational state of background work (sweep cursors, team load counters). */
  leases: DocumentStore<LeaseDocument>;
  /** Pair workspaces (shared agendas, goals, check-ins) and each member's private notes. */
  workspaces: DocumentStore<WorkspaceStoredDocument>;
}

/** Reads the clock; injected so tests control time. */
export type Clock = () => Date;
/** Mints opaque ids (programs, pairings, audit entries). */
export type IdGenerator = (prefix: string) => string;
