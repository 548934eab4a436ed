import { type Browser, type Frame, type Page } from 'playwright-core';

import { axeViolations, waitForDialogClosed } from './support/axe';
import { collectConsoleErrors, launchChromium, newLoopbackContext, screenshot } from './support/chromium';
import { createFakeApi, TOKEN } from './support/fake-api';
import { startTabServer, type TabServer } from './support/tab-server';

/**
 * The built tab in Chromium, with the API answered in-process: the shell outside Teams (top level and framed),
 * and the whole UI inside a same-origin mock Teams host (teams-js handshake, SSO token, live theme changes).
 */
jest.setTimeout(120_000);

let browser: Browser;
let server: TabServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await startTabServer(createFakeApi().handler);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openInTeams(
  options: { theme?: string; subPageId?: string; width?: number; hash?: string } = {},
) {
  const fake = createFakeApi();
  server.setApi(fake.handler);
  const { context, blocked } = await newLoopbackContext(browser, server.baseUrl, { width: options.width });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  const query = new URLSearchParams({ theme: options.theme ?? 'default', token: TOKEN });
  if (options.subPageId) query.set('subPageId', options.subPageId);
  if (options.hash) query.set('hash', options.hash);
  await page.goto(`${server.baseUrl}/__teams-host.html?${query.toString()}`);
  const frame = await tabFrame(page);
  return { page, frame, fake, blocked, errors, close: () => context.close() };
}

async function tabFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no tab frame');
  return frame;
}

function expectNoSeriousViolations(violations: Awaited<ReturnType<typeof axeViolations>>) {
  expect(violations.map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.targets.join(', ')}`)).toEqual([]);
}

describe('outside Teams', () => {
  it('a top-level page switches to local mode at once and never hangs; nothing leaves loopback', async () => {
    server.setApi(createFakeApi().handler);
    const { context, blocked } = await newLoopbackContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    const started = Date.now();
    await page.goto(server.baseUrl);
    await page.getByText('Open Pairwise in Microsoft Teams').waitFor({ timeout: 5000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(3000);
    await screenshot(page, 'shell-local-refused');
    expectNoSeriousViolations(await axeViolations(page));
    // The only outside request is teams-js's CDN list, blocked by the context; the tab does not wait for it.
    expect(blocked.every((url) => url.startsWith('https://res.cdn.office.net/'))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('framed by a page that is not Teams, it falls back after its own short timeout (not the SDK 60 s)', async () => {
    server.setApi(createFakeApi().handler);
    const { context } = await newLoopbackContext(browser, server.baseUrl);
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${server.baseUrl}/__frame.html`);
    const frame = await tabFrame(page);
    await frame.getByText('Open Pairwise in Microsoft Teams').waitFor({ timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await context.close();
  });
});

