import { randomUUID } from 'node:crypto';

import { InvocationContext } from '@azure/functions';
import { type QueueServiceClient } from '@azure/storage-queue';

import { type QueueFunctionDefinition } from '../../functions/src/function-registry';
import { type QueueSettings } from './host-settings';

/**
 * Polls Azurite for each queue-triggered function with the Azure host's semantics: a batch of messages per
 * poll, the message invisible while it runs, visible again after `visibilityTimeout` when the function fails,
 * and moved to `<queue>-poison` once it has failed `maxDequeueCount` times.
 */
export interface QueueRunner {
  /** Resolves when every queue is empty and nothing is in flight (for tests and benchmarks). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const leaseMs = 10 * 60_000; // the host keeps a message invisible while its function runs

function decode(text: string, encoding: QueueSettings['messageEncoding']): string {
  return encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
}

function toInput(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function startQueuePollers(
  definitions: QueueFunctionDefinition[],
  service: QueueServiceClient,
  settings: QueueSettings,
  log: (line: string) => void,
): QueueRunner {
  let stopped = false;
  let inFlight = 0;
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  const loops: Promise<void>[] = [];
  const emptyQueues = new Set<string>();

  async function pollOnce(definition: QueueFunctionDefinition): Promise<number> {
    const queue = service.getQueueClient(definition.queueName);
    const poison = service.getQueueClient(`${definition.queueName}-poison`);
    await queue.createIfNotExists();
    const received = await queue.receiveMessages({
      numberOfMessages: settings.batchSize,
      visibilityTimeout: leaseMs / 1000,
    });
    const messages = received.receivedMessageItems;
    if (messages.length === 0) {
      emptyQueues.add(definition.queueName);
      return 0;
    }
    emptyQueues.delete(definition.queueName);
    inFlight += messages.length;
    await Promise.all(
      messages.map(async (message) => {
        try {
          const text = decode(message.messageText, settings.messageEncoding);
          const context = new InvocationContext({
            invocationId: randomUUID(),
            functionName: definition.name,
            triggerMetadata: {
              id: message.messageId,
              dequeueCount: message.dequeueCount,
              insertionTime: message.insertedOn.toISOString(),
              expirationTime: message.expiresOn.toISOString(),
              nextVisibleTime: message.nextVisibleOn.toISOString(),
              popReceipt: message.popReceipt,
            },
            options: { trigger: { type: 'queueTrigger', name: 'message', queueName: definition.queueName } },
          });
          try {
            await definition.handler(toInput(text), context);
            await queue.deleteMessage(message.messageId, message.popReceipt);
          } catch (e) {
            log(
              `queue ${definition.name} failed (attempt ${message.dequeueCount}): ${e instanceof Error ? e.name : 'error'}`,
            );
            if (message.dequeueCount >= settings.maxDequeueCount) {
              await poison.createIfNotExists();
              await poison.sendMessage(message.messageText);
              await queue.deleteMessage(message.messageId, message.popReceipt);
            } else {
              await queue.updateMessage(
                message.messageId,
                message.popReceipt,
                undefined,
                settings.visibilityTimeoutMs / 1000,
              );
            }
          }
        } finally {
          inFlight--;
        }
      }),
    );
    return messages.length;
  }

  for (const definition of definitions) {
    loops.push(
      (async () => {
        let delay = 100;
        while (!stopped) {
          let count = 0;
          try {
            count = await pollOnce(definition);
          } catch (e) {
            if (!stopped)
              log(`queue ${definition.queueName} poll error: ${e instanceof Error ? e.name : 'error'}`);
          }
          // After a hit poll again at once; when idle back off up to maxPollingInterval, as the host does.
          delay = count > 0 ? 0 : Math.min(Math.max(delay * 2, 100), settings.maxPollingIntervalMs);
          if (delay > 0) await sleep(delay);
        }
      })(),
    );
  }

  return {
    idle: async () => {
      for (;;) {
        const counts = await Promise.all(
          definitions.map(
            async (d) =>
              (await service.getQueueClient(d.queueName).getProperties()).approximateMessagesCount ?? 0,
          ),
        );
        if (inFlight === 0 && counts.every((c) => c === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: async () => {
      stopped = true;
      for (const wake of [...sleepers]) wake();
      await Promise.all(loops);
    },
  };
}
