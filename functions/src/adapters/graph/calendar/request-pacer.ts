import { type Lane, openLane } from './outlook-gate';

/**
 * Teams' bulk activity action is limited per app per tenant ("2 requests per second",
 * `teamwork-sendactivitynotificationtorecipients.md` via the throttling limits). A tenant's requests are spaced
 * by `intervalMs` in this process, and only the instance holding the tenant's `teams` lane sends (the same
 * lease design as Outlook's lane, docs/decisions/0008-graph-concurrency.md), so the steady state sends nothing
 * that Graph would answer with 429. A 429 that still arrives (another app, a clock skew) pushes the next slot out.
 */
export class RequestPacer {
  private nextAt = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly lane: Lane = openLane,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.lane.enter();
    try {
      const at = Math.max(this.now(), this.nextAt);
      this.nextAt = at + this.intervalMs;
      const wait = at - this.now();
      if (wait > 0) await this.sleep(wait);
      return await work();
    } finally {
      this.lane.exit();
    }
  }

  /** Graph asked for a pause (Retry-After): nothing more is sent before it ends. */
  holdOff(ms: number): void {
    this.nextAt = Math.max(this.nextAt, this.now() + ms);
  }
}
