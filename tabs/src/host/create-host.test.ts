import '../testing/jsdom-polyfills';

import { createHost } from './create-host';
import { type TeamsSdk } from './teams-host';

type Context = Awaited<ReturnType<TeamsSdk['app']['getContext']>>;

type FakeSdk = TeamsSdk & {
  themeHandler?: (t: string) => void;
  saveHandler?: Parameters<TeamsSdk['config']['registerOnSaveHandler']>[0];
  tokens: number;
  chats: string[];
  links: string[];
  configCalls: unknown[];
};

function fakeSdk(
  initialize: () => Promise<void>,
  theme = 'dark',
  chatSupported = true,
  meeting: { frameContext: string; chat?: { id: string }; meeting?: { id: string } } | null = null,
): FakeSdk {
  const sdk: FakeSdk = {
    tokens: 0,
    chats: [],
    links: [],
    configCalls: [],
    app: {
      initialize,
      getContext: () =>
        Promise.resolve({
          app: {
            theme,
            locale: 'fr-FR',
            sessionId: 's',
            host: { name: 'Teams', clientType: 'web', sessionId: 's' },
          },
          page: {
            id: 'home',
            frameContext: meeting?.frameContext ?? 'content',
            subPageId: meeting ? '' : 'feedback/pairing-1',
          },
          user: { id: 'u', displayName: 'Ada', loginHint: 'ada@contoso.example' },
          ...(meeting?.chat ? { chat: meeting.chat } : {}),
          ...(meeting?.meeting ? { meeting: meeting.meeting } : {}),
        } as unknown as Context),
      registerOnThemeChangeHandler: (handler) => {
        sdk.themeHandler = handler;
      },
      notifySuccess: () => Promise.resolve({} as Awaited<ReturnType<TeamsSdk['app']['notifySuccess']>>),
      openLink: (url) => {
        sdk.links.push(url);
        return Promise.resolve();
      },
    },
    chat: {
      openChat: ({ user }) => {
        sdk.chats.push(user);
        return Promise.resolve();
      },
    },
    config: {
      registerOnSaveHandler: (handler) => {
        sdk.saveHandler = handler;
      },
      setValidityState: (valid) => {
        sdk.configCalls.push({ valid });
      },
      setConfig: (config) => {
        sdk.configCalls.push(config);
        return Promise.resolve();
      },
    },
    authentication: {
      getAuthToken: () => {
        sdk.tokens += 1;
        return Promise.resolve(`sso-token-${sdk.tokens}`);
      },
    },
    isSupported: {
      chat: () => chatSupported,
      calendar: () => false,
      appNavigation: () => true,
      teamsCore: () => true,
    },
  };
  return sdk;
}

