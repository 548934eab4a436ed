import { OfficeMockObject } from 'office-addin-mock';

import { OfficeCallError, type OfficeSdk, realOfficeSdk, startOutlookPane } from './office-host';

const INVITATION =
  '<div lang="en"><p><a href="https://teams.microsoft.com/l/entity/app/mentoring?context=%7B%22subEntityId%22%3A%22workspace%2Fp-1%22%7D">Open your pair workspace</a></p></div>';

interface MockOptions {
  host?: string;
  itemType?: string | null;
  body?:
    { status: 'succeeded'; value: string } | { status: 'failed'; error: { code: number; message: string } };
  displayLanguage?: string;
  background?: string;
}

/**
 * Outlook as office-addin-mock models it: an OfficeMockObject built from the data the pane reads (the `host` key
 * makes it an Outlook mock, whose properties need no load/sync). Records what the pane asked of it.
 */
function outlook(options: MockOptions = {}) {
  const calls: unknown[][] = [];
  const item =
    options.itemType === null
      ? undefined
      : {
          itemType: options.itemType ?? 'appointment',
          body: {
            getAsync: (coercionType: string, callback: (result: unknown) => void) => {
              calls.push(['body.getAsync', coercionType]);
              callback(options.body ?? { status: 'succeeded', value: INVITATION });
            },
          },
        };
  const mock = new OfficeMockObject({
    host: 'outlook',
    onReady: () => Promise.resolve({ host: options.host ?? 'Outlook', platform: 'OfficeOnline' }),
    context: {
      displayLanguage: options.displayLanguage ?? 'de-DE',
      officeTheme: { bodyBackgroundColor: options.background ?? '#FFFFFF' },
      mailbox: {
        ...(item ? { item } : {}),
        userProfile: { displayName: 'Megan Bowen', emailAddress: 'megan@contoso.example' },
      },
      ui: {
        openBrowserWindow: (url: string) => {
          calls.push(['openBrowserWindow', url]);
        },
      },
    },
    auth: {
      getAccessToken: (tokenOptions: unknown) => {
        calls.push(['getAccessToken', tokenOptions]);
        return Promise.resolve('office-sso-token');
      },
    },
  });
  return { office: mock as unknown as OfficeSdk, calls };
}

describe('startOutlookPane (Office.js behind the host module)', () => {
  // Organizer (compose form) and attendee (read form) both get itemType 'appointment' and body.getAsync
  // (Mailbox 1.3): the pane reads the one thing both have.
  it('on an appointment: ready, reads the body as HTML, speaks Outlook’s language, signs in through Office SSO', async () => {
    const itemType = 'appointment';
    const { office, calls } = outlook({ itemType });
    const start = await startOutlookPane({ office });
    expect(start.phase).toBe('ready');
    if (start.phase !== 'ready') return;
    expect(start.host).toMatchObject({
      kind: 'outlook',
      locale: 'de-DE',
      theme: 'light',
      user: { displayName: 'Megan Bowen', loginHint: 'megan@contoso.example' },
      meetingThread: null,
      tabSettings: null,
    });
    expect(await start.readBody()).toBe(INVITATION);
    expect(await start.host.getToken()).toBe('office-sso-token');
    await start.host.openLink('https://teams.microsoft.com/l/chat/0/0?users=a');
    expect(calls).toEqual([
      ['body.getAsync', 'html'],
      ['getAccessToken', { allowSignInPrompt: true, allowConsentPrompt: true }],
      ['openBrowserWindow', 'https://teams.microsoft.com/l/chat/0/0?users=a'],
    ]);
  });

  it('follows a dark Outlook theme', async () => {
    const start = await startOutlookPane({ office: outlook({ background: '#1f1f1f' }).office });
    expect(start.host.theme).toBe('dark');
  });

  it('reports a body Outlook would not give as an error naming the call and code', async () => {
    const { office } = outlook({ body: { status: 'failed', error: { code: 9030, message: 'no access' } } });
    const start = await startOutlookPane({ office });
    if (start.phase !== 'ready') throw new Error(start.phase);
    const error = await start.readBody().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeCallError);
    expect(error).toMatchObject({ call: 'body.getAsync', code: 9030 });
  });

  it.each([
    ['a message is open', { itemType: 'message' }, 'no-appointment'],
    ['nothing is selected', { itemType: null }, 'no-appointment'],
    ['another Office application', { host: 'Word' }, 'not-outlook'],
  ] as const)('%s → %s', async (_name, options, phase) => {
    expect((await startOutlookPane({ office: outlook(options).office })).phase).toBe(phase);
  });

  it('outside Outlook (Office.js did not load) and with an Office that never answers: not Outlook, never a hang', async () => {
    expect((await startOutlookPane({ office: null })).phase).toBe('not-outlook');
    expect(realOfficeSdk(window)).toBeNull();
    expect((await startOutlookPane()).phase).toBe('not-outlook');
    const silent = outlook().office;
    silent.onReady = () => new Promise(() => undefined);
    const started = Date.now();
    const start = await startOutlookPane({ office: silent, readyTimeoutMs: 50 });
    expect([start.phase, Date.now() - started < 2000]).toEqual(['not-outlook', true]);
    await expect(start.host.getToken()).rejects.toThrow('Not in Outlook');
  });
});
