/**
 * What the rest of the tab may know about where it runs. Only `tabs/src/host/` talks to teams-js and MSAL; pages
 * and components get this small interface (a plain object, so component tests pass a fake — see fake-host.ts).
 */
export type ThemeName = 'light' | 'dark' | 'contrast';

export interface HostCapabilities {
  /** Teams activity-feed notifications reach this host (teamsCore capability). */
  activityFeed: boolean;
  /** The host can open a 1:1 chat with the peer (chat capability). */
  chat: boolean;
  /** The host can open its own calendar compose/item views (calendar capability). */
  calendar: boolean;
  /** The host can navigate inside our own app (pages.currentApp capability), e.g. into a pairing. */
  appNavigation: boolean;
}

export interface UserHint {
  displayName: string | null;
  loginHint: string | null;
}

/** What a configurable tab's settings page saves (teams-js `pages.config.setConfig`). */
export interface TabSettingsValue {
  entityId: string;
  contentUrl: string;
  websiteUrl?: string;
  suggestedDisplayName: string;
}

/** Teams' settings page of a configurable tab: whether Save may be pressed, and what it saves. */
export interface TabSettings {
  setValid: (valid: boolean) => void;
  /** Called when the person presses Save; what `save` returns is stored as the tab's configuration. */
  onSave: (save: () => TabSettingsValue) => void;
}

export interface HostContext {
  /** Teams (and the Microsoft 365 app and Outlook running the Teams app), the Outlook add-in pane, or a browser. */
  kind: 'teams' | 'outlook' | 'local';
  theme: ThemeName;
  /** Subscribe to live theme changes; returns an unsubscribe function. */
  onThemeChange: (listener: (theme: ThemeName) => void) => () => void;
  /** BCP 47 locale the host runs in (Teams' UI locale, or the browser's). */
  locale: string;
  /** IANA time zone used to show dates and times. */
  timeZone: string;
  user: UserHint;
  capabilities: HostCapabilities;
  /** A deep-link target inside the tab (Teams subPageId / local `#/…`), e.g. `pairing/<id>` or `feedback/<id>`. */
  deepLinkTarget: string | null;
  /**
   * In a Teams meeting (side panel, meeting chat or details tab): the meeting's chat thread (`19:meeting_…`), which
   * names the meeting the way its join URL does. Null anywhere else.
   */
  meetingThread: string | null;
  /** On Teams' settings page of a configurable tab (frame context `settings`); null anywhere else. */
  tabSettings: TabSettings | null;
  /** A bearer token for our API. Never cached by callers: call it per request (the host caches). */
  getToken: () => Promise<string>;
  /** Open an external or Teams deep link (join URL, chat) the way the host prefers. */
  openLink: (url: string) => Promise<void>;
  /**
   * Open a Teams 1:1 chat with someone, by their sign-in name (UPN): the host's chat capability where it has one,
   * else Teams' chat deep link. Null where neither exists (outside Teams): the tab then offers no chat.
   */
  openChat: ((user: string) => Promise<void>) | null;
  /** Tell the host the first screen rendered (hides the Teams loading indicator). */
  notifySuccess: () => void;
  /** Local mode only: forget the signed-in account. */
  signOut?: () => Promise<void>;
}

/** How host start-up ended: a usable host, a local sign-in still to do, or local mode refused by configuration. */
export type HostStart =
  | { phase: 'ready'; host: HostContext }
  | { phase: 'sign-in-required'; host: HostContext; signIn: () => Promise<void> }
  | { phase: 'local-refused'; host: HostContext }
  | { phase: 'failed'; host: HostContext; error: Error };
