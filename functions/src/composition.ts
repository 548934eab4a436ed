import { type Database } from '@azure/cosmos';
import { type QueueServiceClient } from '@azure/storage-queue';

import { type Config } from './config';
import { createCosmosClient } from './adapters/cosmos/cosmos-client';
import { GraphAccess } from './adapters/graph/graph-client';
import { fetchOpenIdConfiguration } from './adapters/identity/openid-metadata';
import { createQueueServiceClient } from './adapters/queues/queue-client';
import { type DependencyName, type HealthProbe } from './functions/health';

/**
 * Wires adapters to the domain once per cold start. Clients are created lazily so that a missing dependency
 * shows up in /api/health instead of failing every function at load.
 */
export interface Services {
  config: Config;
  database: Database;
  queues: QueueServiceClient;
  graph: GraphAccess;
  healthProbes: Record<DependencyName, HealthProbe>;
}

export function compose(config: Config): Services {
  const cosmos = createCosmosClient(config);
  const database = cosmos.database(config.COSMOS_DATABASE);
  const queues = createQueueServiceClient(config);
  const graph = new GraphAccess(config);
  const firstTenant = config.ALLOWED_TENANT_IDS[0] ?? '';
  return {
    config,
    database,
    queues,
    graph,
    healthProbes: {
      cosmos: async () => {
        await database.read();
      },
      storage: async () => {
        await queues.getProperties();
      },
      identity: async () => {
        await fetchOpenIdConfiguration(config.AUTHORITY_HOST, firstTenant);
      },
      graph: async () => {
        // A token and one cheap read: proves the credential, the consent and Graph's reachability together.
        await graph.client(firstTenant).api('/users').select('id').top(1).get();
      },
    },
  };
}
