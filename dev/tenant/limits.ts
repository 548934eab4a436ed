import { Rng } from './rng';

/** Graph's documented limits (concepts/throttling-limits.md). */
export interface Limits {
  /** Outlook, "Limits per app ID": 4 concurrent requests of one app, whichever mailboxes they target. */
  appConcurrency: number;
  /** How many Outlook requests of one `$batch` run at once ("Outlook service limits for JSON batching": 4). */
  batchOutlookParallelism: number;
  /** The per app + mailbox concurrency the first simulator modelled (used when realism.appConcurrency is off). */
  mailboxConcurrency: number;
  /** Outlook, "Limits per app ID and mailbox combination": 10,000 requests per 10 minutes. */
  mailboxRequestsPerWindow: number;
  mailboxWindowMs: number;
  /** POST /users/{id}/teamwork/sendActivityNotification: 5 requests per second per app per tenant. */
  activityNotificationsPerSecond: number;
  /** POST /teamwork/sendActivityNotificationToRecipients: 2 requests per second per app per tenant. */
  bulkActivityNotificationsPerSecond: number;
}

export const defaultLimits: Limits = {
  appConcurrency: 4,
  batchOutlookParallelism: 4,
  mailboxConcurrency: 4,
  mailboxRequestsPerWindow: 10_000,
  mailboxWindowMs: 10 * 60_000,
  activityNotificationsPerSecond: 5,
  bulkActivityNotificationsPerSecond: 2,
};

interface MailboxUsage {
  inFlight: number;
  /** Request counts per one-minute bucket (bucket start ms → count), for the ten-minute sliding window. */
  buckets: Map<number, number>;
}

export type ThrottleDecision =
  { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; reason: string };

export class Throttle {
  limits: Limits = { ...defaultLimits };
  private readonly usage = new Map<string, MailboxUsage>();
  /** Outlook requests in execution per app (all mailboxes). */
  private readonly appInFlight = new Map<string, number>();
  private readonly rates = new Map<string, number[]>();

  reset(): void {
    this.usage.clear();
    this.appInFlight.clear();
    this.rates.clear();
    this.limits = { ...defaultLimits };
  }

  /**
   * Counts an Outlook request against its app + mailbox budget and takes a concurrency slot — per app when
   * `perApp` (the documented limit), else per app + mailbox — or says why not (429 with Retry-After).
   */
  enter(appId: string, mailboxId: string, now = Date.now(), perApp = false): ThrottleDecision {
    const key = `${appId}|${mailboxId}`;
    let usage = this.usage.get(key);
    if (!usage) {
      usage = { inFlight: 0, buckets: new Map() };
      this.usage.set(key, usage);
    }
    const bucketMs = this.limits.mailboxWindowMs / 10;
    const bucket = Math.floor(now / bucketMs) * bucketMs;
    let total = 0;
    let oldest = bucket;
    for (const [start, count] of usage.buckets) {
      if (start <= bucket - this.limits.mailboxWindowMs) usage.buckets.delete(start);
      else {
        total += count;
        if (start < oldest) oldest = start;
      }
    }
    // Graph keeps counting while a caller is throttled, so retrying early prolongs it.
    usage.buckets.set(bucket, (usage.buckets.get(bucket) ?? 0) + 1);
    if (total >= this.limits.mailboxRequestsPerWindow) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.limits.mailboxWindowMs - now) / 1000)),
        reason: 'Application is over its MailboxRequestLimit limit.',
      };
    }
    // What Graph answers in the field for either concurrency limit (429 ApplicationThrottled).
    const overConcurrency = {
      ok: false as const,
      retryAfterSeconds: 1,
      reason: 'Application is over its MailboxConcurrency limit.',
    };
    if (perApp) {
      const inFlight = this.appInFlight.get(appId) ?? 0;
      if (inFlight >= this.limits.appConcurrency) return overConcurrency;
      this.appInFlight.set(appId, inFlight + 1);
      return {
        ok: true,
        release: once(() => this.appInFlight.set(appId, (this.appInFlight.get(appId) ?? 1) - 1)),
      };
    }
    if (usage.inFlight >= this.limits.mailboxConcurrency) return overConcurrency;
    usage.inFlight += 1;
    const u = usage;
    return { ok: true, release: once(() => (u.inFlight -= 1)) };
  }

  /** A requests-per-second limit (activity notifications): one sliding second per kind. */
  enterRate(
    kind: 'activity' | 'bulkActivity',
    now = Date.now(),
  ): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const perSecond =
      kind === 'activity'
        ? this.limits.activityNotificationsPerSecond
        : this.limits.bulkActivityNotificationsPerSecond;
    const times = (this.rates.get(kind) ?? []).filter((t) => t > now - 1000);
    this.rates.set(kind, times);
    if (times.length >= perSecond) return { ok: false, retryAfterSeconds: 1 };
    times.push(now);
    return { ok: true };
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

