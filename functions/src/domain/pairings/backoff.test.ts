import { AppError } from '../../errors';
import { DEFAULT_BACKOFF, isTransient, nextRetry } from './backoff';

const now = new Date('2027-03-01T08:00:00.000Z');

describe('nextRetry', () => {
  it('backs off 1, 2, 4 … minutes, at most an hour, counting from the first failure', () => {
    let state;
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const decision = nextRetry(state, now, () => 0);
      if (decision.kind !== 'retry') throw new Error('gave up too early');
      delays.push(decision.delaySeconds);
      state = decision.retry;
    }
    expect(delays).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(state).toEqual({ count: 9, firstFailedAt: now.toISOString() });
  });

  it('jitters each delay by up to a fifth, never below a second', () => {
    const decision = nextRetry(undefined, now, () => 0.999);
    expect(decision).toMatchObject({ kind: 'retry', delaySeconds: 48 });
    expect(
      nextRetry(undefined, now, () => 0.999, { ...DEFAULT_BACKOFF, firstDelaySeconds: 1 }),
    ).toMatchObject({
      delaySeconds: 1,
    });
  });

  it.each([
    [5 * 60, 'retry'],
    [5 * 3600, 'retry'],
    [6 * 3600, 'give-up'],
    [30 * 3600, 'give-up'],
  ])('after %i s of failures → %s (the budget is hours, not minutes)', (seconds, kind) => {
    const firstFailedAt = new Date(now.getTime() - seconds * 1000).toISOString();
    expect(nextRetry({ count: 3, firstFailedAt }, now, () => 0).kind).toBe(kind);
  });
});

describe('isTransient', () => {
  it.each([
    [new AppError('throttled', 'x'), true],
    [new AppError('unavailable', 'x'), true],
    [new AppError('upstream', 'x'), false],
    [new AppError('conflict', 'x'), false],
    [new Error('boom'), false],
  ])('%s → %s', (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});