describe('createHost', () => {
  it('uses the Teams host when app.initialize() resolves: context, capabilities, live theme, SSO per call', async () => {
    const sdk = fakeSdk(() => Promise.resolve());
    const loadLocalSignIn = jest.fn(() => Promise.resolve(null));
    const start = await createHost({ sdk, loadLocalSignIn });
    expect(start.phase).toBe('ready');
    const { host } = start;
    expect(host).toMatchObject({
      kind: 'teams',
      theme: 'dark',
      locale: 'fr-FR',
      user: { displayName: 'Ada', loginHint: 'ada@contoso.example' },
      capabilities: { chat: true, calendar: false, appNavigation: true, activityFeed: true },
      deepLinkTarget: 'feedback/pairing-1',
    });
    expect(loadLocalSignIn).not.toHaveBeenCalled();
    const seen: string[] = [];
    host.onThemeChange((t) => seen.push(t));
    sdk.themeHandler?.('contrast');
    expect(seen).toEqual(['contrast']);
    expect(host.theme).toBe('contrast');
    expect(await host.getToken()).toBe('sso-token-1');
    expect(await host.getToken()).toBe('sso-token-2');
  });

  it.each([
    ['with the chat capability, through teams-js chat', true, ['ada.l@contoso.example'], []],
    [
      'without it, through Teams’ chat deep link',
      false,
      [],
      ['https://teams.microsoft.com/l/chat/0/0?users=ada.l%40contoso.example'],
    ],
  ])('opens a 1:1 chat %s', async (_name, supported, chats, links) => {
    const sdk = fakeSdk(() => Promise.resolve(), 'dark', supported);
    const start = await createHost({ sdk, loadLocalSignIn: () => Promise.resolve(null) });
    expect(start.host.capabilities.chat).toBe(supported);
    await start.host.openChat?.('ada.l@contoso.example');
    expect([sdk.chats, sdk.links]).toEqual([chats, links]);
  });

  const THREAD = '19:meeting_MjA1NzE0ZjQtYTk4Yi00@thread.v2';

  it.each([
    [
      'the side panel: the meeting chat id',
      { frameContext: 'sidePanel', chat: { id: THREAD } },
      THREAD,
      false,
    ],
    [
      'the meeting stage: the meeting id',
      { frameContext: 'meetingStage', meeting: { id: btoa(`0#${THREAD}#0`) } },
      THREAD,
      false,
    ],
    [
      'a group chat is no meeting',
      { frameContext: 'content', chat: { id: '19:abc@thread.v2' } },
      null,
      false,
    ],
    [
      'the settings page of the meeting tab',
      { frameContext: 'settings', chat: { id: THREAD } },
      THREAD,
      true,
    ],
  ])('reads the Teams meeting from the context: %s', async (_name, meeting, thread, settings) => {
    const sdk = fakeSdk(() => Promise.resolve(), 'default', true, meeting);
    const { host } = await createHost({ sdk, loadLocalSignIn: () => Promise.resolve(null) });
    expect(host.meetingThread).toBe(thread);
    expect(host.tabSettings !== null).toBe(settings);
  });

  it('the settings page reports validity and saves what the page gives when Teams asks', async () => {
    const sdk = fakeSdk(() => Promise.resolve(), 'default', true, {
      frameContext: 'settings',
      chat: { id: THREAD },
    });
    const { host } = await createHost({ sdk, loadLocalSignIn: () => Promise.resolve(null) });
    host.tabSettings!.setValid(true);
    const value = {
      entityId: 'workspace-p-1',
      contentUrl: 'https://tab.example/?view=meeting&pairing=p-1',
      suggestedDisplayName: 'Pairwise',
    };
    host.tabSettings!.onSave(() => value);
    const outcome = await new Promise<string>((resolve) =>
      sdk.saveHandler!({
        result: {},
        notifySuccess: () => resolve('saved'),
        notifyFailure: (reason?: string) => resolve(`failed ${reason ?? ''}`),
      }),
    );
    expect(outcome).toBe('saved');
    expect(sdk.configCalls).toEqual([{ valid: true }, value]);
  });

  it('switches to local mode at once when initialize rejects (top-level page outside Teams)', async () => {
    const sdk = fakeSdk(() => Promise.reject(new Error('Initialization Failed. No Parent window found.')));
    const started = Date.now();
    const start = await createHost({
      sdk,
      loadLocalSignIn: () => Promise.resolve(null),
      teamsTimeoutMs: 10_000,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(start.phase).toBe('local-refused');
    expect(start.host.kind).toBe('local');
    // Outside Teams there is no chat to open: the tab shows no chat button.
    expect(start.host.openChat).toBeNull();
    await expect(start.host.getToken()).rejects.toThrow('Sign-in required');
  });

  it('does not hang when framed by a page that never answers: the race times out', async () => {
    const sdk = fakeSdk(() => new Promise<void>(() => undefined));
    const started = Date.now();
    const start = await createHost({ sdk, loadLocalSignIn: () => Promise.resolve(null), teamsTimeoutMs: 50 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(start.phase).toBe('local-refused');
  });

  it('reports a failure (not a hang) when client-config cannot be loaded', async () => {
    const sdk = fakeSdk(() => Promise.reject(new Error('no parent')));
    const start = await createHost({
      sdk,
      loadLocalSignIn: () => Promise.reject(new Error('client-config answered 500')),
    });
    expect(start.phase).toBe('failed');
    if (start.phase === 'failed') expect(start.error.message).toBe('client-config answered 500');
  });

  it('reads the theme override from the query string in local mode', async () => {
    window.history.replaceState(null, '', '/?theme=contrast');
    const sdk = fakeSdk(() => Promise.reject(new Error('no parent')));
    const start = await createHost({ sdk, loadLocalSignIn: () => Promise.resolve(null) });
    expect(start.host.theme).toBe('contrast');
    window.history.replaceState(null, '', '/');
  });
});
