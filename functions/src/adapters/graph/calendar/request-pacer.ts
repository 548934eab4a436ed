import { type Lane, openLane } from './outlook-gate';

/** A rate limit: at most `requests` per `perMs` (Teams' bulk activity action: 2 per 1,000 ms per app per tenant). */
export interface RateLimit {
  requests: number;
  perMs: number;
}

/** No limit: for tests and callers that pace elsewhere. */
export const UNPACED: RateLimit = { requests: Number.POSITIVE_INFINITY, perMs: 0 };

/**
 * Teams' bulk activity action is limited per app per tenant ("2 requests per second",
 * `teamwork-sendactivitynotificationtorecipients.md` via the throttling limits); only the instance holding the
 * tenant's `teams` lane sends (the lease design of Outlook's lane, docs/decisions/0008-graph-concurrency.md).
 *
 * Why a window counted from *responses*, not only starts spaced by 500 ms: Graph counts a request when it arrives,
 * and arrival lags the send by a latency that varies (a busy event loop, the network). Spaced starts let a late
 * request and two punctual ones fall into one second at Graph: on a loaded host that was ~1 % of bulk sends
 * answered 429 (20 of 91 in a 1,000-person round). A request sent `perMs` after the response to the request
 * `requests` places before it cannot share a window with it — that one arrived before its response came back — so
 * the limit holds whatever the latency. Starts are still spaced by `perMs / requests`, so a burst is spread.
 * A 429 that still arrives (another app, Graph's own accounting) pushes everything after it out (`holdOff`).
 */
export class RequestPacer {
  /** When each of the last `limit.requests` sends was answered (pending while in flight), oldest first. */
  private readonly answered: Array<Promise<number>> = [];
  private nextStartAt = 0;
  private holdUntil = 0;
  /** Slots are taken in arrival order, one at a time. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly lane: Lane = openLane,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.lane.enter();
    try {
      const slot = this.turn.then(() => this.takeSlot());
      this.turn = slot.catch(() => undefined);
      const markAnswered = await slot;
      try {
        return await work();
      } finally {
        markAnswered(this.now());
      }
    } finally {
      this.lane.exit();
    }
  }

  /** Graph asked for a pause (Retry-After): nothing more is sent before it ends. */
  holdOff(ms: number): void {
    this.holdUntil = Math.max(this.holdUntil, this.now() + ms);
  }

  private async takeSlot(): Promise<(at: number) => void> {
    if (this.answered.length >= this.limit.requests) {
      const windowStart = await this.answered.shift()!;
      await this.waitUntil(windowStart + this.limit.perMs);
    }
    await this.waitUntil(Math.max(this.nextStartAt, this.holdUntil));
    if (Number.isFinite(this.limit.requests)) {
      this.nextStartAt = this.now() + this.limit.perMs / this.limit.requests;
      let markAnswered: (at: number) => void = () => undefined;
      this.answered.push(new Promise<number>((resolve) => (markAnswered = resolve)));
      return markAnswered;
    }
    return () => undefined;
  }

  private async waitUntil(at: number): Promise<void> {
    // A hold-off may grow while we sleep: look again after waking.
    for (let wait = at - this.now(); wait > 0; wait = Math.max(at, this.holdUntil) - this.now())
      await this.sleep(wait);
  }
}
