import { type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

import { type LocalStack, startLocalStack } from '../../dev/stack';
import { type PairingsResponse } from '../../functions/src/contracts';
import { meetingThreadOf } from '../../functions/src/domain/pairings/meeting-links';
import { buildSeriesEvent } from '../../functions/src/domain/scheduling/event-body';
import { axeViolations } from './support/axe';
import { collectConsoleErrors, launchChromium, newLoopbackContext, screenshot } from './support/chromium';
import { mockTeamsHostPage } from './support/mock-teams-host';
import { callApi, localServerSpki } from './support/stack-scenario';

/**
 * The Outlook add-in's pane and the Teams meeting side panel on `npm start`'s demo company, with fake hosts: a
 * fake Office.js served at Microsoft's CDN URL (the page's own script tag) and the mock Teams host with a meeting
 * context. For a booked session's event they find the pairing through the real API and open its workspace; for an
 * unrelated meeting, or a session that is someone else's, they refuse politely. The workspace is the real one (its
 * own journey tests its editing): this test pins which pairing each surface opens.
 */
jest.setTimeout(600_000);

type Stack = LocalStack & {
  tenant: NonNullable<LocalStack['tenant']>;
  demo: NonNullable<LocalStack['demo']>;
};

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const UNRELATED_THREAD = '19:meeting_UXVhcnRlcmx5UGxhbm5pbmdSZXZpZXc@thread.v2';

let browser: Browser;
let stack: Stack;
let employee: { upn: string; pairing: PairingsResponse['current'][number] };

beforeAll(async () => {
  const started = await startLocalStack({
    port: 0,
    scheduleTimers: false,
    demo: true,
    env: { ...process.env, PORT: undefined, TENANT_SEED: undefined, TENANT_SIZE: undefined },
  });
  if (!started.tenant || !started.demo) {
    await started.stop();
    throw new Error('the session surfaces need the embedded tenant simulator and the demo seed');
  }
  stack = started as Stack;
  await stack.host.queuesIdle();
  browser = await launchChromium([`--ignore-certificate-errors-spki-list=${localServerSpki()}`]);
  const upn = stack.demo.personas.employee!.userPrincipalName;
  const pairings = await callApi<PairingsResponse>(stack, upn, 'GET', 'pairings');
  const pairing = pairings.current.find((p) => p.nextSession?.joinUrl)!;
  expect(pairing).toBeDefined();
  employee = { upn, pairing };
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The body Outlook shows for the session: what the booking writes, plus the Teams block with the join link. */
function sessionBody(pairing: PairingsResponse['current'][number]): string {
  const event = buildSeriesEvent({
    tenantId: stack.tenant.tenantId,
    pairingId: pairing.id,
    attempt: 0,
    organizer: { mailbox: 'organizer@contoso.example', displayName: 'Organizer' },
    attendee: { mailbox: 'attendee@contoso.example', displayName: pairing.peers[0]!.displayName },
    program: { name: pairing.programName, allowNewTimeProposals: true },
    reasons: pairing.reasons,
    memberNames: new Map(),
    tabDeepLink: stack.baseUrl,
    pattern: { type: 'weekly', interval: 2, dayOfWeek: 'monday' },
    startMinutes: 600,
    durationMinutes: 30,
    firstDate: pairing.startsOn,
    lastDate: pairing.endsOn,
    organizerZone: 'Europe/Berlin',
  });
  const join = pairing.nextSession!.joinUrl!.replace(/&/g, '&amp;');
  return `${event.body.content}<div>Microsoft Teams meeting <a href="${join}">Join the meeting now</a></div>`;
}

/** A loopback context that records which pairing's workspace each surface reads (the real API answers). */
async function surfaceContext(width: number): Promise<{ context: BrowserContext; asked: string[] }> {
  const { context } = await newLoopbackContext(browser, stack.baseUrl, { width, height: 800 });
  const asked: string[] = [];
  await context.route(
    (url) => /^\/api\/pairings\/[^/]+\/workspace$/.test(url.pathname),
    async (route) => {
      const id = decodeURIComponent(new URL(route.request().url()).pathname.split('/')[3]!);
      asked.push(id);
      await route.continue();
    },
  );
  await context.route(`${stack.baseUrl}/__teams-host.html*`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: mockTeamsHostPage() }),
  );
  // The stack's CSP lets only Teams, Outlook and Microsoft 365 frame the tab (frame-ancestors); the mock Teams host
  // is this origin's own page, so the framed tab page is handed over without that one header.
  await context.route(
    (url) =>
      url.origin === new URL(stack.baseUrl).origin && url.pathname === '/' && url.searchParams.has('view'),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    },
  );
  return { context, asked };
}

