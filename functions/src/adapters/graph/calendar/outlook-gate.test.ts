import { createMemoryRepositories } from '../../cosmos/memory-document-store';
import { GraphGateway } from './graph-gateway';
import { type GraphHttpRequest, type GraphHttpResponse } from './graph-http';
import { DocumentLaneStore } from './lane-store';
import { isOutlookPath, LeaseLane, OutlookGate, outlookSlots } from './outlook-gate';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

const tick = (ms = 2): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const T = '7d1f3c2a-4b5e-4c6d-8e9f-0a1b2c3d4e5f';

describe('what counts as Outlook', () => {
  it.each([
    ['/users/u1/events', true],
    ['/users/u1/events/e1/instances?startDateTime=x', true],
    ['/users/u1/calendar/getSchedule', true],
    ['/users/u1/mailboxSettings', true],
    ['/users/u1/photo/$value', true],
    ["/users?$filter=id in ('a')", false],
    ['/users/u1', false],
    ['/users/u1/manager', false],
    ['/users/u1/teamwork/sendActivityNotification', false],
  ])('%s → %s', (path, outlook) => {
    expect(isOutlookPath(path)).toBe(outlook);
  });

  it('a batch holds one slot per Outlook request it carries, four at most', () => {
    expect(outlookSlots(['/users/a/events', '/users?$filter=x'])).toBe(1);
    expect(outlookSlots(Array.from({ length: 20 }, (_, i) => `/users/u${i}/events`))).toBe(4);
    expect(outlookSlots(['/users?$filter=x'])).toBe(0);
  });
});

describe('OutlookGate', () => {
  it('keeps at most four Outlook requests executing, a batch counting as its slots, first come first served', async () => {
    const gate = new OutlookGate();
    let active = 0;
    let max = 0;
    const order: string[] = [];
    const work = (slots: number, name: string) =>
      gate.run(slots, async () => {
        active += Math.min(4, slots);
        max = Math.max(max, active);
        order.push(name);
        await tick();
        active -= Math.min(4, slots);
      });
    await Promise.all([work(1, 'a'), work(4, 'batch'), work(1, 'b'), work(1, 'c'), work(20, 'big batch')]);
    expect(max).toBe(4);
    // The first batch waits for its four slots; singles behind it do not overtake it.
    expect(order).toEqual(['a', 'batch', 'b', 'c', 'big batch']);
  });
});

/** Two function instances of the same tenant, each with its own gateway, as Flex Consumption scales out. */
function twoInstances(withLane: boolean) {
  const repos = createMemoryRepositories();
  let active = 0;
  let max = 0;
  const transport = async (request: GraphHttpRequest): Promise<GraphHttpResponse> => {
    const paths =
      request.path === '/$batch'
        ? (request.body as { requests: Array<{ url: string }> }).requests.map((r) => r.url)
        : [request.path];
    const slots = outlookSlots(paths);
    active += slots;
    max = Math.max(max, active);
    await tick(3);
    active -= slots;
    return request.path === '/$batch'
      ? {
          status: 200,
          headers: {},
          body: {
            responses: (request.body as { requests: Array<{ id: string }> }).requests.map((r) => ({
              id: r.id,
              status: 200,
              body: {},
            })),
          },
        }
      : { status: 200, headers: {}, body: {} };
  };
  const gateway = (holder: string) =>
    new GraphGateway(transport, {
      gate: new OutlookGate(),
      ...(withLane
        ? {
            lane: new LeaseLane(new DocumentLaneStore(repos.leases, T, 'outlook'), {
              holder,
              idleMs: 1,
              pollMs: 1,
            }),
          }
        : {}),
      retry: { policy: DEFAULT_RETRY_POLICY, sleep: () => Promise.resolve(), random: () => 0, now: Date.now },
    });
  return { a: gateway('instance-a'), b: gateway('instance-b'), max: () => max };
}

const calls = (prefix: string) =>
  Array.from({ length: 40 }, (_, i) => ({
    id: `${prefix}${i}`,
    method: 'GET' as const,
    path: `/users/${prefix}${i}/events`,
  }));

describe('the tenant lane across instances', () => {
  it('two instances never have more than four Outlook requests executing together', async () => {
    const { a, b, max } = twoInstances(true);
    await Promise.all([
      a.sendMany(calls('a')),
      b.sendMany(calls('b')),
      a.send({ method: 'GET', path: '/users/x/events' }),
    ]);
    expect(max()).toBeLessThanOrEqual(4);
  });

  it('without the lane, two instances would exceed the app’s limit (what the lane is for)', async () => {
    const { a, b, max } = twoInstances(false);
    await Promise.all([a.sendMany(calls('a')), b.sendMany(calls('b'))]);
    expect(max()).toBeGreaterThan(4);
  });

  it('a lane held by an instance that died is taken over once its lease runs out', async () => {
    const repos = createMemoryRepositories();
    let now = 1_000_000;
    const store = new DocumentLaneStore(repos.leases, T, 'outlook');
    const lane = (holder: string) =>
      new LeaseLane(store, {
        holder,
        ttlMs: 20_000,
        maxWaitMs: 60_000,
        now: () => now,
        sleep: (ms) => {
          now += ms;
          return Promise.resolve();
        },
      });
    const dead = lane('dead');
    await dead.enter();
    const alive = lane('alive');
    await alive.enter();
    expect(now).toBeGreaterThanOrEqual(1_020_000);
    expect((await store.read()).lease.holder).toBe('alive');
  });

  it('an instance that cannot get the lane in time fails transiently (its message backs off)', async () => {
    const repos = createMemoryRepositories();
    let now = 0;
    const store = new DocumentLaneStore(repos.leases, T, 'outlook');
    await store.write({ holder: 'busy', until: 10_000_000 }, null);
    const lane = new LeaseLane(store, {
      holder: 'me',
      maxWaitMs: 5_000,
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
    });
    await expect(lane.enter()).rejects.toMatchObject({ kind: 'unavailable', code: 'graph_lane_busy' });
  });
});
