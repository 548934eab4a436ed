import { DefaultAzureCredential } from '@azure/identity';
import { QueueServiceClient } from '@azure/storage-queue';

import { type Config } from '../../config';

export function createQueueServiceClient(
  config: Pick<Config, 'AzureWebJobsStorage' | 'AzureWebJobsStorage__queueServiceUri'>,
): QueueServiceClient {
  if (config.AzureWebJobsStorage) {
    return QueueServiceClient.fromConnectionString(config.AzureWebJobsStorage);
  }
  if (config.AzureWebJobsStorage__queueServiceUri) {
    return new QueueServiceClient(config.AzureWebJobsStorage__queueServiceUri, new DefaultAzureCredential());
  }
  throw new Error('No storage connection configured');
}

/**
 * The Functions host decodes queue messages as base64 by default (host.json `messageEncoding`), so messages we
 * enqueue ourselves are encoded the same way.
 */
export function encodeQueueMessage(message: unknown): string {
  return Buffer.from(JSON.stringify(message), 'utf8').toString('base64');
}
