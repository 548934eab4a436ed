import { isAppError } from '../../errors';
import { type LeaseDocument } from '../model';
import { type DocumentStore } from '../ports';
import { updateWithRetry } from '../update';
import { type SeriesLoad } from './lifecycle';

/**
 * Team load counters, stored (not per process): for each load group (a manager's reports), how many running
 * series sit at each UTC weekday-hour. Slot finding penalises busy hours, so a team is not booked into one slot
 * even when its bookings run on many instances; a series that ends gives its hour back.
 */
type LeaseStore = DocumentStore<LeaseDocument>;

const idOf = (group: string) => `team-load.${group}`;

export async function readTeamLoad(
  store: LeaseStore,
  tenantId: string,
  groups: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const unique = [...new Set(groups)];
  const docs = await Promise.all(unique.map((group) => store.get(tenantId, idOf(group))));
  const load = new Map<string, Map<string, number>>();
  unique.forEach((group, i) => {
    const doc = docs[i]?.doc;
    load.set(group, new Map(doc?.kind === 'team-load' ? Object.entries(doc.counts) : []));
  });
  return load;
}

/** Adds (or, with a negative delta, gives back) one series' hour in each of its groups. */
export async function addTeamLoad(
  store: LeaseStore,
  tenantId: string,
  load: SeriesLoad,
  delta: 1 | -1,
  now: string,
): Promise<void> {
  for (const group of new Set(load.groups)) {
    const id = idOf(group);
    const existing = await store.get(tenantId, id);
    if (!existing) {
      if (delta < 0) continue;
      try {
        await store.create({
          id,
          tenantId,
          kind: 'team-load',
          group,
          counts: { [load.key]: 1 },
          updatedAt: now,
        });
        continue;
      } catch (e) {
        // Created by another instance meanwhile: add to theirs below.
        if (!(isAppError(e) && e.kind === 'conflict')) throw e;
      }
    }
    await updateWithRetry(store, tenantId, id, (doc) => {
      if (doc.kind !== 'team-load') return null;
      const next = Math.max(0, (doc.counts[load.key] ?? 0) + delta);
      const counts = { ...doc.counts, [load.key]: next };
      if (next === 0) delete counts[load.key];
      return { ...doc, counts, updatedAt: now };
    });
  }
}
