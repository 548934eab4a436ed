import { type DocumentStore } from '../ports';
import { type PairingDocument } from './lifecycle';

/** Why a queue message was refused before any work: it names a pairing that is not what it claims to be. */
export type MessageRejection = 'tenant-mismatch' | 'program-mismatch' | 'not-a-member';

export type MessagePairing =
  { kind: 'found'; doc: PairingDocument } | { kind: 'missing' } | { kind: 'rejected'; why: MessageRejection };

/**
 * The stored pairing a queue message names, checked against the message. Messages are ids only and the workers
 * trust the store, not the message: a message whose tenant (or program) differs from the stored pairing's — a
 * forged or mis-routed message, or a store that ignored the partition key — is
 * refused before any Graph call, so one tenant's message can never act on another tenant's calendars.
 */
export async function pairingForMessage(
  store: Pick<DocumentStore<PairingDocument>, 'get'>,
  message: { tenantId: string; pairingId: string; programId?: string },
): Promise<MessagePairing> {
  const doc = (await store.get(message.tenantId, message.pairingId))?.doc;
  if (!doc) return { kind: 'missing' };
  if (doc.tenantId.toLowerCase() !== message.tenantId.toLowerCase())
    return { kind: 'rejected', why: 'tenant-mismatch' };
  if (message.programId !== undefined && doc.programId !== message.programId)
    return { kind: 'rejected', why: 'program-mismatch' };
  return { kind: 'found', doc };
}
