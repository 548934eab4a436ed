import { readFileSync } from 'node:fs';

import { CosmosClient, type Database } from '@azure/cosmos';

import { type LocalCosmos, startLocalCosmos } from '../../../dev/parts/cosmos';
import { ensureLocalCa, localStateDir } from '../../../dev/tls/local-ca';
import { ensureDatabase } from '../../../functions/src/adapters/cosmos/cosmos-client';

/** The real local parts over real TLS; Node trusts the local CA only via NODE_EXTRA_CA_CERTS set at start. */
export function localCa(): ReturnType<typeof ensureLocalCa> {
  const ca = ensureLocalCa(localStateDir('tls'));
  const trusted = process.env.NODE_EXTRA_CA_CERTS;
  if (!trusted || readFileSync(trusted, 'utf8').trim() !== ca.caCertPem.trim()) {
    throw new Error(
      `Run with NODE_EXTRA_CA_CERTS=${ca.caCertPath} (npm test sets it), e.g. NODE_EXTRA_CA_CERTS=${ca.caCertPath} npx jest tests/integration/backend`,
    );
  }
  return ca;
}

export interface CosmosPart {
  cosmos: LocalCosmos;
  client: CosmosClient;
  database: Database;
  stop(): Promise<void>;
}

export async function startCosmos(databaseId = 'pairwise-test'): Promise<CosmosPart> {
  const ca = localCa();
  const cosmos = await startLocalCosmos(ca.serverCert);
  const client = new CosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key });
  const database = await ensureDatabase(client, databaseId);
  return {
    cosmos,
    client,
    database,
    stop: async () => {
      client.dispose();
      await cosmos.stop();
    },
  };
}
