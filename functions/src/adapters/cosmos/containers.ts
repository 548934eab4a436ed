import type { ContainerDefinition } from '@azure/cosmos';

/**
 * The containers Pairwise stores data in. infra/ creates the same list in Azure (a test cross-checks), and the
 * local stack creates it at start. Partition keys: see docs/decisions/0002-cosmos-partitioning.md.
 */
export const containerDefinitions = [
  { id: 'programs', partitionKey: { paths: ['/tenantId'] } },
  { id: 'participants', partitionKey: { paths: ['/tenantId'] } },
  { id: 'rounds', partitionKey: { paths: ['/tenantId'] } },
  { id: 'pairings', partitionKey: { paths: ['/tenantId'] } },
  { id: 'feedback', partitionKey: { paths: ['/tenantId'] } },
  { id: 'audit', partitionKey: { paths: ['/tenantId'] } },
  // TTL on, no default (-1): only documents that carry a `ttl` expire (the rate-limit counters).
  { id: 'leases', partitionKey: { paths: ['/tenantId'] }, defaultTtl: -1 },
] as const satisfies readonly ContainerDefinition[];

export type ContainerName = (typeof containerDefinitions)[number]['id'];
