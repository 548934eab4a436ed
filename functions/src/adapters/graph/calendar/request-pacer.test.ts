import { type Lane } from './outlook-gate';
import { RequestPacer, UNPACED } from './request-pacer';

/** Virtual time: a sleep wakes when `settle` moves the clock to its instant (concurrent sleeps overlap). */
function virtualClock() {
  let t = 1_000;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: t + ms, wake })),
    /** Runs until every sleeper has woken. */
    async settle(work: Promise<unknown>) {
      let done = false;
      void work.finally(() => (done = true));
      while (!done) {
        await new Promise((r) => setImmediate(r));
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift();
        if (!next) continue;
        t = Math.max(t, next.at);
        next.wake();
      }
      return work;
    },
  };
}

describe('RequestPacer', () => {
  it('spaces the starts of requests, however many arrive at once', async () => {
    const clock = virtualClock();
    const pacer = new RequestPacer({ requests: 2, perMs: 1000 }, undefined, clock.now, clock.sleep);
    const starts: number[] = [];
    await clock.settle(
      Promise.all(
        Array.from({ length: 5 }, () => pacer.run(() => Promise.resolve(starts.push(clock.now())))),
      ),
    );
    const gaps = starts.slice(1).map((s, i) => s - starts[i]!);
    expect(gaps.every((g) => g >= 500)).toBe(true);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(2000);
  });

  // Graph counts a request when it arrives, somewhere between our send and its response. Whatever the latencies,
  // no second at Graph may see three of them (2 a second): counting the window from responses guarantees it.
  it.each([
    ['steady latency', [50, 50, 50, 50, 50, 50, 50, 50]],
    ['a slow request between fast ones', [400, 5, 5, 900, 5, 5, 700, 5]],
    ['latencies longer than the window', [1500, 10, 1200, 10, 2000, 10, 30, 10]],
  ])('never lets three requests arrive within a second at Graph (%s)', async (_name, latencies) => {
    const clock = virtualClock();
    const pacer = new RequestPacer({ requests: 2, perMs: 1000 }, undefined, clock.now, clock.sleep);
    const arrivals: number[] = [];
    await clock.settle(
      Promise.all(
        latencies.map((latency, i) =>
          pacer.run(async () => {
            // The request reaches Graph at the end of its latency (the worst case for the next window).
            await clock.sleep(latency);
            arrivals[i] = clock.now();
            // ...and its answer is back at once.
          }),
        ),
      ),
    );
    const sorted = [...arrivals].sort((a, b) => a - b);
    for (let i = 2; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 2]!).toBeGreaterThanOrEqual(1000);
  });

  it('a Retry-After pushes the next start out', async () => {
    const clock = virtualClock();
    const pacer = new RequestPacer({ requests: 2, perMs: 1000 }, undefined, clock.now, clock.sleep);
    await clock.settle(pacer.run(() => Promise.resolve()));
    pacer.holdOff(3_000);
    const before = clock.now();
    await clock.settle(pacer.run(() => Promise.resolve()));
    expect(clock.now() - before).toBeGreaterThanOrEqual(3_000);
  });

  it('holds the tenant’s lane while it sends, and gives it back after a failure too', async () => {
    const events: string[] = [];
    const lane: Lane = {
      enter: () => {
        events.push('enter');
        return Promise.resolve();
      },
      exit: () => void events.push('exit'),
    };
    const pacer = new RequestPacer(UNPACED, lane);
    await pacer.run(() => Promise.resolve(events.push('send')));
    await expect(pacer.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(events).toEqual(['enter', 'send', 'exit', 'enter', 'exit']);
  });
});
