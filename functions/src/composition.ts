import { randomBytes } from 'node:crypto';

import { type Database } from '@azure/cosmos';
import { ManagedIdentityCredential } from '@azure/identity';
import { type QueueServiceClient } from '@azure/storage-queue';

import { createCosmosClient } from './adapters/cosmos/cosmos-client';
import { createCosmosRepositories } from './adapters/cosmos/repositories';
import { CachedDirectory } from './adapters/directory/cached-directory';
import { GraphDirectory } from './adapters/directory/graph-directory';
import { GraphAccess } from './adapters/graph/graph-client';
import { fetchOpenIdConfiguration } from './adapters/identity/openid-metadata';
import { QueueBookingPublisher } from './adapters/queues/booking-publisher';
import { createQueueServiceClient } from './adapters/queues/queue-client';
import { type Config } from './config';
import { type Deps } from './domain/deps';
import { planRound } from './domain/matching';
import { plannerFrom } from './domain/rounds/matching-planner';
import { type RoundPlanner } from './domain/rounds/planner';
import { type DependencyName, type HealthProbe } from './functions/health';
import { type Authenticator, createAuthenticator, remoteSigningKeys } from './http/auth';

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
  auth: Authenticator;
  deps: Deps;
}

/** Random, URL- and Cosmos-safe ids: `p-` + 16 base32 characters. */
export function newId(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += alphabet[byte & 31];
  return `${prefix}-${id}`;
}

export function compose(config: Config, overrides: { planner?: RoundPlanner } = {}): Services {
  const cosmos = createCosmosClient(config);
  const database = cosmos.database(config.COSMOS_DATABASE);
  const queues = createQueueServiceClient(config);
  // In Azure there is no secret: the managed identity's token is the client assertion of a federated credential.
  const federatedClientId = config.GRAPH_FEDERATED_IDENTITY_CLIENT_ID;
  const graph = new GraphAccess(
    config,
    federatedClientId && !config.GRAPH_CLIENT_SECRET
      ? async () =>
          (
            await new ManagedIdentityCredential({ clientId: federatedClientId }).getToken(
              'api://AzureADTokenExchange/.default',
            )
          ).token
      : undefined,
  );
  const firstTenant = config.ALLOWED_TENANT_IDS[0] ?? '';
  const deps: Deps = {
    repos: createCosmosRepositories(database),
    directory: new CachedDirectory(new GraphDirectory((tenantId) => graph.client(tenantId))),
    bookings: new QueueBookingPublisher(queues),
    planner: overrides.planner ?? plannerFrom(planRound),
    clock: () => new Date(),
    newId,
  };
  return {
    config,
    database,
    queues,
    graph,
    auth: createAuthenticator(config, remoteSigningKeys(config.AUTHORITY_HOST)),
    deps,
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
