import { type TimerFunctionDefinition } from '../../functions/src/function-registry';
import { startTimers } from './timers';

/** A timer every second, counting its runs. */
function everySecond(): { definition: TimerFunctionDefinition; runs: () => number } {
  let runs = 0;
  return {
    definition: {
      kind: 'timer',
      name: 'tick',
      schedule: '%TICK_SCHEDULE%',
      handler: () => {
        runs++;
        return Promise.resolve();
      },
    },
    runs: () => runs,
  };
}

/** The local timers over one such timer, armed at the start or not. */
const start = (tick: ReturnType<typeof everySecond>, schedule: boolean) =>
  startTimers([tick.definition], { TICK_SCHEDULE: '* * * * * *' }, () => {}, { schedule });

describe('local timers', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2030-03-04T08:59:59.500Z') }));
  afterEach(() => jest.useRealTimers());

  it('runs on its schedule from the start when asked to', async () => {
    const tick = everySecond();
    const runner = start(tick, true);
    await jest.advanceTimersByTimeAsync(3_000);
    runner.stop();
    expect(tick.runs()).toBe(3);
  });

  // The demo is seeded before the timers start: a rounds tick in the middle of the seed started rounds of its own.
  it('waits for schedule() when started without a schedule, and arms only once', async () => {
    const tick = everySecond();
    const runner = start(tick, false);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(tick.runs()).toBe(0);
    runner.schedule();
    runner.schedule();
    await jest.advanceTimersByTimeAsync(3_000);
    runner.stop();
    expect(tick.runs()).toBe(3);
  });

  it('fires on demand without a schedule', async () => {
    const tick = everySecond();
    const runner = start(tick, false);
    await runner.fire('tick');
    await jest.advanceTimersByTimeAsync(2_000);
    runner.stop();
    expect(tick.runs()).toBe(1);
  });
});
