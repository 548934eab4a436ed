import { AppError } from '../../../errors';

/**
 * Graph's Outlook concurrency, as `concepts/throttling-limits.md` states it: "Outlook can execute up to 4
 * concurrent requests … regardless of whether the requests all access the same mailbox, or access different
 * mailboxes", and in a `$batch` "the service executes up to 4 requests in parallel at any point". So an app may have
 * four Outlook requests executing at once in a tenant — not four per mailbox. A batch of n Outlook requests occupies
 * min(n, 4) of them for as long as it runs. See docs/decisions/0008-graph-concurrency.md.
 */
export const OUTLOOK_CONCURRENCY = 4;

/** Calendar, events, free/busy, mailbox settings and photos are Outlook; directory and Teams calls are not. */
export function isOutlookPath(path: string): boolean {
  return /^\/users\/[^/?]+\/(calendar|calendars|calendarView|events|mailboxSettings|photo|photos|findMeetingTimes)(\/|\?|$)/i.test(
    path,
  );
}

/** Slots an HTTP request holds: one for an Outlook request, min(n, 4) for a batch carrying n of them. */
export function outlookSlots(paths: readonly string[]): number {
  return Math.min(OUTLOOK_CONCURRENCY, paths.filter(isOutlookPath).length);
}

/**
 * The in-process half: at most `capacity` Outlook requests of this tenant in flight from this process, first come
 * first served (a batch waits for all its slots at once, so it never starves behind a stream of single requests).
 */
export class OutlookGate {
  private active = 0;
  private readonly waiting: Array<{ slots: number; resolve: () => void }> = [];

  constructor(readonly capacity = OUTLOOK_CONCURRENCY) {}

  async run<T>(slots: number, work: () => Promise<T>): Promise<T> {
    const needed = Math.min(this.capacity, slots);
    if (needed <= 0) return work();
    await this.acquire(needed);
    try {
      return await work();
    } finally {
      this.release(needed);
    }
  }

  inFlight(): number {
    return this.active;
  }

  private acquire(slots: number): Promise<void> {
    if (this.waiting.length === 0 && this.active + slots <= this.capacity) {
      this.active += slots;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ slots, resolve }));
  }

  private release(slots: number): void {
    this.active -= slots;
    while (this.waiting.length > 0 && this.active + (this.waiting[0]?.slots ?? 0) <= this.capacity) {
      const next = this.waiting.shift()!;
      this.active += next.slots;
      next.resolve();
    }
  }
}

/**
 * The cross-instance half: background Outlook work of a tenant runs on one instance at a time, the one holding the
 * tenant's lane (a lease in Cosmos, `leases` container). Callers enter before an Outlook request and exit after it;
 * the lane is renewed while requests are in flight and given up when the instance has been idle for a moment.
 */
export interface Lane {
  enter(): Promise<void>;
  exit(): void;
}

/** A lane that is always free: interactive requests, tests, a single process. */
export const openLane: Lane = { enter: () => Promise.resolve(), exit: () => undefined };

export interface LeaseRecord {
  holder: string | null;
  /** Epoch ms the lease runs until. */
  until: number;
}

/** Compare-and-set storage for one lease (implemented over the `leases` container). */
export interface LeaseStore {
  read(): Promise<{ lease: LeaseRecord; version: string | null }>;
  /** Writes `next` if the stored version is still `version` (null: create); false when someone else wrote first. */
  write(next: LeaseRecord, version: string | null): Promise<boolean>;
}

export interface LeaseLaneOptions {
  holder: string;
  ttlMs?: number;
  /** How long an instance waits for the lane before its work counts as a transient failure. */
  maxWaitMs?: number;
  /** Idle time after which the lane is given up for others. */
  idleMs?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class LeaseLane implements Lane {
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly idleMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private heldUntil = 0;
  private inFlight = 0;
  private pending: Promise<void> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaseLaneOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 20_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.idleMs = options.idleMs ?? 2_000;
    this.pollMs = options.pollMs ?? 250;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async enter(): Promise<void> {
    this.inFlight += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    // Renewed once half the lease has passed; concurrent callers share one acquisition.
    if (this.heldUntil - this.now() > this.ttlMs / 2) return;
    this.pending ??= this.acquire().finally(() => {
      this.pending = undefined;
    });
    try {
      await this.pending;
    } catch (e) {
      this.inFlight -= 1;
      throw e;
    }
  }

  exit(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight > 0 || this.heldUntil <= this.now()) return;
    this.idleTimer ??= setTimeout(() => {
      this.idleTimer = undefined;
      if (this.inFlight === 0) void this.giveUp();
    }, this.idleMs);
    this.idleTimer.unref?.();
  }

  private async acquire(): Promise<void> {
    const deadline = this.now() + this.maxWaitMs;
    for (;;) {
      const { lease, version } = await this.store.read();
      const now = this.now();
      if (lease.holder === this.options.holder || lease.holder === null || lease.until <= now) {
        const until = now + this.ttlMs;
        if (await this.store.write({ holder: this.options.holder, until }, version)) {
          this.heldUntil = until;
          return;
        }
        continue;
      }
      if (now >= deadline)
        throw new AppError('unavailable', 'Another instance is using the tenant’s Graph calendar lane.', {
          code: 'graph_lane_busy',
          retryAfterSeconds: Math.ceil((lease.until - now) / 1000),
        });
      await this.sleep(Math.min(this.pollMs, Math.max(1, lease.until - now)));
    }
  }

  private async giveUp(): Promise<void> {
    const { lease, version } = await this.store.read().catch(() => ({ lease: null, version: null }));
    if (!lease || lease.holder !== this.options.holder || this.inFlight > 0) return;
    this.heldUntil = 0;
    await this.store.write({ holder: null, until: 0 }, version).catch(() => false);
  }
}
