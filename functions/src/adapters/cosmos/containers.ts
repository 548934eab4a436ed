import type { ContainerDefinition } from '@azure/cosmos';

/**
 * The containers Pairwise stores data in. `defaultTtl: -1` turns Cosmos TTL on without a container-wide expiry:
 * each document carries its own `ttl`, set from the retention settings (domain/retention.ts, docs/operations.md). infra/ creates the same list in Azure (a test cross-checks), and the
 * local stack creates it at start. Partition keys: see docs/decisions/0002-cosmos-partitioning.md.
 */
export const containerDefinitions = [
  { id: 'programs', partitionKey: { paths: ['/tenantId'] } },
  { id: 'participants', partitionKey: { paths: ['/tenantId'] } },
  // TTL on, no default (-1): only documents that carry a `ttl` expire (retention per kind; rate-limit counters).
  { id: 'rounds', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
  { id: 'pairings', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
  { id: 'feedback', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
  { id: 'audit', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
  { id: 'leases', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
  // Pair workspaces and private notes: each expires a retention period after its last change.
  { id: 'workspaces', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
] as const satisfies readonly ContainerDefinition[];

export type ContainerName = (typeof containerDefinitions)[number]['id'];
