import { GraphGateway } from './graph-gateway';
import { MailboxLimiter } from './mailbox-limiter';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import { fakeGraph, json } from './testing/fake-graph';
import { GraphUserMailboxes } from './user-mailboxes';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('GraphUserMailboxes', () => {
  it('resolves 40 ids with 3 filtered calls (15 ids each) in one $batch; users without mail are left out', async () => {
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
        limiter: new MailboxLimiter(4),
        retry: {
          policy: DEFAULT_RETRY_POLICY,
          sleep: () => Promise.resolve(),
          random: () => 0,
          now: () => 0,
        },
      }),
    );
    const ids = Array.from({ length: 40 }, (_, i) => id(i));
    const result = await resolver.resolve([...ids, ids[0]!, 'not-a-guid']);
    expect(fake.httpRequests).toHaveLength(1);
    expect(fake.logicalRequests).toHaveLength(3);
    expect(decodeURIComponent(fake.logicalRequests[0]!.path)).toBe(
      `/users?$filter=id in (${ids
        .slice(0, 15)
        .map((x) => `'${x}'`)
        .join(',')})&$select=id,mail,displayName&$top=15`,
    );
    expect(result.size).toBe(39);
    expect(result.get(id(1))).toEqual({ mail: '0001@contoso.example', displayName: 'User 01' });
    expect(result.has(id(7))).toBe(false);
  });
});
