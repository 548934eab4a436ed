import { type HostContext, type ThemeName } from './host-context';
import { teamsChatLink } from './teams-links';
import { createThemeListeners } from './theme-listeners';

export type FakeHost = HostContext & {
  /** Sign-in names a chat was opened with (only when the fake was given `chatVia`). */
  openedChats: string[];
  /** Simulate the host switching theme (Teams settings, OS dark mode). */
  emitTheme: (theme: ThemeName) => void;
  openedLinks: string[];
  successNotified: number;
};

/** A plain host object for component tests: no teams-js, no MSAL, no module mocks. */
export function createFakeHost(
  overrides: Partial<HostContext> & {
    /** Give the fake a chat capability (`chat`) or only Teams deep links (`link`); none by default. */
    chatVia?: 'chat' | 'link';
  } = {},
): FakeHost {
  const { chatVia, ...rest } = overrides;
  const themes = createThemeListeners();
  const host: FakeHost = {
    kind: 'local',
    theme: 'light',
    onThemeChange: themes.subscribe,
    locale: 'en-US',
    timeZone: 'UTC',
    user: { displayName: 'Test User', loginHint: 'test.user@contoso.example' },
    capabilities: { activityFeed: false, chat: false, calendar: false, appNavigation: false },
    deepLinkTarget: null,
    meetingThread: null,
    tabSettings: null,
    getToken: () => Promise.resolve('fake-token'),
    openLink: (url) => {
      host.openedLinks.push(url);
      return Promise.resolve();
    },
    openChat:
      chatVia === 'chat'
        ? (user) => {
            host.openedChats.push(user);
            return Promise.resolve();
          }
        : chatVia === 'link'
          ? (user) => host.openLink(teamsChatLink(user))
          : null,
    notifySuccess: () => {
      host.successNotified += 1;
    },
    emitTheme: (theme) => {
      host.theme = theme;
      themes.emit(theme);
    },
    openedLinks: [],
    openedChats: [],
    successNotified: 0,
    ...rest,
  };
  return host;
}
