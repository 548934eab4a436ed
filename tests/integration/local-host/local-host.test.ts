import { QueueServiceClient } from '@azure/storage-queue';

import { readHostSettings } from '../../../dev/local-host/host-settings';
import { type LocalFunctionsHost, startLocalFunctionsHost } from '../../../dev/local-host/local-host';
import { type LocalAzurite, startLocalAzurite } from '../../../dev/parts/azurite';
import { encodeQueueMessage } from '../../../functions/src/adapters/queues/queue-client';
import { type FunctionDefinition } from '../../../functions/src/function-registry';

/** The local Functions host against a real Azurite: queue retries and poison, timers, HTTP routing. */
describe('local functions host', () => {
  let azurite: LocalAzurite;
  let service: QueueServiceClient;
  let host: LocalFunctionsHost;
  const attempts = new Map<string, number[]>();
  const received: unknown[] = [];
  let timerRuns = 0;

  const functions: FunctionDefinition[] = [
    {
      kind: 'queue',
      name: 'always-fails',
      queueName: 'test-failing',
      connection: 'AzureWebJobsStorage',
      handler: (message, context) => {
        const id = (message as { id: string }).id;
        attempts.set(id, [...(attempts.get(id) ?? []), context.triggerMetadata?.dequeueCount as number]);
        return Promise.reject(new Error('always fails'));
      },
    },
    {
      kind: 'queue',
      name: 'works',
      queueName: 'test-working',
      connection: 'AzureWebJobsStorage',
      handler: (message) => {
        received.push(message);
        return Promise.resolve();
      },
    },
    {
      kind: 'timer',
      name: 'every-second',
      schedule: '%TEST_TIMER_SCHEDULE%',
      handler: (timer) => {
        expect(typeof timer.isPastDue).toBe('boolean');
        timerRuns++;
        return Promise.resolve();
      },
    },
    {
      kind: 'http',
      name: 'echo',
      route: 'echo/{name}',
      methods: ['POST'],
      handler: async (request) => ({
        status: 201,
        jsonBody: { name: request.params.name, body: await request.json() },
      }),
    },
  ];

  beforeAll(async () => {
    azurite = await startLocalAzurite();
    service = QueueServiceClient.fromConnectionString(azurite.connectionString);
    const settings = readHostSettings();
    host = await startLocalFunctionsHost({
      port: 0,
      functions,
      settings: { TEST_TIMER_SCHEDULE: '* * * * * *' },
      hostSettings: {
        ...settings,
        queues: { ...settings.queues, visibilityTimeoutMs: 0, maxPollingIntervalMs: 200 },
      },
      queueService: service,
      scheduleTimers: true,
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await host.stop();
    await azurite.stop();
  });

  it('delivers a base64 JSON message as an object and deletes it', async () => {
    const queue = service.getQueueClient('test-working');
    await queue.createIfNotExists();
    await queue.sendMessage(encodeQueueMessage({ pairingId: 'p-1' }));
    await host.queuesIdle();
    expect(received).toContainEqual({ pairingId: 'p-1' });
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
  });

  it('moves a message that always fails to the -poison queue after 5 attempts', async () => {
    const queue = service.getQueueClient('test-failing');
    await queue.createIfNotExists();
    await queue.sendMessage(encodeQueueMessage({ id: 'm-1' }));
    await host.queuesIdle();
    expect(attempts.get('m-1')).toEqual([1, 2, 3, 4, 5]);
    const poison = await service
      .getQueueClient('test-failing-poison')
      .receiveMessages({ numberOfMessages: 32 });
    expect(poison.receivedMessageItems).toHaveLength(1);
    expect(
      JSON.parse(Buffer.from(poison.receivedMessageItems[0]!.messageText, 'base64').toString('utf8')),
    ).toEqual({ id: 'm-1' });
  });

  it('fires a timer on its schedule (resolved from an app setting) and on demand', async () => {
    const before = timerRuns;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(timerRuns).toBeGreaterThanOrEqual(before + 1);
    const scheduled = timerRuns;
    const response = await fetch(`http://127.0.0.1:${host.port}/admin/functions/every-second`, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    expect(timerRuns).toBeGreaterThanOrEqual(scheduled + 1);
  });

  it('routes HTTP requests with parameters and answers unknown routes and methods like the host', async () => {
    const base = `http://127.0.0.1:${host.port}/api`;
    const ok = await fetch(`${base}/echo/ada`, {
      method: 'POST',
      body: JSON.stringify({ a: 1 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ name: 'ada', body: { a: 1 } });
    expect((await fetch(`${base}/echo/ada`)).status).toBe(405);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });
});
