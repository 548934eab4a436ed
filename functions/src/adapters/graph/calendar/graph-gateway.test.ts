import { GraphGateway, packBatches } from './graph-gateway';
import { type GraphHttpRequest, type GraphHttpResponse, GraphTransportError } from './graph-http';
import { OutlookGate } from './outlook-gate';
import { DEFAULT_RETRY_POLICY, RetryBudget, type RetryEnvironment } from './retry-policy';
import { fakeGraph, json } from './testing/fake-graph';

function retryEnv(sleeps: number[]): RetryEnvironment {
  return {
    policy: DEFAULT_RETRY_POLICY,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    random: () => 0.5,
    now: () => 0,
  };
}

const get = (mailbox: string, i: number): GraphHttpRequest & { id: string } => ({
  id: `r${i}`,
  method: 'GET',
  path: `/users/${mailbox}/events?i=${i}`,
});

describe('packBatches', () => {
  it('fills batches up to 20 with at most 4 calls per mailbox, in order', () => {
    const calls = [
      ...Array.from({ length: 10 }, (_, i) => get('a', i)),
      ...Array.from({ length: 30 }, (_, i) => get(`m${i}`, 100 + i)),
    ];
    const batches = packBatches(calls, 20, 4);
    // Ten calls on one mailbox need three batches (4 + 4 + 2); the other mailboxes fill the gaps.
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(20);
      expect(batch.filter((c) => c.path.startsWith('/users/a/')).length).toBeLessThanOrEqual(4);
    }
    expect(
      batches
        .flat()
        .map((c) => c.id)
        .sort(),
    ).toEqual(calls.map((c) => c.id).sort());
  });
});

describe('GraphGateway.sendMany', () => {
  it('sends 45 calls as 3 $batch HTTP requests and correlates answers by id', async () => {
    const fake = fakeGraph((r) => json(200, { echo: r.path }));
    const gateway = new GraphGateway(fake.transport, { retry: retryEnv([]), gate: new OutlookGate() });
    const calls = Array.from({ length: 45 }, (_, i) => get(`m${i}`, i));
    const results = await gateway.sendMany(calls);
    expect(fake.httpRequests.map((r) => r.path)).toEqual(['/$batch', '/$batch', '/$batch']);
    for (const call of calls)
      expect((results.get(call.id) as GraphHttpResponse).body).toEqual({ echo: call.path });
  });

  it('sends a lone call without a $batch wrapper', async () => {
    const fake = fakeGraph(() => json(200, {}));
    const gateway = new GraphGateway(fake.transport, { retry: retryEnv([]), gate: new OutlookGate() });
    await gateway.sendMany([get('a', 1)]);
    expect(fake.httpRequests.map((r) => r.path)).toEqual(['/users/a/events?i=1']);
  });

  it('retries 429s inside a 200 batch after the longest Retry-After, and only those', async () => {
    const seen = new Map<string, number>();
    const fake = fakeGraph((r) => {
      const n = (seen.get(r.path) ?? 0) + 1;
      seen.set(r.path, n);
      if (r.path.endsWith('i=3') && n === 1)
        return json(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '2' });
      if (r.path.endsWith('i=7') && n === 1)
        return json(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '5' });
      if (r.path.endsWith('i=9') && n === 1) return json(503, {});
      return json(201, { id: r.path });
    });
    const sleeps: number[] = [];
    const gateway = new GraphGateway(fake.transport, {
      retry: retryEnv(sleeps),
      gate: new OutlookGate(),
    });
    const results = await gateway.sendMany(Array.from({ length: 12 }, (_, i) => get(`m${i}`, i)));
    expect([...results.values()].every((r) => !(r instanceof GraphTransportError) && r.status === 201)).toBe(
      true,
    );
    expect(sleeps).toEqual([5000]);
    expect(fake.httpRequests).toHaveLength(2);
    expect((fake.httpRequests[1]!.body as { requests: unknown[] }).requests).toHaveLength(3);
    expect(fake.logicalRequests).toHaveLength(15);
  });

  it('retries a throttled outer $batch as a whole', async () => {
    let outer = 0;
    const inner = fakeGraph(() => json(200, {}));
    const transport = async (r: GraphHttpRequest): Promise<GraphHttpResponse> => {
      if (r.path === '/$batch' && outer++ === 0) return json(429, {}, { 'retry-after': '1' });
      return inner.transport(r);
    };
    const sleeps: number[] = [];
    const gateway = new GraphGateway(transport, { retry: retryEnv(sleeps), gate: new OutlookGate() });
    const results = await gateway.sendMany([get('a', 1), get('b', 2)]);
    expect(sleeps).toEqual([1000]);
    expect([...results.values()].map((r) => (r as GraphHttpResponse).status)).toEqual([200, 200]);
  });

  it('gives up when the budget is spent: the call keeps its 429, others succeed', async () => {
    const fake = fakeGraph((r) =>
      r.path.endsWith('i=0') ? json(429, {}, { 'retry-after': '1' }) : json(200, {}),
    );
    const gateway = new GraphGateway(fake.transport, { retry: retryEnv([]), gate: new OutlookGate() });
    const results = await gateway.sendMany([get('a', 0), get('b', 1)], new RetryBudget(2));
    expect((results.get('r0') as GraphHttpResponse).status).toBe(429);
    expect((results.get('r1') as GraphHttpResponse).status).toBe(200);
    expect(fake.logicalRequests.filter((r) => r.path.endsWith('i=0'))).toHaveLength(3);
  });

  it('never has more than 4 Outlook requests executing in the tenant, across mailboxes, batches and single calls', async () => {
    const fake = fakeGraph(() => json(200, {}), { delayMs: 2 });
    const gateway = new GraphGateway(fake.transport, {
      retry: retryEnv([]),
      gate: new OutlookGate(),
      parallelBatches: 8,
    });
    await Promise.all([
      gateway.sendMany(Array.from({ length: 40 }, (_, i) => get(`user${i % 7}`, i))),
      ...Array.from({ length: 6 }, (_, i) =>
        gateway.send({ method: 'GET', path: `/users/other${i}/events` }),
      ),
    ]);
    expect(fake.maxOutlookInFlight()).toBe(4);
  });

  it('sends bodies with a content-type header inside the batch, as Graph requires', async () => {
    const fake = fakeGraph(() => json(201, {}));
    const gateway = new GraphGateway(fake.transport, { retry: retryEnv([]), gate: new OutlookGate() });
    await gateway.sendMany([
      {
        id: 'a',
        method: 'POST',
        path: '/users/a/events',
        headers: { prefer: 'IdType="ImmutableId"' },
        body: { subject: 'x' },
      },
      { id: 'b', method: 'POST', path: '/users/b/events', body: { subject: 'y' } },
    ]);
    const requests = (fake.httpRequests[0]!.body as { requests: Array<{ headers: Record<string, string> }> })
      .requests;
    expect(requests.map((r) => r.headers['content-type'])).toEqual(['application/json', 'application/json']);
    expect(requests[0]!.headers.prefer).toBe('IdType="ImmutableId"');
  });
});
