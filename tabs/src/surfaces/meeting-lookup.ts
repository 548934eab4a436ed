import { type MeetingPairingQuery } from '../../../functions/src/contracts/meetings';
import {
  findMeetingMarkers,
  MEETING_THREAD_PATTERN,
} from '../../../functions/src/domain/pairings/meeting-links';

const PAIRING_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/**
 * What the Outlook pane asks the API, from the appointment's body (docs/decisions/0018): the pairing its workspace
 * link names and the Teams meeting it joins. Null when the body has neither: no Pairwise session, no request.
 */
export function lookupFromBody(body: string): MeetingPairingQuery | null {
  const { pairingIds, threads } = findMeetingMarkers(body);
  const [pairingId] = pairingIds;
  const [thread] = threads;
  if (pairingId === undefined && thread === undefined) return null;
  return { ...(pairingId !== undefined ? { pairingId } : {}), ...(thread !== undefined ? { thread } : {}) };
}

/**
 * What the meeting side panel asks: the meeting's chat thread from teams-js, and the pairing its settings page
 * saved in the tab's URL (`?pairing=`). Null outside a meeting with nothing saved.
 */
export function lookupFromMeeting(
  thread: string | null,
  savedPairing: string | null,
): MeetingPairingQuery | null {
  const pairingId = savedPairing && PAIRING_ID.test(savedPairing) ? savedPairing : undefined;
  const meeting = thread && MEETING_THREAD_PATTERN.test(thread) ? thread : undefined;
  if (pairingId === undefined && meeting === undefined) return null;
  return {
    ...(pairingId !== undefined ? { pairingId } : {}),
    ...(meeting !== undefined ? { thread: meeting } : {}),
  };
}

/** What the side panel's settings page saves: the pairing in the content URL, so the panel opens it directly. */
export function meetingTabSettings(origin: string, pairingId: string) {
  return {
    entityId: 'pairwise-workspace',
    contentUrl: `${origin}/?view=meeting&pairing=${encodeURIComponent(pairingId)}`,
    websiteUrl: `${origin}/#/workspace/${encodeURIComponent(pairingId)}`,
    suggestedDisplayName: 'Pairwise',
  };
}
