import { type Round, roundInProgress } from '../../../functions/src/contracts/admin';
import { followRound } from './admin-api';

const round = (status: Round['status']) => ({ id: 'r-1', status }) as Round;

describe('following a round the worker plans or publishes', () => {
  it.each([
    ['planning', true],
    ['running', true],
    ['draft', false],
    ['published', false],
    ['failed', false],
    ['discarded', false],
  ] as const)('%s is in progress: %s', (status, expected) => {
    expect(roundInProgress(round(status))).toBe(expected);
  });

  it('reads the round until it is settled and returns it as it ended', async () => {
    const answers = [round('planning'), round('planning'), round('draft')];
    const read = jest.fn(() => Promise.resolve(answers.shift()!));
    const settled = await followRound(round('planning'), read, { intervalMs: 1 });
    expect(settled.status).toBe('draft');
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('does not read a round that is already settled', async () => {
    const read = jest.fn(() => Promise.resolve(round('failed')));
    expect((await followRound(round('published'), read, { intervalMs: 1 })).status).toBe('published');
    expect(read).not.toHaveBeenCalled();
  });

  it('stops when the view is gone or the limit has passed, with the round as it last was', async () => {
    const read = jest.fn(() => Promise.resolve(round('running')));
    let live = true;
    const following = followRound(round('running'), read, { intervalMs: 1, isLive: () => live });
    live = false;
    expect((await following).status).toBe('running');
    expect((await followRound(round('running'), read, { intervalMs: 1, limitMs: 5 })).status).toBe('running');
  });
});
