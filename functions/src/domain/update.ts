import { isAppError } from '../errors';
import { type DocumentStore, type Stored } from './ports';

/**
 * Read–modify–write with If-Match, re-reading on 412 (someone else wrote in between) so background updates never
 * overwrite a concurrent change. `mutate` returns null to leave the document as it is.
 */
export async function updateWithRetry<T extends { id: string; tenantId: string }>(
  store: DocumentStore<T>,
  tenantId: string,
  id: string,
  mutate: (doc: T) => T | null,
  attempts = 5,
): Promise<Stored<T> | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(tenantId, id);
    if (!current) return null;
    const next = mutate(current.doc);
    if (next === null) return current;
    try {
      return await store.replace(next, current.etag);
    } catch (e) {
      if (!(isAppError(e) && e.kind === 'precondition-failed') || attempt >= attempts) throw e;
    }
  }
}
