import { type HostContext } from './host-context';
import { readBrowserTimeZone, readLocalTheme, watchLocalTheme } from './local-theme';
import { createThemeListeners } from './theme-listeners';

export class SignInRequiredError extends Error {
  constructor() {
    super('Sign-in required');
    this.name = 'SignInRequiredError';
  }
}

/**
 * The host outside Teams before (or without) sign-in: browser theme, locale and time zone. `getToken` is
 * supplied by the sign-in path; without one every API call fails with SignInRequiredError.
 */
export function createBrowserHost(
  win: Window,
  session?: { getToken: () => Promise<string>; user: HostContext['user']; signOut: () => Promise<void> },
): HostContext {
  const themes = createThemeListeners();
  const host: HostContext = {
    kind: 'local',
    theme: readLocalTheme(win),
    onThemeChange: themes.subscribe,
    locale: win.navigator.language || 'en-US',
    timeZone: readBrowserTimeZone(),
    user: session?.user ?? { displayName: null, loginHint: null },
    // Outside Teams none of the Teams capabilities exist; links open in a new browser tab.
    capabilities: { activityFeed: false, chat: false, calendar: false, appNavigation: false },
    meetingThread: null,
    tabSettings: null,
    deepLinkTarget: win.location.hash.startsWith('#/') ? win.location.hash.slice(2) || null : null,
    getToken: session?.getToken ?? (() => Promise.reject(new SignInRequiredError())),
    openLink: (url) => {
      win.open(url, '_blank', 'noopener,noreferrer');
      return Promise.resolve();
    },
    // No Teams here: a Teams chat link would only send people to another sign-in.
    openChat: null,
    notifySuccess: () => undefined,
  };
  if (session) host.signOut = session.signOut;
  watchLocalTheme(win, (theme) => {
    host.theme = theme;
    themes.emit(theme);
  });
  return host;
}
