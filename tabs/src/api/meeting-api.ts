import {
  type MeetingPairingQuery,
  type MeetingPairingResponse,
  MeetingPairingResponseSchema,
} from '../../../functions/src/contracts/meetings';
import { ApiError, type HttpDeps, requestJson } from './http';

/** `GET /api/me/meeting-pairing` (docs/api.md), for the Outlook pane and the Teams meeting side panel. */
export function createMeetingApi(deps: HttpDeps) {
  return {
    /** My pairing the meeting belongs to, or null when it is none of mine (the API's 404). */
    findPairing: async (query: MeetingPairingQuery): Promise<MeetingPairingResponse | null> => {
      try {
        return await requestJson(deps, 'me/meeting-pairing', MeetingPairingResponseSchema, {
          query: { pairingId: query.pairingId, thread: query.thread },
        });
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'not-found') return null;
        throw error;
      }
    },
  };
}
export type MeetingApi = ReturnType<typeof createMeetingApi>;
