import { app, authentication, calendar, chat, FrameContexts, pages, teamsCore } from '@microsoft/teams-js';

import { meetingThreadOfContext } from '../../../functions/src/domain/pairings/meeting-links';
import { type HostContext, type TabSettings } from './host-context';
import { readBrowserTimeZone, toThemeName } from './local-theme';
import { teamsChatLink } from './teams-links';
import { createThemeListeners } from './theme-listeners';

/** The teams-js calls the Teams host needs; narrowed with Pick so a test can hand in a plain object. */
export interface TeamsSdk {
  app: Pick<
    typeof app,
    'initialize' | 'getContext' | 'registerOnThemeChangeHandler' | 'notifySuccess' | 'openLink'
  >;
  authentication: Pick<typeof authentication, 'getAuthToken'>;
  chat: Pick<typeof chat, 'openChat'>;
  /** A configurable tab's settings page (the meeting side panel's). */
  config: Pick<typeof pages.config, 'registerOnSaveHandler' | 'setValidityState' | 'setConfig'>;
  isSupported: { chat(): boolean; calendar(): boolean; appNavigation(): boolean; teamsCore(): boolean };
}

export const realTeamsSdk: TeamsSdk = {
  app,
  authentication,
  chat,
  config: pages.config,
  isSupported: {
    chat: () => chat.isSupported(),
    calendar: () => calendar.isSupported(),
    appNavigation: () => pages.currentApp.isSupported(),
    teamsCore: () => teamsCore.isSupported(),
  },
};

/**
 * Resolves true when a Teams-family host (Teams, Outlook, the Microsoft 365 app) answered `app.initialize()`.
 * A top-level page rejects at once ("No Parent window found"); a page framed by anything else would wait the
 * SDK's own 60 s, so we race it with a short timeout and fall back to local mode.
 */
export async function initializeTeams(sdk: TeamsSdk, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sdk.app.initialize().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Builds the host once `initializeTeams` succeeded. */
export async function createTeamsHost(sdk: TeamsSdk): Promise<HostContext> {
  const context = await sdk.app.getContext();
  const themes = createThemeListeners();
  const canChat = sdk.isSupported.chat();
  const host: HostContext = {
    kind: 'teams',
    theme: toThemeName(context.app.theme),
    onThemeChange: themes.subscribe,
    locale: context.app.locale || navigator.language || 'en-US',
    // Teams' context carries no time zone; the browser's is the user's machine's, which is what Teams shows too.
    timeZone: readBrowserTimeZone(),
    user: { displayName: context.user?.displayName ?? null, loginHint: context.user?.loginHint ?? null },
    capabilities: {
      activityFeed: sdk.isSupported.teamsCore(),
      chat: canChat,
      calendar: sdk.isSupported.calendar(),
      appNavigation: sdk.isSupported.appNavigation(),
    },
    deepLinkTarget: context.page.subPageId || null,
    meetingThread: meetingThreadOfContext(context.chat?.id, context.meeting?.id),
    tabSettings: context.page.frameContext === FrameContexts.settings ? tabSettingsOf(sdk) : null,
    // Teams caches the SSO token and renews it; the docs ask callers not to keep it, so we ask every time.
    getToken: () => sdk.authentication.getAuthToken(),
    openLink: (url) => sdk.app.openLink(url),
    // Where the chat capability is missing (some Outlook and Microsoft 365 app clients), the deep link still opens
    // the chat in Teams through the host.
    openChat: canChat
      ? (user) => sdk.chat.openChat({ user })
      : (user) => sdk.app.openLink(teamsChatLink(user)),
    notifySuccess: () => {
      void sdk.app.notifySuccess().catch(() => undefined);
    },
  };
  sdk.app.registerOnThemeChangeHandler((theme) => {
    host.theme = toThemeName(theme);
    themes.emit(host.theme);
  });
  return host;
}

/** Teams' settings page: Save stays disabled until the page says the configuration is valid. */
function tabSettingsOf(sdk: TeamsSdk): TabSettings {
  return {
    setValid: (valid) => sdk.config.setValidityState(valid),
    onSave: (save) =>
      sdk.config.registerOnSaveHandler((event) => {
        sdk.config.setConfig(save()).then(
          () => event.notifySuccess(),
          (e: unknown) => event.notifyFailure(e instanceof Error ? e.message : String(e)),
        );
      }),
  };
}
