import { type HttpFunctionDefinition } from '../function-registry';
import { jsonResponse } from '../http/responses';

export type DependencyName = 'cosmos' | 'storage' | 'graph' | 'identity';

/** A cheap reachability check of one dependency; throws when it is down. */
export type HealthProbe = () => Promise<void>;

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  /** A short, non-sensitive reason (the error's name or status), never an upstream message. */
  reason?: string;
}

const probeTimeoutMs = 4000;

async function runProbe(probe: HealthProbe): Promise<DependencyState> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timeout')), probeTimeoutMs).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    const reason = e instanceof Error ? (e.message === 'timeout' ? 'timeout' : e.name) : 'error';
    return { status: 'down', latencyMs: Math.round(performance.now() - started), reason };
  }
}

/** `GET /api/health`: 200 when every dependency answers, 503 otherwise; anonymous, no personal data. */
export function healthFunction(probes: () => Record<DependencyName, HealthProbe>): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'health',
    route: 'health',
    methods: ['GET'],
    handler: async () => {
      const entries = Object.entries(probes()) as [DependencyName, HealthProbe][];
      const states = await Promise.all(
        entries.map(async ([name, probe]) => [name, await runProbe(probe)] as const),
      );
      const dependencies = Object.fromEntries(states) as Record<DependencyName, DependencyState>;
      const healthy = states.every(([, state]) => state.status === 'up');
      return jsonResponse(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', dependencies });
    },
  };
}