/** A FIFO counting semaphore: a `$batch` runs at most N of its Outlook requests at a time; the rest wait their turn. */
export class Semaphore {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(slots: number) {
    this.free = Math.max(1, slots);
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    return once(() => {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    });
  }
}

/** A fault rule set through the control API: for matching requests, inject a status, a delay or a dropped connection. */
export interface FaultRule {
  /** HTTP method to match, or '*' (default). */
  method?: string;
  /** A route template (`/users/{id}/calendar/getSchedule`), a path prefix ending in `*`, or '*' for every Graph request. */
  route: string;
  /** 429, 503, 504, or 'timeout' (hold the request for delayMs, then drop the connection), or 'delay' (answer normally after delayMs). */
  fault: 429 | 503 | 504 | 'timeout' | 'delay';
  /** Probability per matching request, 0–1 (default 1). Draws come from a seeded PRNG so runs repeat exactly. */
  rate?: number;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Stop after this many injections. */
  times?: number;
}

export interface InjectedFault {
  fault: FaultRule['fault'];
  retryAfterSeconds: number;
  delayMs: number;
}

export class Faults {
  private rules: (FaultRule & { injected: number })[] = [];
  private rng: Rng;

  constructor(private seed: string) {
    this.rng = new Rng(`faults:${seed}`);
  }

  set(rules: FaultRule[], seed?: string): void {
    this.rules = rules.map((r) => ({ ...r, injected: 0 }));
    if (seed !== undefined) this.seed = seed;
    this.rng = new Rng(`faults:${this.seed}`);
  }

  list(): (FaultRule & { injected: number })[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.set([]);
  }

  /** Decides for one request; every matching rule consumes one draw, so the sequence is reproducible. */
  decide(method: string, path: string, template: string): InjectedFault | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== '*' && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!routeMatches(rule.route, path, template)) continue;
      if (rule.times !== undefined && rule.injected >= rule.times) continue;
      const draw = this.rng.next();
      if (draw >= (rule.rate ?? 1)) continue;
      rule.injected += 1;
      return {
        fault: rule.fault,
        retryAfterSeconds: rule.retryAfterSeconds ?? 1,
        delayMs: rule.delayMs ?? (rule.fault === 'timeout' ? 30_000 : 0),
      };
    }
    return undefined;
  }
}

function routeMatches(pattern: string, path: string, template: string): boolean {
  if (pattern === '*') return true;
  const norm = (s: string): string => s.replace(/^\/v1\.0/i, '').toLowerCase();
  const p = norm(pattern);
  if (p.endsWith('*'))
    return norm(path).startsWith(p.slice(0, -1)) || norm(template).startsWith(p.slice(0, -1));
  return p === norm(template) || p === norm(path);
}

/** A request path with the ids of people and items folded, e.g. `/users/{id}/calendar/getSchedule`. */
export function throttledRouteOf(path: string): string {
  return path
    .replace(/^\/v1\.0/i, '')
    .replace(/\/(users|events|calendars|instances)\/[^/]+/gi, '/$1/{id}')
    .replace(/\/\$batch$/i, '/$batch');
}

/** Per-endpoint request counters (method + route template → count), for "how many Graph calls did a job make". */
export class Counters {
  private counts = new Map<string, number>();
  /** HTTP requests that reached /v1.0 (a `$batch` counts once; its sub-requests are in `counts`). */
  private http = 0;
  /** Requests carried inside `$batch` envelopes (each also counts under its own route in `counts`). */
  private batched = 0;
  /** 429 answers: to HTTP requests (a throttled `$batch` envelope included) and to requests inside a `$batch`. */
  private throttled = { http: 0, batched: 0 };

  /** 429 answers by method and route (ids in the path folded), so a run can tell which part was throttled. */
  private throttledRoutes = new Map<string, number>();

  countThrottled(where: 'http' | 'batched', method: string, path: string): void {
    this.throttled[where] += 1;
    const key = `${method.toUpperCase()} ${throttledRouteOf(path)}`;
    this.throttledRoutes.set(key, (this.throttledRoutes.get(key) ?? 0) + 1);
  }

  throttledResponses(): { http: number; batched: number } {
    return { ...this.throttled };
  }

  throttledByRoute(): Record<string, number> {
    return Object.fromEntries(this.throttledRoutes);
  }

  countHttp(): void {
    this.http += 1;
  }

  countBatched(): void {
    this.batched += 1;
  }

  httpRequests(): number {
    return this.http;
  }

  batchedRequests(): number {
    return this.batched;
  }

  count(method: string, template: string): void {
    const key = `${method.toUpperCase()} ${template}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
    this.http = 0;
    this.batched = 0;
    this.throttled = { http: 0, batched: 0 };
    this.throttledRoutes.clear();
  }
}
