/**
 * How a session's meeting names its pairing (docs/decisions/0018-finding-the-pairing-of-a-meeting.md). Pure and
 * browser-safe: the invitation body is written with `workspaceTarget` (domain/scheduling/event-body.ts), and the
 * tab's Outlook pane and Teams meeting side panel read the same formats back with `findMeetingMarkers` and
 * `meetingThreadOf`, so writer and readers cannot drift apart.
 */

/** The tab's route of a pairing's workspace: `#/workspace/<id>` locally, Teams' `subEntityId` in a deep link. */
export function workspaceTarget(pairingId: string): string {
  return `workspace/${pairingId}`;
}

/** Ids we mint (contracts/common ResourceIdSchema); anything else in a link is not ours. */
const PAIRING_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;
const WORKSPACE_TARGET = /^workspace\/([^/?#]+)$/;
/** A Teams meeting's chat thread, as in teams-js `context.chat.id` and inside a meeting join URL. */
const MEETING_THREAD = /19:meeting_[A-Za-z0-9_-]{1,200}@thread\.v2/;
export const MEETING_THREAD_PATTERN = new RegExp(`^${MEETING_THREAD.source}$`);

function pairingIdOfTarget(target: string | null | undefined): string | null {
  const id = target ? WORKSPACE_TARGET.exec(target)?.[1] : undefined;
  return id && PAIRING_ID.test(id) ? id : null;
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The chat thread of a Teams meeting join URL (`https://teams.microsoft.com/l/meetup-join/19%3ameeting_…%40thread.v2/0?…`),
 * or null for any other URL — including the short `…/meet/<number>?p=…` links, which carry no thread.
 */
export function meetingThreadOf(joinUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(joinUrl);
  } catch {
    return null;
  }
  if (!/(^|\.)teams\.microsoft\.com$|(^|\.)teams\.live\.com$/.test(url.hostname)) return null;
  const match = /^\/l\/meetup-join\/([^/]+)/.exec(url.pathname);
  if (!match) return null;
  const thread = decodeOnce(match[1]!);
  return MEETING_THREAD_PATTERN.test(thread) ? thread : null;
}

/** The pairing a link into Pairwise's workspace names: a Teams entity deep link or the tab's own `#/workspace/<id>`. */
export function workspacePairingOf(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.hostname === 'teams.microsoft.com' && url.pathname.startsWith('/l/entity/')) {
    const context = url.searchParams.get('context');
    if (!context) return null;
    try {
      const parsed = JSON.parse(context) as unknown;
      const target =
        parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).subEntityId : null;
      return typeof target === 'string' ? pairingIdOfTarget(target) : null;
    } catch {
      return null;
    }
  }
  return url.hash.startsWith('#/') ? pairingIdOfTarget(url.hash.slice(2)) : null;
}

export interface MeetingMarkers {
  /** Pairings named by workspace links in the body, first seen first, each once. */
  pairingIds: string[];
  /** Teams meeting threads of join links in the body, first seen first, each once. */
  threads: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' };

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/**
 * Microsoft Defender's Safe Links rewrite every link of a message body as
 * `https://<region>.safelinks.protection.outlook.com/?url=<original>&data=…`: read the original.
 */
function unwrapSafeLink(link: string): string {
  try {
    const url = new URL(link);
    if (url.hostname.endsWith('.safelinks.protection.outlook.com'))
      return url.searchParams.get('url') ?? link;
  } catch {
    // not a URL: left as it is
  }
  return link;
}

/**
 * Everything in a meeting's body (HTML or plain text, as Office.js `body.getAsync` gives it) that can name a
 * pairing: our workspace links and Teams meeting join links. It says nothing about who may see the pairing — the
 * API answers only the pairing's members.
 */
export function findMeetingMarkers(body: string): MeetingMarkers {
  const pairingIds = new Set<string>();
  const threads = new Set<string>();
  // Links end at whitespace, quotes or angle brackets; HTML is unescaped first so `&amp;` joins a query again.
  for (const match of unescapeHtml(body).matchAll(/https?:\/\/[^\s"'<>]+/g)) {
    const link = unwrapSafeLink(match[0]);
    const pairingId = workspacePairingOf(link);
    if (pairingId) pairingIds.add(pairingId);
    const thread = meetingThreadOf(link);
    if (thread) threads.add(thread);
  }
  return { pairingIds: [...pairingIds], threads: [...threads] };
}

/**
 * The chat thread of a Teams meeting from teams-js' context: `chat.id` inside a meeting is the meeting's thread;
 * `meeting.id` is base64 of `0#<thread>#0` (read when the chat id is missing, e.g. on the meeting stage).
 */
export function meetingThreadOfContext(
  chatId: string | null | undefined,
  meetingId: string | null | undefined,
): string | null {
  if (chatId && MEETING_THREAD_PATTERN.test(chatId)) return chatId;
  if (!meetingId) return null;
  let decoded: string;
  try {
    decoded = atob(meetingId.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  return MEETING_THREAD.exec(decoded)?.[0] ?? null;
}
