import {
  type EnrollmentRequest,
  EnrollmentSchema,
  type FeedbackRequest,
  FeedbackResponseSchema,
  MeResponseSchema,
  PairingsResponseSchema,
  PairingViewSchema,
  PeerChatResponseSchema,
  PeopleSearchResponseSchema,
  ProgramsResponseSchema,
  type SkipRequest,
  SuggestedSlotsResponseSchema,
} from '../../../functions/src/contracts/employee';
import { type CheckInsRequest, WorkspaceViewSchema } from '../../../functions/src/contracts/workspace';
import { type HttpDeps, requestBlob, requestJson, requestNoContent } from './http';

const enc = encodeURIComponent;
const workspacePath = (pairingId: string) => `pairings/${enc(pairingId)}/workspace`;

/** The employee routes of docs/api.md, typed by the shared contracts. */
export function createEmployeeApi(deps: HttpDeps) {
  return {
    me: () => requestJson(deps, 'me', MeResponseSchema),
    programs: () => requestJson(deps, 'programs', ProgramsResponseSchema),
    /** People of my tenant whose name contains `search` (2+ characters), for my private "not with" list. */
    searchPeople: (search: string) =>
      requestJson(deps, 'people', PeopleSearchResponseSchema, { query: { search } }),
    enroll: (programId: string, body: EnrollmentRequest, etag?: string) =>
      requestJson(deps, `programs/${enc(programId)}/enrollment`, EnrollmentSchema, {
        method: 'PUT',
        body,
        headers: etag ? { 'if-match': etag } : {},
      }),
    pause: (programId: string, until: string) =>
      requestJson(deps, `programs/${enc(programId)}/enrollment/pause`, EnrollmentSchema, {
        method: 'POST',
        body: { until },
      }),
    leave: (programId: string) =>
      requestNoContent(deps, `programs/${enc(programId)}/enrollment`, { method: 'DELETE' }),
    pairings: () => requestJson(deps, 'pairings', PairingsResponseSchema),
    feedback: (pairingId: string, body: FeedbackRequest) =>
      requestJson(deps, `pairings/${enc(pairingId)}/feedback`, FeedbackResponseSchema, {
        method: 'POST',
        body,
      }),
    /** The category is counted for admins (from five skips up); the note is private to me. */
    skip: (pairingId: string, body: SkipRequest) =>
      requestJson(deps, `pairings/${enc(pairingId)}/skip`, PairingViewSchema, {
        method: 'POST',
        body,
      }),
    /** Suggested new times for the pairing's series (up to three, best first). */
    slots: (pairingId: string) =>
      requestJson(deps, `pairings/${enc(pairingId)}/slots`, SuggestedSlotsResponseSchema),
    reschedule: (pairingId: string, slotId: string) =>
      requestJson(deps, `pairings/${enc(pairingId)}/reschedule`, PairingViewSchema, {
        method: 'POST',
        body: { slotId },
      }),
    /**
     * A peer's profile photo (image bytes); ApiError 'not-found' when they have none. Fetched with the bearer token
     * because an <img src> cannot send one; the browser's private cache (max-age, ETag) keeps repeat loads cheap.
     */
    peerPhoto: (personId: string) =>
      requestBlob(deps, `me/peers/${enc(personId)}/photo`, { headers: { accept: 'image/*' } }),
    /** Whom to open a Teams chat with: my peer's sign-in name (UPN); ApiError 'not-found' for anyone else. */
    peerChat: (personId: string) =>
      requestJson(deps, `me/peers/${enc(personId)}/chat`, PeerChatResponseSchema),
    /** The pair workspace of one of my pairings (agenda, shared goals, check-ins, my private notes). */
    workspace: (pairingId: string) => requestJson(deps, workspacePath(pairingId), WorkspaceViewSchema),
    /** What both members edit needs the etag read last (412 → the peer changed it: reload). */
    setAgenda: (pairingId: string, session: number, items: string[], etag: string) =>
      requestJson(deps, `${workspacePath(pairingId)}/sessions/${session}/agenda`, WorkspaceViewSchema, {
        method: 'PUT',
        body: { items },
        headers: { 'if-match': etag },
      }),
    resetAgenda: (pairingId: string, session: number, etag: string) =>
      requestJson(deps, `${workspacePath(pairingId)}/sessions/${session}/agenda`, WorkspaceViewSchema, {
        method: 'DELETE',
        headers: { 'if-match': etag },
      }),
    addGoal: (pairingId: string, title: string, etag: string) =>
      requestJson(deps, `${workspacePath(pairingId)}/goals`, WorkspaceViewSchema, {
        method: 'POST',
        body: { title },
        headers: { 'if-match': etag },
      }),
    renameGoal: (pairingId: string, goalId: string, title: string, etag: string) =>
      requestJson(deps, `${workspacePath(pairingId)}/goals/${enc(goalId)}`, WorkspaceViewSchema, {
        method: 'PUT',
        body: { title },
        headers: { 'if-match': etag },
      }),
    removeGoal: (pairingId: string, goalId: string, etag: string) =>
      requestJson(deps, `${workspacePath(pairingId)}/goals/${enc(goalId)}`, WorkspaceViewSchema, {
        method: 'DELETE',
        headers: { 'if-match': etag },
      }),
    /** My check-ins after a session: only mine change, so the server merges them without an etag. */
    checkIn: (pairingId: string, session: number, body: CheckInsRequest) =>
      requestJson(deps, `${workspacePath(pairingId)}/sessions/${session}/check-ins`, WorkspaceViewSchema, {
        method: 'PUT',
        body,
      }),
    /** My private notes: nobody else reads them. */
    saveNotes: (pairingId: string, text: string) =>
      requestJson(deps, `${workspacePath(pairingId)}/notes`, WorkspaceViewSchema, {
        method: 'PUT',
        body: { text },
      }),
    exportMyData: () => requestBlob(deps, 'me/export'),
    deleteMyData: () => requestNoContent(deps, 'me', { method: 'DELETE' }),
  };
}

export type EmployeeApi = ReturnType<typeof createEmployeeApi>;
