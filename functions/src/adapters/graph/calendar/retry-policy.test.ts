import { calendarPortsFor } from '../../../composition';
import { type GraphHttpResponse, GraphTransportError } from './graph-http';
import {
  DEFAULT_RETRY_POLICY,
  INTERACTIVE_RETRY_POLICY,
  INTERACTIVE_TIMEOUT_MS,
  parseRetryAfter,
  RetryBudget,
  retryDelayMs,
  type RetryEnvironment,
  sendWithRetry,
  upstreamErrorFor,
} from './retry-policy';

function env(sleeps: number[], random = 0.5): RetryEnvironment {
  return {
    policy: DEFAULT_RETRY_POLICY,
    sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
    random: () => random,
    now: () => Date.parse('2027-01-01T00:00:00Z'),
  };
}

const res = (status: number, headers: Record<string, string> = {}): GraphHttpResponse => ({
  status,
  headers,
  body: undefined,
});

function sequence(...outcomes: Array<GraphHttpResponse | Error>): {
  send: () => Promise<GraphHttpResponse>;
  calls: () => number;
} {
  let i = 0;
  return {
    send: () => {
      const next = outcomes[Math.min(i++, outcomes.length - 1)]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    calls: () => i,
  };
}

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2000],
    ['2.128', 2128],
    ['0', 0],
    ['Fri, 01 Jan 2027 00:00:05 GMT', 5000],
    ['', undefined],
    ['soon', undefined],
    [undefined, undefined],
  ])('%j → %j ms', (value, ms) => {
    expect(parseRetryAfter(value, Date.parse('2027-01-01T00:00:00Z'))).toBe(ms);
  });
});

describe('retryDelayMs', () => {
  it('honours Retry-After exactly', () => {
    expect(retryDelayMs(3, 7000, env([]))).toBe(7000);
  });
  it.each([
    [1, 0, 250],
    [1, 0.999, 500],
    [3, 0, 1000],
    [20, 0.999, 29_985],
  ])('backs off exponentially with jitter: attempt %i, random %f → %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, undefined, env([], random))).toBe(expected);
  });
});

describe('sendWithRetry', () => {
  it('waits Retry-After on 429 and succeeds', async () => {
    const sleeps: number[] = [];
    const s = sequence(res(429, { 'retry-after': '3' }), res(429, { 'retry-after': '1.5' }), res(201));
    const response = await sendWithRetry(s.send, env(sleeps), new RetryBudget(10));
    expect(response.status).toBe(201);
    expect(sleeps).toEqual([3000, 1500]);
  });

  it('backs off on 503/504 and timeouts', async () => {
    const sleeps: number[] = [];
    const s = sequence(res(503), new GraphTransportError('t', 'timeout'), res(504), res(200));
    const budget = new RetryBudget(10);
    expect((await sendWithRetry(s.send, env(sleeps), budget)).status).toBe(200);
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(budget.retriesUsed).toBe(3);
  });

  it.each([400, 401, 403, 404, 409, 500])('does not retry %i', async (status) => {
    const s = sequence(res(status), res(200));
    expect((await sendWithRetry(s.send, env([]), new RetryBudget(10))).status).toBe(status);
    expect(s.calls()).toBe(1);
  });

  it('stops when the shared budget is spent and returns the last answer', async () => {
    const budget = new RetryBudget(2);
    const s = sequence(res(429, { 'retry-after': '1' }));
    expect((await sendWithRetry(s.send, env([]), budget)).status).toBe(429);
    expect(s.calls()).toBe(3);
    // The budget is shared: the next request gets no retries at all.
    const t = sequence(res(503), res(200));
    expect((await sendWithRetry(t.send, env([]), budget)).status).toBe(503);
    expect(t.calls()).toBe(1);
  });

  it('stops after maxAttempts', async () => {
    const s = sequence(res(503));
    await sendWithRetry(s.send, env([]), new RetryBudget(100));
    expect(s.calls()).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
  });

  it('does not wait for a Retry-After beyond the policy maximum', async () => {
    const sleeps: number[] = [];
    const s = sequence(res(429, { 'retry-after': '3600' }), res(200));
    expect((await sendWithRetry(s.send, env(sleeps), new RetryBudget(10))).status).toBe(429);
    expect(sleeps).toEqual([]);
  });

  it('rethrows a transport error that outlived its retries', async () => {
    const s = sequence(new GraphTransportError('down', 'network'));
    await expect(sendWithRetry(s.send, env([]), new RetryBudget(1))).rejects.toBeInstanceOf(
      GraphTransportError,
    );
    expect(s.calls()).toBe(2);
  });

  it('maps final answers to typed errors', () => {
    const now = Date.now();
    expect(upstreamErrorFor(res(429, { 'retry-after': '2.1' }), now)).toMatchObject({
      kind: 'throttled',
      retryAfterSeconds: 3,
    });
    expect(upstreamErrorFor(res(503), now)).toMatchObject({ kind: 'unavailable', code: 'graph_503' });
    expect(upstreamErrorFor(res(400), now)).toMatchObject({ kind: 'upstream', code: 'graph_400' });
    expect(upstreamErrorFor(new GraphTransportError('x', 'timeout'), now)).toMatchObject({
      kind: 'unavailable',
      code: 'graph_timeout',
    });
  });
});

describe('the interactive budget (HTTP request paths)', () => {
  const interactive = (sleeps: number[]): RetryEnvironment => ({
    ...env(sleeps),
    policy: INTERACTIVE_RETRY_POLICY,
  });

  it.each([
    ['a 429 asking for 120 s', res(429, { 'retry-after': '120' })],
    ['a 429 asking for 30 s', res(429, { 'retry-after': '30' })],
  ])('answers at once on %s, for the caller to pass on as 429 with Retry-After', async (_name, answer) => {
    const sleeps: number[] = [];
    const s = sequence(answer, res(200));
    const response = await sendWithRetry(s.send, interactive(sleeps), new RetryBudget(20));
    expect(response.status).toBe(429);
    expect(sleeps).toEqual([]);
    expect(upstreamErrorFor(response, Date.now()).retryAfterSeconds).toBeGreaterThanOrEqual(30);
  });

  it('fits well inside Front Door’s 60 s, whatever Graph does: one short retry at most', async () => {
    for (const answer of [
      res(503),
      res(504),
      res(429, { 'retry-after': '2' }),
      new GraphTransportError('t', 'timeout'),
    ]) {
      const sleeps: number[] = [];
      const s = sequence(answer);
      await sendWithRetry(s.send, interactive(sleeps), new RetryBudget(20)).catch(() => undefined);
      const worstCaseMs = s.calls() * INTERACTIVE_TIMEOUT_MS + sleeps.reduce((a, b) => a + b, 0);
      expect(s.calls()).toBeLessThanOrEqual(2);
      expect(worstCaseMs).toBeLessThanOrEqual(12_000);
    }
  });

  it('is what the interactive calendar ports use; background ports keep the long budget', () => {
    const ports = calendarPortsFor(
      { acquireToken: () => Promise.resolve('t') },
      { GRAPH_BASE_URL: 'https://graph.microsoft.com' },
    );
    expect(ports.interactive('t1').gateway.retryPolicy).toEqual(INTERACTIVE_RETRY_POLICY);
    expect(ports.background('t1').gateway.retryPolicy).toEqual(DEFAULT_RETRY_POLICY);
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBeGreaterThan(60_000);
  });
});
