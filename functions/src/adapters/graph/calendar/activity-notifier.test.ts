import { GraphActivityNotifier } from './activity-notifier';
import { GraphGateway } from './graph-gateway';
import { RequestPacer, UNPACED } from './request-pacer';
import { DEFAULT_RETRY_POLICY, RetryBudget } from './retry-policy';
import { fakeGraph, json } from './testing/fake-graph';

describe('GraphActivityNotifier', () => {
  const retry = {
    policy: DEFAULT_RETRY_POLICY,
    sleep: () => Promise.resolve(),
    random: () => 0,
    now: () => 0,
  };
  /** A pacer on a virtual clock that a sleep moves forward: waits cost no real time, and can be read. */
  const virtualPacer = () => {
    const clock = { t: 0 };
    const pacer = new RequestPacer(
      UNPACED,
      undefined,
      () => clock.t,
      (ms) => {
        clock.t += ms;
        return Promise.resolve();
      },
    );
    return { clock, pacer };
  };
  const noWait = () => virtualPacer().pacer;

  it('sends one notification to all its recipients through the bulk action, with a deep link', async () => {
    const fake = fakeGraph(() => json(202));
    const notifier = new GraphActivityNotifier(new GraphGateway(fake.transport, { retry }), noWait());
    await notifier.notify({
      userIds: ['oid-1', 'oid-2'],
      activityType: 'sessionBooked',
      parameters: { programName: 'Peers' },
      webUrl: 'https://teams.example/l/entity/x',
      previewText: 'Your sessions are booked',
    });
    expect(fake.logicalRequests).toEqual([
      {
        method: 'POST',
        path: '/teamwork/sendActivityNotificationToRecipients',
        body: {
          topic: { source: 'text', value: 'Pairwise', webUrl: 'https://teams.example/l/entity/x' },
          activityType: 'sessionBooked',
          previewText: { content: 'Your sessions are booked' },
          templateParameters: [{ name: 'programName', value: 'Peers' }],
          recipients: [
            { '@odata.type': 'microsoft.graph.aadUserNotificationRecipient', userId: 'oid-1' },
            { '@odata.type': 'microsoft.graph.aadUserNotificationRecipient', userId: 'oid-2' },
          ],
        },
      },
    ]);
  });

  it('refuses more than 100 recipients before sending anything', async () => {
    const fake = fakeGraph(() => json(202));
    const notifier = new GraphActivityNotifier(new GraphGateway(fake.transport, { retry }), noWait());
    const userIds = Array.from({ length: 101 }, (_, i) => `oid-${i}`);
    await expect(
      notifier.notify({
        userIds,
        activityType: 'actionNeeded',
        parameters: { programName: 'P' },
        webUrl: 'https://x',
        previewText: 'x',
      }),
    ).rejects.toThrow(RangeError);
    expect(fake.logicalRequests).toHaveLength(0);
  });

  it('retries a 429 and fails with a typed error on a refusal', async () => {
    let n = 0;
    const fake = fakeGraph(() =>
      n++ === 0 ? json(429, {}, { 'retry-after': '1' }) : json(400, { error: { code: 'BadRequest' } }),
    );
    const notifier = new GraphActivityNotifier(new GraphGateway(fake.transport, { retry }), noWait());
    await expect(
      notifier.notify({
        userIds: ['oid-1'],
        activityType: 'actionNeeded',
        parameters: { programName: 'P' },
        webUrl: 'https://x',
        previewText: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'upstream', code: 'graph_400' });
    expect(fake.logicalRequests).toHaveLength(2);
  });

  it('retries through its pacer, after the Retry-After, and gives up with the caller’s budget spent', async () => {
    const sentAt: number[] = [];
    const { clock, pacer } = virtualPacer();
    const fake = fakeGraph(() => {
      sentAt.push(clock.t);
      return json(429, {}, { 'retry-after': '2' });
    });
    const notifier = new GraphActivityNotifier(new GraphGateway(fake.transport, { retry }), pacer);
    await expect(
      notifier.notify(
        {
          userIds: ['oid-1'],
          activityType: 'actionNeeded',
          parameters: { programName: 'P' },
          webUrl: 'https://x',
          previewText: 'x',
        },
        new RetryBudget(2),
      ),
    ).rejects.toMatchObject({ kind: 'throttled' });
    // One send and two retries, each only after Graph's pause: never inside the gateway, out of the pacer's sight.
    expect(sentAt).toEqual([0, 2000, 4000]);
  });
});
