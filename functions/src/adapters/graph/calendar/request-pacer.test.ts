import { type Lane } from './outlook-gate';
import { RequestPacer } from './request-pacer';

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
  it('spaces the starts of requests by the interval, however many arrive at once', async () => {
    const clock = virtualClock();
    const pacer = new RequestPacer(500, undefined, clock.now, clock.sleep);
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

  it('a Retry-After pushes the next start out', async () => {
    const clock = virtualClock();
    const pacer = new RequestPacer(500, undefined, clock.now, clock.sleep);
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
    const pacer = new RequestPacer(0, lane);
    await pacer.run(() => Promise.resolve(events.push('send')));
    await expect(pacer.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(events).toEqual(['enter', 'send', 'exit', 'enter', 'exit']);
  });
});
