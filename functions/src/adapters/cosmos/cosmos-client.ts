import { type Container, CosmosClient, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';

import { type Config } from '../../config';
import { containerDefinitions, type ContainerName } from './containers';

export function createCosmosClient(config: Pick<Config, 'COSMOS_ENDPOINT' | 'COSMOS_KEY'>): CosmosClient {
  // In Azure key auth is disabled: the function app's managed identity holds a data-plane role.
  return config.COSMOS_KEY
    ? new CosmosClient({ endpoint: config.COSMOS_ENDPOINT, key: config.COSMOS_KEY })
    : new CosmosClient({ endpoint: config.COSMOS_ENDPOINT, aadCredentials: new DefaultAzureCredential() });
}

/** Creates the database and containers if missing (local stack and tests; infra/ does it in Azure). */
export async function ensureDatabase(client: CosmosClient, databaseId: string): Promise<Database> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  for (const definition of containerDefinitions) {
    await database.containers.createIfNotExists({
      ...definition,
      partitionKey: { ...definition.partitionKey, paths: [...definition.partitionKey.paths] },
    });
  }
  return database;
}

export function containerOf(database: Database, name: ContainerName): Container {
  return database.container(name);
}