describe('inside (mock) Teams', () => {
  it('shows my pairing with why we were paired and the next session, then tells Teams it loaded', async () => {
    const t = await openInTeams();
    await t.frame.getByText('Ada Lovelace', { exact: true }).waitFor();
    await t.frame.getByText('You are at the same level (L4), so neither of you is the boss.').waitFor();
    await t.frame.getByText('Ada Lovelace can share SQL, which you want to learn.').waitFor();
    await t.frame.getByRole('link', { name: 'Join the Teams meeting' }).waitFor();
    const next = await t.frame.getByTestId('next-session').textContent();
    expect(next).toMatch(/\d/);
    const hostLog =
      (await t.page.evaluate(() => (window as unknown as { __hostLog: string[] }).__hostLog)) ?? [];
    expect(hostLog).toEqual(
      expect.arrayContaining([
        'initialize',
        'getContext',
        'authentication.getAuthToken',
        'appInitialization.success',
      ]),
    );
    // No local-mode banner in Teams.
    expect(await t.frame.getByText(/Local mode/).count()).toBe(0);
    await screenshot(t.page, 'employee-my-pairing-light');
    expectNoSeriousViolations(await axeViolations(t.frame));
    expect(t.errors).toEqual([]);
    await t.close();
  });

  it('follows the Teams theme live: dark and high contrast render and pass axe', async () => {
    const t = await openInTeams();
    await t.frame.getByText('Ada Lovelace', { exact: true }).waitFor();
    const background = () =>
      t.frame.evaluate(() => getComputedStyle(document.querySelector('[data-theme]')!).backgroundColor);
    const light = await background();
    for (const theme of ['dark', 'contrast'] as const) {
      await t.page.evaluate(
        (th) => (window as unknown as { setTeamsTheme: (x: string) => void }).setTeamsTheme(th),
        theme,
      );
      await t.frame.waitForSelector(`[data-theme="${theme}"]`);
      expect(await background()).not.toBe(light);
      await screenshot(t.page, `employee-my-pairing-${theme}`);
      expectNoSeriousViolations(await axeViolations(t.frame));
    }
    await t.close();
  });

  it('starts in the dark theme when Teams is dark', async () => {
    const t = await openInTeams({ theme: 'dark' });
    await t.frame.waitForSelector('[data-theme="dark"]');
    await t.close();
  });

  it('fits the Teams mobile width (360 px) without horizontal scrolling', async () => {
    const t = await openInTeams({ width: 360 });
    await t.frame.getByText('Ada Lovelace', { exact: true }).waitFor();
    const overflow = await t.frame.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(t.page, 'employee-my-pairing-360px');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.close();
  });

  it('shows a clear error with a retry when the API fails, and recovers', async () => {
    const t = await openInTeams();
    t.fake.state.failMe = true;
    await t.frame.evaluate(() => window.location.reload());
    const frame = await tabFrame(t.page);
    const alert = frame.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Pairwise had a problem answering (503)');
    expect(await alert.textContent()).not.toContain('cosmos');
    await screenshot(t.page, 'employee-api-error');
    expectNoSeriousViolations(await axeViolations(frame));
    t.fake.state.failMe = false;
    await frame.getByRole('button', { name: 'Try again' }).click();
    await frame.getByText('Ada Lovelace', { exact: true }).waitFor();
    await t.close();
  });

  it('joins a program with goals, topics and preferred times', async () => {
    const t = await openInTeams();
    await t.frame.getByRole('button', { name: 'Join Growth peers' }).click();
    await t.frame.getByRole('checkbox', { name: 'Network building' }).check();
    const learn = t.frame.getByRole('textbox').first();
    await learn.fill('Negotiation');
    await learn.press('Enter');
    await t.frame.getByRole('checkbox', { name: 'Wednesday' }).check();
    await t.frame.getByRole('checkbox', { name: 'Morning (9–12)' }).check();
    await screenshot(t.page, 'employee-join-form');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('button', { name: 'Join', exact: true }).click();
    await t.frame.getByText('You are in. We will pair you at the next round.').waitFor();
    expect(t.fake.state.enrollBodies).toEqual([
      expect.objectContaining({
        goals: ['collaborative-learning', 'network-building'],
        topicsToLearn: ['Negotiation'],
        preferredDays: ['wednesday'],
        preferredTimesOfDay: ['morning'],
        cadence: 'biweekly',
      }),
    ]);
    await t.close();
  });

  it('opens "did you meet?" straight from an activity-feed deep link (the same link for every member)', async () => {
    const t = await openInTeams({ subPageId: 'feedback' });
    await t.frame.getByRole('radio', { name: 'Yes, we met' }).check();
    await t.frame.getByRole('radio', { name: /^5/ }).check();
    await screenshot(t.page, 'employee-feedback');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('button', { name: 'Send feedback' }).click();
    await t.frame.getByText('Thanks! Your feedback helps pair people well.').waitFor();
    await t.close();
  });

  it('skips the round at 360 px: a reason from the list and a private note, in an accessible dialog', async () => {
    const t = await openInTeams({ width: 360 });
    await t.frame.getByRole('button', { name: 'Skip this round' }).click();
    const dialog = t.frame.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Away (holiday, leave, travel)' }).check();
    await dialog.getByRole('textbox', { name: /Private note/ }).fill('Parental leave until May');
    await dialog.getByText('It is never shown to your peer or to admins.', { exact: false }).waitFor();
    const overflow = await t.frame.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(t.page, 'employee-skip-dialog-360px');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await dialog.getByRole('button', { name: 'Skip this round' }).click();
    await t.frame.getByText('Skipped. Enjoy the break.').waitFor();
    expect(t.fake.state.skips).toEqual([{ category: 'away', note: 'Parental leave until May' }]);
    expect(t.errors).toEqual([]);
    await t.close();
  });

  it('history and my data pages render and pass axe', async () => {
    const t = await openInTeams();
    await t.frame.getByRole('tab', { name: 'History' }).click();
    await t.frame.getByText('Alan Turing').waitFor();
    await t.frame.getByText('Sessions held: 5 of 6 sessions so far (from your calendars)').waitFor();
    await screenshot(t.page, 'employee-history');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('tab', { name: 'My data' }).click();
    await t.frame.getByRole('button', { name: 'Download my data' }).waitFor();
    expectNoSeriousViolations(await axeViolations(t.frame));
    await screenshot(t.page, 'employee-my-data');
    await t.close();
  });
});

