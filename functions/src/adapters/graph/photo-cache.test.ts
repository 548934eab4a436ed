import { AppError } from '../../errors';
import { CachedProfilePhotos } from './photo-cache';
import { type PhotoBytes } from './profile-photos';

const photo = (size: number, tag = 'x'): PhotoBytes => ({
  bytes: new Uint8Array(size),
  contentType: 'image/jpeg',
  etag: `"${tag}"`,
});

function fakeReader(answers: Record<string, PhotoBytes | null | Error>) {
  const reads: string[] = [];
  return {
    reads,
    read(tenantId: string, userId: string): Promise<PhotoBytes | null> {
      reads.push(userId);
      const answer = answers[userId];
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(answer ?? null);
    },
  };
}

describe('CachedProfilePhotos', () => {
  it('answers a second read of the same person from memory, per tenant', async () => {
    const inner = fakeReader({ a: photo(10) });
    const cache = new CachedProfilePhotos(inner);
    const first = await cache.read('t1', 'a');
    expect(await cache.read('t1', 'a')).toBe(first);
    await cache.read('t2', 'a');
    expect(inner.reads).toEqual(['a', 'a']);
  });

  it('remembers "no photo" for the shorter miss TTL, and photos for the TTL', async () => {
    const now = { t: 0 };
    const inner = fakeReader({ a: photo(10), b: null });
    const cache = new CachedProfilePhotos(inner, { ttlMs: 1000, missingTtlMs: 100, now: () => now.t });
    await cache.read('t', 'a');
    await cache.read('t', 'b');
    now.t = 99;
    await cache.read('t', 'a');
    await cache.read('t', 'b');
    expect(inner.reads).toEqual(['a', 'b']);
    now.t = 100;
    await cache.read('t', 'b');
    await cache.read('t', 'a');
    expect(inner.reads).toEqual(['a', 'b', 'b']);
    now.t = 1000;
    await cache.read('t', 'a');
    expect(inner.reads).toEqual(['a', 'b', 'b', 'a']);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const inner = fakeReader({ a: photo(1), b: photo(1), c: photo(1) });
    const cache = new CachedProfilePhotos(inner, { maxEntries: 2 });
    await cache.read('t', 'a');
    await cache.read('t', 'b');
    await cache.read('t', 'a'); // a is now the most recent
    await cache.read('t', 'c'); // evicts b
    expect(cache.size.entries).toBe(2);
    await cache.read('t', 'a');
    await cache.read('t', 'b');
    expect(inner.reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps the bytes held under maxBytes, and does not keep a photo larger than the whole budget', async () => {
    const inner = fakeReader({ a: photo(600), b: photo(600), huge: photo(5000) });
    const cache = new CachedProfilePhotos(inner, { maxBytes: 1000 });
    await cache.read('t', 'a');
    await cache.read('t', 'b');
    expect(cache.size).toEqual({ entries: 1, bytes: 600 });
    await cache.read('t', 'huge');
    await cache.read('t', 'huge');
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    expect(inner.reads.filter((r) => r === 'huge')).toHaveLength(2);
  });

  it('shares one read between concurrent requests for the same person', async () => {
    const inner = fakeReader({ a: photo(10) });
    const cache = new CachedProfilePhotos(inner);
    const [one, two] = await Promise.all([cache.read('t', 'a'), cache.read('t', 'a')]);
    expect(one).toBe(two);
    expect(inner.reads).toEqual(['a']);
  });

  it('never caches a failure', async () => {
    const inner = fakeReader({ a: new AppError('throttled', 'busy') });
    const cache = new CachedProfilePhotos(inner);
    await expect(cache.read('t', 'a')).rejects.toThrow('busy');
    await expect(cache.read('t', 'a')).rejects.toThrow('busy');
    expect(inner.reads).toEqual(['a', 'a']);
    expect(cache.size.entries).toBe(0);
  });
});
