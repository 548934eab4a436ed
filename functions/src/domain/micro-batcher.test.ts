import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('coalesces concurrent submissions into batches of at most maxBatch, results to their callers', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, string>(
      (items) => {
        batches.push(items);
        return Promise.resolve(items.map((i) => `r${i}`));
      },
      { maxBatch: 4, maxWaitMs: 5 },
    );
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
  });

  it('flushes a lone item after maxWaitMs', async () => {
    const batcher = new MicroBatcher<number, number>((items) => Promise.resolve(items.map((i) => i * 2)), {
      maxBatch: 20,
      maxWaitMs: 1,
    });
    await expect(batcher.submit(21)).resolves.toBe(42);
  });

  it('rejects every caller of a failed batch, and only them', async () => {
    let call = 0;
    const batcher = new MicroBatcher<number, number>(
      (items) => (call++ === 0 ? Promise.reject(new Error('graph down')) : Promise.resolve(items)),
      { maxBatch: 2, maxWaitMs: 1 },
    );
    const first = [batcher.submit(1), batcher.submit(2)];
    const later = batcher.submit(3);
    await expect(Promise.all(first)).rejects.toThrow('graph down');
    await expect(later).resolves.toBe(3);
  });
});