/** The fake Office host: Office.js as the pane uses it, on an appointment with `body`, signed in as `upn`. */
async function fakeOffice(context: BrowserContext, body: string, upn: string): Promise<void> {
  const token = await stack.tenant.issueUserToken(upn);
  const script = `window.Office = {
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      displayLanguage: 'en-US',
      mailbox: {
        item: { itemType: 'appointment', body: { getAsync: (type, callback) => {
          window.__bodyReads = (window.__bodyReads || []).concat(type);
          callback({ status: 'succeeded', value: ${JSON.stringify(body)} });
        } } },
        userProfile: { displayName: 'Someone', emailAddress: ${JSON.stringify(upn)} },
      },
    },
    auth: { getAccessToken: () => Promise.resolve(${JSON.stringify(token)}) },
  };`;
  await context.route(OFFICE_JS, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: script }),
  );
}

async function expectSound(page: Page | Frame, name: string, screenshotOf: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect({ screen: name, overflow }).toEqual({ screen: name, overflow: 0 });
  const violations = await axeViolations(page);
  expect({
    screen: name,
    violations: violations.map((v) => `${v.impact} ${v.id} @ ${v.targets.join(', ')}`),
  }).toEqual({ screen: name, violations: [] });
  await screenshot(screenshotOf, `surfaces-${name}`);
}

const peerTitle = () => `Workspace with ${employee.pairing.peers.map((p) => p.displayName).join(' and ')}`;

