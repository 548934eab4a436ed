import { type MeetingPairingQuery, type MeetingPairingResponse } from '../../contracts/meetings';
import { notFound } from '../../errors';
import { type Actor } from '../audit';
import { type Deps } from '../deps';
import { feedbackId, type PairingDocument } from '../model';
import { isoDate, isoInstant } from '../time';
import { isLive } from './lifecycle';
import { meetingThreadOf } from './meeting-links';
import { myPairingDocuments, toPairingView } from './pairing-service';

type Candidate = Pick<
  PairingDocument,
  'id' | 'series' | 'published' | 'state' | 'endRequested' | 'endsOn' | 'startsOn'
>;

/**
 * Which of my pairings (published, I am a member: the caller filters) a meeting shows. A workspace link in the body
 * names the pairing outright; otherwise the meeting's Teams chat thread is compared with the thread of each
 * pairing's series join URL. Several matches (never expected) prefer a live pairing, then the latest. Pure.
 */
export function pickMeetingPairing<T extends Candidate>(
  mine: readonly T[],
  query: MeetingPairingQuery,
  today: string,
): { pairing: T; matchedBy: MeetingPairingResponse['matchedBy'] } | null {
  if (query.pairingId !== undefined) {
    const named = mine.find((p) => p.id === query.pairingId);
    if (named) return { pairing: named, matchedBy: 'pairing-link' };
  }
  if (query.thread === undefined) return null;
  const byThread = mine
    .filter((p) => p.series?.joinUrl && meetingThreadOf(p.series.joinUrl) === query.thread)
    .sort(
      (a, b) => Number(isLive(b, today)) - Number(isLive(a, today)) || b.startsOn.localeCompare(a.startsOn),
    );
  return byThread[0] ? { pairing: byThread[0], matchedBy: 'meeting-thread' } : null;
}

/** `GET /api/me/meeting-pairing`: my pairing the meeting belongs to; 404 for any other meeting (docs/api.md). */
export async function findMeetingPairing(
  deps: Pick<Deps, 'repos' | 'clock'>,
  actor: Actor,
  query: MeetingPairingQuery,
): Promise<MeetingPairingResponse> {
  const mine = (await myPairingDocuments(deps, actor)).map((p) => p.doc);
  const found = pickMeetingPairing(mine, query, isoDate(deps.clock()));
  if (!found) throw notFound('The pairing');
  const { pairing } = found;
  const [program, feedback] = await Promise.all([
    deps.repos.programs.get(actor.tenantId, pairing.programId),
    deps.repos.feedback.get(actor.tenantId, feedbackId(pairing.id, actor.userId)),
  ]);
  return {
    pairing: toPairingView(
      pairing,
      actor.userId,
      program?.doc.name ?? '',
      feedback?.doc ?? null,
      isoInstant(deps.clock()),
    ),
    matchedBy: found.matchedBy,
  };
}
