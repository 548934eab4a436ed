import { type PhotoBytes } from './profile-photos';

export interface PhotoCacheOptions {
  /** How many people's answers are kept (photo or "no photo"). */
  maxEntries: number;
  /** Upper bound on the bytes held; the least recently used photos go first. */
  maxBytes: number;
  /** How long a photo is served from memory before Graph is asked again. */
  ttlMs: number;
  /** "No photo" is kept for less time: someone who uploads one should see it the same day. */
  missingTtlMs: number;
  now?: () => number;
}

export const defaultPhotoCacheOptions: PhotoCacheOptions = {
  maxEntries: 2_000,
  maxBytes: 32 * 1024 * 1024,
  ttlMs: 60 * 60_000,
  missingTtlMs: 10 * 60_000,
};

interface Entry {
  photo: PhotoBytes | null;
  expires: number;
}

type PhotoReader = { read(tenantId: string, userId: string): Promise<PhotoBytes | null> };

/**
 * A bounded LRU in front of a photo reader, per function instance: a tab refresh (or the same peer on the card and
 * in the history) is answered from memory instead of Graph. Bounded by entries and bytes, entries expire, and
 * concurrent reads of the same person share one Graph call. Failures are never cached.
 */
export class CachedProfilePhotos {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<PhotoBytes | null>>();
  private bytes = 0;
  private readonly options: PhotoCacheOptions;

  constructor(
    private readonly inner: PhotoReader,
    options: Partial<PhotoCacheOptions> = {},
  ) {
    this.options = { ...defaultPhotoCacheOptions, ...options };
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async read(tenantId: string, userId: string): Promise<PhotoBytes | null> {
    const key = `${tenantId}|${userId}`;
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      // Re-inserting moves the key to the end: Map order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.photo;
    }
    if (hit) this.remove(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const read = this.inner.read(tenantId, userId).then(
      (photo) => {
        this.inFlight.delete(key);
        this.store(key, photo, now);
        return photo;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, read);
    return read;
  }

  private store(key: string, photo: PhotoBytes | null, now: number): void {
    const size = photo?.bytes.byteLength ?? 0;
    if (size > this.options.maxBytes) return;
    this.remove(key);
    this.entries.set(key, { photo, expires: now + (photo ? this.options.ttlMs : this.options.missingTtlMs) });
    this.bytes += size;
    while (this.entries.size > this.options.maxEntries || this.bytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.photo?.bytes.byteLength ?? 0;
    this.entries.delete(key);
  }
}