describe('admin view', () => {
  it('previews a round, pairs two unmatched people with a reason, and publishes', async () => {
    const t = await openInTeams();
    await t.frame.getByRole('tab', { name: 'Admin' }).click();
    await t.frame.getByRole('button', { name: 'New program' }).waitFor();
    await screenshot(t.page, 'admin-programs');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('button', { name: 'New program' }).click();
    await t.frame.getByRole('button', { name: 'Create program' }).click();
    await t.frame.getByText('Required.').waitFor();
    await screenshot(t.page, 'admin-program-form');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('button', { name: 'Cancel' }).click();
    await t.frame.getByRole('tab', { name: 'Rounds' }).click();
    await t.frame.getByRole('button', { name: 'Preview a round' }).click();
    await t.frame.getByRole('heading', { name: /^Draft · / }).waitFor();
    expect(await t.frame.getByText(/manual-1/).count()).toBe(0);
    await t.frame.getByText('Ada Lovelace shares SQL with Megan Bowen').waitFor();
    await t.frame.getByRole('checkbox', { name: /Grace Hopper/ }).check();
    await t.frame.getByRole('checkbox', { name: /Alan Turing/ }).check();
    await t.frame.getByRole('button', { name: 'Pair selected' }).click();
    await t.frame.getByRole('textbox', { name: /Why\?/ }).fill('They asked to be paired');
    await t.frame.getByRole('button', { name: 'Apply' }).click();
    await t.frame.getByText('Paired by an admin').waitFor();
    await waitForDialogClosed(t.frame);
    expect(t.fake.state.overrides).toEqual([
      {
        action: 'pair',
        userIds: ['33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'],
        reason: 'They asked to be paired',
      },
    ]);
    await screenshot(t.page, 'admin-round-preview');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('button', { name: 'Publish this round' }).click();
    await t.frame.getByText('Round published. Bookings are on their way.').waitFor();
    await t.close();
  });

  it('edits who can join, how levels are read and when rounds start at 360 px, by keyboard where it matters, and saves them', async () => {
    // Straight into the Admin tab (as the manifest's admin tab opens it), so the employee home never loads.
    const t = await openInTeams({ width: 360, hash: 'admin' });
    await t.frame.getByRole('button', { name: 'Edit' }).click();
    const save = t.frame.getByRole('button', { name: 'Save program' });

    // Free entry with Enter, then a suggestion (from the program's participants) picked from the list.
    const departments = t.frame.getByRole('combobox', { name: /^Departments/ });
    await departments.fill('Customer Success');
    await departments.press('Enter');
    await departments.fill('Sal');
    await t.frame.getByRole('option', { name: 'Sales' }).click();
    const levels = t.frame.getByRole('combobox', { name: /^Levels/ });
    await levels.fill('L4');
    await levels.press('Enter');

    await t.frame.getByLabel(/^Hired on or after/).fill('2025-03-01');
    await t.frame.getByLabel(/^Hired on or before/).fill('2025-02-01');
    await t.frame.getByText('Must be on or after the "hired on or after" date.').waitFor();
    expect(await save.getAttribute('aria-disabled')).toBe('true');
    // Messages under the fields and the disabled Save are accessible too.
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByLabel(/^Hired on or before/).fill('2025-12-31');
    await t.frame
      .getByText(/^Open to people in Customer Success and Sales, at level L4, hired between /)
      .waitFor();
    expect(await save.getAttribute('aria-disabled')).toBeNull();

    await t.frame.getByRole('radio', { name: 'Job-title patterns' }).check();
    await t.frame.getByText('Add at least one level with a job-title pattern.').waitFor();
    await t.frame.getByRole('button', { name: 'Add a level' }).click();
    // The new row's label has focus: type straight into it, then Tab to the pattern.
    await t.page.keyboard.type('Senior');
    await t.page.keyboard.press('Tab');
    await t.page.keyboard.type('^senior');
    await t.frame.getByRole('button', { name: 'Add a level' }).click();
    await t.page.keyboard.type('Principal');
    await t.page.keyboard.press('Tab');
    await t.page.keyboard.type('principal|staff');
    await t.frame.getByRole('button', { name: 'Move level 2 up' }).click();
    await t.frame.getByText('Level moved to position 1.').waitFor();

    // When rounds start: the second Tuesday of each month at 10:30 in Kolkata, found by typing, then previewed.
    await t.frame.getByRole('combobox', { name: 'How often' }).selectOption('monthly-weekday');
    await t.frame.getByRole('combobox', { name: 'Which one in the month' }).selectOption('2');
    await t.frame.getByRole('combobox', { name: 'Day of the week' }).selectOption('tuesday');
    await t.frame.getByLabel(/^Time of day/).fill('10:30');
    const zone = t.frame.getByRole('combobox', { name: /^Time zone/ });
    await zone.fill('kolk');
    await t.frame.getByRole('option', { name: /^Kolkata \(UTC\+05:30\)/ }).click();
    expect(await zone.inputValue()).toBe('Kolkata (UTC+05:30)');
    const rounds = t.frame.getByRole('group', { name: 'The next three rounds' }).getByRole('listitem');
    await t.frame
      .getByText(/^Tuesday, .*10:30/)
      .first()
      .waitFor();
    const previewed = await rounds.allTextContents();
    expect(previewed).toHaveLength(3);
    for (const text of previewed) expect(text).toMatch(/^Tuesday, .*10:30/);

    const overflow = await t.frame.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(t.page, 'admin-program-eligibility-360px');
    expectNoSeriousViolations(await axeViolations(t.frame));

    await save.click();
    await t.frame.getByText('Program saved.').waitFor();
    expect(t.fake.state.programUpdates).toEqual([
      expect.objectContaining({
        eligibility: {
          departments: ['Customer Success', 'Sales'],
          levels: ['L4'],
          hireDateFrom: '2025-03-01',
          hireDateTo: '2025-12-31',
        },
        levelMapping: {
          source: 'jobTitle',
          attribute: null,
          levels: [
            { label: 'Principal', rank: 1, pattern: 'principal|staff' },
            { label: 'Senior', rank: 0, pattern: '^senior' },
          ],
        },
        schedule: { cron: '30 10 * * 2#2', timeZone: 'Asia/Kolkata' },
      }),
    ]);
    expect(t.errors).toEqual([]);
    await t.close();
  });

  it('dashboard charts, participants and audit log render and pass axe', async () => {
    const t = await openInTeams({ hash: 'admin/dashboard' });
    await t.frame.getByText('Connections between departments').first().waitFor();
    await t.frame.waitForSelector('svg');
    await screenshot(t.page, 'admin-dashboard');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('tab', { name: 'Participants' }).click();
    await t.frame.getByRole('cell', { name: 'Ada Lovelace' }).waitFor();
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.frame.getByRole('tab', { name: 'Audit log' }).click();
    await t.frame.getByRole('cell', { name: 'Round previewed' }).waitFor();
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.close();
  });

  it.each([1280, 360])(
    'the dashboard at %i px shows every funnel step, figure and department whole, and each chart as a table',
    async (width) => {
      const t = await openInTeams({ width, hash: 'admin/dashboard' });
      await t.frame.getByText('Connections between departments').first().waitFor();
      for (const text of ['Participants', 'Placed', 'Booked', 'Said they met', '40 (100%)', '3 (8%)']) {
        const label = t.frame.getByText(text, { exact: true }).first();
        expect([text, await label.isVisible()]).toEqual([text, true]);
      }
      // Labels are never cut: no text in the funnel, the skips or the heat map is wider than its box.
      const cut = await t.frame.evaluate(() =>
        [...document.querySelectorAll('li span, th span, th, td')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          .map((el) => el.textContent),
      );
      expect(cut).toEqual([]);
      for (const department of ['Customer Success', 'Operations', 'Sales']) {
        await t.frame.getByRole('columnheader', { name: department }).scrollIntoViewIfNeeded();
        expect(await t.frame.getByRole('columnheader', { name: department }).isVisible()).toBe(true);
        expect(await t.frame.getByRole('rowheader', { name: department }).isVisible()).toBe(true);
      }
      // Only the heat map's own box may scroll sideways, never the page.
      const overflow = await t.frame.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(t.page, `admin-dashboard-${width}px`);
      expectNoSeriousViolations(await axeViolations(t.frame));

      const toggles = t.frame.getByRole('button', { name: 'Show as table' });
      const count = await toggles.count();
      // Participants, funnel, sessions held, ratings, skips, pair workspaces, heat map.
      expect(count).toBe(7);
      for (let i = 0; i < count; i++) await toggles.first().click();
      expect(await t.frame.getByRole('button', { name: 'Hide the table' }).count()).toBe(7);
      await t.frame.getByRole('table', { name: 'From joining to meeting, as a table' }).waitFor();
      await screenshot(t.page, `admin-dashboard-tables-${width}px`);
      expectNoSeriousViolations(await axeViolations(t.frame));
      expect(t.errors).toEqual([]);
      await t.close();
    },
  );

  it('fits 360 px too: wide tables scroll inside their own box, not the page', async () => {
    const t = await openInTeams({ width: 360, hash: 'admin/rounds' });
    await t.frame.getByRole('button', { name: 'Preview a round' }).click();
    await t.frame.getByText('Ada Lovelace shares SQL with Megan Bowen').waitFor();
    const overflow = await t.frame.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(t.page, 'admin-round-preview-360px');
    expectNoSeriousViolations(await axeViolations(t.frame));
    await t.close();
  });
});
