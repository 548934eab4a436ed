/**
 * Readiness: whether the dependencies answer (cosmos, storage, graph, identity). Each probe is a real call — a Graph
 * token and read, a Cosmos read, a queue-service read, the OpenID metadata — so the result is cached and shared:
 * however many callers, the probes run at most once per `ttlMs` per instance (one run in flight at a time). The
 * liveness answer only reports the last result and never starts a run.
 */
export type DependencyName = 'cosmos' | 'storage' | 'graph' | 'identity';

/** A cheap reachability check of one dependency; throws when it is down. */
export type HealthProbe = () => Promise<void>;

export interface DependencyState {
  status: 'up' | 'down';
  latencyMs: number;
  /** A short, non-sensitive reason (the error's name or `timeout`), never an upstream message. */
  reason?: string;
}

export interface ReadinessReport {
  status: 'ok' | 'degraded';
  /** When the probes ran (ISO instant): a cached answer says how old it is. */
  checkedAt: string;
  dependencies: Record<DependencyName, DependencyState>;
}

export interface Readiness {
  /** The cached report, running the probes when it is older than the TTL (or missing). */
  check(): Promise<ReadinessReport>;
  /** The last report, without running anything; null before the first check. */
  last(): ReadinessReport | null;
}

export const READINESS_TTL_MS = 30_000;
const PROBE_TIMEOUT_MS = 4000;

async function runProbe(probe: HealthProbe, timeoutMs: number): Promise<DependencyState> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    const reason = e instanceof Error ? (e.message === 'timeout' ? 'timeout' : e.name) : 'error';
    return { status: 'down', latencyMs: Math.round(performance.now() - started), reason };
  } finally {
    clearTimeout(timer);
  }
}

export function createReadiness(
  probes: () => Record<DependencyName, HealthProbe>,
  options: { now?: () => number; ttlMs?: number; probeTimeoutMs?: number } = {},
): Readiness {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? READINESS_TTL_MS;
  let cached: { report: ReadinessReport; at: number } | null = null;
  let running: Promise<ReadinessReport> | null = null;

  const run = async (): Promise<ReadinessReport> => {
    const entries = Object.entries(probes()) as [DependencyName, HealthProbe][];
    const states = await Promise.all(
      entries.map(
        async ([name, probe]) =>
          [name, await runProbe(probe, options.probeTimeoutMs ?? PROBE_TIMEOUT_MS)] as const,
      ),
    );
    const at = now();
    const report: ReadinessReport = {
      status: states.every(([, s]) => s.status === 'up') ? 'ok' : 'degraded',
      checkedAt: new Date(at).toISOString(),
      dependencies: Object.fromEntries(states) as Record<DependencyName, DependencyState>,
    };
    cached = { report, at };
    return report;
  };

  return {
    check() {
      if (cached && now() - cached.at < ttlMs) return Promise.resolve(cached.report);
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
    last: () => cached?.report ?? null,
  };
}
