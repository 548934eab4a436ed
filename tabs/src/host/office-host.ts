/// <reference types="office-js" />
import { type HostContext, type ThemeName } from './host-context';
import { readBrowserTimeZone, readLocalTheme } from './local-theme';
import { teamsChatLink } from './teams-links';
import { createThemeListeners } from './theme-listeners';

/**
 * The only module that talks to Office.js (the Outlook add-in's task pane on a session, outlook.html). Office.js
 * is not bundled: outlook.html loads Microsoft's hosted script, as Office requires of add-ins, and this module reads
 * the `Office` global it defines. Where the script did not load (a plain browser, offline, a test without a fake)
 * there is no Outlook, and the pane says so instead of hanging. docs/decisions/0018-finding-the-pairing-of-a-meeting.md.
 */

/** Office.js' answer to an async call: Office.AsyncResult narrowed to what we read. */
interface AsyncResultLike<T> {
  status: Office.AsyncResultStatus | 'succeeded' | 'failed';
  value: T;
  error?: { code?: number; message?: string } | null;
}

/**
 * The Office.js calls the pane makes, narrowed so a test hands in a plain object or `office-addin-mock`'s
 * OfficeMockObject; the real `Office` global is checked against it at compile time (realOfficeSdk).
 */
export interface OfficeSdk {
  onReady: () => Promise<{
    host: Office.HostType | string | null;
    platform: Office.PlatformType | string | null;
  }>;
  context: {
    displayLanguage?: string;
    officeTheme?: { bodyBackgroundColor?: string } | null;
    mailbox?: {
      item?: {
        itemType?: Office.MailboxEnums.ItemType | string;
        body: {
          getAsync: (
            coercionType: Office.CoercionType,
            callback: (result: AsyncResultLike<string>) => void,
          ) => void;
        };
      } | null;
      userProfile?: { displayName?: string; emailAddress?: string };
    } | null;
    ui?: { openBrowserWindow?: (url: string) => void };
  };
  auth: {
    getAccessToken: (options?: Office.AuthOptions) => Promise<string>;
  };
}

/** The `Office` global outlook.html's script defined, or null when it did not load. */
export function realOfficeSdk(win: Window): OfficeSdk | null {
  const office = (win as Window & { Office?: typeof Office }).Office;
  if (!office?.onReady) return null;
  // Compile-time check that the real API still has the shape this module relies on.
  const checked: OfficeSdk = office;
  return checked;
}

export type OutlookStart =
  | {
      phase: 'ready';
      host: HostContext;
      /** The open appointment's body as HTML (organizer and attendee alike; Mailbox 1.3). */
      readBody: () => Promise<string>;
    }
  /** Not inside Outlook (Office.js missing, or another Office host): nothing to read. */
  | { phase: 'not-outlook'; host: HostContext }
  /** Outlook, but no appointment open (a message, or no item selected). */
  | { phase: 'no-appointment'; host: HostContext };

export class OfficeCallError extends Error {
  constructor(
    readonly call: string,
    readonly code: number | null,
    message: string,
  ) {
    super(`${call} failed${code === null ? '' : ` (${code})`}: ${message}`);
    this.name = 'OfficeCallError';
  }
}

/** Office reports `officeTheme` where the client has one; a dark body background means a dark theme. */
export function themeOfOffice(office: OfficeSdk, win: Window): ThemeName {
  const colour = office.context.officeTheme?.bodyBackgroundColor;
  const hex = colour ? /^#?([0-9a-f]{6})$/i.exec(colour.trim())?.[1] : undefined;
  if (!hex) return readLocalTheme(win);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 ? 'dark' : 'light';
}

function outlookHostContext(office: OfficeSdk, win: Window): HostContext {
  const themes = createThemeListeners();
  const openLink = (url: string): Promise<void> => {
    // Outlook opens links in the system browser (or Teams for a Teams link); a plain window elsewhere.
    if (office.context.ui?.openBrowserWindow) office.context.ui.openBrowserWindow(url);
    else win.open(url, '_blank', 'noopener,noreferrer');
    return Promise.resolve();
  };
  const profile = office.context.mailbox?.userProfile;
  return {
    kind: 'outlook',
    theme: themeOfOffice(office, win),
    onThemeChange: themes.subscribe,
    locale: office.context.displayLanguage || win.navigator.language || 'en-US',
    // Office.js gives the mailbox's zone only in Windows names; the machine's zone is what Outlook shows too.
    timeZone: readBrowserTimeZone(),
    user: { displayName: profile?.displayName ?? null, loginHint: profile?.emailAddress ?? null },
    capabilities: { activityFeed: false, chat: false, calendar: false, appNavigation: false },
    deepLinkTarget: null,
    meetingThread: null,
    tabSettings: null,
    // Office's SSO (webApplicationInfo of the manifest, the same API audience as Teams); Office caches the token.
    getToken: () => office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
    openLink,
    openChat: (user) => openLink(teamsChatLink(user)),
    notifySuccess: () => undefined,
  };
}

/** Reads the body as HTML: the invitation's links survive in it (a text body may drop the hrefs). */
function readBodyOf(
  item: NonNullable<NonNullable<OfficeSdk['context']['mailbox']>['item']>,
): () => Promise<string> {
  return () =>
    new Promise<string>((resolve, reject) => {
      item.body.getAsync('html' as Office.CoercionType, (result) => {
        if (result.status === 'succeeded') resolve(result.value ?? '');
        else
          reject(
            new OfficeCallError(
              'body.getAsync',
              result.error?.code ?? null,
              result.error?.message ?? 'unknown',
            ),
          );
      });
    });
}

export interface StartOutlookOptions {
  /** Defaults to the `Office` global (null when Office.js did not load). */
  office?: OfficeSdk | null;
  win?: Window;
  /** Office.onReady never settles on a page Office.js was loaded into outside Office in some browsers: race it. */
  readyTimeoutMs?: number;
}

/** Decides whether the pane runs in Outlook on an appointment; never hangs. */
export async function startOutlookPane(options: StartOutlookOptions = {}): Promise<OutlookStart> {
  const win = options.win ?? window;
  const office = options.office === undefined ? realOfficeSdk(win) : options.office;
  if (!office) return { phase: 'not-outlook', host: outlookHostContext(fallbackOffice, win) };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const info = await Promise.race([
    office.onReady().catch(() => null),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), options.readyTimeoutMs ?? 5000);
    }),
  ]).finally(() => clearTimeout(timer));
  const host = outlookHostContext(office, win);
  if (String(info?.host ?? '') !== 'Outlook')
    return { phase: 'not-outlook', host: outsideOutlook(host, win) };
  const item = office.context.mailbox?.item;
  if (!item || String(item.itemType ?? '') !== 'appointment') return { phase: 'no-appointment', host };
  return { phase: 'ready', host, readBody: readBodyOf(item) };
}

/** What the pane uses outside Outlook: no Office, no token (nothing is asked of the API there). */
const fallbackOffice: OfficeSdk = {
  onReady: () => Promise.resolve({ host: null, platform: null }),
  context: {},
  auth: { getAccessToken: () => Promise.reject(new Error('Not in Outlook')) },
};

function outsideOutlook(host: HostContext, win: Window): HostContext {
  return { ...outlookHostContext(fallbackOffice, win), locale: host.locale };
}
