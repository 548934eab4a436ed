/**
 * At most N requests in flight per mailbox (Graph's Outlook limit is 4 concurrent requests per app and
 * mailbox; a fifth is answered 429). One limiter is shared by the whole process, so parallel bookings that
 * touch the same organizer queue here instead of burning retries on Graph. A `$batch` holds one slot per
 * sub-request on each mailbox it touches, because Graph evaluates every sub-request against the limit.
 */
export class MailboxLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<{ slots: number; resolve: () => void }>>();

  constructor(readonly perMailbox = 4) {}

  /**
   * Runs `work` holding one slot per entry of `mailboxes` (a mailbox named k times holds k slots, at most
   * `perMailbox`). Slots of one mailbox are taken at once and mailboxes in sorted order, so holders never
   * deadlock each other.
   */
  async run<T>(mailboxes: readonly string[], work: () => Promise<T>): Promise<T> {
    const needs = new Map<string, number>();
    for (const mailbox of mailboxes) {
      const key = mailbox.toLowerCase();
      needs.set(key, Math.min(this.perMailbox, (needs.get(key) ?? 0) + 1));
    }
    const keys = [...needs.keys()].sort();
    const taken: Array<[string, number]> = [];
    try {
      for (const key of keys) {
        const slots = needs.get(key) ?? 1;
        await this.acquire(key, slots);
        taken.push([key, slots]);
      }
      return await work();
    } finally {
      for (const [key, slots] of taken) this.release(key, slots);
    }
  }

  inFlight(mailbox: string): number {
    return this.active.get(mailbox.toLowerCase()) ?? 0;
  }

  private acquire(key: string, slots: number): Promise<void> {
    const count = this.active.get(key) ?? 0;
    const queue = this.waiting.get(key);
    if (count + slots <= this.perMailbox && !queue?.length) {
      this.active.set(key, count + slots);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const q = queue ?? [];
      q.push({ slots, resolve });
      this.waiting.set(key, q);
    });
  }

  private release(key: string, slots: number): void {
    let count = (this.active.get(key) ?? slots) - slots;
    const queue = this.waiting.get(key);
    // First come, first served: wake waiters from the head while they fit.
    while (queue && queue.length > 0 && count + (queue[0]?.slots ?? 0) <= this.perMailbox) {
      const next = queue.shift()!;
      count += next.slots;
      next.resolve();
    }
    if (queue && queue.length === 0) this.waiting.delete(key);
    if (count <= 0) this.active.delete(key);
    else this.active.set(key, count);
  }
}

/** The process-wide limiter (module singleton: one per Functions worker process). */
export const sharedMailboxLimiter = new MailboxLimiter(4);
