import { type Browser, type Frame } from 'playwright-core';

import { formatMessage, type MessageValues } from '../../tabs/src/i18n/format-message';
import { de } from '../../tabs/src/i18n/messages-de';
import { en, type MessageKey } from '../../tabs/src/i18n/messages-en';
import { fr } from '../../tabs/src/i18n/messages-fr';
import { axeViolations } from './support/axe';
import { collectConsoleErrors, launchChromium, newLoopbackContext, screenshot } from './support/chromium';
import { createFakeApi, program, TOKEN } from './support/fake-api';
import { startTabServer, type TabServer } from './support/tab-server';

/**
 * The built tab in German and French, in Chromium: every screen of the employee home and the admin view speaks
 * the host's language, with no English left from the catalog (the English text a translation replaced) nor built
 * in code. Outside Teams the browser's language decides (navigator.language); inside, the Teams context's locale.
 */
jest.setTimeout(180_000);

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

/** Text between a message's arguments (plural branches included, `#` removed), as it can appear on a page. */
function literalParts(message: string): string[] {
  return message
    .replace(/\{\w+,\s*plural,((?:\s*[=\w]+\s*\{[^{}]*\})+)\s*\}/g, (_m, branches: string) =>
      branches.replace(/[=\w]+\s*\{([^{}]*)\}/g, '\uE000$1\uE000'),
    )
    .split(/\{\w+\}|\uE000|#/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** English text the given catalog replaced, long enough (> 12 characters) not to be a shared word or name. */
function englishOnly(catalog: Record<MessageKey, string>): string[] {
  const out = new Set<string>();
  for (const key of Object.keys(en) as MessageKey[]) {
    const translated = catalog[key];
    for (const part of literalParts(en[key]))
      if (part.length > 12 && !translated.includes(part)) out.add(part);
  }
  return [...out];
}

/** What people see and what assistive technology reads (names and descriptions of controls). */
async function pageText(frame: Frame): Promise<string> {
  const text = await frame.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? ''),
    );
    return [document.body.innerText, ...attributes].join('\n');
  });
  // Data typed by people (the program's description) is theirs, not the tab's: it stays in its own language.
  return text.split(program.description).join(' ');
}

function expectNoEnglish(text: string, englishParts: readonly string[], where: string) {
  expect({ where, english: englishParts.filter((part) => text.includes(part)) }).toEqual({
    where,
    english: [],
  });
}

describe.each([
  ['de-DE', 'de', de],
  ['fr-FR', 'fr', fr],
])('the tab in %s', (locale, language, catalog) => {
  const t = (key: MessageKey, values: MessageValues = {}) => formatMessage(catalog[key], values, locale);
  const english = englishOnly(catalog);

  it('has English text to look for (the check below is not empty)', () => {
    expect(english.length).toBeGreaterThan(300);
    expect(english).toContain('Why you were paired');
  });

  it('outside Teams, follows the browser language', async () => {
    server.setApi(createFakeApi().handler);
    const { context } = await newLoopbackContext(browser, server.baseUrl, { locale });
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    await page.getByText(t('app.refused.title')).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    expectNoEnglish(await pageText(page.mainFrame()), english, 'local refused');
    await context.close();
  });

  it('inside Teams, the employee home and the admin view speak the language, with no English left', async () => {
    const fake = createFakeApi();
    server.setApi(fake.handler);
    const { context } = await newLoopbackContext(browser, server.baseUrl, { locale });
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${server.baseUrl}/__teams-host.html?${new URLSearchParams({ token: TOKEN, locale })}`);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    if (!frame) throw new Error('no tab frame');
    const check = async (where: string) => expectNoEnglish(await pageText(frame), english, where);

    // Employee home: my pairing with its reasons and next session, then the programs open to me.
    await frame.getByRole('heading', { name: t('pairing.title') }).waitFor();
    await frame.getByRole('heading', { name: t('programs.title') }).waitFor();
    await frame.getByText(t('reason.same-level', { level: 'L4' })).waitFor();
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe(locale);
    await screenshot(page, `${language}-employee-home`);
    await check('employee home');
    expect(await axeViolations(frame)).toEqual([]);

    await frame.getByRole('button', { name: t('programs.join', { name: 'Growth peers' }) }).click();
    await frame.getByRole('checkbox', { name: t('weekday.wednesday') }).waitFor();
    await check('join form');
    await frame.getByRole('button', { name: t('app.cancel') }).click();

    await frame.getByRole('tab', { name: t('app.nav.history') }).click();
    await frame.getByText('Alan Turing').waitFor();
    await check('history');
    await frame.getByRole('tab', { name: t('app.nav.myData') }).click();
    await frame.getByRole('button', { name: t('myData.export') }).waitFor();
    await check('my data');

    // Admin view: programs, a new program's form with its errors, a round preview, dashboard, people, audit.
    await frame.getByRole('tab', { name: t('app.nav.admin') }).click();
    await frame.getByRole('heading', { name: t('admin.title'), level: 1 }).waitFor();
    await frame.getByRole('button', { name: t('admin.programs.new') }).click();
    await frame.getByRole('button', { name: t('admin.form.create') }).click();
    await frame.getByText(t('issue.required')).first().waitFor();
    await screenshot(page, `${language}-admin-program-form`);
    await check('new program form');
    await frame.getByRole('button', { name: t('app.cancel') }).click();
    await frame.getByRole('button', { name: t('admin.programs.edit') }).waitFor();
    await check('programs');

    await frame.getByRole('tab', { name: t('admin.nav.rounds') }).click();
    await frame.getByRole('button', { name: t('admin.rounds.preview') }).click();
    await frame.getByRole('heading', { name: new RegExp(`^${t('admin.rounds.status.draft')} · `) }).waitFor();
    await frame
      .getByText(t('adminReason.teaches', { teacher: 'Ada Lovelace', topics: 'SQL', learner: 'Megan Bowen' }))
      .waitFor();
    await screenshot(page, `${language}-admin-round-preview`);
    await check('round preview');
    expect(await axeViolations(frame)).toEqual([]);

    await frame.getByRole('tab', { name: t('admin.nav.dashboard') }).click();
    await frame.getByText(t('admin.dashboard.heatmap')).first().waitFor();
    await frame.waitForSelector('svg');
    await check('dashboard');
    await frame.getByRole('tab', { name: t('admin.nav.participants') }).click();
    await frame.getByRole('cell', { name: 'Ada Lovelace' }).waitFor();
    await check('participants');
    await frame.getByRole('tab', { name: t('admin.nav.audit') }).click();
    await frame.getByRole('cell', { name: t('admin.audit.action.round.preview') }).waitFor();
    await check('audit log');

    expect(errors).toEqual([]);
    await context.close();
  });
});
