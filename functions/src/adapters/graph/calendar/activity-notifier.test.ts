import { GraphActivityNotifier } from './activity-notifier';
import { GraphGateway } from './graph-gateway';
import { OutlookGate } from './outlook-gate';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { fakeGraph, json } from './testing/fake-graph';

describe('GraphActivityNotifier', () => {
  const retry = {
    policy: DEFAULT_RETRY_POLICY,
    sleep: () => Promise.resolve(),
    random: () => 0,
    now: () => 0,
  };

  it('posts a declared activity type with its template parameters and a deep link', async () => {
    const fake = fakeGraph(() => json(204));
    const notifier = new GraphActivityNotifier(
      new GraphGateway(fake.transport, { gate: new OutlookGate(), retry }),
    );
    await notifier.notify({
      userId: 'oid-1',
      activityType: 'sessionBooked',
      parameters: { programName: 'Peers' },
      webUrl: 'https://teams.example/l/entity/x',
      previewText: 'Your sessions are booked',
    });
    expect(fake.logicalRequests).toEqual([
      {
        method: 'POST',
        path: '/users/oid-1/teamwork/sendActivityNotification',
        body: {
          topic: { source: 'text', value: 'Pairwise', webUrl: 'https://teams.example/l/entity/x' },
          activityType: 'sessionBooked',
          previewText: { content: 'Your sessions are booked' },
          templateParameters: [{ name: 'programName', value: 'Peers' }],
        },
      },
    ]);
  });

  it('retries a 429 and fails with a typed error on a refusal', async () => {
    let n = 0;
    const fake = fakeGraph(() =>
      n++ === 0 ? json(429, {}, { 'retry-after': '1' }) : json(403, { error: { code: 'Forbidden' } }),
    );
    const notifier = new GraphActivityNotifier(
      new GraphGateway(fake.transport, { gate: new OutlookGate(), retry }),
    );
    await expect(
      notifier.notify({
        userId: 'oid-1',
        activityType: 'actionNeeded',
        parameters: { programName: 'P' },
        webUrl: 'https://x',
        previewText: 'x',
      }),
    ).rejects.toMatchObject({ kind: 'upstream', code: 'graph_403' });
    expect(fake.logicalRequests).toHaveLength(2);
  });
});
