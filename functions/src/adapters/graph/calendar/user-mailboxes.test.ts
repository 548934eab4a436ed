import { GraphGateway } from './graph-gateway';
import { OutlookGate } from './outlook-gate';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { fakeGraph, json } from './testing/fake-graph';
import { GraphUserMailboxes } from './user-mailboxes';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('GraphUserMailboxes', () => {
  it('looks up 40 ids with 3 filtered calls (15 ids each) in one $batch; users without mail are missing', async () => {
    const fake = fakeGraph((r) => {
      const ids = [...decodeURIComponent(r.path).matchAll(/'([^']+)'/g)].map((m) => m[1]!);
      return json(200, {
        value: ids.map((x) => ({
          id: x,
          displayName: `User ${x.slice(-2)}`,
          mail: x.endsWith('07') ? null : `${x.slice(-4)}@contoso.example`,
        })),
      });
    });
    const resolver = new GraphUserMailboxes(
      new GraphGateway(fake.transport, {
        gate: new OutlookGate(),
        retry: {
          policy: DEFAULT_RETRY_POLICY,
          sleep: () => Promise.resolve(),
          random: () => 0,
          now: () => 0,
        },
      }),
    );
    const ids = Array.from({ length: 40 }, (_, i) => id(i));
    const result = await resolver.lookup([...ids, ids[0]!, 'not-a-guid']);
    expect(fake.httpRequests).toHaveLength(1);
    expect(fake.logicalRequests).toHaveLength(3);
    expect(decodeURIComponent(fake.logicalRequests[0]!.path)).toBe(
      `/users?$filter=id in (${ids
        .slice(0, 15)
        .map((x) => `'${x}'`)
        .join(',')})&$select=id,mail,displayName&$top=15`,
    );
    expect(result.found.size).toBe(39);
    expect(result.found.get(id(1))).toEqual({ mail: '0001@contoso.example', displayName: 'User 01' });
    expect([...result.missing].sort()).toEqual([id(7), 'not-a-guid']);
    expect(result.unknown.size).toBe(0);
  });

  it('a failed call leaves its ids unknown (try later), never "without a mailbox"', async () => {
    let calls = 0;
    const fake = fakeGraph((r) => {
      calls += 1;
      const ids = [...decodeURIComponent(r.path).matchAll(/'([^']+)'/g)].map((m) => m[1]!);
      // The second chunk's call is refused by an outage; the first answers.
      if (ids.includes(id(20))) return json(503, { error: { code: 'ServiceUnavailable', message: '' } });
      return json(200, {
        value: ids.map((x) => ({ id: x, displayName: 'U', mail: `${x.slice(-4)}@c.example` })),
      });
    });
    const resolver = new GraphUserMailboxes(
      new GraphGateway(fake.transport, {
        gate: new OutlookGate(),
        retry: {
          policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 },
          sleep: () => Promise.resolve(),
          random: () => 0,
          now: () => 0,
        },
      }),
    );
    const ids = Array.from({ length: 25 }, (_, i) => id(i));
    const result = await resolver.lookup(ids);
    expect(calls).toBeGreaterThan(2);
    expect(result.found.size).toBe(15);
    expect(result.missing.size).toBe(0);
    expect([...result.unknown].sort()).toEqual(ids.slice(15).sort());
  });
});
