import { type HostContext, type ThemeName } from './host-context';
import { createThemeListeners } from './theme-listeners';

export type FakeHost = HostContext & {
  /** Simulate the host switching theme (Teams settings, OS dark mode). */
  emitTheme: (theme: ThemeName) => void;
  openedLinks: string[];
  successNotified: number;
};

/** A plain host object for component tests: no teams-js, no MSAL, no module mocks. */
export function createFakeHost(overrides: Partial<HostContext> = {}): FakeHost {
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
    getToken: () => Promise.resolve('fake-token'),
    openLink: (url) => {
      host.openedLinks.push(url);
      return Promise.resolve();
    },
    notifySuccess: () => {
      host.successNotified += 1;
    },
    emitTheme: (theme) => {
      host.theme = theme;
      themes.emit(theme);
    },
    openedLinks: [],
    successNotified: 0,
    ...overrides,
  };
  return host;
}