describe('the Outlook add-in’s pane', () => {
  it('on the booked session: opens the workspace of that pairing (320 px, axe)', async () => {
    const { context, asked } = await surfaceContext(320);
    await fakeOffice(context, sessionBody(employee.pairing), employee.upn);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${stack.baseUrl}/outlook.html`);
    await page.getByRole('heading', { name: peerTitle() }).waitFor();
    expect(asked).toEqual([employee.pairing.id]);
    expect(await page.evaluate(() => (window as unknown as { __bodyReads: string[] }).__bodyReads)).toEqual([
      'html',
    ]);
    await expectSound(page, 'outlook-session', page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each([
    [
      'an unrelated meeting',
      () =>
        `<p>Quarterly planning</p><a href="https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(UNRELATED_THREAD)}/0">Join</a>`,
      () => employee.upn,
    ],
    [
      'the session, opened by someone who is not in it',
      () => sessionBody(employee.pairing),
      () => stack.demo.personas.unmatched!.userPrincipalName,
    ],
  ])('on %s: a polite message, no workspace', async (name, body, upn) => {
    const { context, asked } = await surfaceContext(360);
    await fakeOffice(context, body(), upn());
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${stack.baseUrl}/outlook.html`);
    await page.getByText('Not one of your Pairwise sessions').waitFor();
    expect(asked).toEqual([]);
    await expectSound(page, `outlook-${name.replace(/\W+/g, '-')}`, page);
    // The API's 404 for someone else's session is logged by Chromium as a failed load; nothing else may be.
    expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
    await context.close();
  });

  it('outside Outlook (Office.js cannot load offline): says where it works', async () => {
    const { context } = await newLoopbackContext(browser, stack.baseUrl);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/outlook.html`);
    await page.getByText('Open this next to a Pairwise session in Outlook').waitFor();
    await context.close();
  });
});

describe('the Teams meeting side panel', () => {
  const thread = () => meetingThreadOf(employee.pairing.nextSession!.joinUrl!)!;

  async function openInTeams(page: Page, query: Record<string, string>): Promise<Frame> {
    const token = await stack.tenant.issueUserToken(employee.upn);
    await page.goto(
      `${stack.baseUrl}/__teams-host.html?${new URLSearchParams({ token, ...query }).toString()}`,
    );
    const frame = page.frames().find((f) => f !== page.mainFrame());
    if (!frame) throw new Error('the mock Teams host has no frame');
    return frame;
  }

  it('in the session’s meeting: the workspace of that pairing (side panel, 320 px, axe)', async () => {
    expect(thread()).toMatch(/^19:meeting_/);
    const { context, asked } = await surfaceContext(320);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const frame = await openInTeams(page, { view: 'meeting', frameContext: 'sidePanel', chatId: thread() });
    await frame.getByRole('heading', { name: peerTitle() }).waitFor();
    expect(asked).toEqual([employee.pairing.id]);
    await expectSound(frame, 'meeting-side-panel', page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('its settings page names the peer, becomes valid and saves the pairing in the content URL', async () => {
    const { context } = await surfaceContext(360);
    const page = await context.newPage();
    const frame = await openInTeams(page, {
      view: 'meeting-config',
      frameContext: 'settings',
      chatId: thread(),
    });
    await frame.getByText(/^Pairwise will show your workspace with /).waitFor();
    await page.waitForFunction(() =>
      (window as unknown as { __hostLog: string[] }).__hostLog.includes('settings.setValidityState'),
    );
    await page.evaluate(() => (window as unknown as { pressSave: () => void }).pressSave());
    await page.waitForFunction(() => (window as unknown as { __savedSettings?: unknown }).__savedSettings);
    const saved = (await page.evaluate(
      () => (window as unknown as { __savedSettings: unknown }).__savedSettings,
    )) as {
      contentUrl: string;
    };
    expect(new URL(saved.contentUrl).searchParams.get('pairing')).toBe(employee.pairing.id);
    await context.close();
  });

  it('in a meeting whose thread names no pairing (a short join link): I choose my session, the panel opens it (320 px, axe)', async () => {
    const { context, asked } = await surfaceContext(320);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const settings = await openInTeams(page, {
      view: 'meeting-config',
      frameContext: 'settings',
      chatId: UNRELATED_THREAD,
    });
    const group = settings.getByRole('radiogroup', {
      name: 'Which of your Pairwise sessions is this meeting?',
    });
    await group.waitFor();
    const current = (await callApi<PairingsResponse>(stack, employee.upn, 'GET', 'pairings')).current;
    expect(
      await group.getByRole('radio').evaluateAll((radios) => radios.map((r) => r.getAttribute('value'))),
    ).toEqual(current.map((p) => p.id));
    const mine = group.locator(`input[type="radio"][value="${employee.pairing.id}"]`);
    expect(await mine.isChecked()).toBe(false);
    const validity = () =>
      page.evaluate(() => (window as unknown as { __validity?: boolean[] }).__validity ?? []);
    expect(await validity()).not.toContain(true);
    await expectSound(settings, 'meeting-config-choice', page);

    // By keyboard, as a screen-reader user would: focus the group's first choice, move to mine, select it.
    await group.getByRole('radio').first().focus();
    const position = current.findIndex((p) => p.id === employee.pairing.id);
    for (let i = 0; i < position; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await mine.isChecked()).toBe(true);
    await page.waitForFunction(
      () => (window as unknown as { __validity?: boolean[] }).__validity?.at(-1) === true,
    );
    await page.evaluate(() => (window as unknown as { pressSave: () => void }).pressSave());
    await page.waitForFunction(() => (window as unknown as { __savedSettings?: unknown }).__savedSettings);
    const saved = (await page.evaluate(
      () => (window as unknown as { __savedSettings: unknown }).__savedSettings,
    )) as { contentUrl: string };
    const pairingId = new URL(saved.contentUrl).searchParams.get('pairing');
    expect(pairingId).toBe(employee.pairing.id);

    // The panel Teams then opens in the same meeting: the saved pairing, though the thread still names nothing.
    const panel = await openInTeams(page, {
      view: 'meeting',
      pairing: pairingId!,
      frameContext: 'sidePanel',
      chatId: UNRELATED_THREAD,
    });
    await panel.getByRole('heading', { name: peerTitle() }).waitFor();
    expect(asked).toEqual([employee.pairing.id]);
    await expectSound(panel, 'meeting-side-panel-chosen', page);
    // The settings page's first lookup (by thread) is the API's 404; nothing else may fail.
    expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
    await context.close();
  });

  it('in an unrelated meeting: a polite message, no workspace', async () => {
    const { context, asked } = await surfaceContext(360);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const frame = await openInTeams(page, {
      view: 'meeting',
      frameContext: 'sidePanel',
      chatId: UNRELATED_THREAD,
    });
    await frame.getByText('Not one of your Pairwise sessions').waitFor();
    expect(asked).toEqual([]);
    await expectSound(frame, 'meeting-unrelated', page);
    expect(errors.filter((e) => !e.includes('status of 404'))).toEqual([]);
    await context.close();
  });
});
