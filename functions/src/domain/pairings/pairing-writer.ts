import { AppError, isAppError } from '../../errors';
import { mapWithConcurrency } from '../concurrency';
import { type DocumentStore } from '../ports';
import { type PairingDocument, type Transition } from './lifecycle';

/**
 * The one module that writes pairings. Every change of a pairing's state is a lifecycle transition applied here:
 * read, transition, write with If-Match, and on 412 (someone else wrote in between) read and transition again —
 * so a background worker never overwrites a member's or an admin's concurrent change.
 */
export type PairingStore = DocumentStore<PairingDocument>;

/** The transition as applied to the latest stored document; null when the pairing does not exist. */
export async function applyTransition(
  store: PairingStore,
  tenantId: string,
  pairingId: string,
  step: (doc: PairingDocument) => Transition,
  attempts = 8,
): Promise<Transition | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(tenantId, pairingId);
    if (!current) return null;
    const result = step(current.doc);
    if (result.kind !== 'changed') return result;
    try {
      const written = await store.replace(result.doc, current.etag);
      return { kind: 'changed', doc: written.doc };
    } catch (e) {
      if (!(isAppError(e) && e.kind === 'precondition-failed') || attempt >= attempts) throw e;
    }
  }
}

/** As `applyTransition`, for API calls: a missing pairing is a 404 and a refused transition a 409 naming the state. */
export async function transitionOrThrow(
  store: PairingStore,
  tenantId: string,
  pairingId: string,
  step: (doc: PairingDocument) => Transition,
): Promise<PairingDocument> {
  const result = await applyTransition(store, tenantId, pairingId, step);
  if (!result) throw new AppError('not-found', 'The pairing was not found.', { code: 'not_found' });
  if (result.kind === 'refused')
    throw new AppError('conflict', result.message, { code: `pairing_${result.state.replace(/-/g, '_')}` });
  return result.doc;
}

/** New pairings of a round or an override (proposed; a draft round's are not published). */
export async function storeNewPairings(
  store: PairingStore,
  pairings: readonly PairingDocument[],
): Promise<void> {
  await mapWithConcurrency(pairings, 16, (pairing) => store.upsert(pairing));
}

/** A draft round's pairing that an override replaced: never published, so simply gone. */
export async function deleteDraftPairing(
  store: PairingStore,
  tenantId: string,
  pairingId: string,
): Promise<void> {
  const current = await store.get(tenantId, pairingId);
  if (current && !current.doc.published) await store.delete(tenantId, pairingId, current.etag);
}
