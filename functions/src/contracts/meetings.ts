import { z } from 'zod';

import { ResourceIdSchema } from './common';
import { PairingViewSchema } from './employee';

/**
 * `GET /api/me/meeting-pairing`: which of my pairings a meeting belongs to, for the Outlook pane and the Teams
 * meeting side panel (docs/decisions/0018-finding-the-pairing-of-a-meeting.md). They send what the meeting shows
 * them — the pairing named by the workspace link in its body, and/or its Teams chat thread — and get my pairing
 * back, or 404 when it is none of mine (also when it is someone else's: no existence leak).
 */

/** A Teams meeting's chat thread (`19:meeting_…@thread.v2`): teams-js `chat.id`, or read from a join URL. */
export const MeetingThreadSchema = z
  .string()
  .regex(/^19:meeting_[A-Za-z0-9_-]{1,200}@thread\.v2$/, 'must be a Teams meeting thread id');

export const MeetingPairingQuerySchema = z
  .strictObject({
    pairingId: ResourceIdSchema.optional(),
    thread: MeetingThreadSchema.optional(),
  })
  .refine((q) => q.pairingId !== undefined || q.thread !== undefined, {
    message: 'Send pairingId, thread or both',
  });
export type MeetingPairingQuery = z.infer<typeof MeetingPairingQuerySchema>;

export const MeetingPairingResponseSchema = z.object({
  pairing: PairingViewSchema,
  /** How it was found: the link in the body names it, or its series' Teams meeting is this one. */
  matchedBy: z.enum(['pairing-link', 'meeting-thread']),
});
export type MeetingPairingResponse = z.infer<typeof MeetingPairingResponseSchema>;
