import { type PeerChatResponse } from '../../contracts/employee';
import { notFound } from '../../errors';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { sharesPairing } from './peer-photos';

/**
 * Reads a person's sign-in name (their Entra user principal name); null when the directory does not know them.
 * Never stored: Pairwise keeps no mail or UPN (model.ts), it asks when someone wants to chat.
 */
export interface SignInNamePort {
  signInNameOf(tenantId: string, userId: string): Promise<string | null>;
}

/**
 * Whom to open a Teams chat with: the sign-in name of someone I am or was paired with in a published pairing.
 * Anyone else — and someone the directory no longer knows — is the same 404, so the route tells nobody's UPN and
 * nobody's existence to a stranger.
 */
export async function peerChat(
  deps: Pick<Deps, 'repos'>,
  names: SignInNamePort,
  actor: Actor,
  personId: string,
): Promise<PeerChatResponse> {
  if (personId === actor.userId || !(await sharesPairing(deps, actor, personId)))
    throw notFound('The person');
  const user = await names.signInNameOf(actor.tenantId, personId);
  if (!user) throw notFound('The person');
  return { user };
}
