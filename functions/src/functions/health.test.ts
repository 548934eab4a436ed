import { HttpRequest, InvocationContext } from '@azure/functions';

import { createReadiness, type DependencyName, type HealthProbe } from '../domain/health/readiness';
import { healthFunction, readinessFunction } from './health';

const liveRequest = new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' });
const readyRequest = new HttpRequest({ method: 'GET', url: 'http://localhost/api/health/ready' });
const ok = () => Promise.resolve();

/** Probes that count their calls, each one like the real ones: a call to something outside the process. */
function countingProbes(overrides: Partial<Record<DependencyName, HealthProbe>> = {}) {
  const calls: DependencyName[] = [];
  const probe =
    (name: DependencyName): HealthProbe =>
    () => {
      calls.push(name);
      return (overrides[name] ?? ok)();
    };
  const probes = {
    cosmos: probe('cosmos'),
    storage: probe('storage'),
    graph: probe('graph'),
    identity: probe('identity'),
  };
  return { calls, probes };
}

function setup(overrides: Partial<Record<DependencyName, HealthProbe>> = {}) {
  const clock = { ms: Date.parse('2026-12-05T08:00:00Z') };
  const { calls, probes } = countingProbes(overrides);
  const readiness = createReadiness(() => probes, { now: () => clock.ms });
  return {
    clock,
    calls,
    live: () => healthFunction(() => readiness).handler(liveRequest, new InvocationContext()),
    ready: () => readinessFunction(() => readiness).handler(readyRequest, new InvocationContext()),
  };
}

describe('GET /api/health (liveness)', () => {
  it('answers 200 without calling any dependency, however often it is called', async () => {
    const h = setup();
    for (let i = 0; i < 100; i++) {
      const response = await h.live();
      expect(response.status).toBe(200);
    }
    expect(h.calls).toEqual([]);
    expect((await h.live()).jsonBody).toEqual({
      status: 'ok',
      checkedAt: null,
      dependencies: {
        cosmos: { status: 'unknown' },
        storage: { status: 'unknown' },
        graph: { status: 'unknown' },
        identity: { status: 'unknown' },
      },
    });
  });

  it('reports the state of each dependency from the last readiness check', async () => {
    const h = setup({ storage: () => Promise.reject(new TypeError('connect ECONNREFUSED')) });
    await h.ready();
    const calls = h.calls.length;
    const body = (await h.live()).jsonBody as { dependencies: Record<string, { status: string }> };
    expect(Object.fromEntries(Object.entries(body.dependencies).map(([k, v]) => [k, v.status]))).toEqual({
      cosmos: 'up',
      storage: 'down',
      graph: 'up',
      identity: 'up',
    });
    expect(h.calls).toHaveLength(calls);
  });
});

describe('GET /api/health/ready (readiness)', () => {
  it('answers 200 with every dependency up', async () => {
    const h = setup();
    const response = await h.ready();
    expect(response.status).toBe(200);
    const body = response.jsonBody as { status: string; dependencies: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.dependencies).sort()).toEqual(['cosmos', 'graph', 'identity', 'storage']);
    expect(Object.values(body.dependencies).every((d) => d.status === 'up')).toBe(true);
  });

  it('answers 503 naming the dependency that is down, without its message', async () => {
    const h = setup({
      storage: () => Promise.reject(new TypeError('connect ECONNREFUSED user@example.com')),
    });
    const response = await h.ready();
    expect(response.status).toBe(503);
    const body = response.jsonBody as { dependencies: Record<string, { status: string; reason?: string }> };
    expect(body.dependencies.storage).toMatchObject({ status: 'down', reason: 'TypeError' });
    expect(JSON.stringify(body)).not.toContain('example.com');
  });

  it('runs the probes at most once per 30 s, however many callers (concurrent ones share one run)', async () => {
    const h = setup();
    await Promise.all(Array.from({ length: 50 }, () => h.ready()));
    expect(h.calls).toHaveLength(4);
    for (let i = 0; i < 50; i++) await h.ready();
    h.clock.ms += 29_999;
    await h.ready();
    expect(h.calls).toHaveLength(4);
    h.clock.ms += 1;
    const fresh = await h.ready();
    expect(h.calls).toHaveLength(8);
    expect((fresh.jsonBody as { checkedAt: string }).checkedAt).toBe('2026-12-05T08:00:30.000Z');
  });

  it('reports a probe that does not answer as a timeout', async () => {
    const clock = { ms: 0 };
    const readiness = createReadiness(
      () => ({ cosmos: ok, storage: ok, graph: () => new Promise<void>(() => undefined), identity: ok }),
      { now: () => clock.ms, probeTimeoutMs: 20 },
    );
    const report = await readiness.check();
    expect(report.dependencies.graph).toMatchObject({ status: 'down', reason: 'timeout' });
    expect(report.status).toBe('degraded');
  });
});
