import { type Directory, type DirectoryPerson } from '../../domain/deps';

/**
 * A short-lived per-instance cache in front of the directory: `GET /api/me` and `GET /api/programs` need the
 * caller's facts on every tab load, and each fresh read costs up to five Graph requests (user, manager chain,
 * mailbox settings). The directory sync always reads fresh and refreshes the cache.
 */
export class CachedDirectory implements Directory {
  private readonly entries = new Map<string, { person: DirectoryPerson; expires: number }>();

  constructor(
    private readonly inner: Directory,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private remember(tenantId: string, person: DirectoryPerson): void {
    const key = `${tenantId}|${person.userId}`;
    this.entries.delete(key);
    this.entries.set(key, { person, expires: this.now() + this.ttlMs });
    // Map keeps insertion order: the first key is the least recently stored.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async getPerson(tenantId: string, userId: string): Promise<DirectoryPerson | null> {
    const key = `${tenantId}|${userId}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.person;
    const person = await this.inner.getPerson(tenantId, userId);
    if (person) this.remember(tenantId, person);
    else this.entries.delete(key);
    return person;
  }

  async getPeople(tenantId: string, userIds: string[]): Promise<Map<string, DirectoryPerson>> {
    const people = await this.inner.getPeople(tenantId, userIds);
    for (const person of people.values()) this.remember(tenantId, person);
    return people;
  }

  /** Only the sync asks, once a month per person: nothing to cache. */
  getMailboxLanguages(tenantId: string, userIds: readonly string[]): Promise<Map<string, string | null>> {
    return this.inner.getMailboxLanguages(tenantId, userIds);
  }
}
