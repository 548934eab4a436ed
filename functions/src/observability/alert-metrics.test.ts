import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InvocationContext, type Timer } from '@azure/functions';

import { GraphGateway } from '../adapters/graph/calendar/graph-gateway';
import { OutlookGate } from '../adapters/graph/calendar/outlook-gate';
import { DEFAULT_RETRY_POLICY } from '../adapters/graph/calendar/retry-policy';
import { fakeGraph, json } from '../adapters/graph/calendar/testing/fake-graph';
import { type LifecycleServices, reportThrottling } from '../composition';
import { type TimerFunctionDefinition } from '../function-registry';
import { bookingQueueFunction } from '../functions/booking-worker';
import { roundQueueFunction } from '../functions/round-worker';
import { roundsTimerFunction } from '../functions/timers';
import { createKit, createProgram, tenantA } from '../testing/api-test-kit';
import { createLogger, currentLogger, instrument, runWithLogger } from '.';

/**
 * The three alert metrics are emitted where infra/app/alerts.bicep looks for them (a log line containing
 * `"metric":"<name>"`), and every function logs through the one structured, scrubbing logger.
 */
function recordingContext(extra: { triggerMetadata?: Record<string, unknown> } = {}) {
  const lines: string[] = [];
  const context = new InvocationContext({
    functionName: 'under-test',
    ...extra,
    logHandler: (_level, ...args) => lines.push(String(args[0])),
  });
  return { context, lines };
}

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

const metricLines = (lines: string[], name: string) =>
  lines.filter((line) => line.includes(`"metric":"${name}"`)).map((line) => JSON.parse(line) as object);

describe('alert metrics', () => {
  it('round.failed: one line per failed round, from the round worker on its last delivery', async () => {
    const kit = createKit({
      planner: () => {
        throw new Error('engine down');
      },
    });
    const programId = await createProgram(kit);
    kit.now.value = new Date('2026-06-08T07:30:00.000Z'); // after Monday 09:00 Berlin: a round is due
    const tick = recordingContext();
    await roundsTimerFunction(() => ({ deps: kit.deps, config: { ALLOWED_TENANT_IDS: [tenantA] } })).handler(
      timer,
      tick.context,
    );
    expect(metricLines(tick.lines, 'round.failed')).toEqual([]);
    const [job] = kit.queues.roundJobs;
    const worker = roundQueueFunction(() => ({ deps: kit.deps }));
    // An early delivery fails for the queue to retry it; only the last one gives up and says so.
    const early = recordingContext({ triggerMetadata: { dequeueCount: 1 } });
    await expect(worker.handler(job, early.context)).rejects.toThrow('engine down');
    expect(metricLines(early.lines, 'round.failed')).toEqual([]);
    const last = recordingContext({ triggerMetadata: { dequeueCount: 5 } });
    await worker.handler(job, last.context);
    expect(metricLines(last.lines, 'round.failed')).toEqual([
      expect.objectContaining({ metric: 'round.failed', value: 1, tenantId: tenantA, programId }),
    ]);
  });

  it('graph.throttled: one line per 429 Graph answers, in the invocation’s log', async () => {
    let calls = 0;
    const fake = fakeGraph(() =>
      ++calls <= 2 ? json(429, {}, { 'Retry-After': '0' }) : json(503, {}, { 'Retry-After': '0' }),
    );
    const gateway = new GraphGateway(fake.transport, {
      gate: new OutlookGate(),
      retry: {
        policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 4 },
        sleep: () => Promise.resolve(),
        random: () => 0,
        now: () => 0,
        onRetry: reportThrottling(tenantA),
      },
    });
    const { context, lines } = recordingContext();
    await runWithLogger(createLogger(context), async () => {
      await gateway.send({ method: 'GET', path: '/users/u1/mailboxSettings' }).catch(() => undefined);
    });
    // Two 429s are throttling; the 503 retried after them is not.
    expect(metricLines(lines, 'graph.throttled')).toEqual([
      expect.objectContaining({ value: 1, tenantId: tenantA, attempt: 1 }),
      expect.objectContaining({ value: 1, tenantId: tenantA, attempt: 2 }),
    ]);
  });

  it('booking.poisoned: when the last delivery fails (the host poisons it) and when a message is dropped', async () => {
    const lifecycle = {
      booking: { handle: () => Promise.reject(new Error('queue down')) },
    } as unknown as LifecycleServices;
    const worker = bookingQueueFunction(() => ({ lifecycle }));
    const message = {
      version: 1,
      tenantId: tenantA,
      programId: 'p-1',
      roundId: 'r-1',
      pairingId: 'x-1',
      attempt: 0,
    };
    const early = recordingContext({ triggerMetadata: { dequeueCount: 1 } });
    await expect(worker.handler(message, early.context)).rejects.toThrow();
    expect(metricLines(early.lines, 'booking.poisoned')).toEqual([]);

    const last = recordingContext({ triggerMetadata: { dequeueCount: 5 } });
    await expect(worker.handler(message, last.context)).rejects.toThrow();
    expect(metricLines(last.lines, 'booking.poisoned')).toEqual([
      expect.objectContaining({ value: 1, pairingId: 'x-1', cause: 'failed' }),
    ]);

    const malformed = recordingContext();
    await worker.handler({ version: 1, tenantId: 'nope' }, malformed.context);
    expect(metricLines(malformed.lines, 'booking.poisoned')).toEqual([
      expect.objectContaining({ cause: 'malformed' }),
    ]);
  });
});

describe('one logger for every function', () => {
  it('binds the structured logger to each invocation (code without a context logs through it)', async () => {
    const probe: TimerFunctionDefinition = {
      kind: 'timer',
      name: 'probe',
      schedule: '0 0 * * * *',
      handler: () => {
        currentLogger().info('inside', { displayName: 'Nadia Quixote' });
        return Promise.resolve();
      },
    };
    const fn = instrument(probe);
    const { context, lines } = recordingContext();
    await fn.handler(timer, context);
    expect(lines.map((l) => JSON.parse(l) as object)).toEqual([
      { msg: 'inside', level: 'info', operation: 'probe', displayName: '[redacted]' },
    ]);
  });

  it('no trigger, HTTP wrapper or adapter writes to the raw context or console', () => {
    const roots = ['functions', 'http', 'adapters', 'domain'].map((d) => join(__dirname, '..', d));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          const text = readFileSync(path, 'utf8');
          if (/\bcontext\.(log|trace|debug|info|warn|error)\(|\bconsole\.\w+\(/.test(text))
            offenders.push(path);
        }
      }
    };
    roots.forEach(walk);
    expect(offenders).toEqual([]);
  });
});
